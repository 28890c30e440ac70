// The stage plug-ins `migrate` runs after analysis. Build and verify register here as their
// implementations land (each an adapter from its module to the `Stage` interface).
import { translateStage } from './translate-stage.js';
import type { Stage } from './types.js';

export interface StageOptions {
  verify: boolean;
  compatJar?: string;
}

export async function defaultStages(opts: StageOptions): Promise<Stage[]> {
  return [translateStage({ compatJar: opts.compatJar })];
}
