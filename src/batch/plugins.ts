// The stage plug-ins `migrate` runs after analysis, each an adapter from its module to the `Stage` interface.
// verify compiles the job itself (javac), so there is no separate build stage.
import { compatArtifact } from '../diff/compat-jar.js';
import { translateStage } from './translate-stage.js';
import { verifyStage } from './verify-stage.js';
import type { Stage } from './types.js';

export interface StageOptions {
  verify: boolean;
  compatJar?: string;
  filterFile?: string;
  /** Topologies processed at a time (verify keeps that many Storm runners). */
  jobs?: number;
}

export async function defaultStages(opts: StageOptions): Promise<Stage[]> {
  return [translateStage(await compatArtifact(opts.compatJar)), ...(opts.verify ? [verifyStage({ filterFile: opts.filterFile, jobs: opts.jobs })] : [])];
}
