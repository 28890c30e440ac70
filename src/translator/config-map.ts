// Storm config → Flink config, every decision with its provenance. Pure: model in, decisions out.
import type { Topology } from '../model/topology.js';
import type { DeployTarget, FlinkLine, Guarantee } from './versions.js';
import { jobManagerMemory, taskManagerMemory, type JobManagerMemory, type TaskManagerMemory } from './flink-memory.js';

/** Where a value came from: the user's Storm config, a Storm default, a flag, or a storm2flink default. */
export type Origin = 'storm-config' | 'storm-default' | 'flag' | 'storm2flink-default' | 'derived';

export interface FlinkSetting {
  key: string;
  value: string;
  origin: Origin;
  /** Human-readable provenance: which Storm key/value or which rule. */
  because: string;
  /** `job`: set in the generated main too (so local runs behave the same); `cluster`: config.yaml only. */
  scope: 'job' | 'cluster';
}

export interface StormKeyDecision {
  stormKey: string;
  /** JSON text of the Storm value, or `(not set)`. */
  stormValue: string;
  /** Flink keys this Storm key decided, empty when none exists. */
  flinkKeys: string[];
  note: string;
}

/** One component's Storm RAS request per executor, and where each figure came from. */
export interface ComponentResources {
  id: string;
  executors: number;
  onHeapMb: number;
  offHeapMb: number;
  cpuPercent: number;
  /** `setMemoryLoad`/`setCPULoad` (or Flux), the topology's RAS defaults, or Storm's defaults. */
  from: string;
}

/** Storm's Resource Aware Scheduler figures, when the topology sets any (setMemoryLoad, setCPULoad, RAS keys). */
export interface RasFigures {
  components: ComponentResources[];
  onHeapMb: number;
  offHeapMb: number;
  cpuPercent: number;
  /** topology.worker.max.heap.size.mb: RAS packs executors into workers of at most this heap. */
  maxWorkerHeapMb: number;
}

export interface Resources {
  /** Storm workers: topology.workers, or (RAS) the fewest workers of the max heap its executors fit in. */
  workers: number;
  maxParallelism: number;
  slotsPerTaskManager: number;
  taskManagers: number;
  taskHeapMb: number;
  taskOffHeapMb: number;
  /** Why the task heap (and off-heap) is what it is. */
  heapBecause: string;
  /** CPU cores per TaskManager (Kubernetes cpu; YARN vcores rounded up). */
  cpuPerTaskManager: number;
  cpuBecause: string;
  /** Flink's own derivation of the TaskManager process from the keys above: what each container asks for. */
  taskManager: TaskManagerMemory;
  jobManagerMb: number;
  jobManager: JobManagerMemory;
  jobManagerBecause: string;
  /** Slots requested but unused (when the parallelism does not divide evenly). */
  idleSlots: number;
  ras: RasFigures | null;
}

export interface GuaranteeDecision {
  before: 'at-least-once' | 'at-most-once';
  beforeBecause: string;
  after: Guarantee;
  afterBecause: string;
  checkpointIntervalMs: number | null;
  checkpointTimeoutMs: number | null;
}

export interface ConfigMapping {
  settings: FlinkSetting[];
  stormKeys: StormKeyDecision[];
  resources: Resources;
  guarantee: GuaranteeDecision;
  /** Storm keys whose value is computed at run time (null in the model). */
  dynamicKeys: string[];
}

export interface ConfigMapOptions {
  flink: FlinkLine;
  target: DeployTarget;
  guarantee?: Guarantee;
  /** Folder name of the generated project; names the checkpoint directory. */
  folder: string;
}

const STORM_DEFAULT_WORKERS = 1;
const STORM_DEFAULT_MESSAGE_TIMEOUT_SECS = 30;
const STORM_DEFAULT_WORKER_HEAP_MB = 768;
const FLINK_DEFAULT_JOBMANAGER_MB = 1600;
/** One job's JobManager (application mode): heap 448 MB after Flink's off-heap, metaspace and overhead. */
const JOB_JOBMANAGER_MB = 1024;
// Storm's RAS defaults (defaults.yaml).
const STORM_DEFAULT_COMPONENT_ONHEAP_MB = 128;
const STORM_DEFAULT_COMPONENT_OFFHEAP_MB = 0;
const STORM_DEFAULT_COMPONENT_CPU_PERCENT = 10;
const STORM_DEFAULT_WORKER_MAX_HEAP_MB = 768;
const RAS_KEYS = ['topology.component.resources.onheap.memory.mb', 'topology.component.resources.offheap.memory.mb', 'topology.component.cpu.pcore.percent'];
const MAX_CHECKPOINT_INTERVAL_MS = 10_000;
const MIN_CHECKPOINT_INTERVAL_MS = 1_000;

