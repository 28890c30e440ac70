#!/usr/bin/env node
'use strict';
/*
 * splitsentence.js: a multilang bolt for Storm's ShellBolt, written directly against the
 * multilang protocol (JSON messages, each followed by "\nend\n", over stdin/stdout).
 *
 * Storm's own helper library for node, resources/storm.js from the Maven artifact
 * org.apache.storm:multilang-javascript, is NOT vendored here; this script needs nothing but node.
 *
 * Protocol used:
 *   1. handshake: Storm sends {conf, context, pidDir}; we touch <pidDir>/<pid> and reply {pid}.
 *   2. tuples: {id, comp, stream, task, tuple:[sentence]}; we emit one anchored tuple per word
 *      (need_task_ids=false, so Storm sends no task id lists back) and then ack the input.
 *   3. heartbeats: stream "__heartbeat", task -1; we reply {command: "sync"}.
 */
// fs is loaded with a dynamic import so the script runs both as CommonJS (how Storm runs it from
// the extracted jar) and as an ES module (when a package.json with "type": "module" is above it).
let fs;

const SEPARATOR = '\nend\n';
let buffer = '';
let handshakeDone = false;

function send(message) {
  process.stdout.write(JSON.stringify(message) + SEPARATOR);
}

function handle(message) {
  if (!handshakeDone) {
    handshakeDone = true;
    fs.closeSync(fs.openSync(message.pidDir + '/' + process.pid, 'w'));
    send({ pid: process.pid });
    return;
  }
  if (Array.isArray(message)) {
    return; // task ids of an earlier emit; not requested, ignored
  }
  if (message.task === -1 && message.stream === '__heartbeat') {
    send({ command: 'sync' });
    return;
  }
  if (message.task === -1 && message.stream === '__tick') {
    send({ command: 'ack', id: message.id });
    return;
  }
  const sentence = String(message.tuple[0]).toLowerCase();
  for (const word of sentence.split(/[^a-z0-9']+/)) {
    if (word.length > 0) {
      send({ command: 'emit', anchors: [message.id], tuple: [word], need_task_ids: false });
    }
  }
  send({ command: 'ack', id: message.id });
}

import('node:fs').then((module) => {
  fs = module;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', onData);
  process.stdin.on('end', () => process.exit(0));
});

function onData(chunk) {
  buffer += chunk;
  let end;
  while ((end = buffer.indexOf(SEPARATOR)) !== -1) {
    const raw = buffer.slice(0, end);
    buffer = buffer.slice(end + SEPARATOR.length);
    if (raw.trim().length > 0) {
      handle(JSON.parse(raw));
    }
  }
}
