// Contracts of the batch runner: stages as plug-ins and the events it reports progress with.
// Translation and verification plug in as `Stage`s. The data they produce (summary.json) is in src/model/summary.ts.
import type { Topology } from '../model/topology.js';
import type { StageName, StageResult } from '../model/summary.js';

export interface StageContext {
  topology: Topology;
  /** The topology's folder name (translator/names.ts uniqueFolderNames): its project and artifact are named after it. */
  folder: string;
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
