// Replay: route sample records to the topology's inputs, then write them to Kafka topics (kafkajs) or to
// replay files that the bounded replay spout reads on both engines (src/diff/README.md, "Replay file").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, Partitioners, logLevel, type Message } from 'kafkajs';
import type { Diagnostic, Topology } from '../model/topology.js';
import { diagnostic } from '../model/diagnostics.js';
import { CouldNotRun } from './jvm.js';
import type { SampleFile, SampleRecord } from './samples.js';

/** Where sample data enters the topology. */
export type ReplayInput =
  | { kind: 'kafka'; topic: string; spout: string }
  /** A spout subscribed by pattern: sample files and records name the topics, which must match it. */
  | { kind: 'kafka-pattern'; pattern: string; spout: string }
  /**
   * fields null: the model does not know the spout's output (e.g. its class is not in the analyzed sources).
   * `scheme`: the ZooKeeper storm-kafka spout, replayed through its own scheme from the records' Kafka values;
   * `topics`: the topics it reads, which name its sample files too.
   */
  | { kind: 'spout'; spout: string; stream: string; fields: string[] | null; scheme?: boolean; topics?: string[] };

/** Inputs from the model: each topic of a Kafka spout, and every other spout's default (or first) stream. */
export function inputsOf(topology: Topology): { inputs: ReplayInput[]; problems: string[] } {
  const inputs: ReplayInput[] = [];
  const problems: string[] = [];
  for (const c of topology.components) {
    if (c.type !== 'spout') continue;
    if (c.kafka?.kind === 'storm-kafka') {
      // Its brokers come from ZooKeeper, which verify's broker does not have: the records go through the spout's own
      // scheme instead, on both engines (compat verify/ReplaySpout).
      const stream = c.outputStreams.find((s) => s.id === 'default') ?? c.outputStreams[0];
      inputs.push({ kind: 'spout', spout: c.id, stream: stream?.id ?? 'default', fields: null, scheme: true, topics: c.kafka.topics });
      continue;
    }
    if (c.kafka) {
      const pattern = c.kafka.topicPattern;
      if (c.kafka.topics.length === 0 && pattern) {
        if (topicMatcher(pattern)) inputs.push({ kind: 'kafka-pattern', pattern, spout: c.id });
        else problems.push(`Kafka spout "${c.id}" subscribes to the pattern ${pattern}, which verify cannot match topic names against`);
      } else if (c.kafka.topics.length === 0) {
        problems.push(`Kafka spout "${c.id}" has no static topic list or pattern; name its topics in the code or Flux file`);
      }
      for (const topic of c.kafka.topics) inputs.push({ kind: 'kafka', topic, spout: c.id });
      continue;
    }
    const stream = c.outputStreams.find((s) => s.id === 'default') ?? c.outputStreams[0];
    // Unknown output: replay on the default stream; the Storm runner checks the arity against the real declaration.
    inputs.push({ kind: 'spout', spout: c.id, stream: stream?.id ?? 'default', fields: stream && stream.resolved !== false ? stream.fields : null });
  }
  return { inputs, problems };
}

export interface SpoutReplay {
  spout: string;
  stream: string;
  fields: string[] | null;
  tuples: unknown[][];
  /** Tuple index → its own stream and spout task, for replay lines that name them (captured input). */
  routes?: Map<number, { stream?: string; task?: number; direct?: number }>;
}

export interface ReplayPlan {
  /** Records per topic, in file order. */
  kafka: Map<string, SampleRecord[]>;
  /** Tuples per replaced spout, in file order. */
  spouts: Map<string, SpoutReplay>;
  diagnostics: Diagnostic[];
}

function targetName(input: ReplayInput): string {
  return input.kind === 'kafka' ? input.topic : input.kind === 'kafka-pattern' ? `/${input.pattern}/` : input.spout;
}

