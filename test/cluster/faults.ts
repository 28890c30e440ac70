// The cluster tier's scenario: a translated Storm topology's fat jar on a standalone Flink session cluster
// (separate JVMs, test/helpers/flink-cluster.ts), Kafka in and out over the embedded broker, TaskManagers killed
// with kill -9 at random points of a checkpoint interval and replaced as a supervisor would replace them.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { parse } from 'yaml';
import { StandaloneCluster } from '../helpers/flink-cluster.js';
import { builtCompat } from '../helpers/compat.js';
import { freePort } from '../../src/diff/broker.js';
import type { FlinkLine } from '../../src/translator/versions.js';

const exec = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BuiltJob {
  project: string;
  jar: string;
  mainClass: string;
  /** deploy/config.yaml as translate wrote it. */
  deployConfig: Record<string, unknown>;
}

/** `storm2flink translate <sources> --flink <line> --target standalone`, then `mvn package` of one generated project. */
export async function translateAndPackage(sources: string, folder: string, line: FlinkLine, out: string): Promise<BuiltJob> {
  // S2F_COMPAT_JAR: a given compat jar, as package.test.ts takes it (e.g. while the runtime's sources are mid-change).
  const compatJar = process.env.S2F_COMPAT_JAR ?? builtCompat().jarPath!;
  await exec(
    'node',
    [path.join(ROOT, 'bin', 'storm2flink.js'), 'translate', sources, '--out', out, '--flink', line, '--target', 'standalone', '--compat-jar', compatJar],
    { maxBuffer: 16 << 20 },
  );
  const project = path.join(out, folder);
  await exec('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 });
  const pom = fs.readFileSync(path.join(project, 'pom.xml'), 'utf8');
  const mainClass = /<mainClass>([^<]+)<\/mainClass>/.exec(pom)![1]!;
  const deployConfig = parse(fs.readFileSync(path.join(project, 'deploy', 'config.yaml'), 'utf8')) as Record<string, unknown>;
  return { project, jar: path.join(project, 'target', `${folder}-1.0.0.jar`), mainClass, deployConfig };
}

/** A seeded PRNG (mulberry32), so a run's kill points can be told apart and its seed printed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Kill {
  /** ms after the checkpoint it followed. */
  afterCheckpointMs: number;
  /** Latest completed checkpoint when the TaskManager died. */
  lastCompleted: number;
  /** Checkpoint the job restored from. */
  restoredFrom: number;
  /** Restarts the one kill caused (a restart can fail again while the dead TaskManager's slot is still listed). */
  restarts: number;
  recoveryMs: number;
}

/**
 * Kills a TaskManager `count` times. Before each kill a checkpoint must have completed since the job last
 * (re)started; the kill comes at a random point of the following checkpoint interval. A replacement TaskManager
 * starts after a random 0–2 s (a supervisor's restart delay). Each recovery must restore the latest checkpoint
 * completed before the kill, or a later one.
 */
export async function killTaskManagers(
  cluster: StandaloneCluster,
  jobId: string,
  count: number,
  intervalMs: number,
  random: () => number,
  log: (s: string) => void,
): Promise<Kill[]> {
  const kills: Kill[] = [];
  let seenCompleted = (await cluster.checkpoints(jobId)).completed;
  for (let k = 0; k < count; k++) {
    await cluster.waitFor(`a checkpoint before kill ${k + 1}`, 120_000, async () => (await cluster.checkpoints(jobId)).completed > seenCompleted);
    const delay = Math.floor(random() * intervalMs);
    await sleep(delay);
    const before = await cluster.checkpoints(jobId);
    const victim = cluster.taskManagers[Math.floor(random() * cluster.taskManagers.length)]!;
    const killedAt = Date.now();
    await cluster.killTaskManager(victim);
    await sleep(Math.floor(random() * 2000));
    cluster.startTaskManager();
    await cluster.waitFor(
      `the job to restore after kill ${k + 1}`,
      180_000,
      async () => (await cluster.checkpoints(jobId)).restored > before.restored && (await cluster.jobRunning(jobId)),
    );
    const after = await cluster.checkpoints(jobId);
    const kill: Kill = {
      afterCheckpointMs: delay,
      lastCompleted: before.latestCompletedId ?? -1,
      restoredFrom: after.latestRestoredId ?? -1,
      restarts: after.restored - before.restored,
      recoveryMs: Date.now() - killedAt,
    };
    log(
      `kill ${k + 1}/${count}: ${victim.name} ${delay} ms into a checkpoint interval; last completed checkpoint ${kill.lastCompleted}, restored ${kill.restoredFrom} (${kill.restarts} restore(s)), running again after ${(kill.recoveryMs / 1000).toFixed(1)} s`,
    );
    kills.push(kill);
    seenCompleted = after.completed;
  }
  return kills;
}

