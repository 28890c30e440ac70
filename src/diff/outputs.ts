// Output-topic taps: what each engine wrote to Kafka, read back as tap records (README "Kafka").
// Both engines write to the same broker one after the other, so each engine's records are the offset range
// between the end offsets taken before and after its run.
import { readTopics, type TopicOffsets } from './replay.js';
import type { TapRecord } from './tap.js';

export interface EngineRanges {
  /** End offsets before Storm ran, after Storm ran, after Flink ran. */
  beforeStorm: TopicOffsets;
  afterStorm: TopicOffsets;
  afterFlink: TopicOffsets;
}

/** Topics whose end offset grew between the two snapshots (topics new in `after` count when not empty). */
export function grownTopics(before: TopicOffsets, after: TopicOffsets): string[] {
  const out: string[] = [];
  for (const [topic, parts] of after) {
    for (const [p, end] of parts) {
      if (end > (before.get(topic)?.get(p) ?? 0n)) {
        out.push(topic);
        break;
      }
    }
  }
  return out.sort();
}

/** Reads the topics once and splits their records by engine: `kafka:<topic>` / `records` / [key, value]. */
export async function outputTaps(bootstrapServers: string, topics: string[], ranges: EngineRanges): Promise<{ storm: TapRecord[]; flink: TapRecord[] }> {
  const storm: TapRecord[] = [];
  const flink: TapRecord[] = [];
  if (topics.length === 0) return { storm, flink };
  const at = (o: TopicOffsets, t: string, p: number) => o.get(t)?.get(p) ?? 0n;
  const records = await readTopics(bootstrapServers, topics);
  // Offset order within a partition; partitions in order (the comparison is per multiset anyway).
  records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  for (const r of records) {
    const off = BigInt(r.offset);
    const side =
      off < at(ranges.beforeStorm, r.topic, r.partition)
        ? null
        : off < at(ranges.afterStorm, r.topic, r.partition)
          ? storm
          : off < at(ranges.afterFlink, r.topic, r.partition)
            ? flink
            : null;
    if (!side) continue;
    side.push({
      component: `kafka:${r.topic}`,
      stream: 'records',
      task: r.partition,
      seq: side.length,
      values: [bytesValue(r.keyBytes), bytesValue(r.valueBytes)],
      fields: ['key', 'value'],
    });
  }
  return { storm, flink };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** As the Java tap maps byte[]: a UTF-8 string when it decodes cleanly, else {base64}. */
export function bytesValue(b: Buffer | null): unknown {
  if (b === null) return null;
  try {
    return utf8.decode(b);
  } catch {
    return { base64: b.toString('base64') };
  }
}
