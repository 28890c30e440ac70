import { describe, expect, test } from 'vitest';
import { canonical, compareTaps, nearlyEqual, stormSelfCheck, topologicalOrder, type CompareOptions } from '../../src/diff/compare.js';
import type { Component, Edge } from '../../src/model/topology.js';
import { parseTap, type TapRecord } from '../../src/diff/tap.js';
import { CouldNotRun } from '../../src/diff/jvm.js';

const loc = { file: 'T.java', line: 1, column: 1 };
function comp(id: string, type: 'spout' | 'bolt', streams: Record<string, string[]>): Component {
  return {
    id,
    type,
    className: null,
    parallelism: 1,
    numTasks: null,
    tickFrequencySecs: null,
    features: [],
    outputStreams: Object.entries(streams).map(([sid, fields]) => ({ id: sid, fields, direct: false })),
    source: loc,
  };
}
// words (spout) -> split (shuffle) -> count (fields word) ; count -> report (global)
const topology = {
  components: [
    comp('report', 'bolt', {}),
    comp('count', 'bolt', { default: ['word', 'count', 'ts'] }),
    comp('split', 'bolt', { default: ['word'], errors: ['line'] }),
    comp('words', 'spout', { default: ['line'] }),
  ],
  edges: [
    { from: 'words', stream: 'default', to: 'split', grouping: 'shuffle' },
    { from: 'split', stream: 'default', to: 'count', grouping: 'fields', fields: ['word'] },
    { from: 'count', stream: 'default', to: 'report', grouping: 'global' },
  ] satisfies Edge[],
};

const rec = (component: string, values: unknown[], extra: Partial<TapRecord> = {}): TapRecord => ({ component, stream: 'default', values, ...extra });

const stormSide: TapRecord[] = [
  rec('words', ['a b a']),
  rec('words', ['b c']),
  rec('split', ['a']),
  rec('split', ['b']),
  rec('split', ['a']),
  rec('split', ['b']),
  rec('split', ['c']),
  rec('count', ['a', 1, 100]),
  rec('count', ['b', 1, 101]),
  rec('count', ['a', 2, 102]),
  rec('count', ['b', 2, 103]),
  rec('count', ['c', 1, 104]),
];

function run(flink: TapRecord[], opts: CompareOptions = {}, storm = stormSide) {
  return compareTaps(storm, flink, { topology, ...opts });
}
const stream = (r: ReturnType<typeof run>, component: string, s = 'default') => r.streams.find((x) => x.component === component && x.stream === s)!;