/** Whole-name matching as Kafka does (`Pattern.matcher(topic).matches()`); null when JavaScript cannot read it. */
export function topicMatcher(pattern: string): ((topic: string) => boolean) | null {
  try {
    const re = new RegExp(`^(?:${pattern})$`, 'u');
    return (topic) => re.test(topic);
  } catch {
    return null;
  }
}

/** The topics of the plan each Kafka input reads: its own, or those its pattern matches. */
export function topicsOf(input: ReplayInput, plan: ReplayPlan): string[] {
  if (input.kind === 'kafka') return [input.topic];
  if (input.kind !== 'kafka-pattern') return [];
  const matches = topicMatcher(input.pattern)!;
  return [...plan.kafka.keys()].filter(matches);
}

/** Maps a sample record onto a spout's declared output fields; a string explains why not. */
export function toTuple(r: SampleRecord, fields: string[] | null): unknown[] | string {
  const d = r.data;
  // Fields unknown: an array is the tuple, anything else a one-value tuple.
  if (fields === null) return Array.isArray(d) ? d : [d];
  if (Array.isArray(d))
    return d.length === fields.length ? d : `a JSON array of ${d.length} values, but the spout declares ${fields.length} fields (${fields.join(', ')})`;
  if (d !== null && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    const missing = fields.filter((f) => !(f in o));
    if (missing.length === 0) return fields.map((f) => o[f]);
    if (fields.length === 1) return [r.value];
    return `the record has no field ${missing.map((m) => `"${m}"`).join(', ')} (the spout declares ${fields.join(', ')})`;
  }
  if (fields.length === 1) return [d];
  return `a single value, but the spout declares ${fields.length} fields (${fields.join(', ')})`;
}

/**
 * Routes records: the record's own topic, else a file named after a topic or spout id
 * (orders.jsonl → "orders"), else the only input when there is exactly one.
 */
export function planReplay(files: SampleFile[], inputs: ReplayInput[]): ReplayPlan {
  const plan: ReplayPlan = { kafka: new Map(), spouts: new Map(), diagnostics: [] };
  const byName = new Map<string, ReplayInput>();
  for (const i of inputs) if (!byName.has(targetName(i))) byName.set(targetName(i), i);
  for (const i of inputs) if (i.kind === 'spout') for (const t of i.topics ?? []) if (!byName.has(t)) byName.set(t, i);
  const patterns = inputs.flatMap((i) => (i.kind === 'kafka-pattern' ? [{ spout: i.spout, matches: topicMatcher(i.pattern)! }] : []));
  for (const i of inputs) {
    if (i.kind === 'kafka') plan.kafka.set(i.topic, []);
    else if (i.kind === 'spout') plan.spouts.set(i.spout, { spout: i.spout, stream: i.stream, fields: i.fields, tuples: [] });
  }
  // A name no input reads by name: a topic, when a pattern subscription matches it.
  const resolve = (name: string): ReplayInput | undefined => {
    const input = byName.get(name);
    if (input) return input.kind === 'kafka-pattern' ? undefined : input;
    const p = patterns.find((x) => x.matches(name));
    return p ? { kind: 'kafka', topic: name, spout: p.spout } : undefined;
  };
  const only = inputs.length === 1 && inputs[0]!.kind !== 'kafka-pattern' ? inputs[0] : undefined;
  for (const f of files) {
    const base = path.basename(f.file).replace(/\.[^.]*$/, '');
    const fileTarget = resolve(base) ?? only;
    let reported = false;
    for (const r of f.records) {
      const target = r.topic !== null ? resolve(r.topic) : fileTarget;
      if (!target) {
        if (r.topic !== null) {
          plan.diagnostics.push(
            diagnostic(
              'sample-unknown-topic',
              { file: r.file, line: r.line, column: 1 },
              `topic "${r.topic}" is not read by any spout (inputs: ${[...byName.keys()].join(', ') || 'none'})`,
            ),
          );
        } else if (!reported) {
          reported = true;
          plan.diagnostics.push(
            diagnostic(
              'sample-no-target',
              { file: f.file },
              `cannot tell which input ${f.file} feeds: the topology reads ${[...byName.keys()].map((n) => `"${n}"`).join(', ') || 'nothing'}`,
            ),
          );
        }
        continue;
      }
      if (target.kind === 'kafka') {
        if (!plan.kafka.has(target.topic)) plan.kafka.set(target.topic, []);
        plan.kafka.get(target.topic)!.push(r);
        continue;
      }
      if (target.kind === 'kafka-pattern') continue;
      const replay = plan.spouts.get(target.spout)!;
      if (r.route) {
        // A replay line: its values are the tuple (typed), on its own stream; the runner checks the arity.
        if (Object.keys(r.route).length > 0) (replay.routes ??= new Map()).set(replay.tuples.length, r.route);
        replay.tuples.push(r.data as unknown[]);
        continue;
      }
      // Through a scheme: the record's Kafka value, as the spout would have read it.
      const t = target.scheme ? [r.value] : toTuple(r, target.fields);
      if (typeof t === 'string') {
        plan.diagnostics.push(
          diagnostic('sample-fields-mismatch', { file: r.file, line: r.line, column: 1 }, `cannot replay as spout "${target.spout}": ${t}`),
        );
        continue;
      }
      replay.tuples.push(t);
    }
  }
  return plan;
}

