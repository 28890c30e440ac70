// Slow tier: builds the compat runtime, translates every sample, `mvn package`s each generated
// project (compat carried in lib/repo) and runs every job to completion on a local Flink MiniCluster
// from the built fat jar, in the compat runtime's bounded mode (-Dstorm2flink.bounded=true), each
// with an assertion on what it produced. Jobs run two at a time, each in its own JVM, through
// test/translator/java/harness/JobHarness.java, which only adds a metrics reporter printing each
// operator's record counts (the observable for samples whose bolts log nothing).
// Needs JDK 17, Maven (Central reachable on first use) and node (shell-split's multilang script).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import type { Diagnostic } from '../../src/model/topology.js';
import { locateCompat } from '../../src/translator/compat.js';
import { translateAnalysis, type TranslatedProject, type TranslateOptions } from '../../src/translator/translate.js';
import { HARNESS_JVM, harnessClasspath, jarOf, mainFqcn, mvn, providedClasspath, run } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JOB_TIMEOUT = 240_000;
/** Two cores: two JVMs at a time keep both busy while a job waits (idle spouts, checkpoints). */
const CONCURRENCY = 2;

/** Runs `work` over `items`, `n` at a time, in order of start. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function sample(rel: string): string {
  return path.join(ROOT, 'samples', rel);
}

function lines(rel: string): string[] {
  return fs
    .readFileSync(sample(rel), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

interface JobRun {
  /** Exit code of the JVM: 0 when the job finished, 1 when main threw (JobHarness prints s2f-job-failed). */
  code: number | null;
  log: string;
  /** "<operator>\t<numRecordsIn|numRecordsOut>" → records summed over subtasks. */
  metrics: Map<string, number>;
  ms: number;
}

interface JobSpec {
  folder: string;
  /** Sample data, as -Dstorm2flink.sample.data (absolute). */
  data?: string;
  args?: string[];
  props?: Record<string, string>;
  cwd?: string;
  /** Put the project's own provided jars on the classpath (what its pom expects the cluster to have). */
  provided?: boolean;
}

/** Per operator and metric, e.g. records('bolt:count', 'in'). */
function records(r: JobRun, operator: string, what: 'in' | 'out'): number | undefined {
  return r.metrics.get(`${operator}\t${what === 'in' ? 'numRecordsIn' : 'numRecordsOut'}`);
}

function finished(r: JobRun, folder: string): void {
  expect(r.code, `${folder} exit code; log tail:\n${r.log.slice(-6000)}`).toBe(0);
  expect(r.log).not.toContain('s2f-job-failed');
}

/** Logged messages of a class (slf4j-simple: "[thread] LEVEL logger - message"). */
function logged(r: JobRun, simpleClass: string): string[] {
  const re = new RegExp(`^\\[[^\\]]*\\] \\w+ [\\w.$]*\\.${simpleClass} - (.*)$`);
  return r.log.split('\n').flatMap((l) => {
    const m = re.exec(l);
    return m ? [m[1]!] : [];
  });
}

// Expected outputs, derived from the sample data with the samples' own rules.

/** WordCount samples: "the quick" → words split on non-word characters, lowercased (SplitSentenceBolt / splitsentence.js). */
function shellWords(rel: string): string[] {
  return lines(rel).flatMap((l) =>
    l
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .filter((w) => w !== ''),
  );
}

/** windowed: sliding sums of the last ≤5 readings every 2 (Storm count windows), then the max of every 3 sums. */
function tumblingMaxima(rel: string): string[] {
  // Each line is the tuple [seq, "sensor", value].
  const values = lines(rel).map((l) => Number((JSON.parse(l) as [number, string, number])[2]));
  const sums: number[] = [];
  for (let n = 2; n <= values.length; n += 2) sums.push(values.slice(Math.max(0, n - 5), n).reduce((a, b) => a + b, 0));
  const out: string[] = [];
  for (let i = 0; i + 3 <= sums.length; i += 3) {
    let best = i;
    for (let j = i; j < i + 3; j++) if (sums[j]! > sums[best]!) best = j;
    out.push(`tumbling window of 3: max sum ${sums[best]} in sliding window ${best + 1}`);
  }
  return out;
}