describe('compareTaps', () => {
  test('identical taps are equivalent; streams come in topological order', () => {
    const r = run([...stormSide].reverse().map((x) => ({ ...x, task: 7 })));
    // Reversed overall, but per-key order on the fields-grouped split stream is also reversed: see below.
    expect(r.streams.map((s) => s.component)).toEqual(['words', 'split', 'count']);
    const same = run(stormSide);
    expect(same.equivalent).toBe(true);
    expect(same.firstDivergence).toBeNull();
    expect(same.streams.every((s) => s.verdict === 'equal')).toBe(true);
    expect(same.totals).toEqual({ storm: 12, flink: 12 });
  });

  test('order across keys may differ; order within a key on a fields-grouped stream may not', () => {
    // split emits a,b,a,b,c; interleaving keys differently is fine.
    const otherInterleave = stormSide.map((x) => x);
    const split = otherInterleave.filter((x) => x.component === 'split');
    const reordered = [split[0], split[2], split[1], split[3], split[4]] as TapRecord[]; // a a b b c
    const flink = [...stormSide.filter((x) => x.component !== 'split'), ...reordered];
    const ok = run(flink);
    expect(ok.equivalent).toBe(true);
    expect(stream(ok, 'split').orderChecked).toBe(true);
    expect(stream(ok, 'split').fieldsGrouped).toBe(true);

    // Within key "a" of count? count is globally grouped: order not checked there.
    const count = stormSide.filter((x) => x.component === 'count').reverse();
    const r2 = run([...stormSide.filter((x) => x.component !== 'count'), ...count]);
    expect(r2.equivalent).toBe(true);
    expect(stream(r2, 'count').fieldsGrouped).toBe(false);
  });

  test('a reordering within one key on a fields-grouped stream is caught', () => {
    const storm: TapRecord[] = [rec('split', ['a', 1]), rec('split', ['a', 2]), rec('split', ['b', 3])];
    const flink: TapRecord[] = [rec('split', ['a', 2]), rec('split', ['b', 3]), rec('split', ['a', 1])];
    const topo = {
      components: [comp('split', 'bolt', { default: ['word', 'n'] })],
      edges: [{ from: 'split', stream: 'default', to: 'count', grouping: 'fields', fields: ['word'] }] satisfies Edge[],
    };
    const r = compareTaps(storm, flink, { topology: topo });
    expect(r.equivalent).toBe(false);
    const s = stream(r, 'split');
    expect(s.verdict).toBe('reordered');
    expect(s.samples.reordered).toEqual({
      key: ['a'],
      index: 0,
      storm: [
        ['a', 1],
        ['a', 2],
      ],
      flink: [
        ['a', 2],
        ['a', 1],
      ],
    });
    expect(r.firstDivergence).toEqual({ component: 'split', stream: 'default', verdict: 'reordered' });
  });

  test('keys emitted by several tasks are not order-checked, and the report says so', () => {
    const topo = {
      components: [comp('split', 'bolt', { default: ['word', 'n'] })],
      edges: [{ from: 'split', stream: 'default', to: 'count', grouping: 'fields', fields: ['word'] }] satisfies Edge[],
    };
    const storm: TapRecord[] = [rec('split', ['a', 1], { task: 1 }), rec('split', ['a', 2], { task: 2 })];
    const flink: TapRecord[] = [rec('split', ['a', 2], { task: 0 }), rec('split', ['a', 1], { task: 1 })];
    const r = compareTaps(storm, flink, { topology: topo });
    expect(r.equivalent).toBe(true);
    expect(stream(r, 'split').notes.join()).toMatch(/order not checked for 1 key/);
  });

  test('a missing tuple names the first diverging component in topological order, with samples', () => {
    // split drops one "b": split and count both diverge; split comes first.
    const flink = stormSide.filter((x, i) => i !== 5 && i !== 10);
    const r = run(flink);
    expect(r.equivalent).toBe(false);
    expect(r.firstDivergence).toEqual({ component: 'split', stream: 'default', verdict: 'missing' });
    const s = stream(r, 'split');
    expect([s.storm, s.flink, s.missing, s.extra]).toEqual([5, 4, 1, 0]);
    expect(s.samples.missing).toEqual([['b']]);
    expect(stream(r, 'count').verdict).toBe('missing');
    expect(stream(r, 'words').verdict).toBe('equal');
  });

  test('extra and different tuples', () => {
    const extra = run([...stormSide, rec('count', ['z', 1, 105])]);
    expect(extra.firstDivergence).toEqual({ component: 'count', stream: 'default', verdict: 'extra' });
    expect(stream(extra, 'count').samples.extra).toEqual([['z', 1, 105]]);
    const changed = run(stormSide.map((x) => (x.component === 'count' && x.values[0] === 'c' ? rec('count', ['c', 2, 104]) : x)));
    const s = stream(changed, 'count');
    expect(s.verdict).toBe('different');
    expect([s.missing, s.extra]).toEqual([1, 1]);
    expect(s.samples).toMatchObject({ missing: [['c', 1, 104]], extra: [['c', 2, 104]] });
  });

  test('a stream only one side emits is a divergence (dropped stream)', () => {
    const storm = [...stormSide, { component: 'split', stream: 'errors', values: ['?'] }];
    const r = run(stormSide, {}, storm);
    expect(stream(r, 'split', 'errors')).toMatchObject({ storm: 1, flink: 0, verdict: 'missing' });
    expect(r.firstDivergence).toMatchObject({ component: 'split', stream: 'errors' });
  });

  test('numeric tolerance: absolute near zero, relative for large numbers', () => {
    const storm = [rec('count', ['a', 0.1 + 0.2, 1e12])];
    const flink = [rec('count', ['a', 0.3, 1e12 + 1])];
    expect(compareTaps(storm, flink, { topology }).equivalent).toBe(false);
    expect(compareTaps(storm, flink, { topology, tolerance: 1e-9 }).equivalent).toBe(true);
    expect(compareTaps([rec('count', ['a', 1, 0])], [rec('count', ['a', 1.01, 0])], { topology, tolerance: 1e-3 }).equivalent).toBe(false);
    expect(nearlyEqual({ x: [1, 2.0000001] }, { x: [1, 2] }, 1e-6)).toBe(true);
    expect(nearlyEqual('1', 1, 1)).toBe(false);
  });

  test('--ignore-fields by name and by component.name', () => {
    const flink = stormSide.map((x) => (x.component === 'count' ? rec('count', [x.values[0], x.values[1], 999]) : x));
    expect(run(flink).equivalent).toBe(false);
    const r = run(flink, { ignoreFields: ['ts'] });
    expect(r.equivalent).toBe(true);
    expect(stream(r, 'count').notes).toContain('ignored: ts');
    expect(run(flink, { ignoreFields: ['count.ts'] }).equivalent).toBe(true);
    const wrong = run(flink, { ignoreFields: ['split.ts'] });
    expect(wrong.equivalent).toBe(false);
    expect(wrong.notes).toContain('--ignore-fields split.ts matched no field of any stream');
  });

  test('field names carried by tap records serve when there is no model', () => {
    const s = [rec('x', ['a', 1], { fields: ['k', 't'] })];
    const f = [rec('x', ['a', 2])];
    expect(compareTaps(s, f, { ignoreFields: ['t'] }).equivalent).toBe(true);
  });

  test('at-least-once: duplicates are accepted and said so; a missing tuple still fails', () => {
    const split = stormSide.filter((x) => x.component === 'split');
    const replayed = [...stormSide, split[1]!, split[2]!];
    expect(run(replayed).firstDivergence).toMatchObject({ component: 'split', verdict: 'extra' });
    const r = run(replayed, { atLeastOnce: true });
    expect(r.equivalent).toBe(true);
    expect(r.mode).toBe('at-least-once');
    const s = stream(r, 'split');
    expect(s).toMatchObject({ verdict: 'duplicates', duplicates: 2, extra: 0, ok: true, orderChecked: true });
    expect(s.notes.join()).toMatch(/2 duplicate\(s\) accepted/);
    expect(r.notes.join()).toMatch(/duplicates .* accepted, missing tuples are not/);

    const lost = run(
      replayed.filter((x) => !(x.component === 'count' && x.values[0] === 'c')),
      { atLeastOnce: true },
    );
    expect(lost.equivalent).toBe(false);
    expect(lost.firstDivergence).toMatchObject({ component: 'count', verdict: 'missing' });

    const novel = run([...stormSide, rec('split', ['q'])], { atLeastOnce: true });
    expect(stream(novel, 'split')).toMatchObject({ verdict: 'extra', extra: 1, duplicates: 0 });
  });

  test('system components and streams are skipped unless asked for', () => {
    const storm = [...stormSide, { component: '__acker', stream: '__ack_ack', values: [1] }, { component: 'split', stream: '__ack_init', values: [1] }];
    expect(run(stormSide, {}, storm).equivalent).toBe(true);
    expect(run(stormSide, { includeSystem: true }, storm).equivalent).toBe(false);
  });

  test('canonical form ignores object key order and -0', () => {
    expect(canonical({ b: 1, a: [1, { d: 2, c: -0 }] })).toBe(canonical({ a: [1, { c: 0, d: 2 }], b: 1 }));
    const r = compareTaps([rec('x', [{ a: 1, b: 2 }])], [rec('x', [{ b: 2, a: 1 }])]);
    expect(r.equivalent).toBe(true);
  });

  test('topological order follows edges, declaration order breaks ties, cycles do not hang', () => {
    expect(topologicalOrder(topology)).toEqual(['words', 'split', 'count', 'report']);
    const cyc = {
      components: [comp('a', 'bolt', {}), comp('b', 'bolt', {})],
      edges: [
        { from: 'a', stream: 'default', to: 'b', grouping: 'shuffle' },
        { from: 'b', stream: 'default', to: 'a', grouping: 'shuffle' },
      ] satisfies Edge[],
    };
    expect(topologicalOrder(cyc)).toEqual(['a', 'b']);
  });
});

