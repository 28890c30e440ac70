// Sample data for verify: JSON lines, CSV with a header row, or plain lines (format by extension).
// The convention (also in src/diff/README.md):
//  - .jsonl/.ndjson/.json: one JSON value per line. An object whose keys are all among
//    key/value/timestamp/topic and that has "value" is an envelope; any other value is the record itself.
//  - .csv: header row; columns named key, timestamp and topic are metadata, the others the record
//    (a single column named value is the value as-is).
//  - anything else: each line is one record (a string).
// Blank lines are skipped everywhere. Positions in diagnostics are 1-based file:line:column.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../model/topology.js';
import { diagnostic } from '../model/diagnostics.js';

export type SampleFormat = 'jsonl' | 'csv' | 'lines';

export interface SampleRecord {
  file: string;
  line: number;
  /** Kafka key; null when absent. */
  key: string | null;
  /** Kafka value: a string as-is, anything else as compact JSON. */
  value: string;
  /** The structured record, for a replay spout that maps it onto its output fields. */
  data: unknown;
  /** Epoch milliseconds, null when absent. */
  timestamp: number | null;
  /** Explicit target topic or spout, null when the file decides. */
  topic: string | null;
  /** A replay line ({"values", "stream"?, "task"?}, as verify writes captured input): the values are the tuple, typed. */
  route?: { stream?: string; task?: number; direct?: number };
}

export interface SampleFile {
  file: string;
  format: SampleFormat;
  records: SampleRecord[];
  diagnostics: Diagnostic[];
}

const META = new Set(['key', 'value', 'timestamp', 'topic']);

export function formatOf(file: string): SampleFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return 'lines';
}

/** Epoch ms from a number, a digit string, or an ISO-8601 date-time; null when invalid. */
export function parseTimestamp(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : null;
  }
  // Date.parse accepts too much ("1", "May 1"): require an ISO date first.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function stringValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Offset of the first JSON syntax error in `t` (V8's messages in Node 20 often carry no position).
 * A small validator, run only after JSON.parse has failed. Points at the start of the offending token.
 */
