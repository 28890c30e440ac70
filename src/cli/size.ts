// `storm2flink size <rest-url>`: reads a running job's TaskManagers through Flink's REST API over a window and
// prints the task heap to request (src/translator/sizing.ts). The translated request follows what Storm granted
// the worker; this measures what the job uses, at the load it really carries.
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { diagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';
import { ansiStyle, diagnosticLine, plainStyle, table, useColor } from '../report/style.js';
import { planSizing, type SizingPlan, type TaskManagerMeasurement } from '../translator/sizing.js';
import type { CliIo } from './io.js';

interface SizeOptions {
  job?: string;
  window: number;
  format: 'pretty' | 'json';
}

const MB = 1024 * 1024;
/** Flink's default metrics.fetcher.update-interval: how stale the REST API's metrics may be. */
const DEFAULT_FETCH_INTERVAL_MS = 10_000;

/** The JVM's old-generation collectors: serial MarkSweepCompact, parallel PS MarkSweep, G1 Old Generation (its full GC). */
const OLD_GENERATION = /old|marksweep|tenured/i;

class Unreachable extends Error {}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number of seconds');
  return n;
}

async function get<T>(base: string, p: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new Unreachable(`GET ${base}${p}: ${(e as Error).cause ?? (e as Error).message}`);
  }
  if (!res.ok) throw new Unreachable(`GET ${base}${p}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface TmDetails {
  id: string;
  slotsNumber: number;
  memoryConfiguration: Record<string, number>;
  metrics: { heapUsed: number; garbageCollectors?: { name: string; count: number; time: number }[] };
}

/** The job to size: the one named, else the only running one. */
async function pickJob(base: string, wanted: string | undefined): Promise<{ id: string; name: string } | string> {
  const { jobs } = await get<{ jobs: { jid: string; name: string; state: string }[] }>(base, '/jobs/overview');
  const running = jobs.filter((j) => j.state === 'RUNNING');
  if (wanted) {
    const j = jobs.find((x) => x.jid === wanted);
    if (!j) return `no job ${wanted} on ${base} (running: ${running.map((x) => x.jid).join(', ') || 'none'})`;
    if (j.state !== 'RUNNING') return `job ${wanted} is ${j.state}, not RUNNING`;
    return { id: j.jid, name: j.name };
  }
  if (running.length === 1) return { id: running[0]!.jid, name: running[0]!.name };
  if (running.length === 0) return `no running job on ${base}`;
  return `${running.length} running jobs on ${base}: name one with --job (${running.map((j) => `${j.jid} ${j.name}`).join(', ')})`;
}

/** The TaskManagers that hold a subtask of the job (a session cluster may run others elsewhere); all when Flink does not say. */
async function jobTaskManagers(base: string, jobId: string): Promise<string[]> {
  const job = await get<{ vertices: { id: string }[] }>(base, `/jobs/${jobId}`);
  const ids = new Set<string>();
  for (const v of job.vertices) {
    const r = await get<{ taskmanagers: { 'taskmanager-id'?: string }[] }>(base, `/jobs/${jobId}/vertices/${v.id}/taskmanagers`);
    for (const t of r.taskmanagers) if (t['taskmanager-id']) ids.add(t['taskmanager-id']);
  }
  if (ids.size === 0) for (const t of (await get<{ taskmanagers: { id: string }[] }>(base, '/taskmanagers')).taskmanagers) ids.add(t.id);
  return [...ids].sort();
}

async function fetchInterval(base: string): Promise<number> {
  const conf = await get<{ key: string; value: string }[]>(base, '/jobmanager/config');
  const v = conf.find((c) => c.key === 'metrics.fetcher.update-interval')?.value;
  const ms = v === undefined ? NaN : Number(v);
  return Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_FETCH_INTERVAL_MS;
}

async function measure(base: string, opts: SizeOptions, log: (s: string) => void): Promise<{ plan: SizingPlan | null; diagnostics: Diagnostic[] }> {
  const at = { file: base };
  const job = await pickJob(base, opts.job);
  if (typeof job === 'string') return { plan: null, diagnostics: [diagnostic('size-no-running-job', at, job)] };
  const tmIds = await jobTaskManagers(base, job.id);
  const intervalMs = (await fetchInterval(base)) + 500;
  const tms = new Map<string, TaskManagerMeasurement>();
  const until = Date.now() + opts.window * 1000;
  log(`measuring job ${job.name} (${job.id}) on ${tmIds.length} TaskManager(s) for ${opts.window} s, a reading every ${intervalMs / 1000} s`);
  // A job that restarts mid-window runs on other TaskManagers, from a cold heap: no figure to size it by.
  const jobState = async () => (await get<{ state: string }>(base, `/jobs/${job.id}`)).state;
  const stopped = (state: string) => ({
    plan: null,
    diagnostics: [diagnostic('size-no-running-job', at, `job ${job.id} went ${state} during the measurement`)],
  });
  for (;;) {
    const state = await jobState();
    if (state !== 'RUNNING') return stopped(state);
    for (const id of tmIds) {
      // A TaskManager gone mid-reading: the job's restart, if it is one, is what to report.
      const d = await get<TmDetails>(base, `/taskmanagers/${encodeURIComponent(id)}`).catch(async (e: unknown) => {
        const now = await jobState();
        if (now !== 'RUNNING') return now;
        throw e;
      });
      if (typeof d === 'string') return stopped(d);
      const cpu = await get<{ id: string; value: string }[]>(base, `/taskmanagers/${encodeURIComponent(id)}/metrics?get=Status.JVM.CPU.Time`);
      const m = d.memoryConfiguration;
      const tm = tms.get(id) ?? {
        id,
        slots: d.slotsNumber,
        memory: {
          frameworkHeapMb: m.frameworkHeap! / MB,
          taskHeapMb: m.taskHeap! / MB,
          taskOffHeapMb: m.taskOffHeap! / MB,
          managedMb: m.managedMemory! / MB,
          processMb: Math.ceil(m.totalProcessMemory! / MB),
        },
        samples: [],
      };
      const cpuNs = Number(cpu[0]?.value);
      const gcs = d.metrics.garbageCollectors ?? [];
      tm.samples.push({
        atMs: Date.now(),
        heapUsedBytes: d.metrics.heapUsed,
        gcTimeMs: gcs.reduce((s, g) => s + g.time, 0),
        oldCollections: gcs.filter((g) => OLD_GENERATION.test(g.name) && !/concurrent/i.test(g.name)).reduce((s, g) => s + g.count, 0),
        ...(Number.isFinite(cpuNs) ? { cpuTimeNs: cpuNs } : {}),
      });
      tms.set(id, tm);
    }
    if (Date.now() + intervalMs > until) break;
    await sleep(intervalMs);
  }
  const r = planSizing({ source: base, jobId: job.id, jobName: job.name, taskManagers: [...tms.values()] });
  return { plan: r.output, diagnostics: r.diagnostics };
}

function render(p: SizingPlan): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const rows = [
    ['TaskManager', 'slots', 'readings', 'heap used peak MB', 'median MB', 'heap max MB', 'GC share', 'old-gen GCs', 'cores', 'cores peak'],
    ...p.taskManagers.map((t) => [
      t.id,
      String(t.slots),
      `${t.samples} in ${t.windowS} s`,
      n(t.heapUsedPeakMb),
      n(t.heapUsedMedianMb),
      n(t.heapMaxMb),
      `${(t.gcShare * 100).toFixed(1)}%`,
      String(t.oldCollections),
      t.cores === null ? '–' : t.cores.toFixed(2),
      t.coresPeak === null ? '–' : t.coresPeak.toFixed(2),
    ]),
  ];
  const change = (p.recommended.processMb - p.current.processMb) / p.current.processMb;
  return [
    `job ${p.jobName} (${p.jobId})`,
    ...table(rows, '  '),
    `requested now: task heap ${n(p.current.taskHeapMb)} MB, ${n(p.current.processMb)} MB per TaskManager process`,
    `recommended:   task heap ${n(p.recommended.taskHeapMb)} MB, ${n(p.recommended.processMb)} MB per TaskManager process (${change >= 0 ? '+' : ''}${Math.round(change * 100)}%)`,
    `  because: ${p.because}`,
    ...(p.cpu ? [`recommended:   ${p.cpu.cores} CPU core(s) per TaskManager`, `  because: ${p.cpu.because}`] : []),
    'In deploy/config.yaml (or -D on deploy/submit.sh):',
    `  taskmanager.memory.task.heap.size: ${p.recommended.taskHeapMb}m`,
    ...(p.cpu
      ? [
          `  kubernetes.taskmanager.cpu: ${p.cpu.cores}   (Kubernetes; the FlinkDeployment's taskManager.resource.cpu)`,
          `  yarn.containers.vcores: ${Math.max(1, Math.ceil(p.cpu.cores))}   (YARN: whole vcores)`,
        ]
      : []),
    'Measure at peak load, and again after resizing.',
    '',
  ].join('\n');
}

