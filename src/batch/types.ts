// Contracts of the batch runner: stages as plug-ins, per-topology results, the summary.json shape.
// Translation and verification plug in as `Stage`s; the runner and the report only see these types.
import type { Analysis, Diagnostic, SourceLocation, Topology } from '../model/topology.js';

export const SUMMARY_VERSION = 1 as const;

/** Stages in pipeline order. `analyze` is built in; the others are plug-ins. */
export const STAGE_NAMES = ['analyze', 'translate', 'build', 'verify'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * ok: done and succeeded · failed: tried and did not succeed (see reason) · skipped: deliberately
 * not done (e.g. not selected by --only) · blocked: the topology cannot migrate automatically ·
 * not-run: a prerequisite is missing (an earlier stage did not succeed, no plug-in, no --verify).
 */
export type StageStatus = 'ok' | 'failed' | 'skipped' | 'blocked' | 'not-run';

/** What the translate stage tells the report (a projection of the translator's JobPlan). */
export interface TranslationFacts {
  guarantee?: { before?: string; after: string; because?: string };
  flinkResources?: {
    taskManagers: number;
    slotsPerTaskManager: number;
    taskHeapMb: number;
    jobManagerMb?: number;
    parallelism?: number;
  };
  /** Storm → Flink config decisions with provenance. */
  configMapping?: Array<{
    stormKey?: string;
    stormValue?: string;
    flinkKey?: string;
    flinkValue?: string;
    origin: string;
    because: string;
  }>;
  /** Compat status per component id. */
  components?: Array<{ id: string; status: 'supported' | 'warning' | 'unsupported'; note?: string }>;
}

/** What the verify stage tells the report. */
export interface VerificationFacts {
  verdict: 'equivalent' | 'not-equivalent';
  summary?: string;
  rows: Array<{
    component: string;
    stream: string;
    storm: number;
    flink: number;
    equal: boolean;
    /** A few differing tuples, already rendered as text. */
    differences?: Array<{ key?: string; storm?: string; flink?: string }>;
  }>;
}

export interface StageResult {
  status: StageStatus;
  reason?: string;
  durationMs?: number;
  /** True when this result was carried over from the previous run in --out. */
  reused?: boolean;
  diagnostics?: Diagnostic[];
  /** Files the stage wrote, relative to the topology's folder under --out (forward slashes). */
  files?: string[];
  translation?: TranslationFacts;
  verification?: VerificationFacts;
}

export interface StageContext {
  topology: Topology;
  /** The topology's own folder under --out (exists); a stage writes only inside it. */
  outDir: string;
  /** This topology's sample data folder, when --data-dir has one. */
  dataDir?: string;
  cwd: string;
  /** Results of the earlier stages of this run (analyze first). */
  earlier: Partial<Record<StageName, StageResult>>;
  signal: AbortSignal;
  /** What a long step is doing now; shown live and as a heartbeat in plain mode. */
  progress(message: string): void;
}

export interface Stage {
  name: Exclude<StageName, 'analyze'>;
  /** Part of the resume hash: bump when the stage's output would change for the same input. */
  version?: string;
  run(ctx: StageContext): Promise<StageResult>;
  /** Ends what the stage kept for the whole batch (called once, after the last topology). */
  close?(): Promise<void>;
}

/** Facts for the overview, computed from the model and the stage results. */
export interface TopologyFacts {
  readiness: 'ready' | 'warnings' | 'blocked';
  spouts: number;
  bolts: number;
  edges: number;
  groupings: string[];
  /** Bolts that receive tick tuples. */
  ticks: number;
  kafkaTopics: string[];
  deliveryBefore: 'at-least-once' | 'at-most-once';
  deliveryBeforeBecause: string;
  deliveryAfter?: string;
  storm: { workers: number; heapMb: number; because: string };
  flink?: TranslationFacts['flinkResources'];
  verdict?: VerificationFacts['verdict'];
  diagnostics: { error: number; warning: number; info: number };
}

export interface TopologyRun {
  id: string;
  /** Safe folder and page name under --out (the id, sanitized). */
  folder: string;
  name: string | null;
  kind: Topology['kind'];
  source: SourceLocation;
  files: string[];
  /** Content hash of the topology's inputs (its sources, model, data, tool version). */
  inputHash: string;
  /** False when --only left it out (its results are carried over or skipped). */
  selected: boolean;
  /** False when nothing was redone: its model and every stage result came from the previous run. */
  redone: boolean;
  stages: Record<StageName, StageResult>;
  facts: TopologyFacts;
}

export interface Counts {
  topologies: number;
  analyzed: number;
  translated: number;
  built: number;
  verified: { equivalent: number; notEquivalent: number; notRun: number };
  blocked: number;
  failed: number;
  /** Topologies whose every stage was carried over from the previous run. */
  reused: number;
  /** Files that could not be analyzed (no topology came out of them). */
  failedFiles: number;
}

export interface Regression {
  id: string;
  what: string;
}

export interface Summary {
  version: typeof SUMMARY_VERSION;
  tool: { name: 'storm2flink'; version: string };
  generatedAt: string;
  durationMs: number;
  options: { paths: string[]; verify: boolean; dataDir?: string; only?: string[] };
  /** Hash of every analyzed file and the tool version: an equal hash reuses analysis.json. */
  analysisHash: string;
  counts: Counts;
  topologies: TopologyRun[];
  /** Errors of files that produced no topology. */
  failedFiles: Array<{ file: string; diagnostics: Diagnostic[] }>;
  /** Batch-level diagnostics (not attached to a topology). */
  diagnostics: Diagnostic[];
  stats?: Analysis['stats'];
  regressions: Regression[];
}

export type BatchEvent =
  | { type: 'start'; total: number; jobs: number }
  | { type: 'analysis'; reused: boolean; topologies: number; files: number; durationMs: number }
  | { type: 'stage-start'; id: string; stage: StageName }
  | { type: 'stage-progress'; id: string; stage: StageName; message: string }
  | { type: 'stage-end'; id: string; stage: StageName; result: StageResult }
  | { type: 'topology-end'; id: string; done: number; total: number; stages: Record<StageName, StageResult> }
  | { type: 'report'; path: string }
  | { type: 'note'; message: string };

export interface Reporter {
  event(e: BatchEvent): void;
  close(): void;
}
