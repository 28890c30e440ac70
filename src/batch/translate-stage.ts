// The translate stage of `migrate`: the translator's project for one topology, written into the
// topology's folder under --out, and the plan's facts for the report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompatArtifact } from '../translator/emit.js';
import { buildProject, compatDiagnostics, containedPaths, writeProject } from '../translator/translate.js';
import type { JobPlan } from '../translator/plan.js';
import type { Stage, StageContext, StageResult, TranslationFacts } from './types.js';

/** Folder of the generated Flink project inside the topology's folder. */
export const PROJECT_FOLDER = 'flink-project';

// Components the compat runtime refuses at job construction (see src/compat/README.md).
function compatStatus(features: string[], kafkaKind?: string): { status: 'supported' | 'warning' | 'unsupported'; note?: string } {
  if (features.includes('stateful')) return { status: 'unsupported', note: 'IStatefulBolt is rejected by the compat runtime' };
  if (kafkaKind === 'storm-kafka') return { status: 'warning', note: 'replaced by a Flink KafkaSource; offsets stored in ZooKeeper are not carried over' };
  if (features.includes('multilang')) return { status: 'warning', note: 'runs its script through ShellBolt; ship the interpreter' };
  return { status: 'supported' };
}

export function translationFacts(p: JobPlan, ctx: StageContext): TranslationFacts {
  const m = p.mapping;
  return {
    guarantee: { before: m.guarantee.before, after: m.guarantee.after, because: m.guarantee.afterBecause },
    flinkResources: {
      taskManagers: m.resources.taskManagers,
      slotsPerTaskManager: m.resources.slotsPerTaskManager,
      taskHeapMb: m.resources.taskHeapMb,
      jobManagerMb: m.resources.jobManagerMb,
      parallelism: m.resources.maxParallelism,
    },
    configMapping: [
      ...m.stormKeys.map((k) => ({
        stormKey: k.stormKey,
        stormValue: k.stormValue,
        ...(k.flinkKeys.length > 0 ? { flinkKey: k.flinkKeys.join(', ') } : {}),
        origin: 'storm-config',
        because: k.note,
      })),
      ...m.settings.map((s) => ({ flinkKey: s.key, flinkValue: s.value, origin: s.origin, because: s.because })),
    ],
    components: ctx.topology.components.map((c) => ({ id: c.id, ...compatStatus(c.features, c.kafka?.kind) })),
  };
}

export function translateStage(compat: CompatArtifact): Stage {
  return {
    name: 'translate',
    // A built compat jar changes the generated project (it is carried inside it).
    version: `1${compat.jarPath ? '+jar' : ''}`,
    async run(ctx): Promise<StageResult> {
      ctx.progress('planning and emitting the Flink project');
      const { plan, files } = await buildProject(ctx.topology, ctx.topology.id, {
        flink: '1.20',
        target: 'yarn-application',
        out: ctx.outDir,
        cwd: ctx.cwd,
        compat,
      });
      const bad = containedPaths(path.join(ctx.outDir, PROJECT_FOLDER), files.map((f) => f.path));
      if (bad !== undefined) return { status: 'failed', reason: `generated path ${JSON.stringify(bad)} would leave the output folder` };
      const dir = writeProject(ctx.outDir, PROJECT_FOLDER, files);
      const written = files.map((f) => `${PROJECT_FOLDER}/${f.path}`).sort();
      return {
        status: fs.existsSync(dir) ? 'ok' : 'failed',
        files: written,
        diagnostics: [...plan.diagnostics, ...compatDiagnostics(compat, dir)],
        translation: translationFacts(plan, ctx),
      };
    },
  };
}