export function jsonErrorOffset(t: string): number {
  let i = 0;
  class Bad {
    constructor(readonly at: number) {}
  }
  const ws = () => {
    while (i < t.length && ' \t\r\n'.includes(t[i]!)) i++;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{') {
      i++;
      ws();
      if (t[i] === '}') return void i++;
      for (;;) {
        ws();
        if (t[i] !== '"') throw new Bad(i);
        str();
        ws();
        if (t[i] !== ':') throw new Bad(i);
        i++;
        value();
        ws();
        if (t[i] === ',') i++;
        else if (t[i] === '}') return void i++;
        else throw new Bad(i);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (t[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (t[i] === ',') i++;
        else if (t[i] === ']') return void i++;
        else throw new Bad(i);
      }
    }
    if (c === '"') return str();
    const start = i;
    for (const lit of ['true', 'false', 'null']) {
      if (t.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(i));
    if (m && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return;
    }
    throw new Bad(start);
  };
  const str = () => {
    const start = i;
    i++;
    while (i < t.length) {
      const c = t[i]!;
      if (c === '"') return void i++;
      if (c === '\\') {
        if (t[i + 1] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6)) : !'"\\/bfnrt'.includes(t[i + 1] ?? 'x')) throw new Bad(i);
        i += t[i + 1] === 'u' ? 6 : 2;
        continue;
      }
      if (c < ' ') throw new Bad(i);
      i++;
    }
    throw new Bad(start);
  };
  try {
    value();
    ws();
    return i < t.length ? i : -1;
  } catch (e) {
    if (e instanceof Bad) return e.at;
    throw e;
  }
}

/** Column (1-based, in characters) of a JSON syntax error in one line. */
function jsonErrorColumn(text: string): number {
  const at = jsonErrorOffset(text);
  return at < 0 ? 1 : [...text.slice(0, at)].length + 1;
}

function firstNonSpaceColumn(text: string): number {
  const m = /^\s*/.exec(text);
  return (m ? [...m[0]].length : 0) + 1;
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

const REPLAY_KEYS = new Set(['values', 'stream', 'task', 'direct']);

/** {"values": [...], "stream"?, "task"?} and nothing else: a replay line (verify's captured input is made of them). */
function isReplayLine(v: unknown): v is { values: unknown[]; stream?: unknown; task?: unknown; direct?: unknown } {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Array.isArray((v as { values?: unknown }).values) &&
    Object.keys(v).every((k) => REPLAY_KEYS.has(k))
  );
}

export function parseJsonLines(file: string, text: string): SampleFile {
  const records: SampleRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      diagnostics.push(diagnostic('sample-json-syntax', { file, line, column: jsonErrorColumn(raw) }, `invalid JSON: ${msg}`));
      return;
    }
    const col = firstNonSpaceColumn(raw);
    if (isReplayLine(v)) {
      const { stream, task, direct, values } = v;
      if (stream !== undefined && (typeof stream !== 'string' || stream === '')) {
        diagnostics.push(
          diagnostic('sample-bad-replay-line', { file, line, column: col }, `"stream" must be a non-empty string, not ${JSON.stringify(stream)}`),
        );
        return;
      }
      if (task !== undefined && !(typeof task === 'number' && Number.isInteger(task) && task >= 0)) {
        diagnostics.push(
          diagnostic('sample-bad-replay-line', { file, line, column: col }, `"task" must be a spout task index (0 or more), not ${JSON.stringify(task)}`),
        );
        return;
      }
      if (direct !== undefined && !(typeof direct === 'number' && Number.isInteger(direct) && direct >= 0)) {
        diagnostics.push(
          diagnostic(
            'sample-bad-replay-line',
            { file, line, column: col },
            `"direct" must be the task id an emitDirect went to, not ${JSON.stringify(direct)}`,
          ),
        );
        return;
      }
      const route = {
        ...(stream !== undefined ? { stream: stream as string } : {}),
        ...(task !== undefined ? { task: task as number } : {}),
        ...(direct !== undefined ? { direct: direct as number } : {}),
      };
      records.push({ file, line, key: null, value: stringValue(values), data: values, timestamp: null, topic: null, route });
      return;
    }
    const isEnvelope = v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v && Object.keys(v).every((k) => META.has(k));
    if (!isEnvelope) {
      records.push({ file, line, key: null, value: stringValue(v), data: v, timestamp: null, topic: null });
      return;
    }
    const env = v as Record<string, unknown>;
    let key: string | null = null;
    if (env.key !== undefined && env.key !== null) {
      if (typeof env.key === 'string') key = env.key;
      else if (typeof env.key === 'number' && Number.isFinite(env.key)) key = String(env.key);
      else {
        diagnostics.push(diagnostic('sample-bad-key', { file, line, column: col }, `"key" must be a string, a number or null, not ${JSON.stringify(env.key)}`));
        return;
      }
    }
    let timestamp: number | null = null;
    if (env.timestamp !== undefined && env.timestamp !== null) {
      timestamp = parseTimestamp(env.timestamp);
      if (timestamp === null) {
        diagnostics.push(
          diagnostic(
            'sample-bad-timestamp',
            { file, line, column: col },
            `"timestamp" ${JSON.stringify(env.timestamp)} is neither epoch milliseconds nor an ISO-8601 date-time`,
          ),
        );
        return;
      }
    }
    let topic: string | null = null;
    if (env.topic !== undefined && env.topic !== null) {
      if (typeof env.topic !== 'string' || env.topic === '') {
        diagnostics.push(diagnostic('sample-no-target', { file, line, column: col }, `"topic" must be a non-empty string`));
        return;
      }
      topic = env.topic;
    }
    records.push({ file, line, key, value: stringValue(env.value), data: env.value, timestamp, topic });
  });
  return { file, format: 'jsonl', records, diagnostics };
}

interface CsvRow {
  line: number;
  cells: string[];
  /** 1-based column where each cell starts (for diagnostics). */
  columns: number[];
}

