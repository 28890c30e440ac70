// Compare the Storm tap with the Flink tap, per (component, stream).
// - multiset equality of tuples (after --ignore-fields, with a numeric tolerance);
// - for streams consumed through a fields grouping, the order per key must match too (Storm and Flink
//   hash keys to different tasks, so order is compared per key, never per task);
// - at-least-once mode (after an injected failure): Flink may hold duplicates, never a missing tuple;
// - the first diverging component in topological order is named.
import type { Edge, Topology } from '../model/topology.js';
import type { TapRecord } from './tap.js';

export const DIFF_VERSION = 1 as const;

export type StreamVerdict = 'equal' | 'duplicates' | 'missing' | 'extra' | 'different' | 'reordered';

export interface ReorderSample {
  key: unknown[];
  /** Index in the per-key sequence where the two sides first differ. */
  index: number;
  storm: unknown[][];
  flink: unknown[][];
}

export interface StreamDiff {
  component: string;
  stream: string;
  storm: number;
  flink: number;
  verdict: StreamVerdict;
  ok: boolean;
  /** Storm tuples with no Flink counterpart. */
  missing: number;
  /** Flink tuples with no Storm counterpart (duplicates excluded in at-least-once mode). */
  extra: number;
  /** Flink tuples accepted as at-least-once duplicates. */
  duplicates: number;
  fieldsGrouped: boolean;
  orderChecked: boolean;
  /** Compared by count and last value per key (inputs from several tasks: running values depend on interleaving). */
  lastPerKey?: boolean;
  notes: string[];
  samples: { missing: unknown[][]; extra: unknown[][]; reordered?: ReorderSample };
}

export interface DiffResult {
  version: typeof DIFF_VERSION;
  equivalent: boolean;
  mode: 'exact' | 'at-least-once';
  tolerance: number;
  ignoreFields: string[];
  totals: { storm: number; flink: number };
  /** In topological order of the emitting component, then by stream id. */
  streams: StreamDiff[];
  firstDivergence: { component: string; stream: string; verdict: StreamVerdict } | null;
  notes: string[];
}

export interface CompareOptions {
  /** Components and edges: topological order, fields-grouped streams, field names. */
  topology?: Pick<Topology, 'components' | 'edges'>;
  /** `field` (any stream declaring it) or `component.field`. */
  ignoreFields?: string[];
  /** Numbers a and b are equal when |a−b| ≤ tolerance·max(1, |a|, |b|). Default 0 (exact). */
  tolerance?: number;
  /** Allow duplicates on the Flink side (replay after a restore), never a missing tuple. */
  atLeastOnce?: boolean;
  /** Sample tuples kept per direction per stream. Default 5. */
  sampleLimit?: number;
  /** Also compare streams of `__` system components and streams. Default false. */
  includeSystem?: boolean;
}

// `__` components and streams, and Storm's checkpointing of stateful bolts ($checkpointspout, $checkpoint).
const isSystem = (s: string) => s.startsWith('__') || s === '$checkpointspout' || s === '$checkpoint';

/** Stable JSON with sorted object keys, so equal values always give the same text. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && Object.is(v, -0)) return '0';
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export function nearlyEqual(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => nearlyEqual(x, bb[i], tol));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).sort();
  const bk = Object.keys(bo).sort();
  return ak.length === bk.length && ak.every((k, i) => k === bk[i] && nearlyEqual(ao[k], bo[k], tol));
}

/** Kahn's algorithm over the edges; ties and cycles resolved by declaration order. */
export function topologicalOrder(topology: Pick<Topology, 'components' | 'edges'>): string[] {
  const ids = topology.components.map((c) => c.id);
  for (const e of topology.edges) for (const id of [e.from, e.to]) if (!ids.includes(id)) ids.push(id);
  const indeg = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of topology.edges) {
    if (e.from === e.to) continue;
    indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
    next.get(e.from)!.push(e.to);
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < ids.length) {
    let pick = ids.find((id) => !done.has(id) && indeg.get(id) === 0);
    // A cycle: take the first remaining component in declaration order and go on.
    pick ??= ids.find((id) => !done.has(id))!;
    done.add(pick);
    order.push(pick);
    for (const n of next.get(pick)!) indeg.set(n, (indeg.get(n) ?? 0) - 1);
  }
  return order;
}