describe('tap files', () => {
  test('parses records, tolerates a torn last line, rejects a malformed one', () => {
    const text =
      '{"component":"a","stream":"default","task":1,"values":[1],"seq":0}\n{"component":"a","stream":"default","values":["x"]}\n{"component":"a","str';
    expect(parseTap(text, 't.jsonl', 'storm')).toHaveLength(2);
    expect(() => parseTap('{"component":"a"}\n{}\n', 't.jsonl', 'flink')).toThrow(CouldNotRun);
    expect(() => parseTap('{}\n', 't.jsonl', 'flink')).toThrow(expect.objectContaining({ kind: 'verify-tap-unreadable', code: 'S2F723' }));
    expect(() => parseTap('nope\n{"component":"a","stream":"s","values":[]}\n\n', 't.jsonl', 'flink')).toThrow(/t\.jsonl:1 is not JSON/);
  });
});

describe('bolts fed by several upstream tasks', () => {
  // split (2 tasks) -> total (fields user): running sums depend on which split task's tuple arrives first.
  const topo = {
    components: [comp('split', 'bolt', { default: ['user', 'amount'] }), comp('total', 'bolt', { default: ['user', 'sum'] })],
    edges: [{ from: 'split', stream: 'default', to: 'total', grouping: 'fields', fields: ['user'] }] satisfies Edge[],
  };
  const input = [rec('split', ['ann', 3], { task: 1 }), rec('split', ['ann', 4], { task: 2 })];
  test('running values in another order compare by count and last value per key', () => {
    const storm = [...input, rec('total', ['ann', 3]), rec('total', ['ann', 7])];
    const flink = [...input, rec('total', ['ann', 4]), rec('total', ['ann', 7])];
    const d = compareTaps(storm, flink, { topology: topo });
    expect(d.equivalent).toBe(true);
    const total = d.streams.find((s) => s.component === 'total')!;
    expect(total.lastPerKey).toBe(true);
    expect(total.notes.join(' ')).toMatch(/last value per user/);
  });
  test('a different last value or count per key is still a divergence', () => {
    const storm = [...input, rec('total', ['ann', 3]), rec('total', ['ann', 7])];
    expect(compareTaps(storm, [...input, rec('total', ['ann', 4]), rec('total', ['ann', 8])], { topology: topo }).firstDivergence).toMatchObject({
      component: 'total',
    });
    expect(compareTaps(storm, [...input, rec('total', ['ann', 7])], { topology: topo }).firstDivergence).toMatchObject({
      component: 'total',
      verdict: 'missing',
    });
  });
  test('one upstream task: order is defined, so no relaxation', () => {
    const one = [rec('split', ['ann', 3], { task: 1 }), rec('split', ['ann', 4], { task: 1 })];
    const d = compareTaps([...one, rec('total', ['ann', 3]), rec('total', ['ann', 7])], [...one, rec('total', ['ann', 4]), rec('total', ['ann', 7])], {
      topology: topo,
    });
    expect(d.equivalent).toBe(false);
  });
});

