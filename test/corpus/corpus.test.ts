// Real public topologies, fetched from Maven Central by Maven (never committed):
// Storm's own storm-starter 1.2.2 and storm-perf 2.6.0 source jars.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Analysis, Component, Topology } from '../../src/model/topology.js';
import { unpackArtifact } from '../helpers/maven.js';

let starter: Analysis;
let perf: Analysis;

beforeAll(async () => {
  const starterDir = unpackArtifact('org.apache.storm:storm-starter:1.2.2:jar:sources');
  const perfDir = unpackArtifact('org.apache.storm:storm-perf:2.6.0:jar:sources');
  starter = await analyzePaths(['.'], { cwd: starterDir, env: {} });
  perf = await analyzePaths(['.'], { cwd: perfDir, env: {} });
}, 300_000);

const byEntry = (a: Analysis, simpleName: string): Topology[] => a.topologies.filter((t) => t.entry?.className?.endsWith(`.${simpleName}`));
const one = (a: Analysis, simpleName: string): Topology => {
  const ts = byEntry(a, simpleName);
  expect(ts, simpleName).toHaveLength(1);
  return ts[0]!;
};
const comp = (t: Topology, id: string): Component => {
  const c = t.components.find((x) => x.id === id);
  expect(c, `${t.id}: component ${id}`).toBeDefined();
  return c!;
};