/** RFC 4180: quoted fields may hold commas, "" and line breaks; rows start on their first line. */
export function parseCsvRows(file: string, text: string): { rows: CsvRow[]; diagnostics: Diagnostic[] } {
  const src = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  while (i < src.length) {
    // One row.
    const row: CsvRow = { line, cells: [], columns: [] };
    let rowBlank = true;
    for (;;) {
      const cellCol = col;
      let cell = '';
      if (src[i] === '"') {
        rowBlank = false;
        const openLine = line;
        const openCol = col;
        i++;
        col++;
        let closed = false;
        while (i < src.length) {
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              cell += '"';
              i += 2;
              col += 2;
              continue;
            }
            i++;
            col++;
            closed = true;
            break;
          }
          if (c === '\n') {
            line++;
            col = 1;
          } else col++;
          cell += c;
          i++;
        }
        if (!closed) {
          diagnostics.push(diagnostic('sample-csv-syntax', { file, line: openLine, column: openCol }, 'unterminated quoted field'));
          return { rows, diagnostics };
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          diagnostics.push(diagnostic('sample-csv-syntax', { file, line, column: col }, `unexpected ${JSON.stringify(src[i])} after a closing quote`));
          // Skip to the end of the line and go on with the next row.
          while (i < src.length && src[i] !== '\n') i++;
          row.cells = [];
          break;
        }
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          if (src[i] === '"') {
            diagnostics.push(
              diagnostic('sample-csv-syntax', { file, line, column: col }, 'a quote inside an unquoted field (quote the whole field and double the quote)'),
            );
          }
          cell += src[i];
          i++;
          col++;
        }
        if (cell !== '') rowBlank = false;
      }
      row.cells.push(cell);
      row.columns.push(cellCol);
      if (src[i] === ',') {
        rowBlank = false;
        i++;
        col++;
        continue;
      }
      break;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') i++;
    line++;
    col = 1;
    if (!rowBlank && row.cells.length > 0) rows.push(row);
  }
  return { rows, diagnostics };
}

export function parseCsv(file: string, text: string): SampleFile {
  const { rows, diagnostics } = parseCsvRows(file, text);
  const records: SampleRecord[] = [];
  const [header, ...body] = rows;
  if (!header) return { file, format: 'csv', records, diagnostics };
  const names = header.cells.map((c) => c.trim());
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '' || seen.has(n)) {
      diagnostics.push(
        diagnostic(
          'sample-csv-syntax',
          { file, line: header.line, column: header.columns[i] ?? 1 },
          n === '' ? 'empty column name in the header row' : `duplicate column name "${n}" in the header row`,
        ),
      );
    }
    seen.add(n);
  });
  const dataCols = names.filter((n) => !META.has(n) || n === 'value');
  const onlyValue = dataCols.length === 1 && dataCols[0] === 'value';
  for (const row of body) {
    if (row.cells.length !== names.length) {
      const col = row.cells.length > names.length ? (row.columns[names.length] ?? 1) : (row.columns.at(-1) ?? 1);
      diagnostics.push(
        diagnostic(
          'sample-csv-syntax',
          { file, line: row.line, column: col },
          `expected ${names.length} columns as in the header row, found ${row.cells.length}`,
        ),
      );
      continue;
    }
    const at = (n: string) => names.indexOf(n);
    let key: string | null = null;
    let timestamp: number | null = null;
    let topic: string | null = null;
    let bad = false;
    if (at('key') >= 0) key = row.cells[at('key')] === '' ? null : row.cells[at('key')]!;
    if (at('timestamp') >= 0 && row.cells[at('timestamp')] !== '') {
      timestamp = parseTimestamp(row.cells[at('timestamp')]);
      if (timestamp === null) {
        diagnostics.push(
          diagnostic(
            'sample-bad-timestamp',
            { file, line: row.line, column: row.columns[at('timestamp')] ?? 1 },
            `timestamp ${JSON.stringify(row.cells[at('timestamp')])} is neither epoch milliseconds nor an ISO-8601 date-time`,
          ),
        );
        bad = true;
      }
    }
    if (at('topic') >= 0 && row.cells[at('topic')] !== '') topic = row.cells[at('topic')]!;
    if (bad) continue;
    const data: Record<string, string> = {};
    for (const n of dataCols) data[n] = row.cells[at(n)]!;
    const value = onlyValue ? data.value! : dataCols.map((n) => csvCell(data[n]!)).join(',');
    records.push({ file, line: row.line, key, value, data: onlyValue ? data.value : data, timestamp, topic });
  }
  return { file, format: 'csv', records, diagnostics };
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function parseLines(file: string, text: string): SampleFile {
  const records: SampleRecord[] = [];
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    records.push({ file, line: i + 1, key: null, value: raw, data: raw, timestamp: null, topic: null });
  });
  return { file, format: 'lines', records, diagnostics: [] };
}