test('a one-task bolt fed by several upstream tasks that diverges is named as fed in an interleaving neither engine fixes', () => {
  // partialsum (2 tasks) -> total (1 task, shuffle): total's running sum follows which partial sum arrives first.
  const topo = {
    components: [comp('partialsum', 'bolt', { default: ['sum'] }), comp('total', 'bolt', { default: ['total'] })],
    edges: [{ from: 'partialsum', stream: 'default', to: 'total', grouping: 'shuffle' }] satisfies Edge[],
  };
  const input = [rec('partialsum', [3], { task: 1 }), rec('partialsum', [4], { task: 2 })];
  const storm = [...input, rec('total', [3], { task: 5 }), rec('total', [7], { task: 5 })];
  const d = compareTaps(storm, [...input, rec('total', [4], { task: 5 }), rec('total', [7], { task: 5 })], { topology: topo });
  // Not relaxed: a stateless bolt's wrong value would look the same.
  expect(d.equivalent).toBe(false);
  const notes = d.streams.find((s) => s.component === 'total')!.notes.join(' ');
  expect(notes).toMatch(/one task fed by 2 upstream tasks, whose interleaving neither engine fixes/);
  expect(notes).toMatch(/both engines emitted 2 tuples and the same last one/);
  // Another last value: the note says nothing of agreement.
  const other = compareTaps(storm, [...input, rec('total', [4], { task: 5 }), rec('total', [8], { task: 5 })], { topology: topo });
  expect(other.streams.find((s) => s.component === 'total')!.notes.join(' ')).not.toMatch(/same last one/);
  // One upstream task: its order is defined, no such note.
  const one = [rec('partialsum', [3], { task: 1 }), rec('partialsum', [4], { task: 1 })];
  const single = compareTaps([...one, rec('total', [3], { task: 5 })], [...one, rec('total', [4], { task: 5 })], { topology: topo });
  expect(single.streams.find((s) => s.component === 'total')!.notes.join(' ')).not.toMatch(/interleaving/);
});