/** Storm keys that are carried to the user code through the Storm Config but have no Flink setting. */
const NO_FLINK_EQUIVALENT: Record<string, string> = {
  'topology.max.spout.pending':
    "No key: the compat runtime honours it as Storm's executor does (a spout task's nextTuple waits while that many of its tuple trees are pending); Flink's credit-based backpressure bounds the data in flight besides.",
  'topology.backpressure.enable': 'No key: Flink backpressure is always on.',
  'topology.debug': 'No key: passed to the compat runtime through the Storm Config (it logs emitted tuples as Storm does).',
  'topology.tick.tuple.freq.secs': 'No key: the compat runtime fires tick tuples from Flink processing-time timers at this frequency.',
  'topology.enable.message.timeouts':
    "No key: the compat runtime fails a tuple tree not complete within topology.message.timeout.secs back to its spout, as Storm's acker does (checked about once a second).",
  'topology.kryo.register':
    "No key: the compat runtime registers these classes (and their serializers) with Flink's Kryo, which serializes tuple values of other types than String, numbers, booleans and byte[] (pipeline.serialization-config).",
  'topology.kryo.factory': 'No key: Flink creates its own Kryo; a Storm Kryo factory is not used (register serializers in topology.kryo.register instead).',
  'topology.kryo.decorators':
    'No key: Flink creates its own Kryo; decorators are not applied (the compat runtime logs a warning; register serializers in topology.kryo.register instead).',
  'topology.fall.back.on.java.serialization': "No key: Flink's Kryo serializes unregistered types field by field; Java serialization is not used.",
  'topology.skip.missing.kryo.registrations':
    'No key: the compat runtime honours it: without it, a topology.kryo.register class missing from the job fails its construction.',
  'topology.auto.task.hooks': 'No key: the compat runtime instantiates the task hooks itself.',
  'topology.metrics.consumer.register':
    'No key: Storm metrics consumers do not run on Flink; registered metrics become Flink metrics, exported by the Prometheus reporter.',
  'topology.builtin.metrics.bucket.size.secs': 'No key: Flink metrics are reported at the reporter interval.',
  'topology.stats.sample.rate': 'No key: Flink metrics are not sampled.',
  'topology.eventlogger.executors': 'No key: Storm UI event logging has no Flink equivalent.',
  'topology.executor.receive.buffer.size': 'No key: Flink network buffers are sized by taskmanager.memory.network.*.',
  'topology.transfer.buffer.size': 'No key: Flink network buffers are sized by taskmanager.memory.network.*.',
  'topology.spout.wait.strategy': 'No key: the compat runtime polls spouts on the task thread.',
  'topology.sleep.spout.wait.strategy.time.ms': 'No key: the compat runtime polls spouts on the task thread.',
  'topology.environment': 'No key generated: set containerized.taskmanager.env.<NAME> (YARN) or the pod environment (Kubernetes) for each variable.',
  'topology.scheduler.strategy': 'No key: Flink schedules by slots.',
  'topology.priority': 'No key: use the YARN queue or Kubernetes priority class.',
  'topology.state.provider':
    'No key: stateful bolts keep their KeyValueState in Flink checkpoints (the compat runtime replaces the Redis/HBase provider); a restore brings it back.',
  'topology.state.checkpoint.interval.ms': 'No key: stateful bolts prepare and commit at Flink checkpoints (execution.checkpointing.interval).',
  'topology.classpath': 'No key: the job jar carries the classpath; add files to yarn.ship-files.',
  'topology.testing.always.try.serialize': 'No key: a Storm testing switch.',
  'topology.name': 'The topology name names the Flink job and the YARN application.',
};

function json(v: unknown): string {
  return v === undefined ? '(not set)' : (JSON.stringify(v) ?? String(v));
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** -Xmx in a JVM options string, in MB. */
export function xmxMb(opts: string): number | undefined {
  const m = /(?:^|\s)-Xmx(\d+)([kKmMgG]?)(?=\s|$)/.exec(opts);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mb = unit === 'g' ? n * 1024 : unit === 'm' ? n : unit === 'k' ? n / 1024 : n / (1024 * 1024);
  return Math.max(1, Math.round(mb));
}

function childopts(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' ');
  return undefined;
}

function ms(n: number): string {
  return n % 60_000 === 0 ? `${n / 60_000} min` : n % 1000 === 0 ? `${n / 1000} s` : `${n} ms`;
}

type Decision = [stormKey: string, flinkKeys: string[], note: string];

/** A Storm RAS figure for one component: its own (setMemoryLoad/setCPULoad, component config), the topology's, Storm's. */
function rasFigure(
  c: Topology['components'][number],
  conf: Record<string, unknown>,
  own: number | undefined,
  key: string,
  stormDefault: number,
): { v: number; from: 'own' | 'topology' | 'storm' } {
  if (own !== undefined && own >= 0) return { v: own, from: 'own' };
  const comp = num(c.config?.[key]);
  if (comp !== undefined && comp >= 0) return { v: comp, from: 'own' };
  const topo = num(conf[key]);
  if (topo !== undefined && topo >= 0) return { v: topo, from: 'topology' };
  return { v: stormDefault, from: 'storm' };
}

