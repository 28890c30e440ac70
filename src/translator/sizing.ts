// Right-sizing a running job: what its TaskManagers used over a window (Flink's own metrics, read by
// `storm2flink size`) → the task heap to request instead of the one translated from what Storm granted the worker.
// Pure; the REST polling is at the edge (src/cli/size.ts).
import { diagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';
import { taskManagerMemory } from './flink-memory.js';

/** One reading of a TaskManager's metrics (Flink refreshes them every metrics.fetcher.update-interval). */
export interface TaskManagerSample {
  atMs: number;
  heapUsedBytes: number;
  /** Sum over the JVM's collectors of their collection time so far. */
  gcTimeMs: number;
  /** Collections so far of the old generation (a full collection: the heap did not hold what survived). */
  oldCollections: number;
  /** Status.JVM.CPU.Time (ns); absent when the JVM does not report it. */
  cpuTimeNs?: number;
}

export interface TaskManagerMeasurement {
  id: string;
  slots: number;
  /** The TaskManager's memory as Flink configured it (the REST API's memoryConfiguration), MB. */
  memory: { frameworkHeapMb: number; taskHeapMb: number; taskOffHeapMb: number; managedMb: number; processMb: number };
  samples: TaskManagerSample[];
}

export interface SizingInput {
  /** Where the figures came from (the REST endpoint): the diagnostics' location. */
  source: string;
  jobId: string;
  jobName: string;
  taskManagers: TaskManagerMeasurement[];
}

export interface TaskManagerUse {
  id: string;
  slots: number;
  samples: number;
  windowS: number;
  heapUsedPeakMb: number;
  heapUsedMedianMb: number;
  heapMaxMb: number;
  /** Share of the window spent in GC. */
  gcShare: number;
  /** Old-generation collections in the window. */
  oldCollections: number;
  /** CPU cores used on average over the window; null when not reported. */
  cores: number | null;
  /** The most cores used between two readings; null when not reported. */
  coresPeak: number | null;
}

export interface SizingPlan {
  jobId: string;
  jobName: string;
  taskManagers: TaskManagerUse[];
  current: { taskHeapMb: number; processMb: number };
  /** What to request: taskmanager.memory.task.heap.size, and the process size Flink derives from it. */
  recommended: { taskHeapMb: number; processMb: number };
  /** Why, in one sentence. */
  because: string;
  /** CPU cores per TaskManager to request (kubernetes.taskmanager.cpu; YARN vcores rounded up); null when no TaskManager reported its CPU time. */
  cpu: { cores: number; because: string } | null;
}

/** Heap above the peak used: the peak is read from samples, not the true peak between them. */
export const HEAP_HEADROOM = 1.5;
/**
 * Young collections cost time in proportion to what is allocated, whatever the heap: only a share this high says the
 * heap is short (or an old-generation collection in the window does).
 */
export const GC_TIGHT_SHARE = 0.2;
/** Cores above the busiest interval seen, as for the heap: a reading averages over its interval. */
export const CPU_HEADROOM = 1.5;
/** Kubernetes takes tenths of a core; less than this is not worth a request. */
const MIN_CORES = 0.1;
/** Flink sizes memory in whole MB; round the task heap up to this step. */
const STEP_MB = 32;
const MIN_TASK_HEAP_MB = 64;
const MIN_SAMPLES = 3;

const MB = 1024 * 1024;
const roundUp = (mb: number) => Math.max(MIN_TASK_HEAP_MB, Math.ceil(mb / STEP_MB) * STEP_MB);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function use(tm: TaskManagerMeasurement, heapMaxMb: number): TaskManagerUse {
  const s = tm.samples;
  const first = s[0]!;
  const last = s[s.length - 1]!;
  const wallMs = Math.max(1, last.atMs - first.atMs);
  const cpu = first.cpuTimeNs !== undefined && last.cpuTimeNs !== undefined ? (last.cpuTimeNs - first.cpuTimeNs) / 1e6 / wallMs : null;
  const intervals = s.slice(1).flatMap((x, i) => {
    const prev = s[i]!;
    return x.cpuTimeNs !== undefined && prev.cpuTimeNs !== undefined && x.atMs > prev.atMs ? [(x.cpuTimeNs - prev.cpuTimeNs) / 1e6 / (x.atMs - prev.atMs)] : [];
  });
  return {
    id: tm.id,
    slots: tm.slots,
    samples: s.length,
    windowS: Math.round(wallMs / 1000),
    heapUsedPeakMb: Math.max(...s.map((x) => x.heapUsedBytes)) / MB,
    heapUsedMedianMb: median(s.map((x) => x.heapUsedBytes)) / MB,
    heapMaxMb,
    gcShare: Math.max(0, last.gcTimeMs - first.gcTimeMs) / wallMs,
    oldCollections: Math.max(0, last.oldCollections - first.oldCollections),
    cores: cpu,
    coresPeak: intervals.length > 0 ? Math.max(...intervals) : null,
  };
}

/** The busiest interval any TaskManager showed, × CPU_HEADROOM, in tenths of a core. */
function planCpu(uses: TaskManagerUse[]): SizingPlan['cpu'] {
  const peaks = uses.flatMap((u) => (u.coresPeak === null ? [] : [u.coresPeak]));
  if (peaks.length === 0) return null;
  const peak = Math.max(...peaks);
  const cores = Math.max(MIN_CORES, Math.ceil(peak * CPU_HEADROOM * 10 - 1e-9) / 10);
  return {
    cores,
    because: `the busiest TaskManager used ${peak.toFixed(2)} cores between two readings × ${CPU_HEADROOM}${peak * CPU_HEADROOM < MIN_CORES ? `, at least ${MIN_CORES}` : ''}`,
  };
}

/**
 * The task heap that holds what the job used: the highest heap use any TaskManager showed, times HEAP_HEADROOM, less
 * the framework heap (Flink's own share of the same JVM heap), rounded up. The peak includes the young generation,
 * which the JVM sizes in proportion to the heap, so measuring again after resizing shrinks it further, towards a
 * few times the live set. A TaskManager that collected its old generation in the window, or spent more than
 * GC_TIGHT_SHARE of it collecting, is short of heap already: then the plan grows it instead.
 */
export function planSizing(input: SizingInput): { output: SizingPlan | null; diagnostics: Diagnostic[] } {
  const at = { file: input.source };
  const few = input.taskManagers.filter((t) => t.samples.length < MIN_SAMPLES);
  if (input.taskManagers.length === 0 || few.length > 0) {
    const got = input.taskManagers.length === 0 ? 'no TaskManager' : few.map((t) => `${t.id}: ${t.samples.length}`).join(', ');
    return {
      output: null,
      diagnostics: [diagnostic('size-too-few-samples', at, `need ${MIN_SAMPLES} readings of every TaskManager's metrics, got ${got}`)],
    };
  }
  const cfg = input.taskManagers[0]!.memory;
  const heapMaxMb = cfg.frameworkHeapMb + cfg.taskHeapMb;
  const uses = input.taskManagers.map((t) => use(t, heapMaxMb));
  const peak = Math.max(...uses.map((u) => u.heapUsedPeakMb));
  const tight = uses.filter((u) => u.gcShare > GC_TIGHT_SHARE || u.oldCollections > 0);
  const diagnostics: Diagnostic[] = [];
  let taskHeapMb: number;
  let because: string;
  if (tight.length > 0) {
    taskHeapMb = roundUp(cfg.taskHeapMb * HEAP_HEADROOM);
    const old = tight.reduce((n, u) => n + u.oldCollections, 0);
    because = `${tight.length} TaskManager(s) ran ${old} old-generation collection(s) and spent up to ${pct(Math.max(...tight.map((u) => u.gcShare)))} of the window in GC: the heap is short, so it grows by ${HEAP_HEADROOM}×`;
    diagnostics.push(diagnostic('size-heap-tight', at, `${because}; measure again after resizing`));
  } else {
    taskHeapMb = roundUp(peak * HEAP_HEADROOM - cfg.frameworkHeapMb);
    because = `peak heap used ${mb(peak)} MB (of ${mb(heapMaxMb)} MB) × ${HEAP_HEADROOM}, less the ${mb(cfg.frameworkHeapMb)} MB framework heap, GC at most ${pct(Math.max(...uses.map((u) => u.gcShare)))} of the window`;
  }
  const recommended = taskManagerMemory(taskHeapMb, cfg.taskOffHeapMb, cfg.managedMb);
  return {
    output: {
      jobId: input.jobId,
      jobName: input.jobName,
      taskManagers: uses,
      current: { taskHeapMb: cfg.taskHeapMb, processMb: cfg.processMb },
      recommended: { taskHeapMb, processMb: recommended.processMb },
      because,
      cpu: planCpu(uses),
    },
    diagnostics,
  };
}

const mb = (x: number) => String(Math.round(x));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
