import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeJava } from '../../../src/analyzer/java/index.js';
import type { SourceText } from '../../../src/analyzer/types.js';
import type { Component, Topology } from '../../../src/model/topology.js';
import type { JavaAnalysisResult } from '../../../src/analyzer/types.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function walk(d: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out.sort();
}

function load(...dirs: string[]): { files: SourceText[]; all: string[] } {
  const all = dirs.flatMap((d) => walk(path.join(FIX, d)));
  const files = all
    .filter((f) => f.endsWith('.java'))
    .map((f) => ({ path: path.relative(FIX, f).replace(/\\/g, '/'), absPath: f, text: fs.readFileSync(f, 'utf8') }));
  return { files, all };
}

async function analyze(...dirs: string[]): Promise<JavaAnalysisResult> {
  const { files, all } = load(...dirs);
  return analyzeJava(files, { allFiles: all });
}

function topo(r: JavaAnalysisResult, name: string | null, file?: string): Topology {
  const t = r.topologies.find((x) => x.name === name && (!file || x.source.file === file));
  if (!t) throw new Error(`no topology ${name}`);
  return t;
}

function comp(t: Topology, id: string): Component {
  const c = t.components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}`);
  return c;
}

const codes = (t: { diagnostics: { code: string; line: number; column: number }[] }) => t.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);

describe('basic topology: constants, declarers, groupings, features', () => {
  let r: JavaAnalysisResult;
  let t: Topology;
  beforeAll(async () => {
    r = await analyze('basic');
    t = topo(r, 'word-topology');
  });

  test('one topology with name, entry, source and files', () => {
    expect(r.topologies).toHaveLength(1);
    expect(t.kind).toBe('java');
    expect(t.namespace).toBe('org.apache.storm');
    expect(t.source).toEqual({ file: 'basic/WordTopology.java', line: 17, column: 35 });
    expect(t.entry).toEqual({ className: 'com.acme.topo.WordTopology', method: 'main' });
    expect(t.files).toEqual(['basic/CountBolt.java', 'basic/SplitBolt.java', 'basic/WordSpout.java', 'basic/WordTopology.java']);
    expect(t.blocked).toBe(false);
  });

  test('ids and parallelism through interface constants, static final expressions and locals', () => {
    expect(t.components.map((c) => [c.id, c.type, c.className, c.parallelism, c.numTasks])).toEqual([
      ['words', 'spout', 'com.acme.topo.WordSpout', 4, null],
      ['split', 'bolt', 'com.acme.topo.SplitBolt', 4, null],
      ['count', 'bolt', 'com.acme.topo.CountBolt', 5, 10],
      ['keyed', 'bolt', 'com.acme.topo.CountBolt', 1, null],
    ]);
  });

  test('edges: declarer variable, chained groupings, static-imported stream, constant array fields, custom grouping', () => {
    expect(t.edges.map(({ source: _s, ...e }) => e)).toEqual([
      { from: 'words', stream: 'default', to: 'split', grouping: 'shuffle' },
      { from: 'split', stream: 'default', to: 'count', grouping: 'fields', fields: ['word'] },
      { from: 'split', stream: 'errors', to: 'count', grouping: 'all' },
      { from: 'split', stream: 'default', to: 'keyed', grouping: 'fields', fields: ['word', 'lang'] },
      { from: 'split', stream: 'default', to: 'keyed', grouping: 'custom', customClass: 'com.acme.topo.MyGrouping' },
    ]);
    expect(t.edges[0]!.source).toEqual({ file: 'basic/WordTopology.java', line: 21, column: 11 });
  });

  test('component features, streams and config', () => {
    const spout = comp(t, 'words');
    expect(spout.features).toEqual(['reliable-spout', 'spout-ack-fail']);
    expect(spout.outputStreams).toEqual([{ id: 'default', fields: ['word'], direct: false }]);
    expect(spout.classSource).toEqual({ file: 'basic/WordSpout.java', line: 11, column: 14 });
    expect(spout.superclasses?.[0]).toBe('org.apache.storm.topology.base.BaseRichSpout');

    const split = comp(t, 'split');
    expect(split.features).toEqual(['tick', 'anchoring', 'ack', 'rich-bolt', 'direct-stream', 'component-config', 'multiple-streams']);
    expect(split.outputStreams).toEqual([
      { id: 'default', fields: ['word', 'lang'], direct: false },
      { id: 'errors', fields: ['error'], direct: true },
    ]);
    expect(split.config).toEqual({ 'topology.tick.tuple.freq.secs': 5 });
    expect(split.tickFrequencySecs).toBe(5);

    const count = comp(t, 'count');
    expect(count.features).toEqual(['tick', 'basic-bolt', 'component-config']);
    expect(count.config).toEqual({ 'topology.tick.tuple.freq.secs': 10 });
    expect(comp(t, 'keyed').features).toEqual(['basic-bolt', 'custom-grouping']);
  });

  test('topology config from setters, put and registerSerialization; dynamic value is null + S2F108', () => {
    expect(t.config).toEqual({
      'topology.workers': 2,
      'topology.max.spout.pending': 100,
      'topology.custom': null,
      'topology.kryo.register': ['com.acme.topo.util.Streams'],
    });
    expect(codes(t)).toEqual(['S2F108@33:37']);
  });

  test('class resolver exposes class info by FQCN and simple name', () => {
    const info = r.classes.resolve('com.acme.topo.SplitBolt');
    expect(info?.kind).toBe('bolt');
    expect(info?.componentConfig).toEqual({ 'topology.tick.tuple.freq.secs': 5 });
    expect(info?.features).toContain('anchoring');
    expect(r.classes.resolve('WordSpout')?.kind).toBe('spout');
    expect(r.classes.resolve('com.acme.Nope')).toBeUndefined();
  });
});

describe('ConfigurableTopology, helper methods and Kafka', () => {
  test('run(), builder passed to a helper, config built in helpers, KafkaBolt sink', async () => {
    const r = await analyze('kafka');
    const t = topo(r, 'kafka-topo');
    expect(t.entry).toEqual({ className: 'com.acme.kafka.KafkaTopo', method: 'run' });
    expect(t.config).toEqual({ 'topology.debug': true, 'topology.message.timeout.secs': 60 });
    const k = comp(t, 'kafka');
    expect(k.parallelism).toBe(3);
    expect(k.features).toEqual(['kafka-spout']);
    expect(k.kafka).toEqual({
      kind: 'storm-kafka-client',
      topics: ['in-a', 'in-b'],
      bootstrapServers: 'broker:9092',
      groupId: 'grp',
      firstPollOffsetStrategy: 'EARLIEST',
      processingGuarantee: 'AT_LEAST_ONCE',
    });
    const sink = comp(t, 'sink');
    expect(sink.features).toContain('kafka-bolt');
    expect(sink.kafkaSink).toEqual({ topic: 'out', bootstrapServers: 'broker:9092' });
    expect(t.edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual(['kafka->sink:local-or-shuffle']);
    // the run() root and the main() -> start() path find the same builder once
    expect(r.topologies).toHaveLength(1);
  });
});

describe('legacy backtype.storm with storm-kafka, loops and dynamic values', () => {
  test('namespace, ZooKeeper spout, loop and dynamic id/parallelism diagnostics', async () => {
    const r = await analyze('legacy');
    const t = topo(r, 'legacy');
    expect(t.namespace).toBe('backtype.storm');
    expect(t.config).toEqual({ 'topology.workers': 1 });
    expect(comp(t, 'events').kafka).toEqual({
      kind: 'storm-kafka',
      topics: ['events'],
      zkHosts: 'zk:2181',
      zkRoot: '/kafka',
      groupId: 'legacy-group',
      scheme: 'storm.kafka.StringScheme',
    });
    // loop components are not invented
    expect(t.components.map((c) => c.id)).toEqual(['events', '<dynamic:22:25>']);
    expect(t.components[1]!.parallelism).toBeNull();
    expect(t.components[1]!.superclasses?.[0]).toBe('backtype.storm.topology.base.BaseBasicBolt');
    expect(codes(t).filter((c) => !c.startsWith('S2F106'))).toEqual(['S2F104@20:21', 'S2F102@22:25', 'S2F103@22:51']);
  });
});

describe('windows, multilang, reflection, trident, syntax errors, positions', () => {
  let r: JavaAnalysisResult;
  beforeAll(async () => {
    r = await analyze('misc');
  });

  test('topology built in a helper returning StormTopology, named at submission in main', () => {
    const t = topo(r, 'windows');
    expect(t.entry).toEqual({ className: 'misc.WindowTopo', method: 'build' });
    expect(t.config).toEqual({ 'topology.tick.tuple.freq.secs': 30 });
    expect(comp(t, 'sum').window).toEqual({ kind: 'sliding', length: { count: 30 }, slide: { count: 10 }, timestampField: 'ts', lagMs: 5000 });
    expect(comp(t, 'tumble').window).toEqual({ kind: 'tumbling', length: { durationMs: 120000 } });
    expect(comp(t, 'sum').features).toEqual(['windowed']);
    expect(comp(t, 'sum').tickFrequencySecs).toBe(30);
    expect(comp(t, 'nums').tickFrequencySecs).toBeNull();
  });

  test('ShellBolt subclass: multilang command and script found in resources, S2F206', () => {
    const t = topo(r, 'windows');
    const split = comp(t, 'split');
    expect(split.className).toBe('misc.WindowTopo.Split');
    expect(split.features).toEqual(['rich-bolt', 'multilang']);
    expect(split.multilang).toEqual({ command: ['node', 'splitsentence.js'], script: 'misc/resources/splitsentence.js' });
    expect(codes(t)).toContain('S2F206@36:11');
  });

  test('reflection is S2F105 and leaves the class unknown', () => {
    const t = topo(r, 'windows');
    expect(comp(t, 'dyn').className).toBeNull();
    expect(codes(t).filter((c) => c.startsWith('S2F105'))).toEqual(['S2F105@41:38']);
  });

  test('Trident topology runs as built: a warning naming the API, not a blocker', () => {
    const t = topo(r, 'trident-wc');
    expect(t.blocked).toBe(false);
    expect(t.components).toEqual([]);
    expect(codes(t)).toEqual(['S2F201@7:36']);
    expect(t.diagnostics[0]!.severity).toBe('warning');
    expect(t.diagnostics[0]!.blocker).toBeFalsy();
  });

  test('syntax error in an unrelated file goes to the batch with line:column', () => {
    expect(r.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'S2F101@misc/Broken.java:4:14 Syntax error: MISSING ";"',
    ]);
  });

  test('columns count characters on lines with astral characters', () => {
    const t = topo(r, null, 'misc/Unicode.java');
    expect(t.source).toEqual({ file: 'misc/Unicode.java', line: 6, column: 63 });
    expect(codes(t)).toEqual(['S2F114@6:63', 'S2F102@6:122']);
  });
});

describe('robustness', () => {
  test('analyzing the same input twice gives deep-equal results', async () => {
    const a = await analyze('basic', 'kafka', 'legacy', 'misc');
    const b = await analyze('basic', 'kafka', 'legacy', 'misc');
    expect(JSON.parse(JSON.stringify(b.topologies))).toEqual(JSON.parse(JSON.stringify(a.topologies)));
    expect(b.diagnostics).toEqual(a.diagnostics);
  });

  test('garbage input never throws', async () => {
    const files: SourceText[] = [
      { path: 'x/A.java', absPath: '/x/A.java', text: 'class { new TopologyBuilder().setBolt( ; }}}' },
      { path: 'x/B.java', absPath: '/x/B.java', text: '' },
      { path: 'x/C.java', absPath: '/x/C.java', text: 'class C { void f() { TopologyBuilder b = new TopologyBuilder(); b.setBolt("a", new C(), 1 }' },
    ];
    const r = await analyzeJava(files, { allFiles: [] });
    expect(r.diagnostics.every((d) => d.code !== 'S2F009')).toBe(true);
    expect([...r.diagnostics, ...r.topologies.flatMap((t) => t.diagnostics)].some((d) => d.code === 'S2F101')).toBe(true);
  });
});