const mb2 = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * Slots, TaskManagers, memory and CPU. With slot sharing a slot holds one subtask of every operator, so slot i of
 * the job holds executor i of each component whose parallelism exceeds i: the job needs as many slots as its widest
 * component, and (RAS) slot i needs the sum of those executors' requests.
 */
function deriveResources(
  t: Topology,
  opts: ConfigMapOptions,
  conf: Record<string, unknown>,
): { resources: Resources; settings: FlinkSetting[]; decisions: Decision[] } {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(conf, k);
  const settings: FlinkSetting[] = [];
  const decisions: Decision[] = [];
  const cap = num(conf['topology.max.task.parallelism']);
  const executorsOf = (p: number | null) => {
    const n = Math.max(1, p ?? 1);
    return cap !== undefined && cap >= 1 ? Math.min(n, Math.floor(cap)) : n;
  };
  const maxParallelism = Math.max(1, ...t.components.map((c) => executorsOf(c.parallelism)));
  if (has('topology.max.task.parallelism')) {
    decisions.push([
      'topology.max.task.parallelism',
      ['taskmanager.numberOfTaskSlots'],
      'Caps every component parallelism (the compat runtime applies it); the slot count uses the capped value.',
    ]);
  }
  const rasKeys = RAS_KEYS.filter(has);
  const rasComponents = t.components.filter((c) => (c.resources && Object.keys(c.resources).length > 0) || RAS_KEYS.some((k) => c.config?.[k] !== undefined));
  const useRas = rasKeys.length > 0 || rasComponents.length > 0;

  let workers: number;
  let slotsPerTaskManager: number;
  let taskHeapMb: number;
  let taskOffHeapMb = 0;
  let heapBecause: string;
  let heapOrigin: Origin;
  let cpuPerTaskManager: number;
  let cpuBecause: string;
  let ras: RasFigures | null = null;
  let slotsBecause: string;

  if (!useRas) {
    // One TaskManager per Storm worker, slots to hold the widest component, each TaskManager with a worker's heap.
    const workersRaw = num(conf['topology.workers']);
    workers = workersRaw !== undefined && workersRaw >= 1 ? Math.floor(workersRaw) : STORM_DEFAULT_WORKERS;
    slotsPerTaskManager = Math.ceil(maxParallelism / workers);
    const workersWhy =
      workersRaw !== undefined ? `topology.workers = ${json(conf['topology.workers'])}` : `Storm default topology.workers = ${STORM_DEFAULT_WORKERS}`;
    slotsBecause =
      t.components.length === 0
        ? // Trident, the Streams API, DRPC: the components exist once the entry runs, with parallelisms the model lacks.
          `${workersWhy}; the components are made when the entry runs (their parallelism is not known here): 1 assumed → ceil(1 / ${workers}) slots per TaskManager; on YARN and Kubernetes Flink starts the TaskManagers the job asks for, a standalone cluster needs as many free slots as the widest component's parallelism`
        : `${workersWhy}; widest component parallelism ${maxParallelism} (with slot sharing the job needs that many slots, not the sum) → ceil(${maxParallelism} / ${workers}) slots per TaskManager`;
    // Heap: -Xmx in topology.worker.childopts wins over worker.heap.memory.mb, as in Storm's worker launch.
    const topoChildopts = childopts(conf['topology.worker.childopts']);
    const workerChildopts = childopts(conf['worker.childopts']);
    const topoXmx = topoChildopts !== undefined ? xmxMb(topoChildopts) : undefined;
    const xmx = topoXmx ?? (workerChildopts !== undefined ? xmxMb(workerChildopts) : undefined);
    const heapConf = num(conf['worker.heap.memory.mb']) ?? num(conf['topology.worker.max.heap.size.mb']);
    if (xmx !== undefined) {
      taskHeapMb = xmx;
      heapBecause = `-Xmx in ${topoXmx !== undefined ? 'topology.worker.childopts' : 'worker.childopts'}`;
      heapOrigin = 'storm-config';
    } else if (heapConf !== undefined) {
      taskHeapMb = Math.round(heapConf);
      heapBecause = has('worker.heap.memory.mb') ? `worker.heap.memory.mb = ${heapConf}` : `topology.worker.max.heap.size.mb = ${heapConf}`;
      heapOrigin = 'storm-config';
    } else {
      taskHeapMb = STORM_DEFAULT_WORKER_HEAP_MB;
      heapBecause = `Storm default worker.heap.memory.mb = ${STORM_DEFAULT_WORKER_HEAP_MB}`;
      heapOrigin = 'storm-default';
    }
    heapBecause += ': each TaskManager gets the heap of one Storm worker';
    for (const k of ['topology.worker.childopts', 'worker.childopts', 'worker.heap.memory.mb', 'topology.worker.max.heap.size.mb']) {
      if (has(k)) decisions.push([k, ['taskmanager.memory.task.heap.size'], `Worker heap ${taskHeapMb} MB → TaskManager task heap.`]);
    }
    // Storm gives a worker no CPU figure; Flink's own default asks one core per slot.
    cpuPerTaskManager = slotsPerTaskManager;
    cpuBecause = `no RAS CPU figures (setCPULoad, topology.component.cpu.pcore.percent): Flink's default, one core per slot`;
  } else {
    const components: ComponentResources[] = [...t.components]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((c) => {
        const on = rasFigure(c, conf, c.resources?.memoryOnHeapMb, 'topology.component.resources.onheap.memory.mb', STORM_DEFAULT_COMPONENT_ONHEAP_MB);
        const off = rasFigure(c, conf, c.resources?.memoryOffHeapMb, 'topology.component.resources.offheap.memory.mb', STORM_DEFAULT_COMPONENT_OFFHEAP_MB);
        const cpu = rasFigure(c, conf, c.resources?.cpu, 'topology.component.cpu.pcore.percent', STORM_DEFAULT_COMPONENT_CPU_PERCENT);
        const label = { own: 'its own', topology: 'topology default', storm: 'Storm default' } as const;
        const figures: [string, 'own' | 'topology' | 'storm'][] = [
          ['on-heap', on.from],
          ['off-heap', off.from],
          ['CPU', cpu.from],
        ];
        const from = (['own', 'topology', 'storm'] as const)
          .map((o) => [o, figures.filter(([, f]) => f === o).map(([n]) => n)] as const)
          .filter(([, names]) => names.length > 0)
          .map(([o, names]) => (names.length === 3 ? label[o] : `${label[o]} (${names.join(', ')})`))
          .join('; ');
        return { id: c.id, executors: executorsOf(c.parallelism), onHeapMb: on.v, offHeapMb: off.v, cpuPercent: cpu.v, from };
      });
    const maxHeapRaw = num(conf['topology.worker.max.heap.size.mb']);
    const maxWorkerHeapMb = maxHeapRaw !== undefined && maxHeapRaw > 0 ? maxHeapRaw : STORM_DEFAULT_WORKER_MAX_HEAP_MB;
    const sum = (f: (c: ComponentResources) => number) => components.reduce((n, c) => n + c.executors * f(c), 0);
    ras = { components, onHeapMb: sum((c) => c.onHeapMb), offHeapMb: sum((c) => c.offHeapMb), cpuPercent: sum((c) => c.cpuPercent), maxWorkerHeapMb };
    // Slot i holds executor i of each component wider than i; slots 0, 1, … need the most, in that order.
    const slot = (i: number, f: (c: ComponentResources) => number) => components.filter((c) => c.executors > i).reduce((n, c) => n + f(c), 0);
    const firstSlots = (n: number, f: (c: ComponentResources) => number) => Array.from({ length: n }, (_, i) => slot(i, f)).reduce((a, b) => a + b, 0);
    // As RAS packs executors into workers of at most topology.worker.max.heap.size.mb: of the slot counts whose heap
    // (the slots a TaskManager may hold, the fullest first) stays within it, the one asking the least process memory
    // in all (each TaskManager adds Flink's own ~700 MB); one slot each when no count fits.
    slotsPerTaskManager = 1;
    let best = Infinity;
    for (let s = maxParallelism; s >= 1; s--) {
      const heap = Math.ceil(firstSlots(s, (c) => c.onHeapMb));
      if (heap > maxWorkerHeapMb && s > 1) continue;
      const total = Math.ceil(maxParallelism / s) * taskManagerMemory(heap, Math.ceil(firstSlots(s, (c) => c.offHeapMb)), 0).processMb;
      if (total < best) [best, slotsPerTaskManager] = [total, s];
    }
    workers = Math.max(1, Math.ceil(ras.onHeapMb / maxWorkerHeapMb));
    taskHeapMb = Math.ceil(firstSlots(slotsPerTaskManager, (c) => c.onHeapMb));
    taskOffHeapMb = Math.ceil(firstSlots(slotsPerTaskManager, (c) => c.offHeapMb));
    const cpuPercent = firstSlots(slotsPerTaskManager, (c) => c.cpuPercent);
    cpuPerTaskManager = Math.max(0.1, Math.ceil(cpuPercent) / 100);
    const maxWhy =
      maxHeapRaw !== undefined
        ? `topology.worker.max.heap.size.mb = ${json(conf['topology.worker.max.heap.size.mb'])}`
        : `Storm default topology.worker.max.heap.size.mb = ${STORM_DEFAULT_WORKER_MAX_HEAP_MB}`;
    slotsBecause = `Storm's Resource Aware Scheduler figures (${ras.onHeapMb} MB on-heap for ${sum(() => 1)} executors); widest component parallelism ${maxParallelism} (with slot sharing the job needs that many slots, not the sum); of the TaskManager sizes whose heap stays within ${maxWhy}, the one asking the least memory in all: ${slotsPerTaskManager} slot(s) per TaskManager`;
    heapBecause = `the RAS on-heap memory of the executors the ${slotsPerTaskManager} fullest slot(s) of a TaskManager hold (slot i holds executor i of each component wider than i)`;
    heapOrigin = 'derived';
    cpuBecause = `the RAS CPU of those executors: ${mb2(cpuPercent)}% of a core (100 = one core)${cpuPercent / 100 < 0.1 ? ', at least 0.1 core' : ''}`;
    for (const k of rasKeys)
      decisions.push([
        k,
        ['taskmanager.memory.task.heap.size', 'taskmanager.numberOfTaskSlots'],
        'The default for components without their own RAS figure; summed per slot into the TaskManager request.',
      ]);
    if (has('topology.worker.max.heap.size.mb'))
      decisions.push([
        'topology.worker.max.heap.size.mb',
        ['taskmanager.numberOfTaskSlots'],
        `RAS workers hold at most ${mb2(maxWorkerHeapMb)} MB heap: so do the TaskManagers (the fewest in memory that fit).`,
      ]);
    if (has('topology.workers'))
      decisions.push([
        'topology.workers',
        [],
        "Not used: Storm's Resource Aware Scheduler packs executors into workers by their memory (topology.worker.max.heap.size.mb), and so does the TaskManager count.",
      ]);
    for (const k of ['topology.worker.childopts', 'worker.childopts', 'worker.heap.memory.mb']) {
      if (has(k)) decisions.push([k, [], "Heap not taken from it: under RAS a worker's heap is its executors' on-heap memory, and so is the TaskManager's."]);
    }
  }
  const taskManagers = Math.ceil(maxParallelism / slotsPerTaskManager);
  const idleSlots = taskManagers * slotsPerTaskManager - maxParallelism;
  settings.push({
    key: 'taskmanager.numberOfTaskSlots',
    value: String(slotsPerTaskManager),
    origin: 'derived',
    because: `${slotsBecause}, ${taskManagers} TaskManager(s)`,
    scope: 'cluster',
  });
  if (!useRas)
    decisions.push([
      'topology.workers',
      ['taskmanager.numberOfTaskSlots'],
      `One TaskManager per Storm worker: ${taskManagers} TaskManager(s) × ${slotsPerTaskManager} slot(s) for parallelism ${maxParallelism}.`,
    ]);
  settings.push({ key: 'taskmanager.memory.task.heap.size', value: `${taskHeapMb}m`, origin: heapOrigin, because: heapBecause, scope: 'cluster' });
  if (taskOffHeapMb > 0)
    settings.push({
      key: 'taskmanager.memory.task.off-heap.size',
      value: `${taskOffHeapMb}m`,
      origin: 'derived',
      because: "the RAS off-heap memory of the same executors (setMemoryLoad's second figure)",
      scope: 'cluster',
    });
  settings.push({
    key: 'taskmanager.memory.managed.size',
    value: '0m',
    origin: 'storm2flink-default',
    because: 'the hashmap state backend keeps state on the heap; managed memory would be requested and never used',
    scope: 'cluster',
  });
  const taskManager = taskManagerMemory(taskHeapMb, taskOffHeapMb, 0);
  // A session JobManager serves every job submitted to it; an application's serves this one job.
  const session = opts.target === 'yarn-session' || opts.target === 'kubernetes-session' || opts.target === 'standalone';
  const jobManagerMb = session ? FLINK_DEFAULT_JOBMANAGER_MB : JOB_JOBMANAGER_MB;
  const jobManager = jobManagerMemory(jobManagerMb);
  const jobManagerBecause = session
    ? 'Flink default: a session JobManager serves every job submitted to it (Storm Nimbus has no per-topology figure)'
    : "one job's JobManager (application mode): its heap holds this job's execution graph and checkpoint metadata only, not a session's (Storm Nimbus has no per-topology figure)";
  settings.push({
    key: 'jobmanager.memory.process.size',
    value: `${jobManagerMb}m`,
    origin: session ? 'storm2flink-default' : 'derived',
    because: jobManagerBecause,
    scope: 'cluster',
  });
  const yarn = opts.target === 'yarn-application' || opts.target === 'yarn-session';
  if (yarn) {
    settings.push({
      key: 'yarn.containers.vcores',
      value: String(Math.max(1, Math.ceil(cpuPerTaskManager))),
      origin: useRas ? 'derived' : 'storm2flink-default',
      because: `${cpuBecause}${Number.isInteger(cpuPerTaskManager) ? '' : ', rounded up to whole vcores'}`,
      scope: 'cluster',
    });
  }
  return {
    resources: {
      workers,
      maxParallelism,
      slotsPerTaskManager,
      taskManagers,
      taskHeapMb,
      taskOffHeapMb,
      heapBecause,
      cpuPerTaskManager,
      cpuBecause,
      taskManager,
      jobManagerMb,
      jobManager,
      jobManagerBecause,
      idleSlots,
      ras,
    },
    settings,
    decisions,
  };
}

