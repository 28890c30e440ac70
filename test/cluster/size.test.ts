// `storm2flink size` on a real cluster: bench/resources' word count (a paced spout, split ×2, count ×2), translated
// for a standalone cluster, runs on a JobManager and a TaskManager of their own JVMs with the request the translator
// derived from Storm's worker heap (768 MB task heap). `size` measures it through Flink's REST API and recommends a
// task heap; the job then runs again on a TaskManager started with that recommendation: Flink's own memory model
// must give the process size the plan printed, the job must keep running without a failover, and a second `size`
// must not find the heap tight.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SizingPlan } from '../../src/translator/sizing.js';
import { StandaloneCluster } from '../helpers/flink-cluster.js';
import { tempDir } from '../helpers/tmp.js';
import { ROOT, translateAndPackage } from './faults.js';

const exec = promisify(execFile);
const RATE = '2000'; // sentences/s, as bench:resources offers

interface SizeOut {
  plan: SizingPlan | null;
  diagnostics: { code: string; message: string }[];
}

/** `storm2flink size --format json`; exit 2 (no plan) still prints the JSON, with the diagnostics. */
async function size(restUrl: string, windowS: number): Promise<SizeOut> {
  const args = [path.join(ROOT, 'bin', 'storm2flink.js'), 'size', restUrl, '--window', String(windowS), '--format', 'json'];
  const r = await exec('node', args, { timeout: (windowS + 120) * 1000 }).catch((e: { stdout?: string; stderr?: string }) => {
    if (!e.stdout) throw e;
    return { stdout: e.stdout, stderr: e.stderr ?? '' };
  });
  return JSON.parse(r.stdout) as SizeOut;
}

/** Records the job's count vertex has read so far (Flink's numRecordsIn summed over subtasks; batches of tuples). */
async function countedRecords(c: StandaloneCluster, jobId: string): Promise<number> {
  const job = await c.rest<{ vertices: { name: string; metrics: { 'read-records': number } }[] }>(`/jobs/${jobId}`);
  const count = job.vertices.find((v) => /count/i.test(v.name));
  if (!count) throw new Error(`no count vertex in ${job.vertices.map((v) => v.name).join(', ')}`);
  return count.metrics['read-records'];
}

describe('storm2flink size on a running job (standalone Flink 1.20, separate processes)', () => {
  it('recommends a task heap from measured use, and the job runs on it', async () => {
    const work = tempDir('s2f-size-');
    const built = await translateAndPackage(path.join(ROOT, 'bench', 'resources', 'word-count'), 'resources-word-count', '1.20', path.join(work, 'out'));
    const slots = Number(built.deployConfig['taskmanager.numberOfTaskSlots']);
    // Metrics refreshed every 2 s instead of 10 s, so a short window holds enough readings (size reads the key).
    const base = { ...built.deployConfig, 'metrics.fetcher.update-interval': 2000 };

    let first: SizeOut;
    let cluster = await StandaloneCluster.start({
      line: '1.20',
      dir: path.join(work, 'c1'),
      base,
      taskManagers: 1,
      slotsPerTaskManager: slots,
      heartbeatTimeoutMs: 60_000,
    });
    try {
      const { jobId } = await cluster.submit(built.project, [RATE]);
      const c = cluster;
      await c.waitFor('the job to run', 120_000, () => c.jobRunning(jobId));
      await sleep(10_000); // past start-up
      first = await size(cluster.restUrl, 24);
      if (!first.plan) console.log(await c.jobState(jobId), await c.exceptions(jobId), await c.rest('/jobs/overview'));
    } finally {
      await cluster.stop();
    }
    console.log(JSON.stringify(first, null, 2));
    const plan = first.plan!;
    expect(plan, JSON.stringify(first.diagnostics)).not.toBeNull();
    expect(plan.current.taskHeapMb).toBe(768); // what translate derived from Storm's default worker heap
    expect(plan.taskManagers).toHaveLength(1);
    const tm = plan.taskManagers[0]!;
    expect(tm.samples).toBeGreaterThanOrEqual(3);
    expect(tm.heapUsedPeakMb).toBeGreaterThan(0);
    expect(tm.heapUsedPeakMb).toBeLessThanOrEqual(tm.heapMaxMb);
    // Not tight at 768 MB: the plan follows the measured peak, and holds it with headroom.
    expect(first.diagnostics.map((d) => d.code)).toEqual([]);
    expect(plan.recommended.taskHeapMb + 128).toBeGreaterThanOrEqual(tm.heapUsedPeakMb * 1.5);
    expect(plan.recommended.taskHeapMb).toBeLessThan(plan.current.taskHeapMb);
    expect(plan.recommended.processMb).toBeLessThan(plan.current.processMb);
    // The job works at 2,000 sentences/s: its TaskManager's CPU time grew, and the CPU asked for covers the
    // busiest interval with headroom, in tenths of a core.
    expect(tm.cores).toBeGreaterThan(0);
    expect(tm.coresPeak!).toBeGreaterThanOrEqual(tm.cores! - 1e-9);
    expect(plan.cpu!.cores).toBeGreaterThanOrEqual(tm.coresPeak! * 1.5 - 1e-9);
    expect(plan.cpu!.cores).toBeLessThan(tm.coresPeak! * 1.5 + 0.1 + 1e-9);

    // The recommendation, applied: a TaskManager started with it, the same job, the same load.
    const resized = { ...base, 'taskmanager.memory.task.heap.size': `${plan.recommended.taskHeapMb}m` };
    cluster = await StandaloneCluster.start({
      line: '1.20',
      dir: path.join(work, 'c2'),
      base: resized,
      taskManagers: 1,
      slotsPerTaskManager: slots,
      heartbeatTimeoutMs: 60_000,
    });
    try {
      const c = cluster;
      const tms = await c.rest<{ taskmanagers: { memoryConfiguration: { taskHeap: number; totalProcessMemory: number } }[] }>('/taskmanagers');
      const mem = tms.taskmanagers[0]!.memoryConfiguration;
      expect(mem.taskHeap / 2 ** 20).toBe(plan.recommended.taskHeapMb);
      // Flink's own derivation of the process size from the new key agrees with the plan's.
      expect(Math.ceil(mem.totalProcessMemory / 2 ** 20)).toBe(plan.recommended.processMb);
      const { jobId } = await c.submit(built.project, [RATE]);
      await c.waitFor('the resized job to run', 120_000, () => c.jobRunning(jobId));
      await sleep(10_000);
      const before = await countedRecords(c, jobId);
      const second = await size(c.restUrl, 24);
      const after = await countedRecords(c, jobId);
      console.log(JSON.stringify(second, null, 2));
      expect(second.plan, JSON.stringify(second.diagnostics)).not.toBeNull();
      expect(
        second.diagnostics.map((d) => d.code),
        'the resized heap is not tight',
      ).toEqual([]);
      expect(await c.jobState(jobId)).toBe('RUNNING');
      // Still working on the smaller heap: no failover (an OutOfMemoryError would restart the job) and the count
      // bolts kept receiving. (Flink counts records between tasks, and the runtime batches tuples into records, so
      // this is not a word count.)
      expect(await c.exceptions(jobId)).toEqual([]);
      expect(after).toBeGreaterThan(before);
    } finally {
      await cluster.stop();
    }
  }, 900_000);
});
