// Time windows under verify (src/diff/README.md "Windows"): event-time windows get their watermarks after each round
// of replayed input on both engines, so their verdict does not flip between runs; a tuple a wall-clock watermark
// could have made late gives S2F726 instead of a verdict; processing-time windows stay refused (S2F702).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { verifyPath as verify } from '../../src/cli/verify-path.js';
import type { VerifyReport } from '../../src/diff/verify-report.js';
import { CATALOG } from '../../src/model/diagnostics.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'diff', 'fixtures', 'event-windows');
// Each run is two JVMs in rounds, about a minute and a half on a busy 2-core box.
const RUN_MS = 300_000;

let ordered: string;
let late: string;
let swapped: string;
// Event times half a second apart, out of order by up to 400 ms (below both topologies' lag).
const reading = (i: number): [string, number, number] => [`s${i % 3}`, 1_000_000 + i * 500 + ((i * 7) % 5) * 100, (i * 13) % 17];

const why = (r: VerifyReport) => [r.reason, r.detail, ...(r.diff?.notes ?? []), JSON.stringify(r.diff?.firstDivergence)].filter(Boolean).join('\n');
const counts = (r: VerifyReport) => Object.fromEntries((r.diff?.streams ?? []).map((s) => [s.component, [s.storm, s.flink]]));

function writeData(dir: string, lines: unknown[]): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'readings.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}

async function twiceEquivalent(topologyId: string, windows: string[]): Promise<VerifyReport[]> {
  const reports: VerifyReport[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await verify({ topology: FIXTURE, topologyId, data: [ordered], cwd: ROOT });
    expect(r.status, why(r)).toBe('equivalent');
    for (const w of windows) {
      const s = r.rounds?.storm?.windows?.[w];
      const f = r.rounds?.flink?.windows?.[w];
      // Driven by verify: watermarks came on both engines, every tuple reached the window, none could be late.
      expect(s?.watermarks, w).toBeGreaterThan(0);
      expect(f?.watermarks, w).toBe(s?.watermarks);
      expect(f?.lastWatermark, w).toBe(s?.lastWatermark);
      expect(s?.late, w).toBe(0);
      expect(counts(r)[w]?.[0], w).toBeGreaterThan(0);
    }
    reports.push(r);
  }
  expect(counts(reports[1]!)).toEqual(counts(reports[0]!));
  return reports;
}

describe.sequential('verify: time windows', () => {
  beforeAll(() => {
    const dir = tempDir('s2f-windows-test-');
    const rows = Array.from({ length: 60 }, (_, i) => reading(i));
    ordered = writeData(path.join(dir, 'ordered'), rows);
    // One reading 3 s older than the newest before it: more than the lag (1 s) behind.
    late = writeData(path.join(dir, 'late'), [...rows.slice(0, 31), ['s0', rows[30]![1] - 3000, 5], ...rows.slice(31)]);
    // Two neighbours swapped: out of order by less than the lag.
    swapped = writeData(path.join(dir, 'swapped'), [...rows.slice(0, 10), rows[11], rows[10], ...rows.slice(12)]);
  });

  test(
    'sliding event-time windows (two tasks by sensor) are equivalent twice in a row, with the same windows',
    async () => {
      const [r] = await twiceEquivalent('slidingeventtimetopology', ['sliding']);
      // 60 readings over 30 s of event time, 4 s windows every 2 s, per sensor: windows up to the last watermark.
      const sliding = r!.diff!.streams.find((s) => s.component === 'sliding')!;
      expect(sliding.storm).toBeGreaterThan(30);
      expect(r!.diff!.notes.some((n) => n.startsWith('event-time window sliding: watermarks after each round'))).toBe(true);
    },
    2 * RUN_MS,
  );

  test(
    'tumbling event-time windows, and a second window over their output, are equivalent twice in a row',
    async () => {
      await twiceEquivalent('tumblingeventtimetopology', ['tumbling', 'coarse']);
    },
    2 * RUN_MS,
  );

  test(
    'a tuple further behind than the lag makes the outcome depend on watermark timing: S2F726, no verdict',
    async () => {
      const r = await verify({ topology: FIXTURE, topologyId: 'slidingeventtimetopology', data: [late], cwd: ROOT });
      expect(r.status).toBe('could-not-run');
      expect(r.exitCode).toBe(2);
      expect(r.code).toBe(CATALOG.get('verify-window-late-tuples')!.code);
      expect(r.reason).toContain('sliding on Storm: 1 of 61 tuple(s)');
      expect(r.reason).toContain(`ts ${reading(30)[1] - 3000} below`);
      expect(r.diff).toBeUndefined();
    },
    RUN_MS,
  );

  test(
    'a count window on event time: equivalent on input in timestamp order; S2F726 when two tuples within the lag come out of order (it counts in arrival order between watermarks)',
    async () => {
      const r = await verify({ topology: FIXTURE, topologyId: 'counteventtimetopology', data: [ordered], cwd: ROOT });
      expect(r.status, why(r)).toBe('equivalent');
      expect(r.rounds?.storm?.windows?.counted).toMatchObject({ tuples: 60, late: 0 });
      expect(counts(r)['counted']?.[0]).toBeGreaterThan(0);
      const out = await verify({ topology: FIXTURE, topologyId: 'counteventtimetopology', data: [swapped], cwd: ROOT });
      expect(out.status).toBe('could-not-run');
      expect(out.code).toBe(CATALOG.get('verify-window-late-tuples')!.code);
      expect(out.reason).toContain(`ts ${reading(10)[1]} after ${reading(11)[1]} in a count window`);
    },
    2 * RUN_MS,
  );

  test(
    'a processing-time window stays refused (S2F702), named with why',
    async () => {
      const r = await verify({ topology: FIXTURE, topologyId: 'processingtimetopology', data: [ordered], cwd: ROOT });
      expect(r.status).toBe('could-not-run');
      expect(r.code).toBe(CATALOG.get('verify-time-windows')!.code);
      expect(r.reason).toContain('wallclock (processing time)');
      expect(r.ran.flink).toBe(false);
    },
    RUN_MS,
  );
});
