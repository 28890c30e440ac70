// What `verify` reports for one topology, and the exit code it means. Rendered by src/report/verify.ts.
import type { RoundsSummary } from './storm.js';
import type { Diagnostic } from '../model/topology.js';
import type { DiffResult } from './compare.js';

export const REPORT_VERSION = 1 as const;

export const EXIT_EQUIVALENT = 0;
export const EXIT_NOT_EQUIVALENT = 1;
export const EXIT_COULD_NOT_RUN = 2;

export type VerifyStatus = 'equivalent' | 'not-equivalent' | 'could-not-run';

export interface VerifyReport {
  version: typeof REPORT_VERSION;
  /** Topology id or path as given. */
  topology: string;
  status: VerifyStatus;
  exitCode: 0 | 1 | 2;
  /** The catalog code of the reason (status could-not-run): S2F7xx, or S2F001 for a path that does not exist. */
  code?: string;
  /** Why the run could not complete (status could-not-run). */
  reason?: string;
  /** Tool output behind the reason (Maven, JVM, broker log tail). */
  detail?: string;
  /** What did run: lets a reader see how far the run got. */
  ran: { broker: boolean; replay: boolean; storm: boolean; flink: boolean };
  diff?: DiffResult;
  diagnostics: Diagnostic[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  /** How each engine ran in rounds, when the topology has tick tuples (README "Ticks"). */
  rounds?: { storm?: RoundsSummary; flink?: RoundsSummary };
  /** Where the input came from when no sample data was given: the original spouts' output captured on Storm. */
  input?: { kind: 'captured'; tuples: number; perTask: number; files: string[] } | { kind: 'trident'; transactions: number };
  /** What building the user's project took beyond `mvn compile`: Storm artifacts at other versions, plugins left out, relocation. */
  build?: { substitutions?: string[]; skippedPlugins?: string[]; relocated?: boolean; stormCore?: string };
}

export function exitCodeOf(status: VerifyStatus): 0 | 1 | 2 {
  return status === 'equivalent' ? EXIT_EQUIVALENT : status === 'not-equivalent' ? EXIT_NOT_EQUIVALENT : EXIT_COULD_NOT_RUN;
}

/** The exit code of several reports: the worst of them. */
export function exitCodeOfAll(reports: VerifyReport[]): 0 | 1 | 2 {
  return reports.reduce<0 | 1 | 2>((worst, r) => (r.exitCode > worst ? r.exitCode : worst), 0);
}