/** Keeps producing keyed records to a topic until stopped; returns every key sent. */
export function backgroundProducer(
  producer: Producer,
  topic: string,
  make: (n: number) => { key: string; value: string },
  perTick: number,
  tickMs: number,
): { stop(): Promise<string[]> } {
  const keys: string[] = [];
  let running = true;
  let error: unknown = null;
  const loop = (async () => {
    while (running) {
      const base = keys.length;
      const batch = Array.from({ length: perTick }, (_, i) => make(base + i));
      try {
        await producer.send({ topic, acks: -1, messages: batch });
        for (const r of batch) keys.push(r.key);
      } catch (e) {
        error = e;
        return;
      }
      await sleep(tickMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (error) throw error;
      return keys;
    },
  };
}

/** Reads a topic from its start, counting each key's records (duplicates are at-least-once's, and counted). */
export async function collectTopic(kafka: Kafka, topic: string, onMessage: (key: string, value: string) => void): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `s2f-cluster-check-${Date.now()}`, retry: { retries: 20 } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => onMessage(message.key?.toString() ?? '', message.value?.toString() ?? '') });
  return consumer;
}

export function kafkaClient(bootstrapServers: string): Kafka {
  return new Kafka({ clientId: 's2f-cluster-test', brokers: [bootstrapServers], logLevel: logLevel.NOTHING });
}

/** A client of the broker, with `topics` deleted and created afresh (2 partitions each). */
export async function freshTopics(bootstrapServers: string, names: (string | undefined)[]): Promise<Kafka> {
  const kafka = kafkaClient(bootstrapServers);
  const admin = kafka.admin();
  await admin.connect();
  const topics = names.filter((t): t is string => t !== undefined);
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => topics.includes(t)) });
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: true });
  await admin.disconnect();
  return kafka;
}

/** The JobManager's and TaskManagers' log tails, for a failed scenario. */
function logTails(cluster: StandaloneCluster, log: (s: string) => void): void {
  log(cluster.logTail('jobmanager', 60));
  for (const tm of cluster.taskManagers) log(cluster.logTail(tm.name, 40));
}

/** Waits until every key is in `seen`; returns the keys still missing at the deadline. */
export async function awaitAll(keys: string[], seen: { has(key: string): boolean }, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = keys.filter((k) => !seen.has(k));
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await sleep(500);
  }
}

export function duplicates(seen: Map<string, number>): number {
  let d = 0;
  for (const n of seen.values()) d += n - 1;
  return d;
}

export interface ClusterRun {
  line: FlinkLine;
  seed: number;
  /** The submission, as `flink run` takes it. */
  command: string[];
  kills: Kill[];
  /** Records the output must hold (orders produced, numbers the spout emits). */
  expected: number;
  outputRecords: number;
  distinct: number;
  duplicates: number;
  missingCount: number;
  /** The first missing keys. */
  missing: string[];
  /** Output keys that were never expected, and records whose content is wrong. */
  unexpected: string[];
  wrong: string[];
  /** Live Kafka producer threads per TaskManager after the kills (the job has one KafkaBolt task). */
  producerThreads: number[];
  ms: number;
}

