// Flink's memory model for a TaskManager and a JobManager, computed as Flink computes it from the keys the
// translator sets (TaskExecutorFlinkMemoryUtils.deriveFromRequiredFineGrainedOptions and
// ProcessMemoryUtils.deriveProcessSpecWithTotalFlinkMemory, with Flink 1.20 / 2.x defaults for every key it
// leaves unset). Pure; test/translator/resources.test.ts checks the figures against Flink's own BashJavaUtils.

const MIB = 1024 * 1024;

/** Flink's defaults for the keys the translator leaves unset (TaskManagerOptions, JobManagerOptions). */
export const FLINK_MEMORY_DEFAULTS = {
  frameworkHeapMb: 128, // taskmanager.memory.framework.heap.size
  frameworkOffHeapMb: 128, // taskmanager.memory.framework.off-heap.size
  networkFraction: 0.1, // taskmanager.memory.network.fraction (of total Flink memory)
  networkMinMb: 64, // taskmanager.memory.network.min (max: unbounded)
  tmMetaspaceMb: 256, // taskmanager.memory.jvm-metaspace.size
  jmMetaspaceMb: 256, // jobmanager.memory.jvm-metaspace.size
  jmOffHeapMb: 128, // jobmanager.memory.off-heap.size
  overheadFraction: 0.1, // *.memory.jvm-overhead.fraction (of total process memory)
  overheadMinMb: 192, // *.memory.jvm-overhead.min
  overheadMaxMb: 1024, // *.memory.jvm-overhead.max
} as const;

export interface TaskManagerMemory {
  taskHeapMb: number;
  taskOffHeapMb: number;
  frameworkHeapMb: number;
  frameworkOffHeapMb: number;
  managedMb: number;
  networkMb: number;
  metaspaceMb: number;
  overheadMb: number;
  /** taskmanager.memory.process.size Flink derives: what YARN and Kubernetes are asked for, whole MB rounded up. */
  processMb: number;
}

export interface JobManagerMemory {
  processMb: number;
  heapMb: number;
  offHeapMb: number;
  metaspaceMb: number;
  overheadMb: number;
}

// Flink keeps fractions as Java floats and sizes as bytes; multiply as MemorySize.multiply does (truncating).
const fraction = (f: number) => Math.fround(f);
const bytes = (mb: number) => Math.round(mb * MIB);
const toMb = (b: number) => Math.round((b / MIB) * 100) / 100;

function clamp(b: number, minMb: number, maxMb: number): number {
  return Math.min(Math.max(b, bytes(minMb)), bytes(maxMb));
}

/** A share `f` of a total, given the rest of that total (ProcessMemoryUtils.deriveWithInverseFraction). */
function inverseFraction(restBytes: number, f: number, minMb: number, maxMb: number): number {
  const ff = fraction(f);
  return clamp(Math.floor(restBytes * (ff / (1 - ff))), minMb, maxMb);
}

/** A share `f` of a known total (ProcessMemoryUtils.deriveWithFraction). */
function withFraction(totalBytes: number, f: number, minMb: number, maxMb: number): number {
  return clamp(Math.floor(totalBytes * fraction(f)), minMb, maxMb);
}

/** The TaskManager's memory when task heap, task off-heap and managed memory are set and the rest is Flink's default. */
export function taskManagerMemory(taskHeapMb: number, taskOffHeapMb: number, managedMb: number): TaskManagerMemory {
  const d = FLINK_MEMORY_DEFAULTS;
  const rest = bytes(taskHeapMb) + bytes(taskOffHeapMb) + bytes(managedMb) + bytes(d.frameworkHeapMb) + bytes(d.frameworkOffHeapMb);
  const network = inverseFraction(rest, d.networkFraction, d.networkMinMb, Number.MAX_SAFE_INTEGER / MIB);
  const flink = rest + network;
  const metaspace = bytes(d.tmMetaspaceMb);
  const overhead = inverseFraction(flink + metaspace, d.overheadFraction, d.overheadMinMb, d.overheadMaxMb);
  return {
    taskHeapMb,
    taskOffHeapMb,
    frameworkHeapMb: d.frameworkHeapMb,
    frameworkOffHeapMb: d.frameworkOffHeapMb,
    managedMb,
    networkMb: toMb(network),
    metaspaceMb: d.tmMetaspaceMb,
    overheadMb: toMb(overhead),
    processMb: Math.ceil((flink + metaspace + overhead) / MIB),
  };
}

/** The JobManager's memory from jobmanager.memory.process.size (JobManagerFlinkMemoryUtils with defaults). */
export function jobManagerMemory(processMb: number): JobManagerMemory {
  const d = FLINK_MEMORY_DEFAULTS;
  const overhead = withFraction(bytes(processMb), d.overheadFraction, d.overheadMinMb, d.overheadMaxMb);
  const flink = bytes(processMb) - overhead - bytes(d.jmMetaspaceMb);
  return {
    processMb,
    heapMb: toMb(flink - bytes(d.jmOffHeapMb)),
    offHeapMb: d.jmOffHeapMb,
    metaspaceMb: d.jmMetaspaceMb,
    overheadMb: toMb(overhead),
  };
}
