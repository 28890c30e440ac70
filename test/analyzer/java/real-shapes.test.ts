// Shapes real published Storm code uses (benchmark suites, storm-starter, Storm 2 examples), as small
// fixtures of our own: builders in base classes, in initializers, lambda components, Thrift groupings,
// component classes named in the config.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeJava } from '../../../src/analyzer/java/index.js';
import type { JavaAnalysisResult } from '../../../src/analyzer/types.js';
import type { Component, Topology } from '../../../src/model/topology.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function walk(d: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out.sort();
}

async function analyze(dir: string): Promise<JavaAnalysisResult> {
  const all = walk(path.join(FIX, dir));
  const files = all
    .filter((f) => f.endsWith('.java'))
    .map((f) => ({ path: path.relative(FIX, f).replace(/\\/g, '/'), absPath: f, text: fs.readFileSync(f, 'utf8') }));
  return analyzeJava(files, { allFiles: all });
}

const byClass = (r: JavaAnalysisResult, cls: string): Topology => {
  const ts = r.topologies.filter((t) => t.entry?.className === cls);
  expect(ts, cls).toHaveLength(1);
  return ts[0]!;
};
const comp = (t: Topology, id: string): Component => {
  const c = t.components.find((x) => x.id === id);
  expect(c, id).toBeDefined();
  return c!;
};
const graph = (t: Topology) => ({
  components: t.components.map((c) => `${c.type} ${c.id} ${c.className} p=${c.parallelism}`),
  edges: t.edges.map(
    (e) => `${e.from}/${e.stream} -${e.grouping}${e.fields ? `(${e.fields.join(',')})` : ''}${e.customClass ? `[${e.customClass}]` : ''}-> ${e.to}`,
  ),
});
const codes = (t: Topology) => t.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.column}`);

describe('builders in base classes: one topology per concrete subclass', () => {
  let r: JavaAnalysisResult;
  beforeAll(async () => {
    r = await analyze('inherit');
  });

  test('no topology for an abstract base, one for each concrete class', () => {
    expect(r.topologies.map((t) => `${t.entry?.className}#${t.entry?.method}`).sort()).toEqual([
      'bench.Count#getBuilder',
      'bench.Identity#getBuilder',
      'ctor.RollingWords#<init>',
      'field.ClicksTopology#<init>',
      'field.ViewsTopology#<init>',
      'wc.FileWordCount#getTopology',
      'wc.QueueWordCount#getTopology',
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  test('a local builder in an inherited method, bolts added by overrides (two levels, super calls)', () => {
    const id = byClass(r, 'bench.Identity');
    expect(id.entry).toEqual({ className: 'bench.Identity', method: 'getBuilder', declaredIn: 'bench.BenchBase' });
    expect(graph(id)).toEqual({
      components: ['spout spout bench.EventSpout p=2', 'bolt identity bench.Identity.IdentityBolt p=3'],
      edges: ['spout/default -local-or-shuffle-> identity'],
    });
    expect(comp(id, 'identity').outputStreams).toEqual([{ id: 'default', fields: ['key', 'value'], direct: false }]);
    expect(id.source).toEqual({ file: 'inherit/bench/BenchBase.java', line: 20, column: 31 });
    const count = byClass(r, 'bench.Count');
    expect(graph(count)).toEqual({
      components: ['spout spout bench.EventSpout p=2', 'bolt key bench.KeyBolt p=2', 'bolt count bench.CountBolt p=4'],
      edges: ['spout/default -shuffle-> key', 'key/default -fields(key)-> count'],
    });
    expect(count.files).toEqual(['inherit/bench/BenchBase.java', 'inherit/bench/Count.java', 'inherit/bench/EventSpout.java', 'inherit/bench/KeyedBench.java']);
  });

  test('an override sets the spout field, then calls the inherited builder method', () => {
    const file = byClass(r, 'wc.FileWordCount');
    expect(file.entry).toEqual({ className: 'wc.FileWordCount', method: 'getTopology', declaredIn: 'wc.WordCountBase' });
    expect(graph(file)).toEqual({
      components: ['spout spout wc.FileSpout p=8', 'bolt split wc.SplitBolt p=4', 'bolt count wc.CountBolt p=4'],
      edges: ['spout/default -local-or-shuffle-> split', 'split/default -fields(word)-> count'],
    });
    expect(comp(byClass(r, 'wc.QueueWordCount'), 'spout').className).toBe('wc.QueueSpout');
  });

  test('a builder field of the base, wired in an override and an inherited helper, submitted by an inherited method', () => {
    const clicks = byClass(r, 'field.ClicksTopology');
    expect(clicks.entry).toEqual({ className: 'field.ClicksTopology', method: '<init>', declaredIn: 'field.FieldTopologyBase', field: 'builder' });
    expect(graph(clicks)).toEqual({
      components: ['spout clicks field.ClickSpout p=3', 'bolt sessions field.SessionBolt p=6', 'bolt printer field.PrinterBolt p=1'],
      edges: ['clicks/default -fields(user)-> sessions', 'sessions/default -shuffle-> printer'],
    });
    expect(clicks.config).toEqual({ 'topology.workers': 2 });
    expect(codes(clicks).filter((c) => c.startsWith('S2F114') || c.startsWith('S2F111'))).toEqual([]);
    // Reached from its own main: named as submitted there.
    const views = byClass(r, 'field.ViewsTopology');
    expect(views.name).toBe('views');
    expect(graph(views).edges).toEqual(['views/default -shuffle-> printer']);
  });

  test('a constructor of the base creates the builder and calls the subclass hook', () => {
    const t = byClass(r, 'ctor.RollingWords');
    expect(t.entry).toEqual({ className: 'ctor.RollingWords', method: '<init>', declaredIn: 'ctor.RollingBase', field: 'builder' });
    expect(t.name).toBe('rolling');
    expect(graph(t)).toEqual({
      components: ['spout words ctor.WordSpout p=5', 'bolt counter ctor.RollingCountBolt p=4'],
      edges: ['words/default -fields(word)-> counter'],
    });
  });
});

