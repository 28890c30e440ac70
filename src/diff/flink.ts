// The Flink side of verify: what it is given and returns. flink-side.ts implements it (translator + compat
// runtime on a MiniCluster); a test or an embedding tool may register another.
import type { Topology } from '../model/topology.js';
import type { ServerPool } from './servers.js';
import type { DrpcRequest, ExternalSink, RoundsSummary, TickSettings } from './storm.js';

export interface FlinkRunOptions {
  topology: Topology;
  /** Program arguments of the job main, handed to the user's code (verify --args). */
  args?: string[];
  /** A translated Flink project to run as is (--translated); otherwise translate `topology` into workDir. */
  translatedProject?: string;
  /** The Flink project translate or migrate wrote for this topology: its job classes run against the user's. */
  project?: string;
  /** The user's compiled classes and jars (the same as the Storm side's). */
  classpath: string[];
  /** Flux `${name}` values (--filter): the job's Flux entry reads them from system properties. */
  systemProperties?: Record<string, string>;
  workDir: string;
  /** Where the model's relative source paths resolve. */
  cwd: string;
  /** Kafka for Kafka spouts/sinks: sources must read their topics from here, from the earliest offset. */
  bootstrapServers?: string;
  /** With bootstrapServers: Kafka spouts and bolts are re-pointed there, consumer groups `<prefix>-<spout id>`. */
  kafkaGroupPrefix?: string;
  /** Spout id → replay file: the job must replace these spouts with the bounded replay source (README "Replay file"). */
  replay: Map<string, string>;
  /** Where the job's tap must write (README "Tap format"). */
  tapFile: string;
  /** Kill one task once mid-run after a completed checkpoint, restore, go on (at-least-once). */
  injectFailure: boolean;
  /** Stop once the replay input is consumed and nothing was emitted for this long. */
  quietMs: number;
  maxRunMs: number;
  /** Run in rounds with these settings (the ones the Storm side used), ticks on verify's clock. */
  ticks?: TickSettings;
  /** A Trident topology: its first n transactions, as on the Storm side (compat verify/TridentBatches). */
  tridentBatches?: number;
  /** A DRPC topology: the requests to send, as on the Storm side (else those its main makes; compat verify/DrpcDriver). */
  drpcRequests?: DrpcRequest[];
  env: NodeJS.ProcessEnv;
  onLog?(line: string): void;
  /** Long-lived JVMs (a batch): the run goes to one of them when it can share one. */
  servers?: ServerPool;
  /** The project folder the user's code runs in: a copy of it (minus `skip`) is the job JVM's working directory. */
  runIn?: { from: string; skip?: string[] };
}

export interface FlinkRunResult {
  status: 'quiet' | 'timeout' | 'no-output';
  emitted: number;
  tapFile: string;
  /** Restores that happened (1 after an injected failure). */
  restarts: number;
  /** The bolt that failed on purpose (--inject-failure). */
  failedComponent?: string;
  rounds?: RoundsSummary;
  /** Connector bolts that only write to a system verify does not run, swapped for acking sinks: id → {class, system}. */
  externalSinks?: Record<string, ExternalSink>;
}

export interface FlinkSide {
  /** Throws CouldNotRun (verify-translate-failed, verify-translated-*, verify-flink-failed…) when it cannot translate, build or run. */
  run(opts: FlinkRunOptions): Promise<FlinkRunResult>;
}

let registered: FlinkSide | null = null;

/** Replaces the default Flink side (null restores it). */
export function registerFlinkSide(side: FlinkSide | null): void {
  registered = side;
}

export function flinkSide(): FlinkSide | null {
  return registered;
}
