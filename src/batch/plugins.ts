// The stage plug-ins `migrate` runs after analysis. Translate, build and verify register here as
// their implementations land (each an adapter from its module to the `Stage` interface).
import type { Stage } from './types.js';

export interface StageOptions {
  verify: boolean;
}

export async function defaultStages(_opts: StageOptions): Promise<Stage[]> {
  return [];
}