export function mapConfig(t: Topology, opts: ConfigMapOptions): ConfigMapping {
  const conf = t.config;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(conf, k);
  const settings: FlinkSetting[] = [];
  const stormKeys = new Map<string, StormKeyDecision>();
  const dynamicKeys = Object.keys(conf)
    .filter((k) => conf[k] === null)
    .sort();
  const decide = (stormKey: string, flinkKeys: string[], note: string) => {
    const prev = stormKeys.get(stormKey);
    if (prev) {
      prev.flinkKeys = [...new Set([...prev.flinkKeys, ...flinkKeys])].sort();
      return;
    }
    stormKeys.set(stormKey, { stormKey, stormValue: json(conf[stormKey]), flinkKeys: [...flinkKeys].sort(), note });
  };
  const set = (s: FlinkSetting) => settings.push(s);

  // --- Resources: slots for the widest component, TaskManagers and their memory from the Storm workers (or RAS).
  const r = deriveResources(t, opts, conf);
  for (const s of r.settings) set(s);
  for (const [k, keys, note] of r.decisions) decide(k, keys, note);
  const topoChildopts = childopts(conf['topology.worker.childopts']);
  const jvmOpts = [topoChildopts, childopts(conf['topology.worker.gc.childopts'])]
    .filter((s): s is string => !!s)
    .join(' ')
    .split(/\s+/)
    .filter((o) => o !== '' && !/^-Xm[xs]/.test(o) && !o.includes('%'))
    .join(' ');
  if (jvmOpts !== '') {
    set({
      key: 'env.java.opts.taskmanager',
      value: jvmOpts,
      origin: 'storm-config',
      because: 'topology.worker.childopts / topology.worker.gc.childopts without -Xmx/-Xms (Flink sizes the heap) and Storm %placeholders%',
      scope: 'cluster',
    });
    for (const k of ['topology.worker.childopts', 'topology.worker.gc.childopts'])
      if (has(k)) decide(k, ['env.java.opts.taskmanager'], 'JVM options kept for the TaskManagers.');
  }

  // --- Delivery guarantee.
  const ackersRaw = num(conf['topology.acker.executors']);
  const ackers = ackersRaw ?? r.resources.workers; // Storm: unset → one acker per worker.
  const reliableSpouts = t.components
    .filter((c) => c.type === 'spout')
    .filter(
      (c) =>
        c.features.includes('reliable-spout') || (c.features.includes('kafka-spout') && !/AT_MOST_ONCE|NO_GUARANTEE/.test(c.kafka?.processingGuarantee ?? '')),
    )
    .map((c) => c.id)
    .sort();
  const ackersWhy =
    ackersRaw !== undefined
      ? `topology.acker.executors = ${json(conf['topology.acker.executors'])}`
      : `topology.acker.executors not set (Storm starts one acker per worker: ${ackers})`;
  // No components in the model: the entry builds them when it runs (the Streams API), so its spouts are not known here.
  const builtAtRunTime = t.components.length === 0;
  const before: GuaranteeDecision['before'] = ackers > 0 && (reliableSpouts.length > 0 || builtAtRunTime) ? 'at-least-once' : 'at-most-once';
  const beforeBecause =
    before === 'at-least-once'
      ? builtAtRunTime
        ? `${ackersWhy}; the spouts are built when the entry runs (not known before), so taken to be reliable`
        : `${ackersWhy} and reliable spout(s) ${reliableSpouts.map((s) => JSON.stringify(s)).join(', ')}`
      : ackers <= 0
        ? `${ackersWhy}: Storm does not track tuples`
        : `${ackersWhy}, but no spout emits with message ids: Storm does not track tuples`;
  let after: Guarantee;
  let afterBecause: string;
  if (opts.guarantee) {
    after = opts.guarantee;
    afterBecause = `--guarantee ${opts.guarantee}`;
  } else if (before === 'at-least-once') {
    after = 'at-least-once';
    afterBecause = t.components.some((c) => c.features.includes('stateful'))
      ? 'spout message ids are acked as the checkpoints covering them complete (stateful bolts: a restored state and the spouts then agree), replayed after a restore'
      : "same as Storm: spout message ids are acked when their tuple trees complete (the compat runtime's acker), those pending at a checkpoint replayed after a restore";
  } else if (t.components.some((c) => c.features.includes('stateful'))) {
    after = 'at-least-once';
    afterBecause = "stateful bolts prepare and commit their state at Flink checkpoints, as they do at Storm's";
  } else {
    after = 'none';
    afterBecause = 'same as Storm: no checkpoints (pass --guarantee at-least-once to add them)';
  }
  decide('topology.acker.executors', after === 'none' ? [] : ['execution.checkpointing.mode'], `Storm guarantee ${before} → Flink ${after}.`);

  let checkpointIntervalMs: number | null = null;
  let checkpointTimeoutMs: number | null = null;
  if (after !== 'none') {
    const timeoutSecs = num(conf['topology.message.timeout.secs']);
    const timeout = (timeoutSecs !== undefined && timeoutSecs > 0 ? timeoutSecs : STORM_DEFAULT_MESSAGE_TIMEOUT_SECS) * 1000;
    const timeoutWhy =
      timeoutSecs !== undefined
        ? `topology.message.timeout.secs = ${json(conf['topology.message.timeout.secs'])}`
        : `Storm default topology.message.timeout.secs = ${STORM_DEFAULT_MESSAGE_TIMEOUT_SECS}`;
    checkpointTimeoutMs = Math.round(timeout);
    checkpointIntervalMs = Math.max(MIN_CHECKPOINT_INTERVAL_MS, Math.min(MAX_CHECKPOINT_INTERVAL_MS, Math.round(timeout / 3 / 1000) * 1000));
    const mode = after === 'exactly-once' ? 'EXACTLY_ONCE' : 'AT_LEAST_ONCE';
    set({
      key: 'execution.checkpointing.mode',
      value: mode,
      origin: opts.guarantee ? 'flag' : 'derived',
      because: `${afterBecause} (Storm: ${beforeBecause})`,
      scope: 'job',
    });
    set({
      key: 'execution.checkpointing.timeout',
      value: ms(checkpointTimeoutMs),
      origin: timeoutSecs !== undefined ? 'storm-config' : 'storm-default',
      because: `${timeoutWhy}: a tuple is acked (or replayed) within the same time as on Storm`,
      scope: 'job',
    });
    set({
      key: 'execution.checkpointing.interval',
      value: ms(checkpointIntervalMs),
      origin: 'derived',
      because: 'a third of the message timeout, between 1 s and 10 s, so several checkpoints fit in one Storm timeout',
      scope: 'job',
    });
    decide(
      'topology.message.timeout.secs',
      ['execution.checkpointing.interval', 'execution.checkpointing.timeout'],
      'Checkpoint timeout = message timeout; interval a third of it. The compat runtime fails back a tuple tree not complete within it.',
    );
    set({
      key: 'execution.checkpointing.externalized-checkpoint-retention',
      value: 'RETAIN_ON_CANCELLATION',
      origin: 'storm2flink-default',
      because: "a redeployed job resumes from the last checkpoint, as a Storm topology resumes from its spouts' committed offsets",
      scope: 'cluster',
    });
    set({
      key: 'state.backend.type',
      value: 'hashmap',
      origin: 'storm2flink-default',
      because: 'the compat runtime keeps only pending message ids and offsets in state: small, heap is enough',
      scope: 'cluster',
    });
    set({
      key: 'execution.checkpointing.dir',
      value: `hdfs:///flink/checkpoints/${opts.folder}`,
      origin: 'storm2flink-default',
      because: "durable checkpoint storage on HDFS, one folder per job; change to your cluster's path (or s3://… on Kubernetes)",
      scope: 'cluster',
    });
    set({
      key: 'execution.checkpointing.savepoint-dir',
      value: `hdfs:///flink/savepoints/${opts.folder}`,
      origin: 'storm2flink-default',
      because: 'where deploy/stop.sh leaves the savepoint an upgrade resumes from (Storm kept no state across a redeploy: its spouts replayed)',
      scope: 'cluster',
    });
    // Flink Kubernetes Operator 1.10, the first whose CRD takes Flink 1.20, is built on Flink 1.19, whose options have
    // the names from before 1.20's renames (FLINK-34482): its validator refuses stateful upgrades without them. Flink
    // 1.20 reads them as deprecated names of the keys above; 2.x dropped them, and its operators (1.13+) read both.
    if ((opts.target === 'kubernetes' || opts.target === 'kubernetes-session') && opts.flink === '1.20') {
      set({
        key: 'state.checkpoints.dir',
        value: `hdfs:///flink/checkpoints/${opts.folder}`,
        origin: 'storm2flink-default',
        because:
          'execution.checkpointing.dir under the name Flink Kubernetes Operator 1.10 (built on Flink 1.19) reads: without it the operator refuses last-state and savepoint upgrades',
        scope: 'cluster',
      });
      set({
        key: 'state.savepoints.dir',
        value: `hdfs:///flink/savepoints/${opts.folder}`,
        origin: 'storm2flink-default',
        because:
          'execution.checkpointing.savepoint-dir under the name Flink Kubernetes Operator 1.10 (built on Flink 1.19) reads: without it the operator refuses savepoint upgrades',
        scope: 'cluster',
      });
    }
  } else {
    if (has('topology.message.timeout.secs')) decide('topology.message.timeout.secs', [], 'No checkpoints, so no checkpoint timeout.');
  }

  // Storm supervisors restart failed workers forever; exponential backoff keeps doing so without a restart storm.
  set({
    key: 'restart-strategy.type',
    value: 'exponential-delay',
    origin: 'storm2flink-default',
    because: 'Storm restarts failed workers without limit; exponential delay restarts without limit too, backing off',
    scope: 'job',
  });
  set({
    key: 'restart-strategy.exponential-delay.initial-backoff',
    value: '1 s',
    origin: 'storm2flink-default',
    because: 'restart quickly after a first failure',
    scope: 'job',
  });
  set({
    key: 'restart-strategy.exponential-delay.max-backoff',
    value: '1 min',
    origin: 'storm2flink-default',
    because: 'bounded wait between restarts of a crash-looping job',
    scope: 'job',
  });

  // Latency: Storm 2 sends each tuple as it is emitted (batch sizes 1) or flushes its batches every
  // topology.batch.flush.interval.millis; Flink's default buffer timeout (100 ms) would put ~80 ms on every hop
  // (BENCHMARKS.md round 7). The same interval as Storm's flush, 1 ms by default (Flink's 0 flushes per record).
  const batched = (num(conf['topology.producer.batch.size']) ?? 1) > 1 || (num(conf['topology.transfer.batch.size']) ?? 1) > 1;
  const flushMs = num(conf['topology.batch.flush.interval.millis']);
  const flushOff = batched && flushMs === 0;
  const flushKey = flushOff ? 'execution.buffer-timeout.enabled' : 'execution.buffer-timeout.interval';
  set({
    key: flushKey,
    value: flushOff ? 'false' : `${Math.max(1, Math.round(flushMs ?? 1))} ms`,
    origin: flushMs !== undefined ? 'storm-config' : 'storm-default',
    because: flushOff
      ? 'topology.batch.flush.interval.millis = 0 with batching: Storm sends a batch only when it is full, so does Flink'
      : batched
        ? `Storm flushes its tuple batches every ${Math.round(flushMs ?? 1)} ms (topology.batch.flush.interval.millis); Flink flushes its network buffers as often`
        : "Storm sends each tuple as it is emitted (topology.producer.batch.size and topology.transfer.batch.size 1); Flink's shortest timed flush, 1 ms, instead of its 100 ms default",
    scope: 'job',
  });
  for (const k of ['topology.batch.flush.interval.millis', 'topology.producer.batch.size', 'topology.transfer.batch.size'])
    if (has(k)) decide(k, [flushKey], 'Storm batching and flushing → how often Flink flushes its network buffers.');

  // Prometheus: Storm UI metrics and metrics consumers have no Flink counterpart; Prometheus is the usual replacement.
  set({
    key: 'metrics.reporter.prom.factory.class',
    value: 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
    origin: 'storm2flink-default',
    because: 'Storm UI / metrics consumers → Flink metrics scraped by Prometheus',
    scope: 'cluster',
  });
  set({
    key: 'metrics.reporter.prom.port',
    value: '9250-9260',
    origin: 'storm2flink-default',
    because: 'a port range, so several TaskManagers on one host do not collide',
    scope: 'cluster',
  });

  const name = t.name ?? t.id;
  const yarn = opts.target === 'yarn-application' || opts.target === 'yarn-session';
  if (yarn) {
    set({
      key: 'yarn.application.name',
      value: name,
      origin: t.name ? 'storm-config' : 'derived',
      because: t.name ? 'the Storm topology name' : 'the topology id (no static topology name)',
      scope: 'cluster',
    });
    // Seen on a MiniYARNCluster: with the default (ORDER) the jar is on the system classpath and in the user class loader.
    set({
      key: 'yarn.classpath.include-user-jar',
      value: 'DISABLED',
      origin: 'storm2flink-default',
      because:
        'the job jar carries storm-client: on the system classpath too, Storm finds its defaults.yaml twice and refuses to start ("Found multiple defaults.yaml resources"); the jar goes to usrlib/ and only the user class loader reads it',
      scope: 'cluster',
    });
  }
  if (t.name) decide('topology.name', yarn ? ['yarn.application.name'] : [], NO_FLINK_EQUIVALENT['topology.name']!);

  for (const k of Object.keys(conf)) {
    if (stormKeys.has(k)) continue;
    const note =
      NO_FLINK_EQUIVALENT[k] ??
      (k.startsWith('topology.')
        ? 'No Flink key: passed unchanged to the user code and the compat runtime through the Storm Config.'
        : 'Not a topology key (cluster or user setting): passed unchanged through the Storm Config; no Flink key.');
    decide(k, [], note);
  }
  for (const k of dynamicKeys) {
    const d = stormKeys.get(k)!;
    d.note += ' The value is computed at run time; decisions above used the Storm default.';
  }

  settings.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    settings,
    stormKeys: [...stormKeys.values()].sort((a, b) => (a.stormKey < b.stormKey ? -1 : a.stormKey > b.stormKey ? 1 : 0)),
    resources: r.resources,
    guarantee: { before, beforeBecause, after, afterBecause, checkpointIntervalMs, checkpointTimeoutMs },
    dynamicKeys,
  };
}