interface StreamKey {
  component: string;
  stream: string;
}
const keyOf = (r: StreamKey) => `${r.component}\u0000${r.stream}`;

function group(records: TapRecord[], includeSystem: boolean): Map<string, TapRecord[]> {
  const m = new Map<string, TapRecord[]>();
  for (const r of records) {
    if (!includeSystem && (isSystem(r.component) || isSystem(r.stream))) continue;
    const k = keyOf(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Declared fields per stream: the model first, then any `fields` carried by tap records. */
function fieldNames(opts: CompareOptions, storm: TapRecord[], flink: TapRecord[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const c of opts.topology?.components ?? []) for (const s of c.outputStreams) m.set(keyOf({ component: c.id, stream: s.id }), s.fields);
  for (const r of [...storm, ...flink]) if (r.fields && !m.has(keyOf(r))) m.set(keyOf(r), r.fields);
  return m;
}

function ignoredIndices(component: string, fields: string[] | undefined, ignore: string[]): Set<number> {
  const out = new Set<number>();
  if (!fields) return out;
  for (const spec of ignore) {
    const dot = spec.lastIndexOf('.');
    const comp = dot > 0 ? spec.slice(0, dot) : null;
    const name = dot > 0 ? spec.slice(dot + 1) : spec;
    if (comp !== null && comp !== component) continue;
    fields.forEach((f, i) => f === name && out.add(i));
  }
  return out;
}

/** Matches `a` against `b` as multisets: exact canonical matches first, then pairs within the tolerance. */
function matchMultisets(a: unknown[][], b: unknown[][], tol: number): { unmatchedA: number[]; unmatchedB: number[] } {
  const buckets = new Map<string, number[]>();
  b.forEach((t, i) => {
    const k = canonical(t);
    const l = buckets.get(k);
    if (l) l.push(i);
    else buckets.set(k, [i]);
  });
  const usedB = new Set<number>();
  const unmatchedA: number[] = [];
  a.forEach((t, i) => {
    const l = buckets.get(canonical(t));
    const j = l?.shift();
    if (j === undefined) unmatchedA.push(i);
    else usedB.add(j);
  });
  let unmatchedB = b.map((_, i) => i).filter((i) => !usedB.has(i));
  if (tol > 0 && unmatchedA.length > 0 && unmatchedB.length > 0) {
    // Quadratic only over what exact matching left over.
    const stillA: number[] = [];
    const freeB = new Set(unmatchedB);
    for (const i of unmatchedA) {
      let found: number | undefined;
      for (const j of freeB) {
        if (nearlyEqual(a[i], b[j], tol)) {
          found = j;
          break;
        }
      }
      if (found === undefined) stillA.push(i);
      else freeB.delete(found);
    }
    return { unmatchedA: stillA, unmatchedB: [...freeB] };
  }
  return { unmatchedA, unmatchedB };
}

function fieldsGroupings(edges: Edge[], component: string, stream: string): Edge[] {
  return edges.filter((e) => e.from === component && e.stream === stream && (e.grouping === 'fields' || e.grouping === 'partial-key'));
}

function project(t: unknown[], idx: number[]): unknown[] {
  return idx.map((i) => t[i]);
}

export function compareTaps(stormRecords: TapRecord[], flinkRecords: TapRecord[], opts: CompareOptions = {}): DiffResult {
  const tol = opts.tolerance ?? 0;
  const ignore = opts.ignoreFields ?? [];
  const limit = opts.sampleLimit ?? 5;
  const includeSystem = opts.includeSystem ?? false;
  const edges = opts.topology?.edges ?? [];
  const storm = group(stormRecords, includeSystem);
  const flink = group(flinkRecords, includeSystem);
  const names = fieldNames(opts, stormRecords, flinkRecords);
  const notes: string[] = [];
  const unusedIgnores = new Set(ignore);

  const keys = new Set([...storm.keys(), ...flink.keys()]);
  const order = opts.topology ? topologicalOrder(opts.topology) : [];
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i < 0 ? order.length : i;
  };
  const sorted = [...keys]
    .map((k) => {
      const [component, stream] = k.split('\u0000') as [string, string];
      return { k, component, stream };
    })
    .sort(
      (x, y) =>
        rank(x.component) - rank(y.component) ||
        (x.component < y.component ? -1 : x.component > y.component ? 1 : 0) ||
        (x.stream < y.stream ? -1 : x.stream > y.stream ? 1 : 0),
    );

  const streams: StreamDiff[] = [];
  for (const { k, component, stream } of sorted) {
    const fields = names.get(k);
    const drop = ignoredIndices(component, fields, ignore);
    for (const spec of ignore) if (ignoredIndices(component, fields, [spec]).size > 0) unusedIgnores.delete(spec);
    const strip = (r: TapRecord) => (drop.size ? r.values.filter((_, i) => !drop.has(i)) : r.values);
    const s = (storm.get(k) ?? []).map(strip);
    const f = (flink.get(k) ?? []).map(strip);
    const d: StreamDiff = {
      component,
      stream,
      storm: s.length,
      flink: f.length,
      verdict: 'equal',
      ok: true,
      missing: 0,
      extra: 0,
      duplicates: 0,
      fieldsGrouped: false,
      orderChecked: false,
      notes: [],
      samples: { missing: [], extra: [] },
    };
    if (drop.size) d.notes.push(`ignored: ${[...drop].map((i) => fields![i]).join(', ')}`);

    const { unmatchedA, unmatchedB } = matchMultisets(s, f, tol);
    d.missing = unmatchedA.length;
    d.samples.missing = unmatchedA.slice(0, limit).map((i) => s[i]!);
    // Flink indices kept for the order check (at-least-once drops the accepted duplicates).
    let flinkKept = f.map((_, i) => i);
    if (opts.atLeastOnce && unmatchedB.length > 0) {
      // An unmatched Flink tuple is a duplicate when an equal tuple occurs in Storm.
      const stormSet = s.map(canonical);
      const present = new Set(stormSet);
      const dupIdx = unmatchedB.filter((j) => present.has(canonical(f[j])) || (tol > 0 && s.some((t) => nearlyEqual(t, f[j], tol))));
      const dupSet = new Set(dupIdx);
      d.duplicates = dupIdx.length;
      const real = unmatchedB.filter((j) => !dupSet.has(j));
      d.extra = real.length;
      d.samples.extra = real.slice(0, limit).map((j) => f[j]!);
      // Keep the first occurrences: a replay re-emits after the originals.
      const budget = new Map<string, number>();
      for (const c of stormSet) budget.set(c, (budget.get(c) ?? 0) + 1);
      flinkKept = [];
      f.forEach((t, i) => {
        const c = canonical(t);
        const left = budget.get(c) ?? 0;
        if (left > 0) {
          budget.set(c, left - 1);
          flinkKept.push(i);
        } else if (!dupSet.has(i)) flinkKept.push(i);
      });
    } else {
      d.extra = unmatchedB.length;
      d.samples.extra = unmatchedB.slice(0, limit).map((j) => f[j]!);
    }

    // Order per key on fields-grouped streams.
    const fg = fieldsGroupings(edges, component, stream);
    if (fg.length > 0) {
      d.fieldsGrouped = true;
      if (d.missing === 0 && d.extra === 0)
        checkOrder(
          d,
          fg,
          fields,
          drop,
          s,
          flinkKept.map((i) => f[i]!),
          storm.get(k) ?? [],
          flink.get(k) ?? [],
          tol,
          limit,
        );
    }

    // A bolt fed by several upstream tasks sees their tuples in an order neither engine fixes; its running
    // values (sums, "last seen") differ tuple by tuple while its last value per key and its count per key agree.
    if ((d.missing > 0 || d.extra > 0) && !opts.atLeastOnce && fields) {
      const key = orderFreeKey(component, fields, drop, edges, stormRecords);
      if (key && sameLastPerKey(s, f, key.idx, tol, !key.partial)) {
        d.notes.push(
          key.partial
            ? `${d.missing} tuple(s) differ only in partial values: a partial-key grouping splits each ${key.names.join(', ')} between two tasks by their load, which neither engine fixes; compared by count per ${key.names.join(', ')} instead — equal`
            : `${d.missing} tuple(s) differ only in running values: ${component} receives from ${key.tasks} upstream tasks, whose interleaving neither engine fixes; compared by count and last value per ${key.names.join(', ')} instead — equal`,
        );
        d.missing = 0;
        d.extra = 0;
        d.samples = { missing: [], extra: [] };
        d.lastPerKey = true;
      }
    }

    // A bolt of several tasks fed at random (shuffle) keeps its state per task: which task counted which tuple differs
    // between any two runs, Storm's own included. Not provable here; said, so the reader knows where to look.
    if (d.missing > 0 || d.extra > 0) {
      const why = randomlySpread(component, edges, stormRecords, flinkRecords);
      if (why)
        d.notes.push(
          `${component} gets its input through a ${why.grouping} grouping spread over ${why.tasks} tasks, each task picked at random on both engines (two Storm runs differ too): if it keeps state per task (a count, a last value), its values differ for that reason and not the translation's; give it one task, or a fields grouping on its key, to compare it`,
        );
    }

    // One task fed by several upstream tasks whose streams agreed: what it computes from their interleaving (a running
    // total, a ranking with ties) differs between any two runs that interleave differently, Storm's own included.
    // Said with what still agrees; not relaxed: a wrong value in a stateless bolt would look the same.
    if ((d.missing > 0 || d.extra > 0) && !opts.atLeastOnce) {
      const n = interleavedInputs(component, edges, stormRecords);
      if (n > 1) {
        const sameEnd = s.length === f.length && s.length > 0 && nearlyEqual(s[s.length - 1], f[f.length - 1], tol);
        d.notes.push(
          `${component} runs as one task fed by ${n} upstream tasks, whose interleaving neither engine fixes (two Storm runs may differ too): if it keeps a running value (a total, a ranking), its tuples differ for that reason and not the translation's${sameEnd ? `; here both engines emitted ${s.length} tuples and the same last one` : ''}`,
        );
      }
    }

    if (d.missing > 0 && d.extra > 0) d.verdict = 'different';
    else if (d.missing > 0) d.verdict = 'missing';
    else if (d.extra > 0) d.verdict = 'extra';
    else if (d.samples.reordered) d.verdict = 'reordered';
    else if (d.duplicates > 0) d.verdict = 'duplicates';
    d.ok = d.verdict === 'equal' || d.verdict === 'duplicates';
    if (d.verdict === 'duplicates') d.notes.push(`${d.duplicates} duplicate(s) accepted: at-least-once after a restore`);
    streams.push(d);
  }

  for (const spec of unusedIgnores) notes.push(`--ignore-fields ${spec} matched no field of any stream`);
  if (opts.atLeastOnce) notes.push('at-least-once: duplicates on the Flink side are accepted, missing tuples are not');
  const first = streams.find((s) => !s.ok);
  return {
    version: DIFF_VERSION,
    equivalent: !first,
    mode: opts.atLeastOnce ? 'at-least-once' : 'exact',
    tolerance: tol,
    ignoreFields: ignore,
    totals: { storm: stormRecords.length, flink: flinkRecords.length },
    streams,
    firstDivergence: first ? { component: first.component, stream: first.stream, verdict: first.verdict } : null,
    notes,
  };
}

/**
 * The key of a bolt's output when its input interleaving is free: the fields of a fields grouping into it that
 * its output also carries: for a fields grouping, when the Storm tap shows tuples reaching it from more than one
 * upstream task; for a partial-key grouping, always.
 */
function orderFreeKey(
  component: string,
  fields: string[],
  drop: Set<number>,
  edges: Edge[],
  storm: TapRecord[],
): { idx: number[]; names: string[]; tasks: number; partial: boolean } | null {
  const inputs = inputEdges(component, edges);
  const upstream = upstreamTasks(inputs, storm);
  const kept = fields.map((_, i) => i).filter((i) => !drop.has(i));
  for (const e of inputs) {
    if ((e.grouping !== 'fields' && e.grouping !== 'partial-key') || !e.fields?.length) continue;
    // A partial-key split follows the load each sender saw, i.e. how tuples spread over upstream tasks,
    // which differs between engines even with one sender; a fields grouping is ordered when one task sends.
    if (e.grouping === 'fields' && upstream.size < 2) continue;
    const idx = e.fields.map((n) => kept.indexOf(fields.indexOf(n)));
    if (idx.every((i) => i >= 0)) return { idx, names: e.fields, tasks: upstream.size, partial: e.grouping === 'partial-key' };
  }
  return null;
}

/** The edges into a component from other components. */
function inputEdges(component: string, edges: Edge[]): Edge[] {
  return edges.filter((e) => e.to === component && e.from !== component);
}

/** The upstream tasks the Storm tap shows sending on those edges ("component\0task"). */
function upstreamTasks(inputs: Edge[], storm: TapRecord[]): Set<string> {
  const upstream = new Set<string>();
  for (const r of storm) if (inputs.some((e) => e.from === r.component && e.stream === r.stream)) upstream.add(`${r.component}\u0000${r.task ?? -1}`);
  return upstream;
}

/** How many upstream tasks feed a component that runs as one task (0 when it has several, or no input in the tap). */
function interleavedInputs(component: string, edges: Edge[], storm: TapRecord[]): number {
  const upstream = upstreamTasks(inputEdges(component, edges), storm);
  const own = new Set(storm.filter((r) => r.component === component).map((r) => r.task ?? -1));
  return own.size === 1 ? upstream.size : 0;
}

/** The random grouping a component with several tasks receives through, if any. */
function randomlySpread(component: string, edges: Edge[], storm: TapRecord[], flink: TapRecord[]): { grouping: string; tasks: number } | null {
  const e = edges.find(
    (x) => x.to === component && x.from !== component && (x.grouping === 'shuffle' || x.grouping === 'local-or-shuffle' || x.grouping === 'none'),
  );
  if (!e) return null;
  const tasks = (records: TapRecord[]) => new Set(records.filter((r) => r.component === component && r.task !== undefined).map((r) => r.task)).size;
  const n = Math.max(tasks(storm), tasks(flink));
  return n > 1 ? { grouping: e.grouping, tasks: n } : null;
}

function sameLastPerKey(s: unknown[][], f: unknown[][], idx: number[], tol: number, last: boolean): boolean {
  const summary = (rows: unknown[][]) => {
    const m = new Map<string, { n: number; last: unknown[] }>();
    for (const t of rows) {
      const k = canonical(project(t, idx));
      const e = m.get(k);
      if (e) {
        e.n++;
        e.last = t;
      } else m.set(k, { n: 1, last: t });
    }
    return m;
  };
  const a = summary(s);
  const b = summary(f);
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || y.n !== x.n || (last && !nearlyEqual(x.last, y.last, tol))) return false;
  }
  return true;
}

