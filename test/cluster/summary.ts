// One line per cluster run, for the test log and the report.
import * as os from 'node:os';
import type { ClusterRun } from './faults.js';

export function summary(name: string, r: ClusterRun): string {
  const kills = r.kills.map((k) => `${(k.afterCheckpointMs / 1000).toFixed(1)}s→cp${k.restoredFrom} ${(k.recoveryMs / 1000).toFixed(1)}s`).join(', ');
  return `${name} on Flink ${r.line} (seed ${r.seed}): ${r.kills.length} kills [${kills}], ${r.expected} records expected, ${r.outputRecords} out (${r.distinct} distinct, ${r.duplicates} duplicates, ${r.missingCount} missing), ${(r.ms / 1000).toFixed(1)} s on ${os.cpus().length} cores`;
}
