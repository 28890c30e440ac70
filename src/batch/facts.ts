// Overview facts, counts and regressions: pure functions of the model, the stage results and the previous summary.
import {
  readiness,
  type Counts,
  type Regression,
  type StageName,
  type StageResult,
  type Summary,
  type TopologyFacts,
  type TopologyRun,
} from '../model/summary.js';
import type { Topology } from '../model/topology.js';

// Storm's defaults.yaml values.
const STORM_DEFAULT_WORKERS = 1;
const STORM_DEFAULT_HEAP_MB = 768;

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function xmxMb(opts: unknown): number | undefined {
  if (typeof opts !== 'string') return undefined;
  const m = /-Xmx(\d+)([kKmMgG]?)/.exec(opts);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  return unit === 'g' ? n * 1024 : unit === 'k' ? Math.round(n / 1024) : unit === 'm' ? n : Math.round(n / 1024 / 1024);
}

export function stormResources(t: Topology): TopologyFacts['storm'] {
  const c = t.config;
  const w = num(c['topology.workers']);
  const workers = w !== undefined && w > 0 ? Math.round(w) : STORM_DEFAULT_WORKERS;
  const fromOpts = xmxMb(c['topology.worker.childopts']);
  const fromKey = num(c['topology.worker.max.heap.size.mb']) ?? num(c['worker.heap.memory.mb']);
  const heapMb = fromOpts ?? fromKey ?? STORM_DEFAULT_HEAP_MB;
  const because = [
    w !== undefined ? 'topology.workers' : `default ${STORM_DEFAULT_WORKERS} worker`,
    fromOpts !== undefined ? '-Xmx in topology.worker.childopts' : fromKey !== undefined ? 'worker heap key' : `default ${STORM_DEFAULT_HEAP_MB} MB heap`,
  ].join('; ');
  return { workers, heapMb, because };
}

/** At-least-once needs ackers and a spout that emits with message ids. */
export function deliveryBefore(t: Topology): { guarantee: 'at-least-once' | 'at-most-once'; because: string } {
  const ackers = num(t.config['topology.acker.executors']);
  if (ackers === 0) return { guarantee: 'at-most-once', because: 'topology.acker.executors = 0' };
  const reliable = t.components.filter((c) => {
    if (c.type !== 'spout') return false;
    if (c.features.includes('reliable-spout')) return true;
    if (c.kafka?.kind === 'storm-kafka') return true;
    if (c.kafka?.kind === 'storm-kafka-client') {
      const g = (c.kafka.processingGuarantee ?? 'AT_LEAST_ONCE').toUpperCase();
      return g === 'AT_LEAST_ONCE';
    }
    return false;
  });
  if (reliable.length === 0) return { guarantee: 'at-most-once', because: 'no spout emits with message ids' };
  return { guarantee: 'at-least-once', because: `reliable spout${reliable.length > 1 ? 's' : ''} ${reliable.map((c) => c.id).join(', ')} with ackers` };
}

export function topologyFacts(t: Topology, stages: Partial<Record<StageName, StageResult>>): TopologyFacts {
  const translation = stages.translate?.status === 'ok' ? stages.translate.translation : undefined;
  const verification = stages.verify?.status === 'ok' ? stages.verify.verification : undefined;
  const before = deliveryBefore(t);
  const groupings = [...new Set(t.edges.map((e) => e.grouping))].sort();
  const topics = new Set<string>();
  for (const c of t.components) {
    for (const topic of c.kafka?.topics ?? []) topics.add(topic);
    if (c.kafka?.topicPattern) topics.add(c.kafka.topicPattern);
    if (c.kafkaSink?.topic) topics.add(c.kafkaSink.topic);
  }
  const sev = (s: string) => t.diagnostics.filter((d) => d.severity === s).length;
  const facts: TopologyFacts = {
    readiness: readiness(t),
    spouts: t.components.filter((c) => c.type === 'spout').length,
    bolts: t.components.filter((c) => c.type === 'bolt').length,
    edges: t.edges.length,
    groupings,
    ticks: t.components.filter((c) => c.type === 'bolt' && c.tickFrequencySecs !== null).length,
    kafkaTopics: [...topics].sort(),
    deliveryBefore: before.guarantee,
    deliveryBeforeBecause: before.because,
    storm: stormResources(t),
    diagnostics: { error: sev('error'), warning: sev('warning'), info: sev('info') },
  };
  if (translation?.guarantee) facts.deliveryAfter = translation.guarantee.after;
  if (translation?.flinkResources) facts.flink = translation.flinkResources;
  if (verification) facts.verdict = verification.verdict;
  return facts;
}

export function countRuns(runs: TopologyRun[], failedFiles: number): Counts {
  const ok = (r: TopologyRun, s: StageName) => r.stages[s].status === 'ok';
  return {
    topologies: runs.length,
    analyzed: runs.filter((r) => ok(r, 'analyze')).length,
    translated: runs.filter((r) => ok(r, 'translate')).length,
    verified: {
      equivalent: runs.filter((r) => ok(r, 'verify') && r.stages.verify.verification?.verdict === 'equivalent').length,
      notEquivalent: runs.filter((r) => ok(r, 'verify') && r.stages.verify.verification?.verdict === 'not-equivalent').length,
      notRun: runs.filter((r) => !ok(r, 'verify')).length,
    },
    blocked: runs.filter((r) => r.facts.readiness === 'blocked').length,
    failed: runs.filter((r) => Object.values(r.stages).some((s) => s.status === 'failed')).length,
    reused: runs.filter((r) => !r.redone).length,
    failedFiles,
  };
}

/**
 * A regression is something that worked in the previous run and does not now: a stage that was
 * ok and is now failed or blocked, a verdict that turned not-equivalent, a topology that became
 * blocked, or a topology that vanished although its source file is still there. Stages that were
 * not run this time (no --verify, --only) prove nothing either way.
 */
export function findRegressions(previous: Summary | undefined, runs: TopologyRun[], sourceStillExists: (file: string) => boolean): Regression[] {
  if (!previous) return [];
  const now = new Map(runs.map((r) => [r.id, r]));
  const out: Regression[] = [];
  for (const before of previous.topologies) {
    const after = now.get(before.id);
    if (!after) {
      if (sourceStillExists(before.source.file)) out.push({ id: before.id, what: 'no longer found in its source file' });
      continue;
    }
    if (!after.selected) continue;
    if (before.facts.readiness !== 'blocked' && after.facts.readiness === 'blocked') out.push({ id: after.id, what: 'became blocked' });
    for (const stage of Object.keys(after.stages) as StageName[]) {
      const b = before.stages[stage];
      const a = after.stages[stage];
      if (b?.status === 'ok' && (a.status === 'failed' || a.status === 'blocked')) {
        out.push({ id: after.id, what: `${stage} was ok, now ${a.status}${a.reason ? `: ${a.reason}` : ''}` });
      }
    }
    const vb = before.stages.verify?.status === 'ok' ? before.stages.verify.verification?.verdict : undefined;
    const va = after.stages.verify.status === 'ok' ? after.stages.verify.verification?.verdict : undefined;
    if (vb === 'equivalent' && va === 'not-equivalent') out.push({ id: after.id, what: 'verification was equivalent, now not equivalent' });
  }
  return out;
}