function checkOrder(
  d: StreamDiff,
  edges: Edge[],
  fields: string[] | undefined,
  drop: Set<number>,
  s: unknown[][],
  f: unknown[][],
  stormRaw: TapRecord[],
  flinkRaw: TapRecord[],
  tol: number,
  limit: number,
): void {
  if (!fields) {
    d.notes.push("order per key not checked: the stream's field names are unknown");
    return;
  }
  // Positions after ignored fields were dropped.
  const kept = fields.map((_, i) => i).filter((i) => !drop.has(i));
  const keySets: number[][] = [];
  for (const e of edges) {
    const idx = (e.fields ?? []).map((name) => kept.indexOf(fields.indexOf(name)));
    if (idx.length === 0 || idx.some((i) => i < 0)) {
      d.notes.push(`order per key not checked for ${e.to}: grouping fields ${(e.fields ?? []).join(', ') || '(none)'} are not all among the compared fields`);
      continue;
    }
    if (!keySets.some((k) => canonical(k) === canonical(idx))) keySets.push(idx);
  }
  if (keySets.length === 0) return;
  // Several emitting tasks interleave freely on both engines: order per key is only defined within one task.
  const singleTask = (raw: TapRecord[]) => new Set(raw.map((r) => r.task ?? -1)).size <= 1;
  const multiTask = !singleTask(stormRaw) || !singleTask(flinkRaw);
  for (const idx of keySets) {
    const seqs = (rows: unknown[][], raw: TapRecord[] | null) => {
      const m = new Map<string, { key: unknown[]; rows: unknown[][]; tasks: Set<number> }>();
      rows.forEach((t, i) => {
        const key = project(t, idx);
        const c = canonical(key);
        let e = m.get(c);
        if (!e) m.set(c, (e = { key, rows: [], tasks: new Set() }));
        e.rows.push(t);
        if (raw) e.tasks.add(raw[i]?.task ?? -1);
      });
      return m;
    };
    const sm = seqs(s, stormRaw);
    const fm = seqs(f, f.length === flinkRaw.length ? flinkRaw : null);
    let skipped = 0;
    for (const [c, se] of sm) {
      const fe = fm.get(c);
      if (!fe) continue;
      if (multiTask && (se.tasks.size > 1 || fe.tasks.size > 1)) {
        skipped++;
        continue;
      }
      const n = Math.min(se.rows.length, fe.rows.length);
      for (let i = 0; i < n; i++) {
        if (!nearlyEqual(se.rows[i], fe.rows[i], tol)) {
          d.samples.reordered ??= {
            key: se.key,
            index: i,
            storm: se.rows.slice(i, i + limit),
            flink: fe.rows.slice(i, i + limit),
          };
          break;
        }
      }
    }
    d.orderChecked = true;
    if (skipped > 0)
      d.notes.push(`order not checked for ${skipped} key(s) emitted by several tasks (their interleaving is not deterministic on either engine)`);
  }
}