/** Writes one replay file per replaced spout: JSON lines {"task"?, "stream", "values"}; returns spout → path. */
export function writeReplayFiles(dir: string, plan: ReplayPlan): Map<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const s of plan.spouts.values()) {
    const file = path.join(dir, `${s.spout.replace(/[^A-Za-z0-9_.-]/g, '_')}.replay.jsonl`);
    const line = (values: unknown[], i: number) => {
      const route = s.routes?.get(i);
      return JSON.stringify({
        ...(route?.task !== undefined ? { task: route.task } : {}),
        stream: route?.stream ?? s.stream,
        ...(route?.direct !== undefined ? { direct: route.direct } : {}),
        values,
      });
    };
    fs.writeFileSync(file, s.tuples.map(line).join('\n') + (s.tuples.length ? '\n' : ''));
    out.set(s.spout, file);
  }
  return out;
}

export interface ProduceOptions {
  /** Partitions of each created topic. Default 1: one total order per topic, so both engines read the same sequence. */
  partitions?: number;
  batchSize?: number;
}

export function kafkaClient(bootstrapServers: string): Kafka {
  return new Kafka({ clientId: 's2f-verify', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

/**
 * Creates the topics, then writes records in file order. Same key → same partition (Java-compatible murmur2
 * partitioner); one in-flight request and sequential batches keep the order per partition, hence per key.
 */
export async function produceRecords(bootstrapServers: string, records: Map<string, SampleRecord[]>, opts: ProduceOptions = {}): Promise<Map<string, number>> {
  const kafka = kafkaClient(bootstrapServers);
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  const counts = new Map<string, number>();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [...records.keys()].filter((t) => !existing.has(t));
    if (topics.length > 0) {
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: opts.partitions ?? 1, replicationFactor: 1 })), waitForLeaders: true });
    }
    await producer.connect();
    const size = opts.batchSize ?? 500;
    for (const [topic, recs] of records) {
      for (let i = 0; i < recs.length; i += size) {
        const messages: Message[] = recs.slice(i, i + size).map((r) => {
          const m: Message = { key: r.key, value: r.value };
          if (r.timestamp !== null) m.timestamp = String(r.timestamp);
          return m;
        });
        await producer.send({ topic, acks: -1, messages });
      }
      counts.set(topic, recs.length);
    }
  } catch (e) {
    throw new CouldNotRun(
      'verify-kafka-failed',
      `could not write the sample data to Kafka at ${bootstrapServers}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return counts;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** The bytes as read (key and value above are their UTF-8 decoding). */
  keyBytes: Buffer | null;
  valueBytes: Buffer | null;
  timestamp: number;
}

/** topic → partition → offset. */
export type TopicOffsets = Map<string, Map<number, bigint>>;

/**
 * End offsets of the topics (all non-internal topics of the cluster when none are named). A topic that does
 * not exist yet is left out.
 */
export async function endOffsets(bootstrapServers: string, topics?: string[]): Promise<TopicOffsets> {
  const admin = kafkaClient(bootstrapServers).admin();
  const out: TopicOffsets = new Map();
  try {
    await admin.connect();
    const existing = await admin.listTopics();
    const wanted = topics ? topics.filter((t) => existing.includes(t)) : existing.filter((t) => !t.startsWith('__'));
    for (const t of wanted) out.set(t, new Map((await admin.fetchTopicOffsets(t)).map((o) => [o.partition, BigInt(o.high)])));
  } catch (e) {
    throw new CouldNotRun(
      'verify-kafka-failed',
      `could not read topic offsets from Kafka at ${bootstrapServers}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return out;
}

/** Records each topic holds (end minus start offset, summed over partitions): what a reader from EARLIEST gets. */
export async function recordCounts(bootstrapServers: string, topics: string[]): Promise<Map<string, number>> {
  const admin = kafkaClient(bootstrapServers).admin();
  const out = new Map<string, number>();
  try {
    await admin.connect();
    for (const t of topics)
      out.set(
        t,
        (await admin.fetchTopicOffsets(t)).reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0),
      );
  } catch (e) {
    throw new CouldNotRun(
      'verify-kafka-failed',
      `could not read topic offsets from Kafka at ${bootstrapServers}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return out;
}

/**
 * Reads every record of the topics from the beginning up to their current end offsets (no consumer group,
 * so nothing is committed). Used for output topics and in tests.
 */
export async function readTopics(bootstrapServers: string, topics: string[], timeoutMs = 30_000): Promise<ConsumedRecord[]> {
  const kafka = kafkaClient(bootstrapServers);
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, Map<number, bigint>>();
  try {
    for (const t of topics) {
      const offs = await admin.fetchTopicOffsets(t);
      ends.set(t, new Map(offs.map((o) => [o.partition, BigInt(o.high)])));
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const remaining = () => [...ends.values()].reduce((n, m) => n + [...m.values()].filter((h) => h > 0n).length, 0);
  const out: ConsumedRecord[] = [];
  if (remaining() === 0) return out;
  const consumer = kafka.consumer({ groupId: `s2f-read-${process.pid}-${Date.now()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    for (const t of topics) await consumer.subscribe({ topic: t, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CouldNotRun('verify-kafka-failed', `timed out reading ${topics.join(', ')} from Kafka`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          // Per batch, not per message: a topic written through transactions (a transactional KafkaSink) ends in a
          // commit marker, which is never delivered as a message; the batch's last offset counts it.
          eachBatch: async ({ batch }) => {
            const { topic, partition } = batch;
            const end = ends.get(topic)?.get(partition) ?? 0n;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= end) continue;
              out.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? null,
                value: message.value?.toString() ?? null,
                keyBytes: message.key ?? null,
                valueBytes: message.value ?? null,
                timestamp: Number(message.timestamp),
              });
            }
            if (end > 0n && BigInt(batch.lastOffset()) + 1n >= end) {
              ends.get(topic)?.set(partition, 0n);
              if (remaining() === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return out;
}

/** Deletes every topic but Kafka's own (`__…`) and waits until the broker no longer lists them. */
export async function deleteAllTopics(bootstrapServers: string, timeoutMs = 30_000): Promise<void> {
  const admin = kafkaClient(bootstrapServers).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    if (topics.length === 0) return;
    await admin.deleteTopics({ topics, timeout: timeoutMs });
    const end = Date.now() + timeoutMs;
    while ((await admin.listTopics()).some((t) => topics.includes(t))) {
      if (Date.now() > end) throw new Error(`topics ${topics.join(', ')} still listed after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    throw new CouldNotRun(
      'verify-kafka-failed',
      `could not clear the shared verify broker at ${bootstrapServers}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
