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

const byEntry = (a: Analysis, simpleName: string): Topology[] =>
  a.topologies.filter((t) => t.entry?.className?.endsWith(`.${simpleName}`));
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
    // Pinned from a run reviewed against the sources: 31 builders in storm-starter (13 Trident/DRPC/transactional), 11 in storm-perf.
    expect(starter.topologies.length).toBe(31);
    expect(starter.topologies.filter((t) => t.blocked)).toHaveLength(13);
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

  it('Trident, DRPC and transactional topologies are blocked with their diagnostic', () => {
    const codes = (name: string) => byEntry(starter, name).flatMap((t) => t.diagnostics.filter((d) => d.blocker).map((d) => d.code));
    expect(codes('TridentWordCount')).toContain('S2F201');
    expect(codes('BasicDRPCTopology')).toContain('S2F202');
    expect(codes('TransactionalGlobalCount')).toContain('S2F204');
    for (const name of ['TridentWordCount', 'BasicDRPCTopology', 'TransactionalGlobalCount']) {
      expect(byEntry(starter, name).every((t) => t.blocked), name).toBe(true);
    }
  });

  it('storm-perf KafkaClientSpoutNullBoltTopo: a storm-kafka-client spout and a local-or-shuffle edge', () => {
    const t = one(perf, 'KafkaClientSpoutNullBoltTopo');
    const spout = t.components.find((c) => c.type === 'spout')!;
    expect(spout.features).toContain('kafka-spout');
    expect(spout.kafka?.kind).toBe('storm-kafka-client');
    expect(t.edges.map((e) => e.grouping)).toEqual(['local-or-shuffle']);
  });
});