describe('builders in static and field initializers', () => {
  let r: JavaAnalysisResult;
  beforeAll(async () => {
    r = await analyze('statics');
  });

  test('static initializer blocks fill a static builder that main submits', () => {
    const t = byClass(r, 'statics.StaticBlockTopology');
    expect(t.entry).toEqual({ className: 'statics.StaticBlockTopology', method: '<clinit>', field: 'BUILDER' });
    expect(t.name).toBe('static-block');
    expect(graph(t)).toEqual({
      components: ['spout lines statics.LineSpout p=1', 'bolt split statics.SplitBolt p=3', 'bolt count statics.CountBolt p=2'],
      edges: ['lines/default -shuffle-> split', 'split/default -fields(word)-> count'],
    });
  });

  test('a static initializer that assigns and wires the builder, with no main', () => {
    const t = byClass(r, 'statics.StaticHolder');
    expect(t.entry).toEqual({ className: 'statics.StaticHolder', method: '<clinit>', field: 'builder' });
    expect(graph(t)).toEqual({
      components: ['spout ticks statics.TickSpout p=1', 'bolt sink statics.SinkBolt p=2'],
      edges: ['ticks/default -global-> sink'],
    });
  });

  test('a static field initializer, wired by several static helpers (one builder, not one per use)', () => {
    const t = byClass(r, 'statics.FieldInitTopology');
    expect(t.entry).toEqual({ className: 'statics.FieldInitTopology', method: '<clinit>', field: 'builder' });
    expect(t.name).toBe('field-init');
    expect(graph(t)).toEqual({ components: ['spout a statics.ASpout p=2', 'bolt b statics.BBolt p=4'], edges: ['a/default -shuffle-> b'] });
    expect(r.topologies).toHaveLength(3);
  });
});

