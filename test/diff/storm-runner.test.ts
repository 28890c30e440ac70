// The Storm runner on its own test topology (src/diff/storm-runner/src/test): real LocalCluster, real tap.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compareTaps } from '../../src/diff/compare.js';
import { compileJava, CouldNotRun, javaTools } from '../../src/diff/jvm.js';
import { planReplay, writeReplayFiles } from '../../src/diff/replay.js';
import { parseSample } from '../../src/diff/samples.js';
import { listJava, runStorm, stormRunnerClasspath } from '../../src/diff/storm.js';
import { readTap } from '../../src/diff/tap.js';
import type { Component, Edge } from '../../src/model/topology.js';
import { DIFF_SRC } from './helpers/transpile.js';

const RUNNER = path.join(DIFF_SRC, 'storm-runner');
let userClasses: string;
let work: string;

const loc = { file: 'WordCountTopology.java', line: 1, column: 1 };
const comp = (id: string, type: 'spout' | 'bolt', streams: Record<string, string[]>): Component => ({
  id,
  type,
  className: null,
  parallelism: 1,
  numTasks: null,
  tickFrequencySecs: null,
  features: [],
  outputStreams: Object.entries(streams).map(([sid, fields]) => ({ id: sid, fields, direct: false })),
  source: loc,
});
const model = {
  components: [
    comp('sentences', 'spout', { default: ['sentence'] }),
    comp('split', 'bolt', { default: ['word'], long: ['word', 'length'] }),
    comp('count', 'bolt', { default: ['word', 'count'] }),
  ],
  edges: [
    { from: 'sentences', stream: 'default', to: 'split', grouping: 'shuffle' },
    { from: 'split', stream: 'default', to: 'count', grouping: 'fields', fields: ['word'] },
  ] satisfies Edge[],
};