test('a partial-key grouping splits keys by load: its consumer is compared by count per key', () => {
  const topo = {
    components: [comp('router', 'bolt', { clicks: ['user'] }), comp('partial', 'bolt', { default: ['user', 'n'] })],
    edges: [{ from: 'router', stream: 'clicks', to: 'partial', grouping: 'partial-key', fields: ['user'] }] satisfies Edge[],
  };
  const input = [rec('router', ['ann'], { stream: 'clicks', task: 1 }), rec('router', ['ann'], { stream: 'clicks', task: 2 })];
  const storm = [...input, rec('partial', ['ann', 1], { task: 3 }), rec('partial', ['ann', 2], { task: 3 })];
  const split = [...input, rec('partial', ['ann', 1], { task: 3 }), rec('partial', ['ann', 1], { task: 4 })];
  expect(compareTaps(storm, split, { topology: topo }).equivalent).toBe(true);
  expect(compareTaps(storm, [...input, rec('partial', ['ann', 1], { task: 3 })], { topology: topo }).equivalent).toBe(false);
});

test('a bolt of several tasks behind a shuffle grouping that diverges is named as fed at random; one task or a fields grouping is not', () => {
  // words -> counter (2 tasks, shuffle): each task counts the words it was dealt.
  const topo = (grouping: 'shuffle' | 'fields') => ({
    components: [comp('words', 'spout', { default: ['word'] }), comp('counter', 'bolt', { default: ['word', 'count'] })],
    edges: [{ from: 'words', stream: 'default', to: 'counter', grouping, ...(grouping === 'fields' ? { fields: ['word'] } : {}) }] satisfies Edge[],
  });
  const input = [rec('words', ['the'], { task: 1 }), rec('words', ['the'], { task: 1 })];
  const storm = [...input, rec('counter', ['the', 1], { task: 2 }), rec('counter', ['the', 2], { task: 2 })];
  const flink = [...input, rec('counter', ['the', 1], { task: 2 }), rec('counter', ['the', 1], { task: 3 })];
  const d = compareTaps(storm, flink, { topology: topo('shuffle') });
  expect(d.firstDivergence).toMatchObject({ component: 'counter' });
  expect(d.streams.find((x) => x.component === 'counter')!.notes.join(' ')).toMatch(/shuffle grouping spread over 2 tasks, each task picked at random/);
  expect(
    compareTaps(storm, flink, { topology: topo('fields') })
      .streams.find((x) => x.component === 'counter')!
      .notes.join(' '),
  ).not.toMatch(/at random/);
  const oneTask = [...input, rec('counter', ['the', 1], { task: 2 })];
  expect(
    compareTaps([...oneTask, rec('counter', ['the', 2], { task: 2 })], oneTask, { topology: topo('shuffle') })
      .streams.find((x) => x.component === 'counter')!
      .notes.join(' '),
  ).not.toMatch(/at random/);
});