describe('corpus: storm-starter 1.2.2 and storm-perf 2.6.0', () => {
  it('reads every file without a failure, an internal error or a syntax error', () => {
    for (const a of [starter, perf]) {
      const all = [...a.diagnostics, ...a.topologies.flatMap((t) => t.diagnostics)];
      expect(a.stats?.failed).toBe(0);
      expect(all.filter((d) => d.code === 'S2F009' || d.code === 'S2F101')).toEqual([]);
    }
    expect(starter.stats?.javaFiles).toBe(49);
    expect(perf.stats?.javaFiles).toBe(37);
  });

  it('finds the topologies of both jars', () => {
    // Pinned from a run reviewed against the sources: 31 builders in storm-starter (the 2 transactional ones blocked;
    // the 8 Trident and the 3 DRPC ones, BasicDRPCTopology, ManualDRPC and ReachTopology, run), 11 in storm-perf.
    expect(starter.topologies.length).toBe(31);
    expect(starter.topologies.filter((t) => t.blocked).map((t) => t.entry?.className?.split('.').pop())).toEqual([
      'TransactionalGlobalCount',
      'TransactionalWords',
    ]);
    expect(perf.topologies.length).toBe(11);
  });

  it('WordCountTopology: ids, parallelism, groupings, the multilang split bolt', () => {
    const t = one(starter, 'WordCountTopology');
    expect(t.components.map((c) => [c.id, c.type, c.parallelism])).toEqual([
      ['spout', 'spout', 5],
      ['split', 'bolt', 8],
      ['count', 'bolt', 12],
    ]);
    expect(t.edges.map((e) => [e.from, e.to, e.grouping, e.fields])).toEqual([
      ['spout', 'split', 'shuffle', undefined],
      ['split', 'count', 'fields', ['word']],
    ]);
    const split = comp(t, 'split');
    expect(split.features).toContain('multilang');
    expect(split.multilang?.command).toEqual(['python', 'splitsentence.py']);
    expect(t.config).toMatchObject({ 'topology.debug': true });
  });

  it('ExclamationTopology: chained shuffles', () => {
    const t = one(starter, 'ExclamationTopology');
    expect(t.components.map((c) => [c.id, c.parallelism])).toEqual([
      ['word', 10],
      ['exclaim1', 3],
      ['exclaim2', 2],
    ]);
    expect(t.edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual(['word->exclaim1:shuffle', 'exclaim1->exclaim2:shuffle']);
  });

  it('every topology names what builds it: a class and a method', () => {
    for (const t of [...starter.topologies, ...perf.topologies]) {
      expect(t.entry?.className, t.source.file).toMatch(/^(org\.apache\.storm|storm\.starter)\.[\w.]+$/);
      expect(t.entry?.method, t.source.file).toBeTruthy();
    }
    // storm-perf: each *Topo class builds its topology in its static getTopology(conf).
    expect(perf.topologies.map((t) => `${t.entry!.className!.replace('org.apache.storm.perf.', '')}#${t.entry!.method}`).sort()).toEqual([
      'BackPressureTopo#getTopology',
      'ConstSpoutIdBoltNullBoltTopo#getTopology',
      'ConstSpoutNullBoltTopo#getTopology',
      'ConstSpoutOnlyTopo#getTopology',
      'FileReadWordCountTopo#getTopology',
      'HdfsSpoutNullBoltTopo#getTopology',
      'KafkaClientHdfsTopo#getTopology',
      'KafkaClientSpoutNullBoltTopo#getTopology',
      'LowThroughputTopo#getTopology',
      'SimplifiedWordCountTopo#getTopology',
      'StrGenSpoutHdfsBoltTopo#getTopology',
    ]);
  });

  it('storm-perf: graphs of the word-count topologies; parallelism read from the config at run time is unknown', () => {
    const t = one(perf, 'FileReadWordCountTopo');
    expect(t.components.map((c) => [c.id, c.className, c.parallelism])).toEqual([
      ['spout', 'org.apache.storm.perf.spout.FileReadSpout', null],
      ['splitter', 'org.apache.storm.perf.bolt.SplitSentenceBolt', null],
      ['counter', 'org.apache.storm.perf.bolt.CountBolt', null],
    ]);
    expect(t.edges.map((e) => [e.from, e.to, e.grouping, e.fields])).toEqual([
      ['spout', 'splitter', 'local-or-shuffle', undefined],
      ['splitter', 'counter', 'fields', ['word']],
    ]);
    // Helper.getInt(conf, "spout.count", 1): a run-time value, reported, not guessed.
    expect(t.diagnostics.filter((d) => d.code === 'S2F103')).toHaveLength(3);
    const s = one(perf, 'SimplifiedWordCountTopo');
    expect(s.edges.map((e) => `${e.from}->${e.to}:${e.grouping}(${e.fields?.join(',')})`)).toEqual(['spout->counter:fields(word)']);
    expect(one(perf, 'ConstSpoutIdBoltNullBoltTopo').edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual([
      'constSpout->idBolt:local-or-shuffle',
      'idBolt->nullBolt:local-or-shuffle',
    ]);
    expect(comp(one(perf, 'ConstSpoutOnlyTopo'), 'constSpout').parallelism).toBe(1);
  });

  it('storm-perf HdfsSpoutNullBoltTopo: the spout built by fluent setters keeps its class', () => {
    const t = one(perf, 'HdfsSpoutNullBoltTopo');
    expect(comp(t, 'hdfsSpout').className).toBe('org.apache.storm.hdfs.spout.HdfsSpout');
    expect(t.edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual(['hdfsSpout->devNullBolt:local-or-shuffle']);
  });

  it('RollingTopWords and SkewedRollingTopWords: the constructor builds the topology in a field', () => {
    expect(one(starter, 'RollingTopWords').entry).toEqual({ className: 'org.apache.storm.starter.RollingTopWords', method: '<init>', field: 'builder' });
    const skewed = one(starter, 'SkewedRollingTopWords');
    expect(skewed.entry).toEqual({ className: 'org.apache.storm.starter.SkewedRollingTopWords', method: '<init>', field: 'builder' });
    expect(skewed.components.map((c) => [c.id, c.parallelism])).toEqual([
      ['wordGenerator', 5],
      ['counter', 4],
      ['aggregator', 4],
      ['intermediateRanker', 4],
      ['finalRanker', 1],
    ]);
    expect(skewed.edges.map((e) => `${e.from}->${e.to}:${e.grouping}(${e.fields?.join(',') ?? ''})`)).toEqual([
      'wordGenerator->counter:partial-key(word)',
      'counter->aggregator:fields(obj)',
      'aggregator->intermediateRanker:fields(obj)',
      'intermediateRanker->finalRanker:global()',
    ]);
  });

  it('RollingTopWords: builder in a field, wired in another method, ids from locals, tick bolt', () => {
    const t = one(starter, 'RollingTopWords');
    expect(t.components.map((c) => [c.id, c.parallelism])).toEqual([
      ['wordGenerator', 5],
      ['counter', 4],
      ['intermediateRanker', 4],
      ['finalRanker', 1],
    ]);
    expect(t.edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual([
      'wordGenerator->counter:fields',
      'counter->intermediateRanker:fields',
      'intermediateRanker->finalRanker:global',
    ]);
    expect(comp(t, 'counter').features).toContain('tick');
  });

  it('SlidingWindowTopology: windowed bolts with their windows', () => {
    const t = one(starter, 'SlidingWindowTopology');
    const sliding = comp(t, 'slidingsum');
    expect(sliding.features).toContain('windowed');
    expect(sliding.window).toMatchObject({ kind: 'sliding', length: { count: 30 }, slide: { count: 10 } });
    expect(comp(t, 'tumblingavg').window).toMatchObject({ kind: 'tumbling', length: { count: 3 } });
  });

  it('transactional topologies are blocked with their diagnostic; Trident ones run, S2F201 a warning', () => {
    const codes = (name: string) => byEntry(starter, name).flatMap((t) => t.diagnostics.filter((d) => d.blocker).map((d) => d.code));
    expect(codes('TransactionalGlobalCount')).toContain('S2F204');
    expect(byEntry(starter, 'TransactionalGlobalCount').every((t) => t.blocked)).toBe(true);
    const trident = byEntry(starter, 'TridentWordCount');
    expect(trident.length).toBeGreaterThan(0);
    for (const t of trident) {
      expect(t.blocked).toBe(false);
      expect(t.diagnostics.filter((d) => d.code === 'S2F201').map((d) => d.severity)).toEqual(['warning']);
    }
  });

  it('DRPC topologies run: S2F202 is a warning, and the entry is the main that makes the requests', () => {
    const drpc = byEntry(starter, 'BasicDRPCTopology');
    expect(drpc.length).toBeGreaterThan(0);
    for (const t of drpc) {
      expect(t.blocked).toBe(false);
      expect(t.diagnostics.filter((d) => d.code === 'S2F202').map((d) => d.severity)).toContain('warning');
      expect(t.entry?.method).toBe('main');
    }
    // A Trident DRPC stream served by a LocalDRPC: its main makes the requests too.
    const reach = one(starter, 'TridentReach');
    expect(reach.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['S2F201', 'S2F202']));
    expect(reach.entry).toEqual({ className: 'org.apache.storm.starter.trident.TridentReach', method: 'main' });
    // A Trident topology with spouts keeps its builder method (TridentWordCount has a DRPC stream beside its spout).
    expect(byEntry(starter, 'TridentWordCount').map((t) => t.entry?.method)).not.toContain('main');
  });

  it('storm-perf KafkaClientSpoutNullBoltTopo: a storm-kafka-client spout and a local-or-shuffle edge', () => {
    const t = one(perf, 'KafkaClientSpoutNullBoltTopo');
    const spout = t.components.find((c) => c.type === 'spout')!;
    expect(spout.features).toContain('kafka-spout');
    expect(spout.kafka?.kind).toBe('storm-kafka-client');
    expect(t.edges.map((e) => e.grouping)).toEqual(['local-or-shuffle']);
  });
});
