// The tap format both engines write: one JSON object per line per emitted tuple (src/diff/README.md).
import * as fs from 'node:fs';
import { CouldNotRun } from './jvm.js';

export const TAP_VERSION = 1 as const;

export interface TapRecord {
  /** Emitting component id (spout or bolt), or `kafka:<topic>` for a record read back from an output topic. */
  component: string;
  /** Stream id; `default` for Storm's default stream. */
  stream: string;
  /** Emitting task id (informational: Storm and Flink number tasks differently). */
  task?: number;
  /** The tuple's values, in the stream's declared field order. */
  values: unknown[];
  /** Emit order within the writer (one counter per tap file); file order when absent. */
  seq?: number;
  /** Declared field names of the stream; optional, lets --ignore-fields work without a model. */
  fields?: string[];
}

export type Engine = 'storm' | 'flink';

function isRecord(v: unknown): v is TapRecord {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.component === 'string' &&
    typeof o.stream === 'string' &&
    Array.isArray(o.values) &&
    (o.task === undefined || typeof o.task === 'number') &&
    (o.seq === undefined || typeof o.seq === 'number') &&
    (o.fields === undefined || (Array.isArray(o.fields) && o.fields.every((f) => typeof f === 'string')))
  );
}

/** Parses tap text; a malformed line is an engine-side bug, so it stops the run (exit 2) with its position. */
export function parseTap(text: string, file: string, engine: Engine): TapRecord[] {
  const out: TapRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      // A torn last line means the writer was killed mid-write; everything before it is intact.
      if (i >= lines.length - 2) break;
      throw new CouldNotRun('verify-tap-unreadable', `the ${engine} tap ${file}:${i + 1} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!isRecord(v))
      throw new CouldNotRun('verify-tap-unreadable', `the ${engine} tap ${file}:${i + 1} is not a tap record {component, stream, values, task?, seq?}`);
    out.push(v);
  }
  return out;
}

/** Records of all files, in emit order within each file (the order compare uses for order per key). */
export function readTap(files: string[], engine: Engine): TapRecord[] {
  const out: TapRecord[] = [];
  for (const f of files) {
    if (!fs.existsSync(f)) throw new CouldNotRun('verify-tap-unreadable', `the ${engine} side wrote no tap file ${f}`);
    // Writers may flush out of order; seq restores emit order within one file.
    const recs = parseTap(fs.readFileSync(f, 'utf8'), f, engine);
    if (recs.every((r) => r.seq !== undefined)) recs.sort((a, b) => a.seq! - b.seq!);
    for (const r of recs) out.push(r);
  }
  return out;
}
