// planSizing's rule on readings we choose (the REST polling and a real run: test/cluster/size.test.ts), and
// `storm2flink size` against an endpoint that does not answer.
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { taskManagerMemory } from '../../src/translator/flink-memory.js';
import { planSizing, type TaskManagerMeasurement, type TaskManagerSample } from '../../src/translator/sizing.js';

const MB = 1024 * 1024;

function tm(id: string, heapUsedMb: number[], gc: { timeMs?: number[]; old?: number[] } = {}): TaskManagerMeasurement {
  const samples: TaskManagerSample[] = heapUsedMb.map((h, i) => ({
    atMs: i * 10_000,
    heapUsedBytes: h * MB,
    gcTimeMs: gc.timeMs?.[i] ?? i * 100,
    oldCollections: gc.old?.[i] ?? 0,
    cpuTimeNs: i * 5e9,
  }));
  return { id, slots: 2, memory: { frameworkHeapMb: 128, taskHeapMb: 768, taskOffHeapMb: 0, managedMb: 0, processMb: 1586 }, samples };
}

const input = (...tms: TaskManagerMeasurement[]) => ({ source: 'http://jm:8081', jobId: 'j1', jobName: 'wc', taskManagers: tms });

describe('planSizing', () => {
  it('asks for the highest peak any TaskManager showed, × 1.5, less the framework heap, in 32 MB steps', () => {
    const r = planSizing(input(tm('a', [120, 250, 180]), tm('b', [90, 300, 200])));
    expect(r.diagnostics).toEqual([]);
    const p = r.output!;
    // 300 × 1.5 − 128 = 322 → 352
    expect(p.recommended.taskHeapMb).toBe(352);
    expect(p.recommended.processMb).toBe(taskManagerMemory(352, 0, 0).processMb);
    expect(p.current).toEqual({ taskHeapMb: 768, processMb: 1586 });
    expect(p.taskManagers.map((t) => [t.id, t.heapUsedPeakMb, t.heapUsedMedianMb, t.windowS])).toEqual([
      ['a', 250, 180, 20],
      ['b', 300, 200, 20],
    ]);
    // 200 ms of GC over 20 s; 10 s of CPU over 20 s
    expect(p.taskManagers[0]!.gcShare).toBeCloseTo(0.01);
    expect(p.taskManagers[0]!.cores).toBeCloseTo(0.5);
    // Steady 0.5 cores between readings: 0.5 × 1.5 = 0.75 → 0.8 cores per TaskManager.
    expect(p.taskManagers[0]!.coresPeak).toBeCloseTo(0.5);
    expect(p.cpu!.cores).toBe(0.8);
  });

  it("asks for the busiest interval's cores × 1.5, in tenths of a core, at least 0.1; none when no CPU time is reported", () => {
    const busy = tm('a', [100, 120, 130, 110]);
    // 2 s, 14 s, 1 s of CPU in the three 10 s intervals: the peak is 1.4 cores → 2.1
    busy.samples.forEach((x, i) => (x.cpuTimeNs = [0, 2e9, 16e9, 17e9][i]));
    const r = planSizing(input(busy, tm('b', [100, 110, 120])));
    expect(r.output!.taskManagers[0]!.coresPeak).toBeCloseTo(1.4);
    expect(r.output!.taskManagers[0]!.cores).toBeCloseTo(17 / 30);
    expect(r.output!.cpu!.cores).toBe(2.1);
    expect(r.output!.cpu!.because).toContain('1.40 cores');
    const idle = tm('a', [100, 110, 120]);
    idle.samples.forEach((x, i) => (x.cpuTimeNs = i * 1e7));
    expect(planSizing(input(idle)).output!.cpu!.cores).toBe(0.1);
    const blind = tm('a', [100, 110, 120]);
    blind.samples.forEach((x) => delete x.cpuTimeNs);
    expect(planSizing(input(blind)).output!.cpu).toBeNull();
  });

  it('never asks for less than 64 MB of task heap', () => {
    expect(planSizing(input(tm('a', [40, 50, 60]))).output!.recommended.taskHeapMb).toBe(64);
  });

  it('grows the heap, with a warning, when the old generation was collected in the window', () => {
    const r = planSizing(input(tm('a', [100, 200, 150], { old: [3, 3, 4] })));
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['S2F803', 'warning']]);
    expect(r.output!.recommended.taskHeapMb).toBe(1152); // 768 × 1.5
  });

  it('grows the heap when GC took more than a fifth of the window', () => {
    const r = planSizing(input(tm('a', [100, 200, 150], { timeMs: [0, 3000, 6000] })));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['S2F803']);
    expect(r.output!.recommended.taskHeapMb).toBeGreaterThan(768);
  });

  it('gives no plan from fewer than three readings of a TaskManager', () => {
    const r = planSizing(input(tm('a', [100, 200, 150]), tm('b', [100, 120])));
    expect(r.output).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([['S2F804', 'http://jm:8081']]);
    expect(r.diagnostics[0]!.message).toContain('b: 2');
    expect(planSizing(input()).diagnostics.map((d) => d.code)).toEqual(['S2F804']);
  });
});

describe('storm2flink size', () => {
  it('exits 2 with S2F801 and no stack trace when nothing answers at the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = spawnSync(process.execPath, ['bin/storm2flink.js', 'size', `http://127.0.0.1:${port}`, '--window', '5'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/S2F801/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