describe('Storm 2: lambda components, Thrift groupings, classes named in the config', () => {
  let r: JavaAnalysisResult;
  beforeAll(async () => {
    r = await analyze('storm2');
  });

  test('lambda spouts and bolts become Storm lambda components with their declared fields', () => {
    const t = byClass(r, 'storm2.LambdaTopology');
    expect(t.components.map((c) => [c.id, c.className, c.lambda, c.parallelism, c.outputStreams.map((s) => `${s.id}:${s.fields.join(',')}`)])).toEqual([
      ['uuids', 'org.apache.storm.lambda.LambdaSpout', 'supplier', 2, ['default:lambda']],
      ['upper', 'org.apache.storm.lambda.LambdaBiConsumerBolt', 'bi-consumer', 3, ['default:upper']],
      ['measure', 'org.apache.storm.lambda.LambdaBiConsumerBolt', 'bi-consumer', 1, ['default:id,len']],
      ['log', 'org.apache.storm.lambda.LambdaConsumerBolt', 'consumer', 2, []],
      ['sink', 'org.apache.storm.lambda.LambdaConsumerBolt', 'consumer', 1, []],
    ]);
    expect(comp(t, 'upper').features).toEqual(['basic-bolt']);
    expect(graph(t).edges).toEqual([
      'uuids/default -shuffle-> upper',
      'upper/default -fields(upper)-> measure',
      'measure/default -shuffle-> log',
      'measure/default -global-> sink',
    ]);
    expect(t.diagnostics).toEqual([]);
  });

  test('declarer.grouping(GlobalStreamId, Grouping): every union member, global as fields([]), custom classes', () => {
    const t = byClass(r, 'storm2.ThriftGroupings');
    expect(graph(t).edges).toEqual([
      'events/default -shuffle-> router',
      'router/clicks -fields(user,page)-> byUser',
      'router/default -fields(user)-> byUser',
      'byUser/default -global-> total',
      'router/clicks -all-> audit',
      'events/default -local-or-shuffle-> audit',
      'events/default -custom[storm2.KeyGrouping]-> audit',
      'router/default -custom[storm2.KeyGrouping]-> audit',
    ]);
    expect(comp(t, 'audit').features).toContain('custom-grouping');
    expect(codes(t).filter((c) => !c.startsWith('S2F106'))).toEqual([]);
    expect(t.edges[0]!.source).toEqual({ file: 'storm2/ThriftGroupings.java', line: 22, column: 7 });
  });

  test('Class.forName(conf.get(key)): reported with the key, no class invented', () => {
    const t = byClass(r, 'storm2.ConfigClasses');
    expect(t.components.map((c) => [c.id, c.className, c.classConfigKey])).toEqual([
      ['source', null, 'bench.spout.class'],
      ['work', null, 'bench.bolt.class'],
    ]);
    expect(t.diagnostics.map((d) => `${d.code} ${d.severity} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'S2F115 warning 15:37 Class.forName loads the class named by config key "bench.spout.class"; it is known only at run time',
      'S2F115 warning 17:13 The class of spout "source" is loaded at run time from the class name in config key "bench.spout.class"',
      'S2F115 warning 18:13 The class of bolt "work" is loaded at run time from the class name in config key "bench.bolt.class"',
      'S2F115 warning 24:24 Class.forName loads the class named by config key "bench.bolt.class"; it is known only at run time',
    ]);
    expect(graph(t).edges).toEqual(['source/default -shuffle-> work']);
  });
});

describe('entry methods of a class that share a wiring hook', () => {
  test('each component and subscription once, no duplicate-id error; a method reference bolt by its arity', async () => {
    const r = await analyze('twice');
    expect(r.topologies).toHaveLength(1);
    const t = byClass(r, 'twice.Twice');
    expect(t.entry).toEqual({ className: 'twice.Twice', method: '<init>', declaredIn: 'twice.Base', field: 'builder' });
    expect(graph(t)).toEqual({
      components: ['spout s twice.NumberSpout p=1', 'bolt b org.apache.storm.lambda.LambdaConsumerBolt p=1'],
      edges: ['s/default -shuffle-> b'],
    });
    expect(comp(t, 'b').lambda).toBe('consumer');
    expect(codes(t).filter((c) => !c.startsWith('S2F106'))).toEqual([]);
  });
});