export function parseSample(file: string, text: string, format: SampleFormat = formatOf(file)): SampleFile {
  const f = format === 'jsonl' ? parseJsonLines(file, text) : format === 'csv' ? parseCsv(file, text) : parseLines(file, text);
  if (f.records.length === 0 && f.diagnostics.length === 0) f.diagnostics.push(diagnostic('sample-empty', { file }, `${file} holds no record`));
  return f;
}

/**
 * The sample files of a folder: its regular files, not hidden ones, that hold text; sub-folders are not read (a
 * data/ of docker volumes holds no samples). verify's choice to capture instead asks the same question.
 */
export function sampleFilesIn(dir: string): string[] {
  return filesIn(dir).filter((f) => notText(f) === null);
}

/** A folder's regular files that are not hidden, sorted. */
function filesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => path.join(dir, d.name))
    .sort();
}

const TEXT_PROBE_BYTES = 64 * 1024;

/**
 * Why a file is not text (a NUL byte, or bytes that are not UTF-8, in its first 64 KiB), or null when it is.
 * The content decides, not the extension: a spreadsheet kept in data/ for other uses (an .xlsx is a zip) would
 * otherwise be replayed as thousands of garbage lines, and a `.dat` of text lines is data.
 */
export function notText(file: string): string | null {
  const buf = Buffer.alloc(TEXT_PROBE_BYTES);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, buf, 0, buf.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const block = buf.subarray(0, n);
  const nul = block.indexOf(0);
  if (nul >= 0) return `a NUL byte at offset ${nul}`;
  try {
    // stream: a character cut by the end of the block is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(block, { stream: n === TEXT_PROBE_BYTES });
  } catch {
    return 'bytes that are not UTF-8';
  }
  return null;
}

/** One info diagnostic naming the files of a folder (or the file given) that are not text, or null for none. */
export function skippedNotText(p: string, cwd: string = process.cwd()): Diagnostic | null {
  if (!fs.existsSync(p)) return null;
  const files = fs.statSync(p).isDirectory() ? filesIn(p) : [p];
  const skipped = files.flatMap((f) => {
    const why = notText(f);
    return why ? [`${path.basename(f)} (${why})`] : [];
  });
  if (skipped.length === 0) return null;
  const shown = path.relative(cwd, p) || '.';
  return diagnostic(
    'sample-not-text',
    { file: shown },
    `${skipped.length === 1 ? 'a file' : `${skipped.length} files`} in ${shown} ${skipped.length === 1 ? 'is' : 'are'} not text and not read as sample data: ${skipped.join(', ')}`,
  );
}

/** Expands folders (their text files, sorted, hidden files skipped) and reads every sample file. */
export function readSamples(paths: string[], opts: { format?: SampleFormat; cwd?: string } = {}): SampleFile[] {
  const cwd = opts.cwd ?? process.cwd();
  const out: SampleFile[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const shown = path.relative(cwd, abs) || p;
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      out.push({
        file: shown,
        format: opts.format ?? formatOf(p),
        records: [],
        diagnostics: [diagnostic('sample-not-found', { file: shown }, `sample data ${shown} does not exist`)],
      });
      continue;
    }
    const files = st.isDirectory() ? sampleFilesIn(abs) : notText(abs) === null ? [abs] : [];
    const skipped = skippedNotText(abs, cwd);
    if (files.length === 0) {
      const what = st.isDirectory() ? `the folder ${shown} holds no sample file` : `${shown} is not a sample file`;
      out.push({
        file: shown,
        format: 'lines',
        records: [],
        diagnostics: [diagnostic('sample-not-found', { file: shown }, `${what}${skipped ? ' (not text)' : ''}`), ...(skipped ? [skipped] : [])],
      });
    } else if (skipped) out.push({ file: shown, format: 'lines', records: [], diagnostics: [skipped] });
    for (const f of files) {
      const rel = path.relative(cwd, f) || f;
      out.push(parseSample(rel, fs.readFileSync(f, 'utf8'), opts.format));
    }
  }
  return out;
}