export function registerSize(program: Command, io: CliIo): void {
  program
    .command('size')
    .description("Measure a running job's TaskManagers through Flink's REST API and print the task heap and CPU to request.")
    .argument('<rest-url>', "the JobManager's REST endpoint, e.g. http://localhost:8081")
    .option('--job <id>', 'the job to measure (default: the only running one)')
    .option('--window <seconds>', 'how long to measure (at least three metric refreshes)', seconds, 120)
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action(async (restUrl: string, opts: SizeOptions) => {
      const base = restUrl.replace(/\/+$/, '');
      const style = useColor(io.stderr) ? ansiStyle : plainStyle;
      let r: { plan: SizingPlan | null; diagnostics: Diagnostic[] };
      try {
        r = await measure(base, opts, (s) => io.stderr.write(s + '\n'));
      } catch (e) {
        if (!(e instanceof Unreachable)) throw e;
        r = { plan: null, diagnostics: [diagnostic('size-rest-unreachable', { file: base }, e.message)] };
      }
      for (const d of r.diagnostics) io.stderr.write(diagnosticLine(d, style).join('\n') + '\n');
      if (opts.format === 'json') io.stdout.write(JSON.stringify({ plan: r.plan, diagnostics: r.diagnostics }, null, 2) + '\n');
      else if (r.plan) io.stdout.write(render(r.plan));
      if (!r.plan) io.setExitCode(2);
    });
}