describe.sequential('Storm runner (LocalCluster)', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-storm-test-'));
    const cp = await stormRunnerClasspath();
    userClasses = await compileJava('storm-runner-test', listJava(path.join(RUNNER, 'src', 'test', 'java')), cp.join(path.delimiter), javaTools());
    fs.cpSync(path.join(RUNNER, 'src', 'test', 'resources'), userClasses, { recursive: true });
  }, 600_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a static builder method, its spout replaced by the replay spout, every emit tapped', async () => {
    const plan = planReplay(
      [parseSample('sentences.txt', 'the cow jumped\nover the moon\nthe end\n')],
      [{ kind: 'spout', spout: 'sentences', stream: 'default', fields: ['sentence'] }],
    );
    const replay = writeReplayFiles(path.join(work, 'replay'), plan);
    const r = await runStorm({
      classpath: [userClasses],
      source: { kind: 'method', className: 'dev.storm2flink.verify.storm.sample.WordCountTopology', method: 'build' },
      workDir: path.join(work, 'method'),
      replay,
      quietMs: 1000,
    });
    expect(r.status).toBe('quiet');
    const tap = readTap([r.tapFile], 'storm');
    const of = (c: string, s = 'default') => tap.filter((t) => t.component === c && t.stream === s).map((t) => t.values);
    expect(of('sentences')).toEqual([['the cow jumped'], ['over the moon'], ['the end']]);
    expect(of('split').flat().sort()).toEqual(['cow', 'end', 'jumped', 'moon', 'over', 'the', 'the', 'the']);
    expect(of('split', 'long')).toEqual([['jumped', 6]]);
    expect(of('count').filter((v) => v[0] === 'the')).toEqual([
      ['the', 1],
      ['the', 2],
      ['the', 3],
    ]);
    expect(tap.some((t) => t.component.startsWith('__') || t.stream.startsWith('__'))).toBe(false);
    expect(tap.find((t) => t.component === 'split' && t.stream === 'long')?.fields).toEqual(['word', 'length']);
    expect(r.emitted).toBe(tap.length);

    // The same run again on Storm is equivalent to itself (a baseline for the Flink comparison).
    const again = await runStorm({
      classpath: [userClasses],
      source: { kind: 'flux', file: path.join(userClasses, 'wordcount.flux.yaml') },
      workDir: path.join(work, 'flux'),
      replay,
      quietMs: 1000,
    });
    const diff = compareTaps(tap, readTap([again.tapFile], 'storm'), { topology: model });
    expect(diff.firstDivergence).toBeNull();
    expect(diff.streams.find((s) => s.component === 'split' && s.stream === 'default')).toMatchObject({ fieldsGrouped: true, orderChecked: true });
  }, 300_000);

  test('a main compiled against Storm 1.x, given as is (--classpath): its 1.x call sites are moved to 2.x as it is loaded, then captured and run', async () => {
    // Storm 1.x's signatures of what the main calls: LocalCluster.submitTopology returned void, and
    // Config.setTopologyStrategy took a Class.
    const old = path.join(work, 'storm1');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(old, 'src', rel)), { recursive: true });
      fs.writeFileSync(path.join(old, 'src', rel), text);
    };
    write(
      'org/apache/storm/LocalCluster.java',
      'package org.apache.storm;\npublic class LocalCluster {\n  public void submitTopology(String n, java.util.Map c, org.apache.storm.generated.StormTopology t) {}\n}\n',
    );
    write(
      'org/apache/storm/Config.java',
      'package org.apache.storm;\npublic class Config extends java.util.HashMap<String, Object> {\n  public void setTopologyStrategy(Class<?> c) {}\n}\n',
    );
    write(
      'old/Main.java',
      'package old;\npublic class Main {\n  public static void main(String[] a) throws Exception {\n    org.apache.storm.Config c = new org.apache.storm.Config();\n' +
        '    c.setTopologyStrategy(Main.class);\n    new org.apache.storm.LocalCluster().submitTopology("old", c, dev.storm2flink.verify.storm.sample.WordCountTopology.build().createTopology());\n' +
        '    Thread.sleep(600_000);\n  }\n}\n',
    );
    const cp = [path.join(old, 'src'), userClasses, ...(await stormRunnerClasspath())].join(path.delimiter);
    const api = path.join(old, 'api');
    const mainClasses = path.join(old, 'classes');
    const { execFileSync } = await import('node:child_process');
    execFileSync(
      'javac',
      [
        '-nowarn',
        '-d',
        api,
        '-cp',
        cp,
        path.join(old, 'src', 'org', 'apache', 'storm', 'LocalCluster.java'),
        path.join(old, 'src', 'org', 'apache', 'storm', 'Config.java'),
      ],
      { stdio: 'pipe' },
    );
    execFileSync('javac', ['-nowarn', '-d', mainClasses, '-cp', [api, cp].join(path.delimiter), path.join(old, 'src', 'old', 'Main.java')], { stdio: 'pipe' });

    const plan = planReplay(
      [parseSample('sentences.txt', 'the cow jumped\n')],
      [{ kind: 'spout', spout: 'sentences', stream: 'default', fields: ['sentence'] }],
    );
    const r = await runStorm({
      classpath: [mainClasses, userClasses],
      source: { kind: 'main', className: 'old.Main', submission: 'old' },
      workDir: path.join(work, 'storm1-run'),
      replay: writeReplayFiles(path.join(work, 'storm1-replay'), plan),
      quietMs: 1000,
    });
    expect(r.status).toBe('quiet');
    const tap = readTap([r.tapFile], 'storm');
    expect(
      tap
        .filter((t) => t.component === 'split' && t.stream === 'default')
        .map((t) => t.values[0])
        .sort(),
    ).toEqual(['cow', 'jumped', 'the']);
  }, 300_000);

  test('a class that does not exist is a could-not-run reason', async () => {
    const err = await runStorm({
      classpath: [userClasses],
      source: { kind: 'method', className: 'no.such.Topology', method: 'build' },
      workDir: path.join(work, 'missing'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CouldNotRun);
    expect((err as CouldNotRun).kind).toBe('verify-storm-failed');
    expect((err as CouldNotRun).message).toMatch(/did not run on Storm LocalCluster: java.lang.ClassNotFoundException: no.such.Topology/);
  }, 120_000);
});
