// verify on real published topologies that no one here wrote, as a new user runs it: the project folder and
// nothing else (no entry class, no sample data, no --classpath). Fetched from Maven Central at test time (never
// committed) and laid out as their authors had them (test/helpers/maven.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeTopologyPath, verifyPath } from '../../src/cli/verify-path.js';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { effectiveModel } from '../../src/diff/build.js';
import { batchEngines } from '../../src/diff/engines.js';
import type { VerifyReport } from '../../src/diff/verify-report.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';

let perf: string;
let starter: string;
let starter010: string;

beforeAll(async () => {
  perf = (await publishedProject('org.apache.storm:storm-perf:2.6.0', { model: (d) => effectiveModel(d, process.env) })).dir;
  starter = (await publishedProject('org.apache.storm:storm-starter:1.2.2', { model: (d) => effectiveModel(d, process.env) })).dir;
  starter010 = (await publishedProject('org.apache.storm:storm-starter:0.10.0', { model: (d) => effectiveModel(d, process.env) })).dir;
}, 600_000);

function source(root: string, cls: string): string {
  const rel = `${cls.replace(/\./g, '/')}.java`;
  const found = ['src/main/java', 'src/jvm'].map((d) => path.join(root, d, rel)).find((f) => fs.existsSync(f));
  expect(found, `${cls} in ${root}`).toBeDefined();
  return found!;
}

/** The run's Storm side was served by the shared runner (a spec for it, and no own-JVM rerun's log). */
function servedByRunner(out: string): boolean {
  const spec = JSON.parse(fs.readFileSync(path.join(out, 'storm', 'storm-spec.json'), 'utf8')) as { classpath?: unknown };
  return spec.classpath !== undefined && !fs.existsSync(path.join(out, 'storm', 'storm-served.log'));
}