describe('the Storm self-check (stormSelfCheck)', () => {
  // A ranker fed by several counter tasks through a global grouping: it ranks tied words by arrival.
  const ranked = {
    components: [comp('counter', 'bolt', { default: ['word', 'count'] }), comp('ranker', 'bolt', { default: ['rankings'] })],
    edges: [{ from: 'counter', stream: 'default', to: 'ranker', grouping: 'global' }] satisfies Edge[],
  };
  const counts = [rec('counter', ['a', 2], { task: 1 }), rec('counter', ['b', 2], { task: 2 })];
  const rankings = (...rs: string[][]) => rs.map((r) => rec('ranker', [r], { task: 3 }));
  const first = [...counts, ...rankings(['a', 'b'], ['b', 'a'])];
  const flink = [...counts, ...rankings(['b', 'a'], ['b', 'a'])];
  const flinkDiff = compareTaps(first, flink, { topology: ranked });

  test('runs with other tuples are a varying Storm side, named where they part', () => {
    const again = [...counts, ...rankings(['a', 'b'], ['a', 'b'])];
    expect(stormSelfCheck(first, [again], flinkDiff, { topology: ranked })).toEqual({
      component: 'ranker',
      stream: 'default',
      verdict: 'different',
      how: 'tuples',
    });
  });

  test('the same tuples out of one task in another order, where Flink differs in values only: arrival order, not a translation fault', () => {
    expect(flinkDiff.firstDivergence).toMatchObject({ component: 'ranker', verdict: 'different' });
    const again = [...counts, ...rankings(['b', 'a'], ['a', 'b'])];
    // The multiset comparison alone sees two equal runs.
    expect(compareTaps(first, again, { topology: ranked }).equivalent).toBe(true);
    expect(stormSelfCheck(first, [again], flinkDiff, { topology: ranked })).toEqual({
      component: 'ranker',
      stream: 'default',
      verdict: 'reordered',
      how: 'order',
    });
    // Only a later run may show it.
    expect(stormSelfCheck(first, [first, again], flinkDiff, { topology: ranked })?.how).toBe('order');
  });

  test('runs in the same order, or a Flink side that differs in counts, are no evidence of order', () => {
    expect(stormSelfCheck(first, [first.slice()], flinkDiff, { topology: ranked })).toBeUndefined();
    const again = [...counts, ...rankings(['b', 'a'], ['a', 'b'])];
    const missing = compareTaps(first, [...counts, ...rankings(['b', 'a'])], { topology: ranked });
    expect(missing.firstDivergence?.verdict).toBe('missing');
    expect(stormSelfCheck(first, [again], missing, { topology: ranked })).toBeUndefined();
    // Order across tasks is no order: two tasks interleaving in the tap is not a task's sequence changing.
    const crossTask = [...rankings(['a', 'b']), rec('ranker', [['b', 'a']], { task: 4 })];
    const crossAgain = [rec('ranker', [['b', 'a']], { task: 4 }), ...rankings(['a', 'b'])];
    expect(
      stormSelfCheck(crossTask, [crossAgain], compareTaps(crossTask, [...rankings(['a', 'b'], ['a', 'b'])], { topology: ranked }), { topology: ranked }),
    ).toBeUndefined();
  });

  test('--ignore-fields applies to the order check too', () => {
    const withTs = (r: string, ts: number) => rec('ranker', [r, ts], { task: 3, fields: ['top', 'ts'] });
    const a = [withTs('a', 1), withTs('b', 2)];
    const b = [withTs('a', 5), withTs('b', 6)];
    const f = [withTs('b', 1), withTs('b', 2)];
    const opts = { topology: { components: [], edges: [] }, ignoreFields: ['ts'] };
    expect(stormSelfCheck(a, [b], compareTaps(a, f, opts), opts)).toBeUndefined();
  });
});
