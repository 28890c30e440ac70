// `storm2flink sample`: production data for verify. Reads records of a live Kafka topic (from the earliest offset,
// from now on, or from a point in time; no consumer group is committed) and returns them as sample-file lines:
// envelopes {"key", "value", "timestamp", "topic"}, which `verify --data` reads (src/diff/README.md "Sample data").
import { CouldNotRun } from './jvm.js';
import { kafkaClient } from './replay.js';

export type SampleStart = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; ms: number };

export interface SampleResult {
  /** JSON lines, one envelope per record, in offset order per partition (partitions interleave as they arrive). */
  lines: string[];
  /** Records whose value is not UTF-8 text (left out: a sample value is text). */
  skipped: number;
  /** The wait ran out before `count` records came. */
  timedOut: boolean;
}

/** `earliest`, `latest`, epoch milliseconds or an ISO-8601 date-time; null when it is none of those. */
export function parseStart(v: string): SampleStart | null {
  if (v === 'earliest' || v === 'latest') return { kind: v };
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) && /\d/.test(v) ? { kind: 'timestamp', ms } : null;
}

export async function sampleTopic(bootstrapServers: string, topic: string, count: number, start: SampleStart, timeoutMs = 30_000): Promise<SampleResult> {
  const kafka = kafkaClient(bootstrapServers);
  const admin = kafka.admin();
  let offsets: { partition: number; offset: string }[];
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new CouldNotRun('verify-kafka-topic-not-found', `topic "${topic}" does not exist on ${bootstrapServers}`);
    const ends = await admin.fetchTopicOffsets(topic);
    offsets =
      start.kind === 'timestamp'
        ? (await admin.fetchTopicOffsetsByTimestamp(topic, start.ms)).map((o) => ({ partition: o.partition, offset: o.offset }))
        : ends.map((o) => ({ partition: o.partition, offset: start.kind === 'earliest' ? o.low : o.high }));
  } catch (e) {
    if (e instanceof CouldNotRun) throw e;
    throw new CouldNotRun(
      'verify-kafka-failed',
      `could not read topic "${topic}" from Kafka at ${bootstrapServers}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const lines: string[] = [];
  let skipped = 0;
  let timedOut = false;
  // A group of its own that commits nothing: the topic's real consumers are not disturbed.
  const consumer = kafka.consumer({ groupId: `s2f-sample-${process.pid}-${Date.now()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: start.kind === 'earliest' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            if (lines.length >= count) return;
            const value = message.value;
            if (value && !Buffer.from(value.toString('utf8'), 'utf8').equals(value)) {
              skipped++;
              return;
            }
            lines.push(
              JSON.stringify({
                key: message.key?.toString('utf8') ?? null,
                value: value?.toString('utf8') ?? null,
                timestamp: Number(message.timestamp),
                topic,
              }),
            );
            if (lines.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
      // Seek once the group has the partitions (kafkajs applies seeks after run starts).
      for (const o of offsets) consumer.seek({ topic, partition: o.partition, offset: o.offset });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return { lines, skipped, timedOut };
}