/** The DRPC answers an engine's tap recorded: [request, answer] in order. */
function drpcAnswers(out: string, engine: 'storm' | 'flink'): unknown[][] {
  return fs
    .readFileSync(path.join(out, engine, `${engine}.tap.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { component: string; values: unknown[] })
    .filter((t) => t.component === '$drpc')
    .map((t) => [t.values[1], t.values[2]]);
}

/** The report, with its reason and notes in the failure message when it is not equivalent. */
function expectEquivalent(r: VerifyReport): void {
  const why = [r.reason, r.detail, ...(r.diff?.notes ?? []), JSON.stringify(r.diff?.firstDivergence)].filter(Boolean).join('\n');
  expect(r.status, why).toBe('equivalent');
}

describe('verify on real published topologies: the project folder is all it needs', () => {
  test('storm-perf 2.6.0: verify of one Java file names its topology as analyze of the folder does (a name another class gives it)', async () => {
    const folder = await analyzePaths([perf]);
    expect(folder.topologies.length).toBeGreaterThan(5);
    for (const t of folder.topologies) {
      const one = await analyzeTopologyPath(path.resolve(t.source.file), process.cwd());
      expect(
        one.topologies.map((x) => [x.id, x.name]),
        t.source.file,
      ).toEqual([[t.id, t.name]]);
    }
    // Helper.runOnClusterAndPrintMetrics submits KafkaClientHdfsTopo under its TOPOLOGY_NAME.
    expect(folder.topologies.find((t) => t.source.file.endsWith('KafkaClientHdfsTopo.java'))?.id).toBe('kafkahdfstopo');
  }, 120_000);

  test('storm-perf 2.6.0 ConstSpoutIdBoltNullBoltTopo: a main that submits through StormSubmitter and never returns; input captured from its spout', async () => {
    const out = tempDir('s2f-real-perf-');
    const r = await verifyPath({ topology: source(perf, 'org.apache.storm.perf.ConstSpoutIdBoltNullBoltTopo'), out, captureLimit: 200 });
    expectEquivalent(r);
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 200, perTask: 200 });
    // The captured input is a replay file kept beside the taps, typed as Storm emitted it.
    const lines = fs
      .readFileSync(path.join(out, 'input', 'constSpout.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(200);
    expect(JSON.parse(lines[0]!)).toEqual({ task: 0, stream: 'default', values: ['some data'] });
    const idBolt = r.diff!.streams.find((s) => s.component === 'idBolt');
    expect(idBolt).toMatchObject({ storm: 200, flink: 200, ok: true });
  }, 900_000);

  test('storm-starter 1.2.2 ExclamationTopology: compiled against Storm 1.2.2, a main with a LocalCluster and a random spout', async () => {
    const r = await verifyPath({
      topology: source(starter, 'org.apache.storm.starter.ExclamationTopology'),
      out: tempDir('s2f-real-exclaim-'),
      captureLimit: 20,
    });
    expectEquivalent(r);
    // TestWordSpout runs as 10 tasks: 20 tuples each, then through both bolts.
    expect(r.diff!.streams.map((s) => [s.component, s.storm])).toEqual([
      ['word', 200],
      ['exclaim1', 200],
      ['exclaim2', 200],
    ]);
    expect(r.build?.substitutions?.some((s) => s.startsWith('org.apache.storm:storm-hdfs 1.2.2 -> 2.'))).toBe(true);
  }, 900_000);

  test("storm-starter 1.2.2 WordCountTopology: a multilang Python bolt (with multilang-python's storm.py), max task parallelism from its local branch", async () => {
    const r = await verifyPath({
      topology: source(starter, 'org.apache.storm.starter.WordCountTopology'),
      out: tempDir('s2f-real-wordcount-'),
      captureLimit: 20,
    });
    expectEquivalent(r);
    // setMaxTaskParallelism(3) caps the spout's 5 tasks at 3.
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 60, perTask: 20 });
    expect(r.diff!.streams.find((s) => s.component === 'count')?.storm).toBeGreaterThan(60);
  }, 900_000);

  test('storm-starter 1.2.2 SlidingWindowTopology: built in main with a LocalCluster, count windows over Integer values', async () => {
    const r = await verifyPath({
      topology: source(starter, 'org.apache.storm.starter.SlidingWindowTopology'),
      out: tempDir('s2f-real-sliding-'),
      captureLimit: 40,
    });
    expectEquivalent(r);
    expect(r.input?.kind).toBe('captured');
    const sums = r.diff!.streams.filter((s) => s.storm > 0);
    expect(sums.length).toBeGreaterThanOrEqual(3);
  }, 900_000);

  test('storm-starter 1.2.2 SlidingTupleTsTopology: an event-time sliding window (withTimestampField, withLag) over captured input, watermarks after each round on both engines', async () => {
    const r = await verifyPath({
      topology: source(starter, 'org.apache.storm.starter.SlidingTupleTsTopology'),
      out: tempDir('s2f-real-sliding-ts-'),
      captureLimit: 120,
    });
    expectEquivalent(r);
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 120, perTask: 120 });
    // 12 s of event time (a tuple every 100 ms), 5 s windows every 3 s, 5 s lag: a few windows, the same on both.
    const sums = r.diff!.streams.find((s) => s.component === 'slidingsum');
    expect(sums?.storm).toBeGreaterThan(0);
    expect(sums?.flink).toBe(sums?.storm);
    const w = r.rounds?.storm?.windows?.slidingsum;
    expect(w).toMatchObject({ tuples: 120, late: 0 });
    expect(w?.watermarks).toBeGreaterThan(0);
    expect(r.rounds?.flink?.windows?.slidingsum?.lastWatermark).toBe(w?.lastWatermark);
  }, 900_000);

  test('storm-starter 1.2.2 ThroughputVsLatency: Storm 1.x API that Storm 2 dropped (HttpForwardingMetricsServer, NimbusClient.getClient() as a Nimbus.Client), a sigar worker metric', async () => {
    const r = await verifyPath({ topology: source(starter, 'org.apache.storm.starter.ThroughputVsLatency'), out: tempDir('s2f-real-tvl-'), captureLimit: 10 });
    expectEquivalent(r);
    // 16 spout tasks (4 * parallelism 4), 10 tuples each, split into words and counted.
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 160, perTask: 10 });
    expect(r.diff!.streams.find((s) => s.component === 'count')?.storm).toBeGreaterThan(160);
  }, 900_000);

  test('storm-starter 1.2.2 DRPC: BasicDRPCTopology, ReachTopology (coordinated batch bolts) and ManualDRPC (DRPCSpout + ReturnResults by hand), the requests their mains make answered alike', async () => {
    const cases: Array<[string, string, Array<[string, string]>]> = [
      [
        'BasicDRPCTopology',
        'exclamation',
        [
          ['hello', 'hello!'],
          ['goodbye', 'goodbye!'],
        ],
      ],
      // The reaches Storm computes from storm-starter's in-memory tweeters and followers.
      [
        'ReachTopology',
        'reach',
        [
          ['foo.com/blog/1', '16'],
          ['engineering.twitter.com/blog/5', '14'],
          ['notaurl.com', '0'],
        ],
      ],
      [
        'ManualDRPC',
        'exclamation',
        [
          ['aaa', 'aaa!!!'],
          ['bbb', 'bbb!!!'],
        ],
      ],
    ];
    // Served, as `migrate --verify` runs a batch: one Storm runner and one Flink MiniCluster JVM for the three, a class
    // loader and a LocalDRPC per run (the other tests run each engine in a JVM of its own, as `verify <file>` does).
    const engines = batchEngines(1);
    try {
      for (const [cls, fn, answers] of cases) {
        const out = tempDir(`s2f-real-drpc-${cls}-`);
        const r = await verifyPath({ topology: source(starter, `org.apache.storm.starter.${cls}`), out, captureLimit: 50, engines });
        expectEquivalent(r);
        expect(
          r.diff!.streams.map((s) => [s.component, s.stream, s.storm, s.flink]),
          cls,
        ).toEqual([['$drpc', fn, answers.length, answers.length]]);
        for (const engine of ['storm', 'flink'] as const) expect(drpcAnswers(out, engine), `${cls} on ${engine}`).toEqual(answers);
        expect(servedByRunner(out), cls).toBe(true);
      }
    } finally {
      await engines.close();
    }
  }, 1_800_000);

  test('storm-starter 1.2.2 Trident: TridentWordCount and TridentMapExample (persistentAggregate, flatMap, map, filter, peek) and TridentWindowingInmemoryStoreTopology, their cycling FixedBatchSpouts run as written for the same first transactions', async () => {
    // Served too (see the DRPC test): Trident's coordinator spouts and state in one Storm runner, run after run.
    const engines = batchEngines(1);
    try {
      for (const cls of ['TridentWordCount', 'TridentMapExample', 'TridentWindowingInmemoryStoreTopology']) {
        const out = tempDir(`s2f-real-trident-${cls}-`);
        const r = await verifyPath({ topology: source(starter, `org.apache.storm.starter.trident.${cls}`), out, captureLimit: 20, engines });
        expectEquivalent(r);
        expect(r.input, cls).toEqual({ kind: 'trident', transactions: 20 });
        // The spout executor's batches ("<txid>:<attempt>" first), and for the map example the state's updates.
        const spout = r.diff!.streams.find((s) => s.component === 'spout-spout1');
        expect(spout?.storm, cls).toBeGreaterThan(20);
        if (cls !== 'TridentWindowingInmemoryStoreTopology')
          expect(
            r.diff!.streams.some((s) => s.component.startsWith('b-') && s.storm > 0),
            cls,
          ).toBe(true);
        expect(servedByRunner(out), cls).toBe(true);
      }
    } finally {
      await engines.close();
    }
  }, 1_800_000);

  test('storm-starter 1.2.2 TridentReach: a Trident DRPC stream (newDRPCStream with a LocalDRPC, state queries), the requests its main makes after a sleep answered alike', async () => {
    const out = tempDir('s2f-real-trident-reach-');
    const r = await verifyPath({ topology: source(starter, 'org.apache.storm.starter.trident.TridentReach'), out, captureLimit: 20 });
    expectEquivalent(r);
    expect(r.diff!.streams.map((s) => [s.component, s.stream, s.storm, s.flink])).toEqual([['$drpc', 'reach', 3, 3]]);
    expect(r.diff!.notes[0]).toMatch(/^input: a Trident topology: the DRPC streams were sent the requests below/);
    // The reaches Storm computes from the topology's static tweeters and followers maps.
    const answers = [
      ['aaa', '[[0]]'],
      ['foo.com/blog/1', '[[16]]'],
      ['engineering.twitter.com/blog/5', '[[14]]'],
    ];
    for (const engine of ['storm', 'flink'] as const) expect(drpcAnswers(out, engine), engine).toEqual(answers);
  }, 900_000);

  test('storm-starter 1.2.2 RollingTopWords: tied words ranked by arrival order, which several counter and ranker tasks do not fix, never read as a translation fault', async () => {
    const r = await verifyPath({ topology: source(starter, 'org.apache.storm.starter.RollingTopWords'), out: tempDir('s2f-real-rolling-'), captureLimit: 50 });
    const why = [r.reason, ...(r.diff?.notes ?? []), JSON.stringify(r.diff?.firstDivergence)].filter(Boolean).join('\n');
    // Ties may come out alike on both engines (equivalent); when they do not, Storm's own runs are what shows it.
    expect(r.status, why).not.toBe('not-equivalent');
    if (r.status !== 'equivalent') expect(r.code, why).toBe('S2F725');
    if (r.status !== 'equivalent') expect(r.reason, why).toMatch(/^the Storm topology is not deterministic in (intermediateRanker|finalRanker):/);
    // Counts agree whatever the tie order: the rankings are compared, the counter's output is equal.
    expect(r.diff!.streams.find((s) => s.component === 'counter')).toMatchObject({ ok: true });
    expect(r.diff!.streams.find((s) => s.component === 'finalRanker')?.storm).toBeGreaterThan(0);
  }, 900_000);

  test('storm-starter 0.10.0 WordCountTopologyNode: a Storm 0.x node ShellSpout, whose script has no activate (Storm 1.0+ sends one), relocated and run on Storm 2.8', async () => {
    const r = await verifyPath({ topology: source(starter010, 'storm.starter.WordCountTopologyNode'), out: tempDir('s2f-real-node010-'), captureLimit: 10 });
    expectEquivalent(r);
    expect(r.build?.relocated).toBe(true);
    expect(r.build?.substitutions?.some((s) => s.startsWith('org.apache.storm:multilang-javascript 0.10.0 -> 2.'))).toBe(true);
    // setMaxTaskParallelism(3) caps the spout's 5 tasks at 3; each sentence is split into words by the node bolt.
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 30, perTask: 10 });
    expect(r.diff!.streams.find((s) => s.component === 'split')?.storm).toBeGreaterThan(30);
  }, 900_000);
});