/** multi-stream: RouterBolt's classification (Java's split drops trailing empty strings). */
function routedEvents(rel: string): { invalid: string[]; clicks: number; purchases: number } {
  const r = { invalid: [] as string[], clicks: 0, purchases: 0 };
  for (const line of lines(rel).filter((l) => !l.startsWith('#'))) {
    const parts = line.split(',');
    while (parts.length > 0 && parts.at(-1) === '') parts.pop();
    const ok = parts.length === 4 && parts[1] !== '' && /^[+-]?\d+$/.test(parts[3]!);
    if (ok && parts[0] === 'click') r.clicks++;
    else if (ok && parts[0] === 'purchase') r.purchases++;
    else r.invalid.push(line);
  }
  return r;
}

/** kafka-pipeline: EnrichOrderBolt's total (BigDecimal unitPrice × qty, plain string). */
function orderTotal(unitPrice: string, qty: number): string {
  const [int, frac = ''] = unitPrice.split('.');
  const cents = BigInt(int! + frac) * BigInt(qty);
  const s = cents.toString().padStart(frac.length + 1, '0');
  return frac.length === 0 ? s : `${s.slice(0, -frac.length)}.${s.slice(-frac.length)}`;
}

describe('generated projects build and run', () => {
  let out: string;
  let projects: TranslatedProject[] = [];
  let diagnostics: Diagnostic[] = [];
  let blocked = 0;
  const built = new Set<string>();
  let runCp = '';
  const runs = new Map<string, Promise<JobRun>>();
  let broker: Broker | undefined;
  const timings: string[] = [];

  beforeAll(async () => {
    // Build the compat runtime here, so the tier never depends on an earlier build.
    await mvn(ROOT, ['-f', 'src/compat/pom.xml', '-DskipTests', 'package']);
    const compat = locateCompat(process.env.S2F_COMPAT_JAR);
    expect(compat.jarPath, 'compat jar built').toBeTruthy();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-package-'));
    const analysis = await analyzePaths([path.join(ROOT, 'samples')]);
    const opts: TranslateOptions = { out, cwd: ROOT, flink: '1.20', target: 'yarn-application', compat };
    const r = await translateAnalysis(analysis, opts);
    projects = r.projects;
    diagnostics = r.diagnostics;
    blocked = r.stats.blocked;
  }, 900_000);

  afterAll(async () => {
    await broker?.stop();
    if (timings.length > 0) console.log(`job runs (wall ms):\n${timings.join('\n')}`);
    if (out && !process.env.S2F_KEEP) fs.rmSync(out, { recursive: true, force: true });
  });

  it('mvn package turns each sample project into a job jar with its main class', async () => {
    expect(projects.map((p) => p.folder)).toEqual(expect.arrayContaining(['word-count', 'word-count-flux', 'log-levels', 'page-views']));
    const failures: string[] = [];
    // One Maven reactor over all projects (-T 2): one JVM and warm plugins instead of 17 starts.
    // Each project stays independent (no parent); the aggregator only lists them.
    const modules = projects.map((p) => `<module>${p.folder}</module>`).join('');
    fs.writeFileSync(
      path.join(out, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>storm2flink.test</groupId><artifactId>all-jobs</artifactId><version>1</version><packaging>pom</packaging><modules>${modules}</modules></project>\n`,
    );
    let reactor = '';
    try {
      await mvn(out, ['-T', String(CONCURRENCY), '--fail-at-end', '-DskipTests', 'package']);
    } catch (e) {
      reactor = (e as Error).message;
    }
    for (const p of projects) {
      const jar = jarOf(p);
      if (!fs.existsSync(jar)) {
        failures.push(`${p.folder}: no ${jar}\n${reactor}`);
        continue;
      }
      const entries = (await run('jar', ['tf', jar], { maxBuffer: 64 << 20 })).stdout.split('\n');
      if (!entries.includes(`${mainFqcn(p).replace(/\./g, '/')}.class`)) failures.push(`${p.folder}: ${mainFqcn(p)} not in the jar`);
      // Manifest lines wrap at 72 bytes with a leading space on the continuation.
      const manifest = (await run('unzip', ['-p', jar, 'META-INF/MANIFEST.MF'])).stdout.replace(/\r?\n /g, '');
      if (!manifest.includes(`Main-Class: ${mainFqcn(p)}`)) failures.push(`${p.folder}: Main-Class is not ${mainFqcn(p)}`);
      // The Kafka connector travels only with jobs that have a Kafka spout or bolt.
      const hasConnector = entries.some((e) => e.startsWith('org/apache/flink/connector/kafka/'));
      const kafka = /^(kafka-pipeline|page-views)/.test(p.folder);
      if (hasConnector !== kafka) failures.push(`${p.folder}: the Kafka connector is ${hasConnector ? '' : 'not '}in the jar`);
      built.add(p.folder);
    }
    expect(failures).toEqual([]);
  }, 1_800_000);

  /** The run classpath: Flink's provided jars (every project has the same) without Storm's, slf4j, the harness. */
  async function runClasspath(): Promise<string> {
    if (runCp) return runCp;
    const p = projects.find((x) => x.folder === 'word-count' && built.has(x.folder));
    if (!p) throw new Error('word-count was not built');
    runCp = await harnessClasspath(p.dir, path.join(out, 'run-lib'));
    return runCp;
  }

  /** Runs a built job's main class on a MiniCluster (fat jar first on the classpath), bounded. */
  async function runJob(spec: JobSpec): Promise<JobRun> {
    const p = projects.find((x) => x.folder === spec.folder);
    if (!p || !built.has(spec.folder)) throw new Error(`${spec.folder} was not built`);
    let cp = [jarOf(p), await runClasspath()].join(path.delimiter);
    if (spec.provided) {
      const provided = await providedClasspath(p.dir, path.join(p.dir, 'target', 'provided.classpath'));
      cp = [jarOf(p), provided, await runClasspath()].join(path.delimiter);
    }
    const props = { 'storm2flink.bounded': 'true', ...(spec.data ? { 'storm2flink.sample.data': spec.data } : {}), ...spec.props };
    const started = Date.now();
    let code: number | null = 0;
    let log: string;
    try {
      const r = await run(
        'java',
        [...HARNESS_JVM, ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-cp', cp, 'JobHarness', mainFqcn(p), ...(spec.args ?? [])],
        { cwd: spec.cwd ?? p.dir, timeout: JOB_TIMEOUT, maxBuffer: 256 << 20 },
      );
      log = r.stdout + r.stderr;
    } catch (e) {
      const x = e as { stdout?: string; stderr?: string; message: string; code?: unknown };
      code = typeof x.code === 'number' ? x.code : null;
      log = `${x.stdout ?? ''}${x.stderr ?? ''}\n${x.message}`;
    }
    const ms = Date.now() - started;
    timings.push(`${spec.folder}\t${ms}`);
    const metrics = new Map<string, number>();
    for (const m of log.matchAll(/^s2f-metric\t(.+)\t(numRecords(?:In|Out))\t(\d+)$/gm)) metrics.set(`${m[1]}\t${m[2]}`, Number(m[3]));
    return { code, log, metrics, ms };
  }

  const jobs: JobSpec[] = [
    // Longest first, so the pool's tail is short.
    { folder: 'rolling-counts', data: sample('rolling-counts/data/words.txt') },
    { folder: 'exclamation', data: sample('exclamation/data/words.txt') },
    { folder: 'exclamation-flux', data: sample('exclamation/data/words.txt') },
    { folder: 'word-count', data: sample('word-count/data/sentences.txt') },
    { folder: 'word-count-flux', data: sample('word-count/data/sentences.txt') },
    // Flux's --filter fills name, workers and the data path (relative to the sample folder).
    { folder: 'topology-name-flux', args: ['--filter', sample('word-count/src/main/resources/flux/word-count.properties')], cwd: sample('word-count') },
    { folder: 'windowed', data: sample('windowed/data/readings.jsonl') },
    { folder: 'windowed-flux', data: sample('windowed/data/readings.jsonl') },
    { folder: 'multi-stream', data: sample('multi-stream/data/events.txt') },
    { folder: 'multi-stream-flux', data: sample('multi-stream/data/events.txt') },
    { folder: 'log-levels', data: sample('configurable/data/app-log.txt') },
    { folder: 'shell-split', data: sample('shell-split/data/sentences.txt') },
    { folder: 'shell-split-flux', data: sample('shell-split/data/sentences.txt') },
    // Its pom marks kafka_2.10 (0.8) provided, as a Storm 0.10 cluster had it; the run provides it too.
    // No broker and no ZooKeeper (zk.connect is the sample's own property): the construction error.
    { folder: 'page-views', provided: true, props: { 'zk.connect': '127.0.0.1:1' } },
    { folder: 'trident-word-count', data: sample('trident-word-count/data/sentences.txt') },
    // No DRPC server given (DRPC_SERVERS unset): the construction error.
    { folder: 'reachtopology' },
  ];

  /** The run of a job; the first call starts them all, CONCURRENCY at a time. */
  function jobRun(folder: string): Promise<JobRun> {
    if (runs.size === 0) {
      const gates = new Map<string, (r: JobRun | Error) => void>();
      for (const j of jobs)
        runs.set(j.folder, new Promise<JobRun>((resolve, reject) => gates.set(j.folder, (r) => (r instanceof Error ? reject(r) : resolve(r)))));
      for (const p of runs.values()) p.catch(() => undefined); // reported by the test that awaits it
      void pool(jobs, CONCURRENCY, async (j) => gates.get(j.folder)!(await runJob(j).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
    }
    const r = runs.get(folder);
    if (!r) throw new Error(`no job ${folder}`);
    return r;
  }

  // word-count data: 131 distinct words, "the" 20 times; ReportBolt logs the totals in cleanup.
  for (const folder of ['word-count', 'word-count-flux', 'topology-name-flux']) {
    it(
      `${folder} counts every word of the sample data`,
      async () => {
        const r = await jobRun(folder);
        finished(r, folder);
        expect(r.log).toContain('word-count report: 131 distinct words');
        expect(r.log).toMatch(/ReportBolt - the 20$/m);
        if (folder === 'topology-name-flux') {
          // The name came from the --filter properties, not the literal ${topology.name}.
          expect(r.log).toMatch(/Job word-count-included \([0-9a-f]+\) switched from state RUNNING to FINISHED/);
        }
      },
      JOB_TIMEOUT * 4,
    );
  }

  for (const folder of ['exclamation', 'exclamation-flux']) {
    it(
      `${folder}: every word passes both bolts and is acked once`,
      async () => {
        const r = await jobRun(folder);
        finished(r, folder);
        const n = lines('exclamation/data/words.txt').length;
        // Acks come from the checkpoints covering the emits (acker executors = 1).
        expect(logged(r, 'ReliableWordSpout')).toContain(`exclamation spout: ${n} acked, 0 failed, 0 pending`);
        expect(records(r, 'bolt:exclaim1', 'in')).toBe(n);
        expect(records(r, 'bolt:exclaim2', 'in')).toBe(n);
      },
      JOB_TIMEOUT * 4,
    );
  }

  for (const folder of ['windowed', 'windowed-flux']) {
    it(
      `${folder}: every tumbling window of sliding sums is the one Storm computes`,
      async () => {
        const r = await jobRun(folder);
        finished(r, folder);
        const expected = tumblingMaxima('windowed/data/readings.jsonl');
        expect(expected).toHaveLength(10);
        expect(logged(r, 'TumblingMaxBolt')).toEqual(expected);
      },
      JOB_TIMEOUT * 4,
    );
  }

  it(
    'rolling-counts: tick-driven rankings reach the final top 5',
    async () => {
      const r = await jobRun('rolling-counts');
      finished(r, 'rolling-counts');
      const tops = logged(r, 'TotalRankerBolt');
      expect(tops.length).toBeGreaterThan(0);
      expect(tops.at(-1)).toBe('top 5: storm=12,flink=11,kafka=10,zookeeper=9,nimbus=8');
    },
    JOB_TIMEOUT * 4,
  );

  for (const folder of ['multi-stream', 'multi-stream-flux']) {
    it(
      `${folder}: each named, direct and custom stream gets its share`,
      async () => {
        const r = await jobRun(folder);
        finished(r, folder);
        const e = routedEvents('multi-stream/data/events.txt');
        expect(e.invalid.length).toBeGreaterThan(0);
        // all grouping: each of the 2 invalid-log tasks logs every invalid line.
        const invalid = logged(r, 'InvalidLogBolt')
          .map((m) => m.replace(/^invalid event: /, ''))
          .sort();
        expect(invalid).toEqual([...e.invalid, ...e.invalid].sort());
        expect(records(r, 'bolt:invalid-log', 'in')).toBe(2 * e.invalid.length);
        // direct: one audit tuple per valid event; custom fan-out: each click to 2 of 3 tasks.
        expect(records(r, 'bolt:auditor', 'in')).toBe(e.clicks + e.purchases);
        expect(records(r, 'bolt:click-replicas', 'in')).toBe(2 * e.clicks);
        expect(records(r, 'bolt:partial-clicks', 'in')).toBe(e.clicks);
        expect(records(r, 'bolt:archive', 'in')).toBe(e.purchases);
        // fields grouping from two inputs: one record per partial-click count and per purchase.
        expect(records(r, 'bolt:user-stats', 'in')).toBe(e.clicks + e.purchases);
      },
      JOB_TIMEOUT * 4,
    );
  }

  // The counters emit (key, count) to no one and log nothing: the observable is the record
  // counts per stream, from Flink's metrics.
  it(
    'log-levels (non-public builder, called by reflection) parses every line and splits errors off',
    async () => {
      const r = await jobRun('log-levels');
      finished(r, 'log-levels');
      const all = lines('configurable/data/app-log.txt');
      const errors = all.filter((l) => l.split(/\s+/)[0] === 'ERROR');
      expect(errors.length).toBeGreaterThan(0);
      expect(records(r, 'Source: spout:log-lines', 'out')).toBe(all.length);
      expect(records(r, 'bolt:level-counter', 'in')).toBe(all.length);
      expect(records(r, 'bolt:error-counter', 'in')).toBe(errors.length);
    },
    JOB_TIMEOUT * 4,
  );

  // WordCountBolt emits to no one and logs nothing: the records that reach it are the words the
  // node script emitted, which must be exactly the words of the data under its splitting rule.
  for (const folder of ['shell-split', 'shell-split-flux']) {
    it(
      `${folder}: the multilang (node) bolt splits every sentence`,
      async () => {
        const r = await jobRun(folder);
        finished(r, folder);
        const sentences = lines('shell-split/data/sentences.txt');
        expect(records(r, 'bolt:split', 'in')).toBe(sentences.length);
        expect(records(r, 'bolt:count', 'in')).toBe(shellWords('shell-split/data/sentences.txt').length);
      },
      JOB_TIMEOUT * 4,
    );
  }

  it(
    'page-views (legacy storm-kafka spout) without brokers fails at job construction, naming the spout and the key to set',
    async () => {
      const r = await jobRun('page-views');
      expect(r.code).toBe(1);
      // main ran with the default args (the topology name) and reached StormSubmitter; no broker could be found.
      expect(r.log).toMatch(
        /UnsupportedTopologyException: Spout 'kafka-spout' \(storm-kafka KafkaSpout\): no Kafka bootstrap servers: ZooKeeper 127\.0\.0\.1:1 did not answer within \d+ ms\. Set storm2flink\.kafka\.bootstrap\.servers/,
      );
    },
    JOB_TIMEOUT * 4,
  );

  it(
    'reachtopology (samples/drpc-reach, DRPC) without a DRPC server fails at job construction, naming the spout and the key to set',
    async () => {
      const r = await jobRun('reachtopology');
      expect(r.code).toBe(1);
      // main took its LocalDRPC branch, captured: that in-process server serves nothing once the capture is over.
      expect(r.log).toMatch(
        /UnsupportedTopologyException: DRPC spout 'spout' \(function "reach"\) has no DRPC server to take requests from: .*storm2flink\.drpc\.servers=host/,
      );
    },
    JOB_TIMEOUT * 4,
  );

  // 30 sentences, 131 distinct words, "the" 20 times: the state's update stream logs each word's running count.
  it(
    'trident-word-count (Trident, persistentAggregate into a MemoryMapState) counts every word of the sample data',
    async () => {
      expect(blocked).toBe(0);
      expect(diagnostics.filter((d) => d.code === 'S2F201' && d.file.includes('trident-word-count')).map((d) => d.severity)).toEqual(['warning']);
      const r = await jobRun('trident-word-count');
      finished(r, 'trident-word-count');
      const last = new Map<string, number>();
      for (const m of logged(r, 'LogUpdates')) {
        const [, word, count] = /^count (\S+) = (\d+)$/.exec(m) ?? [];
        if (word) last.set(word, Math.max(last.get(word) ?? 0, Number(count)));
      }
      expect(last.size).toBe(131);
      expect(last.get('the')).toBe(20);
      expect(last.get('a')).toBe(11);
    },
    JOB_TIMEOUT * 4,
  );

  // A real KRaft broker: the orders are produced first, the bounded KafkaSource reads up to the
  // offsets at start, and the KafkaBolt's output topic is read back.
  it(
    'kafka-pipeline (main entry) and kafka-pipeline-flux enrich every valid order into orders-enriched',
    async () => {
      await Promise.all([...runs.values()].map((p) => p.catch(() => undefined)));
      broker = await startBroker();
      const kafka = new Kafka({ clientId: 's2f-package-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic: 'orders', numPartitions: 1 },
          { topic: 'orders-enriched', numPartitions: 1 },
        ],
        waitForLeaders: true,
      });
      await admin.disconnect();
      const orders = lines('kafka-pipeline/data/orders.jsonl').map((l) => JSON.parse(l) as { key: string; value: string });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'orders', messages: orders.map((o) => ({ key: o.key, value: o.value })) });
      await producer.disconnect();

      const valid = orders.filter((o) => !o.value.startsWith('not-json'));
      expect(valid.length).toBe(orders.length - 2);
      const readBack = async (n: number): Promise<{ key: string; value: Record<string, unknown> }[]> => {
        const consumer = kafka.consumer({ groupId: `s2f-check-${n}-${Date.now()}` });
        await consumer.connect();
        await consumer.subscribe({ topic: 'orders-enriched', fromBeginning: true });
        const got: { key: string; value: Record<string, unknown> }[] = [];
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`read ${got.length} of ${n} records from orders-enriched`)), 30_000);
          void consumer.run({
            eachMessage: async ({ message }) => {
              got.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) as Record<string, unknown> });
              if (got.length >= n) {
                clearTimeout(timer);
                resolve();
              }
            },
          });
        });
        await consumer.disconnect();
        return got;
      };
      const check = (got: { key: string; value: Record<string, unknown> }[]) => {
        for (const o of valid) {
          const src = JSON.parse(o.value) as { qty: number; unitPrice: string; sku: string };
          const enriched = got.filter((g) => g.key === o.key);
          expect(enriched.length, o.key).toBeGreaterThan(0);
          for (const g of enriched) {
            expect(g.value.total, o.key).toBe(orderTotal(src.unitPrice, src.qty));
            expect(g.value.sourceTopic).toBe('orders');
          }
        }
        expect(got.some((g) => g.key === 'o-1013' || g.key === 'o-1029')).toBe(false);
      };

      // No arguments: the user's main takes its LocalCluster branch, and the compat runtime's LocalCluster stand-in
      // hands the topology to the job (no Storm cluster starts); the bootstrap comes from the property.
      const main = await runJob({ folder: 'kafka-pipeline', props: { 'kafka.bootstrap.servers': broker.bootstrapServers } });
      finished(main, 'kafka-pipeline');
      expect(main.log).toContain('rejecting record o-1013');
      const first = await readBack(valid.length);
      expect(first).toHaveLength(valid.length);
      check(first);

      const filter = path.join(out, 'kafka-pipeline.properties');
      fs.writeFileSync(filter, `kafka.bootstrap.servers=${broker.bootstrapServers}\n`);
      const flux = await runJob({ folder: 'kafka-pipeline-flux', args: ['--filter', filter] });
      finished(flux, 'kafka-pipeline-flux');
      const both = await readBack(2 * valid.length);
      expect(both).toHaveLength(2 * valid.length);
      check(both);
      for (const o of valid) expect(both.filter((g) => g.key === o.key)).toHaveLength(2);
    },
    JOB_TIMEOUT * 4,
  );

  // The ZooKeeper spout, replaced by a KafkaSource on the same broker; the brokers come from the system property.
  it(
    'page-views (legacy storm-kafka spout) reads every page view from a real broker',
    async () => {
      await Promise.all([...runs.values()].map((p) => p.catch(() => undefined)));
      broker ??= await startBroker();
      const kafka = new Kafka({ clientId: 's2f-package-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'page-views', numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const views = lines('legacy-backtype/data/page-views.txt');
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'page-views', messages: views.map((v) => ({ value: v })) });
      await producer.disconnect();

      const r = await runJob({ folder: 'page-views', provided: true, props: { 'storm2flink.kafka.bootstrap.servers': broker.bootstrapServers } });
      finished(r, 'page-views');
      const errors = views.filter((v) => Number(v.trim().split(/\s+/)[2]) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      expect(records(r, 'bolt:parser', 'in')).toBe(views.length);
      expect(records(r, 'bolt:url-counts', 'in')).toBe(views.length - errors.length);
      expect(logged(r, 'ErrorLogBolt').sort()).toEqual(errors.map((v) => `error page view: ${v.trim().split(/\s+/)[0]} -> ${v.trim().split(/\s+/)[2]}`).sort());
    },
    JOB_TIMEOUT * 4,
  );
});