interface Scenario {
  sources: string;
  folder: string;
  inputTopic?: string;
  outputTopic: string;
  args(bootstrapServers: string): string[];
  /** Input produced while the job runs (Kafka spouts); undefined when the spout makes its own. */
  record?(n: number): { key: string; value: string };
  /** Keys the output must hold, given the keys produced. */
  expectedKeys(produced: string[]): string[];
  /** The right output value for a key. */
  expectedValue(key: string): (value: string) => boolean;
  /** Processes the job needs beside the cluster (a ZooKeeper), and the environment deploy/submit.sh gets for them. */
  services?(work: string): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
}

function order(n: number): { key: string; value: string; total: string } {
  const qty = 1 + (n % 9);
  const cents = 105 + ((n * 37) % 9000);
  const unitPrice = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const t = cents * qty;
  const total = `${Math.floor(t / 100)}.${String(t % 100).padStart(2, '0')}`;
  const sku = ['BK-1001', 'EL-2010', 'GR-3003', 'TY-4004', 'ZZ-9009'][n % 5]!;
  return { key: `o-${n}`, value: JSON.stringify({ orderId: `o-${n}`, customer: `c-${n % 50}`, sku, qty, unitPrice }), total };
}

/** samples/kafka-pipeline: KafkaSpout (orders) → EnrichOrderBolt → KafkaBolt (orders-enriched). */
export const KAFKA_PIPELINE: Scenario = {
  sources: path.join(ROOT, 'samples', 'kafka-pipeline'),
  folder: 'kafka-pipeline',
  inputTopic: 'orders',
  outputTopic: 'orders-enriched',
  args: (bootstrap) => ['kafka-pipeline', bootstrap],
  record: (n) => order(n),
  expectedKeys: (produced) => produced,
  expectedValue: (key) => {
    const total = order(Number(key.slice(2))).total;
    return (v) => {
      const e = JSON.parse(v) as { total?: string; orderId?: string; sourceTopic?: string };
      return e.total === total && e.orderId === key && e.sourceTopic === 'orders';
    };
  },
};

/**
 * test/cluster/fixtures/sequence-to-kafka: a reliable non-Kafka spout (numbers, paced, two tasks) → a bolt over a
 * fields grouping → KafkaBolt. `count` numbers at `perSecond` per spout task.
 */
export function sequenceScenario(count: number, perSecond: number): Scenario {
  return {
    sources: path.join(ROOT, 'test', 'cluster', 'fixtures', 'sequence-to-kafka'),
    folder: 'sequencetopology',
    outputTopic: 'sequence-out',
    args: (bootstrap) => ['sequence', bootstrap, String(count), String(perSecond)],
    expectedKeys: () => Array.from({ length: count }, (_, n) => `s-${n}`),
    expectedValue: (key) => {
      const n = BigInt(key.slice(2));
      return (v) => v === String(n * n);
    },
  };
}

/**
 * test/cluster/fixtures/trident-kafka: KafkaTridentSpoutOpaque (orders, 2 emitters) → each (2) → TridentKafkaState
 * (trident-out), its TransactionalState in a ZooKeeper of its own process (TRIDENT_ZOOKEEPER), which a TaskManager's
 * death does not take with it, as a Storm cluster's ZooKeeper outlives its workers.
 */
export const TRIDENT_KAFKA: Scenario = {
  sources: path.join(ROOT, 'test', 'cluster', 'fixtures', 'trident-kafka'),
  folder: 'tridentorderstopology',
  inputTopic: 'orders',
  outputTopic: 'trident-out',
  args: (bootstrap) => ['trident-orders', bootstrap],
  record: (n) => order(n),
  expectedKeys: (produced) => produced,
  expectedValue: (key) => {
    const value = order(Number(key.slice(2))).value;
    return (v) => v === `${value.length}:${value}`;
  },
  async services(work) {
    const zk = await startZooKeeper(work);
    return { env: { TRIDENT_ZOOKEEPER: `127.0.0.1:${zk.port}` }, stop: zk.stop };
  },
};

