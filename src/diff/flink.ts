// The Flink side of verify: an interface the translator + compat runtime implement, registered at start-up.
// Until one is registered, verify runs what exists (broker, replay, Storm) and exits 2 naming what is missing.
import type { Topology } from '../model/topology.js';

export interface FlinkRunOptions {
  topology: Topology;
  /** A translated Flink project to run as is (--translated); otherwise translate `topology` into workDir. */
  translatedProject?: string;
  /** The user's compiled classes and jars (the same as the Storm side's). */
  classpath: string[];
  workDir: string;
  /** Kafka for Kafka spouts/sinks: sources must read their topics from here, from the earliest offset. */
  bootstrapServers?: string;
  /** Spout id → replay file: the job must replace these spouts with the bounded replay source (README "Replay file"). */
  replay: Map<string, string>;
  /** Where the job's tap must write (README "Tap format"). */
  tapFile: string;
  /** Kill one task once mid-run after a completed checkpoint, restore, go on (at-least-once). */
  injectFailure: boolean;
  /** Stop once the replay input is consumed and nothing was emitted for this long. */
  quietMs: number;
  maxRunMs: number;
  env: NodeJS.ProcessEnv;
  onLog?(line: string): void;
}

export interface FlinkRunResult {
  status: 'quiet' | 'timeout' | 'no-output';
  emitted: number;
  tapFile: string;
  /** Restores that happened (1 after an injected failure). */
  restarts: number;
}

export interface FlinkSide {
  /** Throws CouldNotRun('translate' | 'flink', reason) when it cannot translate, build or run. */
  run(opts: FlinkRunOptions): Promise<FlinkRunResult>;
}

let registered: FlinkSide | null = null;

/** Called once by the code that owns the translator and the compat runtime. */
export function registerFlinkSide(side: FlinkSide | null): void {
  registered = side;
}

export function flinkSide(): FlinkSide | null {
  return registered;
}