/** Where runs of the Storm side disagree with each other, and how. */
export interface SelfDivergence {
  component: string;
  stream: string;
  verdict: StreamVerdict;
  /** `tuples`: the runs' multisets differ; `order`: same tuples, another order out of one task. */
  how: 'tuples' | 'order';
}

/**
 * The Storm self-check: runs of the Storm side on the same input against the first one.
 * - Any two runs whose tuples differ (as the Flink comparison compares them) show a Storm side that varies.
 * - On a stream where Flink disagrees with the same number of tuples (values, not counts), the same tuples out
 *   of one task in another order show that the component meets its input in an order Storm does not fix (several
 *   upstream tasks interleaving); its values may depend on that order (ties ranked by arrival), so the
 *   difference from Flink proves nothing. A count mismatch is never put down to order.
 */
export function stormSelfCheck(first: TapRecord[], again: TapRecord[][], flink: DiffResult, opts: CompareOptions = {}): SelfDivergence | undefined {
  const valueDiffs = flink.streams.filter((s) => !s.ok && s.storm === s.flink);
  for (const other of again) {
    const self = compareTaps(first, other, { ...opts, atLeastOnce: false });
    if (self.firstDivergence) return { ...self.firstDivergence, how: 'tuples' };
    for (const s of valueDiffs)
      if (orderPerTaskDiffers(first, other, s, opts)) return { component: s.component, stream: s.stream, verdict: 'reordered', how: 'order' };
  }
  return undefined;
}

/** Whether one task's sequence of a stream differs between two runs (task ids are the same in two runs of one engine). */
function orderPerTaskDiffers(a: TapRecord[], b: TapRecord[], stream: StreamKey, opts: CompareOptions): boolean {
  const tol = opts.tolerance ?? 0;
  const k = keyOf(stream);
  const drop = ignoredIndices(stream.component, fieldNames(opts, a, b).get(k), opts.ignoreFields ?? []);
  const perTask = (rs: TapRecord[]) => {
    const m = new Map<number, unknown[][]>();
    for (const r of rs) {
      if (keyOf(r) !== k) continue;
      const v = drop.size ? r.values.filter((_, i) => !drop.has(i)) : r.values;
      const l = m.get(r.task ?? -1);
      if (l) l.push(v);
      else m.set(r.task ?? -1, [v]);
    }
    return m;
  };
  const y = perTask(b);
  for (const [task, xs] of perTask(a)) {
    const ys = y.get(task);
    if (ys && ys.length === xs.length && xs.some((v, i) => !nearlyEqual(v, ys[i], tol))) return true;
  }
  return false;
}
