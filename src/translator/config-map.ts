// Storm config → Flink config, every decision with its provenance. Pure: model in, decisions out.
import type { Topology } from '../model/topology.js';
import type { DeployTarget, FlinkLine, Guarantee } from './versions.js';

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

export interface Resources {
  workers: number;
  maxParallelism: number;
  slotsPerTaskManager: number;
  taskManagers: number;
  taskHeapMb: number;
  jobManagerMb: number;
  /** Slots requested but unused (when the parallelism does not divide evenly). */
  idleSlots: number;
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
const MAX_CHECKPOINT_INTERVAL_MS = 10_000;
const MIN_CHECKPOINT_INTERVAL_MS = 1_000;

/** Storm keys that are carried to the user code through the Storm Config but have no Flink setting. */
const NO_FLINK_EQUIVALENT: Record<string, string> = {
  'topology.max.spout.pending':
    'No key: Flink bounds in-flight data with credit-based backpressure; the compat runtime also receives the value through the Storm Config.',
  'topology.backpressure.enable': 'No key: Flink backpressure is always on.',
  'topology.debug': 'No key: passed to the compat runtime through the Storm Config (it logs emitted tuples as Storm does).',
  'topology.tick.tuple.freq.secs': 'No key: the compat runtime fires tick tuples from Flink processing-time timers at this frequency.',
  'topology.enable.message.timeouts':
    'No key: with checkpoints, tuples are acknowledged when the covering checkpoint completes; there is no per-tuple timeout.',
  'topology.kryo.register':
    "No key: the compat runtime registers these classes (and their serializers) with Flink's Kryo, which serializes tuple values of other types than String, numbers, booleans and byte[] (pipeline.serialization-config).",
  'topology.kryo.factory': "No key: Flink creates its own Kryo; a Storm Kryo factory is not used (register serializers in topology.kryo.register instead).",
  'topology.kryo.decorators': "No key: Flink creates its own Kryo; decorators are not applied (the compat runtime logs a warning; register serializers in topology.kryo.register instead).",
  'topology.fall.back.on.java.serialization': "No key: Flink's Kryo serializes unregistered types field by field; Java serialization is not used.",
  'topology.skip.missing.kryo.registrations': 'No key: the compat runtime honours it: without it, a topology.kryo.register class missing from the job fails its construction.',
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
  'topology.environment':
    'No key generated: set containerized.taskmanager.env.<NAME> (YARN) or the pod environment (Kubernetes) for each variable.',
  'topology.component.resources.onheap.memory.mb': 'No key: Flink slots share the TaskManager heap; see taskmanager.memory.task.heap.size.',
  'topology.component.resources.offheap.memory.mb': 'No key: see taskmanager.memory.task.off-heap.size if the components need it.',
  'topology.component.cpu.pcore.percent': 'No key: Flink schedules by slots, not CPU shares.',
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
  return v === undefined ? '(not set)' : JSON.stringify(v) ?? String(v);
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

export function mapConfig(t: Topology, opts: ConfigMapOptions): ConfigMapping {
  const conf = t.config;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(conf, k);
  const settings: FlinkSetting[] = [];
  const stormKeys = new Map<string, StormKeyDecision>();
  const dynamicKeys = Object.keys(conf).filter((k) => conf[k] === null).sort();
  const decide = (stormKey: string, flinkKeys: string[], note: string) => {
    const prev = stormKeys.get(stormKey);
    if (prev) {
      prev.flinkKeys = [...new Set([...prev.flinkKeys, ...flinkKeys])].sort();
      return;
    }
    stormKeys.set(stormKey, { stormKey, stormValue: json(conf[stormKey]), flinkKeys: [...flinkKeys].sort(), note });
  };
  const set = (s: FlinkSetting) => settings.push(s);

  // --- Resources: one TaskManager per Storm worker, slots to hold the widest component.
  const workersRaw = num(conf['topology.workers']);
  const workers = workersRaw !== undefined && workersRaw >= 1 ? Math.floor(workersRaw) : STORM_DEFAULT_WORKERS;
  const cap = num(conf['topology.max.task.parallelism']);
  const pars = t.components.map((c) => Math.max(1, c.parallelism ?? 1));
  let maxParallelism = Math.max(1, ...pars);
  if (cap !== undefined && cap >= 1) maxParallelism = Math.min(maxParallelism, Math.floor(cap));
  const slotsPerTaskManager = Math.ceil(maxParallelism / workers);
  const taskManagers = Math.ceil(maxParallelism / slotsPerTaskManager);
  const idleSlots = taskManagers * slotsPerTaskManager - maxParallelism;
  const workersWhy = workersRaw !== undefined ? `topology.workers = ${json(conf['topology.workers'])}` : `Storm default topology.workers = ${STORM_DEFAULT_WORKERS}`;
  set({
    key: 'taskmanager.numberOfTaskSlots',
    value: String(slotsPerTaskManager),
    origin: 'derived',
    because: `${workersWhy}; widest component parallelism ${maxParallelism} (with slot sharing the job needs that many slots) → ceil(${maxParallelism} / ${workers}) slots per TaskManager, ${taskManagers} TaskManager(s)`,
    scope: 'cluster',
  });
  decide('topology.workers', ['taskmanager.numberOfTaskSlots'], `One TaskManager per Storm worker: ${taskManagers} TaskManager(s) × ${slotsPerTaskManager} slot(s) for parallelism ${maxParallelism}.`);
  if (has('topology.max.task.parallelism')) {
    decide('topology.max.task.parallelism', ['taskmanager.numberOfTaskSlots'], 'Caps every component parallelism (the compat runtime applies it); the slot count uses the capped value.');
  }

  // Heap: -Xmx in topology.worker.childopts wins over worker.heap.memory.mb, as in Storm's worker launch.
  const topoChildopts = childopts(conf['topology.worker.childopts']);
  const workerChildopts = childopts(conf['worker.childopts']);
  const topoXmx = topoChildopts !== undefined ? xmxMb(topoChildopts) : undefined;
  const xmx = topoXmx ?? (workerChildopts !== undefined ? xmxMb(workerChildopts) : undefined);
  const heapConf = num(conf['worker.heap.memory.mb']) ?? num(conf['topology.worker.max.heap.size.mb']);
  let taskHeapMb: number;
  let heapWhy: string;
  let heapOrigin: Origin;
  if (xmx !== undefined) {
    taskHeapMb = xmx;
    heapWhy = `-Xmx in ${topoXmx !== undefined ? 'topology.worker.childopts' : 'worker.childopts'}`;
    heapOrigin = 'storm-config';
  } else if (heapConf !== undefined) {
    taskHeapMb = Math.round(heapConf);
    heapWhy = has('worker.heap.memory.mb') ? `worker.heap.memory.mb = ${heapConf}` : `topology.worker.max.heap.size.mb = ${heapConf}`;
    heapOrigin = 'storm-config';
  } else {
    taskHeapMb = STORM_DEFAULT_WORKER_HEAP_MB;
    heapWhy = `Storm default worker.heap.memory.mb = ${STORM_DEFAULT_WORKER_HEAP_MB}`;
    heapOrigin = 'storm-default';
  }
  set({ key: 'taskmanager.memory.task.heap.size', value: `${taskHeapMb}m`, origin: heapOrigin, because: `${heapWhy}: each TaskManager gets the heap of one Storm worker`, scope: 'cluster' });
  set({ key: 'taskmanager.memory.managed.size', value: '0m', origin: 'storm2flink-default', because: 'the hashmap state backend keeps state on the heap; managed memory would be requested and never used', scope: 'cluster' });
  set({ key: 'jobmanager.memory.process.size', value: `${FLINK_DEFAULT_JOBMANAGER_MB}m`, origin: 'storm2flink-default', because: 'Flink default; Storm Nimbus has no per-topology equivalent', scope: 'cluster' });
  for (const k of ['topology.worker.childopts', 'worker.childopts', 'worker.heap.memory.mb', 'topology.worker.max.heap.size.mb']) {
    if (has(k)) decide(k, ['taskmanager.memory.task.heap.size'], `Worker heap ${taskHeapMb} MB → TaskManager task heap.`);
  }
  const jvmOpts = [topoChildopts, childopts(conf['topology.worker.gc.childopts'])]
    .filter((s): s is string => !!s)
    .join(' ')
    .split(/\s+/)
    .filter((o) => o !== '' && !/^-Xm[xs]/.test(o) && !o.includes('%'))
    .join(' ');
  if (jvmOpts !== '') {
    set({ key: 'env.java.opts.taskmanager', value: jvmOpts, origin: 'storm-config', because: 'topology.worker.childopts / topology.worker.gc.childopts without -Xmx/-Xms (Flink sizes the heap) and Storm %placeholders%', scope: 'cluster' });
    for (const k of ['topology.worker.childopts', 'topology.worker.gc.childopts']) if (has(k)) decide(k, ['env.java.opts.taskmanager'], 'JVM options kept for the TaskManagers.');
  }

  // --- Delivery guarantee.
  const ackersRaw = num(conf['topology.acker.executors']);
  const ackers = ackersRaw ?? workers; // Storm: unset → one acker per worker.
  const reliableSpouts = t.components
    .filter((c) => c.type === 'spout')
    .filter((c) => c.features.includes('reliable-spout') || (c.features.includes('kafka-spout') && !/AT_MOST_ONCE|NO_GUARANTEE/.test(c.kafka?.processingGuarantee ?? '')))
    .map((c) => c.id)
    .sort();
  const ackersWhy = ackersRaw !== undefined ? `topology.acker.executors = ${json(conf['topology.acker.executors'])}` : `topology.acker.executors not set (Storm starts one acker per worker: ${ackers})`;
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
    afterBecause = 'same as Storm: spout message ids are acked when the checkpoint covering them completes, replayed after a restore';
  } else if (t.components.some((c) => c.features.includes('stateful'))) {
    after = 'at-least-once';
    afterBecause = 'stateful bolts prepare and commit their state at Flink checkpoints, as they do at Storm\'s';
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
    const timeoutWhy = timeoutSecs !== undefined ? `topology.message.timeout.secs = ${json(conf['topology.message.timeout.secs'])}` : `Storm default topology.message.timeout.secs = ${STORM_DEFAULT_MESSAGE_TIMEOUT_SECS}`;
    checkpointTimeoutMs = Math.round(timeout);
    checkpointIntervalMs = Math.max(MIN_CHECKPOINT_INTERVAL_MS, Math.min(MAX_CHECKPOINT_INTERVAL_MS, Math.round(timeout / 3 / 1000) * 1000));
    const mode = after === 'exactly-once' ? 'EXACTLY_ONCE' : 'AT_LEAST_ONCE';
    set({ key: 'execution.checkpointing.mode', value: mode, origin: opts.guarantee ? 'flag' : 'derived', because: `${afterBecause} (Storm: ${beforeBecause})`, scope: 'job' });
    set({ key: 'execution.checkpointing.timeout', value: ms(checkpointTimeoutMs), origin: timeoutSecs !== undefined ? 'storm-config' : 'storm-default', because: `${timeoutWhy}: a tuple is acked (or replayed) within the same time as on Storm`, scope: 'job' });
    set({ key: 'execution.checkpointing.interval', value: ms(checkpointIntervalMs), origin: 'derived', because: `a third of the message timeout, between 1 s and 10 s, so several checkpoints fit in one Storm timeout`, scope: 'job' });
    decide('topology.message.timeout.secs', ['execution.checkpointing.interval', 'execution.checkpointing.timeout'], 'Checkpoint timeout = message timeout; interval a third of it.');
    set({ key: 'execution.checkpointing.externalized-checkpoint-retention', value: 'RETAIN_ON_CANCELLATION', origin: 'storm2flink-default', because: 'a redeployed job resumes from the last checkpoint, as a Storm topology resumes from its spouts\' committed offsets', scope: 'cluster' });
    set({ key: 'state.backend.type', value: 'hashmap', origin: 'storm2flink-default', because: 'the compat runtime keeps only pending message ids and offsets in state: small, heap is enough', scope: 'cluster' });
    set({ key: 'execution.checkpointing.dir', value: `hdfs:///flink/checkpoints/${opts.folder}`, origin: 'storm2flink-default', because: 'durable checkpoint storage on HDFS, one folder per job; change to your cluster\'s path (or s3://… on Kubernetes)', scope: 'cluster' });
  } else {
    if (has('topology.message.timeout.secs')) decide('topology.message.timeout.secs', [], 'No checkpoints, so no checkpoint timeout.');
  }

  // Storm supervisors restart failed workers forever; exponential backoff keeps doing so without a restart storm.
  set({ key: 'restart-strategy.type', value: 'exponential-delay', origin: 'storm2flink-default', because: 'Storm restarts failed workers without limit; exponential delay restarts without limit too, backing off', scope: 'job' });
  set({ key: 'restart-strategy.exponential-delay.initial-backoff', value: '1 s', origin: 'storm2flink-default', because: 'restart quickly after a first failure', scope: 'job' });
  set({ key: 'restart-strategy.exponential-delay.max-backoff', value: '1 min', origin: 'storm2flink-default', because: 'bounded wait between restarts of a crash-looping job', scope: 'job' });

  // Prometheus: Storm UI metrics and metrics consumers have no Flink counterpart; Prometheus is the usual replacement.
  set({ key: 'metrics.reporter.prom.factory.class', value: 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory', origin: 'storm2flink-default', because: 'Storm UI / metrics consumers → Flink metrics scraped by Prometheus', scope: 'cluster' });
  set({ key: 'metrics.reporter.prom.port', value: '9250-9260', origin: 'storm2flink-default', because: 'a port range, so several TaskManagers on one host do not collide', scope: 'cluster' });

  const name = t.name ?? t.id;
  const yarn = opts.target === 'yarn-application' || opts.target === 'yarn-session';
  if (yarn) {
    set({ key: 'yarn.application.name', value: name, origin: t.name ? 'storm-config' : 'derived', because: t.name ? 'the Storm topology name' : 'the topology id (no static topology name)', scope: 'cluster' });
    // Seen on a MiniYARNCluster: with the default (ORDER) the jar is on the system classpath and in the user class loader.
    set({ key: 'yarn.classpath.include-user-jar', value: 'DISABLED', origin: 'storm2flink-default', because: 'the job jar carries storm-client: on the system classpath too, Storm finds its defaults.yaml twice and refuses to start ("Found multiple defaults.yaml resources"); the jar goes to usrlib/ and only the user class loader reads it', scope: 'cluster' });
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
    resources: { workers, maxParallelism, slotsPerTaskManager, taskManagers, taskHeapMb, jobManagerMb: FLINK_DEFAULT_JOBMANAGER_MB, idleSlots },
    guarantee: { before, beforeBecause, after, afterBecause, checkpointIntervalMs, checkpointTimeoutMs },
    dynamicKeys,
  };
}