/** ZooKeeper's own server main (storm-shaded-deps', from storm-server's classpath) in a JVM of its own. */
export async function startZooKeeper(work: string): Promise<{ port: number; stop(): Promise<void> }> {
  const fixture = path.join(ROOT, 'test', 'cluster', 'fixtures', 'drpc-server');
  const cpFile = path.join(work, 'zookeeper.classpath');
  await exec('mvn', ['-B', '-q', 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { cwd: fixture, maxBuffer: 16 << 20, timeout: 300_000 });
  const port = await freePort();
  const data = path.join(work, 'zookeeper');
  fs.mkdirSync(data, { recursive: true });
  const child = spawn(
    'java',
    [
      '-Xmx128m',
      '-Dzookeeper.admin.enableServer=false',
      '-cp',
      fs.readFileSync(cpFile, 'utf8').trim(),
      'org.apache.storm.shade.org.apache.zookeeper.server.ZooKeeperServerMain',
      String(port),
      data,
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`ZooKeeper did not start on port ${port} (exit ${child.exitCode})`);
    await sleep(200);
  }
  return {
    port,
    async stop() {
      child.kill('SIGKILL');
    },
  };
}

/**
 * A translated topology for `line` on a cluster of a JobManager and two one-slot TaskManagers (the generated
 * config.yaml's slots; the jobs here need two), input produced throughout when the spout reads Kafka, `kills`
 * TaskManagers killed; then every expected record must be in the output topic.
 */
export async function runWithKills(
  sc: Scenario,
  o: { line: FlinkLine; kills: number; seed: number; work: string; bootstrapServers: string; log: (s: string) => void },
): Promise<ClusterRun> {
  const started = Date.now();
  const built = await translateAndPackage(sc.sources, sc.folder, o.line, path.join(o.work, 'out'));
  o.log(`built ${built.jar} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const kafka = await freshTopics(o.bootstrapServers, [sc.inputTopic, sc.outputTopic]);
  const seen = new Map<string, number>();
  const values = new Map<string, string[]>();
  const consumer = await collectTopic(kafka, sc.outputTopic, (k, v) => {
    seen.set(k, (seen.get(k) ?? 0) + 1);
    values.set(k, [...(values.get(k) ?? []), v]);
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let cluster: StandaloneCluster | null = null;
  const services = sc.services ? await sc.services(o.work) : null;
  try {
    cluster = await StandaloneCluster.start({
      line: o.line,
      dir: path.join(o.work, 'cluster'),
      base: built.deployConfig,
      taskManagers: 2,
      slotsPerTaskManager: 1,
    });
    o.log(
      `cluster up (Flink ${o.line}): JobManager at ${cluster.jobManagerAddress}, ${cluster.taskManagers.length} TaskManagers, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const feed = sc.record && sc.inputTopic ? backgroundProducer(producer, sc.inputTopic, sc.record, 10, 100) : null;
    const { jobId, command } = await cluster.submit(built.project, sc.args(o.bootstrapServers), services?.env);
    o.log(`submitted: ${command.join(' ')} → job ${jobId}`);
    const c = cluster;
    await c.waitFor('the job to run', 120_000, () => c.jobRunning(jobId));
    const intervalMs = parseDuration(String(built.deployConfig['execution.checkpointing.interval'] ?? '10 s'));
    const kills = await killTaskManagers(cluster, jobId, o.kills, intervalMs, rng(o.seed), o.log);
    // A little input after the last recovery too, so the restored job is seen reading new records.
    await sleep(2000);
    const produced = feed ? await feed.stop() : [];
    const keys = sc.expectedKeys(produced);
    const missing = await awaitAll(keys, seen, 120_000);
    // Threads a restarted task left behind would pile up in the TaskManagers that lived through the restarts.
    const producers = await cluster.threadCounts(/^kafka-producer-network-thread/).catch(() => new Map<string, number>());
    o.log(`Kafka producer threads per TaskManager after the kills: ${[...producers.values()].join(', ')}`);
    const exceptions = await cluster.exceptions(jobId).catch(() => []);
    o.log(`restart causes: ${[...new Set(exceptions.map((e) => e.replace(/'.*$/, '')))].join(' | ')}`);
    await cluster.cancel(jobId);
    const expected = new Set(keys);
    const wrong: string[] = [];
    for (const [k, vs] of values) {
      if (!expected.has(k)) continue;
      const ok = sc.expectedValue(k);
      for (const v of vs) if (!ok(v)) wrong.push(`${k}: ${v}`);
    }
    let outputRecords = 0;
    for (const n of seen.values()) outputRecords += n;
    return {
      line: o.line,
      seed: o.seed,
      command,
      kills,
      expected: keys.length,
      outputRecords,
      distinct: seen.size,
      duplicates: duplicates(seen),
      missingCount: missing.length,
      missing: missing.slice(0, 20),
      unexpected: [...seen.keys()].filter((k) => !expected.has(k)).slice(0, 20),
      wrong: wrong.slice(0, 10),
      producerThreads: [...producers.values()],
      ms: Date.now() - started,
    };
  } catch (e) {
    if (cluster) logTails(cluster, o.log);
    throw e;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await cluster?.stop();
    await services?.stop();
  }
}

/** Flink durations as the generated config writes them ("10 s", "1 min", "500 ms"). */
export function parseDuration(s: string): number {
  const m = /^(\d+)\s*(ms|s|min)?$/.exec(s.trim());
  if (!m) throw new Error(`unreadable duration ${s}`);
  return Number(m[1]) * (m[2] === 'min' ? 60_000 : m[2] === 'ms' ? 1 : 1000);
}

export interface InFlightRun {
  line: FlinkLine;
  /** Orders produced in the burst the broker stalled on, and before it. */
  expected: number;
  missingCount: number;
  missing: string[];
  duplicates: number;
  /** Checkpoints completed while the broker was stopped; the one restored. */
  completedDuringStall: number;
  /** Orders out when the broker stopped (the rest were in the job or still in the topic). */
  outAtStall: number;
  restoredFrom: number;
  ms: number;
}

/**
 * kafka-pipeline with its output broker stalled: a burst of orders reaches the KafkaBolt, whose producer cannot
 * deliver them (the broker is stopped with SIGSTOP); a checkpoint completes meanwhile (its Kafka offsets are past
 * the burst); then every TaskManager is killed with kill -9 and the broker resumed. On Storm the KafkaSpout would
 * replay the burst (KafkaBolt acks a tuple only in its producer callback); here the burst must come out too.
 */
export async function kafkaBoltInFlight(o: {
  line: FlinkLine;
  work: string;
  bootstrapServers: string;
  brokerPid: number;
  log: (s: string) => void;
}): Promise<InFlightRun> {
  const started = Date.now();
  const sc = KAFKA_PIPELINE;
  const built = await translateAndPackage(sc.sources, sc.folder, o.line, path.join(o.work, 'out'));
  const kafka = await freshTopics(o.bootstrapServers, [sc.inputTopic, sc.outputTopic]);
  const seen = new Map<string, number>();
  const consumer = await collectTopic(kafka, sc.outputTopic, (k) => seen.set(k, (seen.get(k) ?? 0) + 1));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let cluster: StandaloneCluster | null = null;
  let stopped = false;
  try {
    cluster = await StandaloneCluster.start({
      line: o.line,
      dir: path.join(o.work, 'cluster'),
      base: built.deployConfig,
      taskManagers: 2,
      slotsPerTaskManager: 1,
    });
    const c = cluster;
    const { jobId } = await c.submit(built.project, sc.args(o.bootstrapServers));
    await c.waitFor('the job to run', 120_000, () => c.jobRunning(jobId));
    // Warm up: the job's producer has the output topic's metadata, so its sends only queue while the broker is stopped.
    const warm = Array.from({ length: 100 }, (_, n) => sc.record!(n));
    await producer.send({ topic: sc.inputTopic!, acks: -1, messages: warm });
    const keys = warm.map((r) => r.key);
    if ((await awaitAll(keys, seen, 120_000)).length > 0) throw new Error('warm-up orders did not come out');
    await c.waitFor('a first checkpoint', 60_000, async () => (await c.checkpoints(jobId)).completed > 0);
    const burst = Array.from({ length: 2000 }, (_, i) => sc.record!(100 + i));
    await producer.send({ topic: sc.inputTopic!, acks: -1, messages: burst });
    keys.push(...burst.map((r) => r.key));
    // Long enough for the source to fetch the burst, too short for the job to write it all.
    await sleep(150);
    process.kill(o.brokerPid, 'SIGSTOP');
    stopped = true;
    const before = await c.checkpoints(jobId);
    // Several checkpoint intervals: before the compat runtime flushed a KafkaBolt's producer at the barrier, one
    // completed here with the stalled orders counted as done, and they were lost; now none can until they are written.
    await sleep(8_000);
    const during = await c.checkpoints(jobId);
    const outAtStall = seen.size;
    o.log(`broker stopped; ${outAtStall} of ${keys.length} orders out; checkpoint ${during.latestCompletedId} completed meanwhile`);
    for (const tm of [...c.taskManagers]) await c.killTaskManager(tm);
    process.kill(o.brokerPid, 'SIGCONT');
    stopped = false;
    c.startTaskManager();
    c.startTaskManager();
    await c.waitFor('the job to restore', 180_000, async () => (await c.checkpoints(jobId)).restored > during.restored && (await c.jobRunning(jobId)));
    const restored = await c.checkpoints(jobId);
    const missing = await awaitAll(keys, seen, 90_000);
    o.log(`restored checkpoint ${restored.latestRestoredId}; ${missing.length} of ${keys.length} orders missing`);
    await c.cancel(jobId);
    return {
      line: o.line,
      expected: keys.length,
      missingCount: missing.length,
      missing: missing.slice(0, 20),
      duplicates: duplicates(seen),
      completedDuringStall: during.completed - before.completed,
      outAtStall,
      restoredFrom: restored.latestRestoredId ?? -1,
      ms: Date.now() - started,
    };
  } finally {
    if (stopped) process.kill(o.brokerPid, 'SIGCONT');
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await cluster?.stop();
  }
}

export interface UpgradeRun {
  line: FlinkLine;
  savepoint: string;
  /** Orders produced across both versions, and how many each version wrote. */
  expected: number;
  fromV1: number;
  fromV2: number;
  missingCount: number;
  missing: string[];
  wrong: string[];
  duplicates: number;
  /** Parallelism of the enrich bolt in each version, as the running jobs reported it. */
  enrichParallelism: [number, number];
  restoredSavepoint: boolean;
  ms: number;
}

/**
 * An upgrade as MIGRATION.md describes it: samples/kafka-pipeline (a copy) runs with orders flowing in, is stopped
 * with deploy/stop.sh (a savepoint), then a changed version (its enrich bolt writes a version field and runs 3
 * executors instead of 2) is built and submitted with RESTORE_FROM=<savepoint> while orders keep coming. Every
 * order must come out once at least, enriched by one version or the other; what v1 had not read, v2 writes.
 */
export async function upgradeWithSavepoint(o: { line: FlinkLine; work: string; bootstrapServers: string; log: (s: string) => void }): Promise<UpgradeRun> {
  const started = Date.now();
  const sc = KAFKA_PIPELINE;
  const copy = (name: string, edit: (rel: string, text: string) => string): string => {
    const dir = path.join(o.work, name, 'kafka-pipeline');
    fs.cpSync(sc.sources, dir, { recursive: true });
    for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.java'))) {
      const file = path.join(dir, rel);
      const text = fs.readFileSync(file, 'utf8');
      const edited = edit(rel, text);
      if (edited !== text) fs.writeFileSync(file, edited);
    }
    return dir;
  };
  const v1 = await translateAndPackage(
    copy('v1', (_, t) => t),
    sc.folder,
    o.line,
    path.join(o.work, 'out1'),
  );
  let changed = 0;
  const v2 = await translateAndPackage(
    copy('v2', (rel, t) => {
      const next = rel.endsWith('EnrichOrderBolt.java')
        ? t.replace('order.put("sourceTopic", input.getStringByField("topic"));', '$&\n            order.put("version", "2");')
        : rel.endsWith('KafkaPipelineTopology.java')
          ? t.replace('builder.setBolt("enrich", new EnrichOrderBolt(), 2)', 'builder.setBolt("enrich", new EnrichOrderBolt(), 3)')
          : t;
      if (next !== t) changed++;
      return next;
    }),
    sc.folder,
    o.line,
    path.join(o.work, 'out2'),
  );
  if (changed !== 2) throw new Error(`the sample no longer has the lines the upgrade edits (${changed} of 2 edited)`);
  o.log(`built v1 and v2 in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const kafka = await freshTopics(o.bootstrapServers, [sc.inputTopic, sc.outputTopic]);
  const values = new Map<string, string[]>();
  const consumer = await collectTopic(kafka, sc.outputTopic, (k, v) => values.set(k, [...(values.get(k) ?? []), v]));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let cluster: StandaloneCluster | null = null;
  try {
    // Two TaskManagers of two slots: v2's three enrich executors need three.
    cluster = await StandaloneCluster.start({
      line: o.line,
      dir: path.join(o.work, 'cluster'),
      base: v1.deployConfig,
      taskManagers: 2,
      slotsPerTaskManager: 2,
    });
    const c = cluster;
    const feed = backgroundProducer(producer, sc.inputTopic!, sc.record!, 10, 100);
    const first = await c.submit(v1.project, sc.args(o.bootstrapServers));
    await c.waitFor('v1 to run', 120_000, () => c.jobRunning(first.jobId));
    await c.waitFor('a checkpoint of v1', 120_000, async () => (await c.checkpoints(first.jobId)).completed > 0);
    await c.waitFor('v1 to write orders', 60_000, async () => values.size >= 50);
    const p1 = await enrichParallelism(c, first.jobId);
    const savepoint = await c.stopWithSavepoint(v1.project, first.jobId);
    const fromV1 = values.size;
    o.log(`v1 stopped with savepoint ${savepoint} after ${fromV1} orders out`);
    // Orders keep coming while no job runs, as they would during a redeploy.
    await sleep(2000);
    const second = await c.submit(v2.project, sc.args(o.bootstrapServers), { RESTORE_FROM: savepoint });
    await c.waitFor('v2 to run', 120_000, () => c.jobRunning(second.jobId));
    const restored = await c.rest<{ latest: { restored: { is_savepoint?: boolean; external_path?: string } | null } }>(`/jobs/${second.jobId}/checkpoints`);
    await sleep(4000);
    const keys = await feed.stop();
    const missing = await awaitAll(keys, values, 120_000);
    const p2 = await enrichParallelism(c, second.jobId);
    await c.cancel(second.jobId);
    const wrong: string[] = [];
    let v2Out = 0;
    let dup = 0;
    for (const k of keys) {
      const vs = values.get(k) ?? [];
      dup += Math.max(0, vs.length - 1);
      const ok = sc.expectedValue(k);
      for (const v of vs) {
        if (!ok(v)) wrong.push(`${k}: ${v}`);
        if ((JSON.parse(v) as { version?: string }).version === '2') v2Out++;
      }
    }
    return {
      line: o.line,
      savepoint,
      expected: keys.length,
      fromV1,
      fromV2: v2Out,
      missingCount: missing.length,
      missing: missing.slice(0, 20),
      wrong: wrong.slice(0, 10),
      duplicates: dup,
      enrichParallelism: [p1, p2],
      restoredSavepoint: restored.latest.restored?.is_savepoint === true && (restored.latest.restored.external_path ?? '').length > 0,
      ms: Date.now() - started,
    };
  } catch (e) {
    if (cluster) logTails(cluster, o.log);
    throw e;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await cluster?.stop();
  }
}

/** The parallelism of the job vertex running the enrich bolt. */
async function enrichParallelism(c: StandaloneCluster, jobId: string): Promise<number> {
  const j = await c.rest<{ vertices: { name: string; parallelism: number }[] }>(`/jobs/${jobId}`);
  const v = j.vertices.find((x) => /enrich/.test(x.name));
  if (!v) throw new Error(`no enrich vertex in ${j.vertices.map((x) => x.name).join(', ')}`);
  return v.parallelism;
}
