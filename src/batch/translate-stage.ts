// The translate stage of `migrate`: the translator's project for one topology, written into the
// topology's folder under --out, and the plan's facts for the report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { effectiveModel } from '../diff/build.js';
import type { Diagnostic, Topology } from '../model/topology.js';
import { diagnostic } from '../model/diagnostics.js';
import type { CompatArtifact } from '../translator/emit.js';
import { fromEffectiveModel, nearestPomDir, siblingDependencies, type UserProjectModel } from '../translator/project-model.js';
import { buildProject, compatDiagnostics, containedPaths, writeProject } from '../translator/translate.js';
import type { JobPlan } from '../translator/plan.js';
import type { StageResult, TranslationFacts } from '../model/summary.js';
import type { Stage, StageContext } from './types.js';

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

/** The folders of the pom.xml files a topology's sources (and Flux file) belong to. */
export function projectDirsOf(t: Topology, cwd: string): string[] {
  const files = [...t.files, t.source.file, ...t.components.flatMap((c) => (c.classSource ? [c.classSource.file] : []))];
  const dirs = new Set<string>();
  for (const f of files) {
    const d = nearestPomDir(path.resolve(cwd, f));
    if (d) dirs.add(d);
  }
  return [...dirs].sort();
}

/**
 * Reads the user's Maven projects through Maven's effective model (src/diff/build.ts effectiveModel), once per
 * project however many topologies it holds; when Maven cannot, a warning (S2F412) and the translator reads the
 * pom's text instead.
 */
export function projectModelReader(
  env: NodeJS.ProcessEnv = process.env,
): (t: Topology, cwd: string) => Promise<{ models: Map<string, UserProjectModel>; diagnostics: Diagnostic[] }> {
  const cache = new Map<string, Promise<{ model?: UserProjectModel; diagnostic?: Diagnostic }>>();
  const read = (dir: string) => {
    let p = cache.get(dir);
    if (!p) {
      p = effectiveModel(dir, env).then(
        (projects) => {
          const model = fromEffectiveModel(dir, projects);
          return model ? { model } : {};
        },
        (e: unknown) => {
          const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
          return {
            diagnostic: diagnostic(
              'pom-model-unavailable',
              { file: path.join(dir, 'pom.xml') },
              `Maven could not read the effective model of ${path.join(dir, 'pom.xml')} (${why}); the pom is read as written`,
            ),
          };
        },
      );
      cache.set(dir, p);
    }
    return p;
  };
  return async (t, cwd) => {
    const models = new Map<string, UserProjectModel>();
    const diagnostics: Diagnostic[] = [];
    const add = async (dir: string) => {
      const r = await read(dir);
      if (r.model) models.set(dir, r.model);
      if (r.diagnostic) diagnostics.push(r.diagnostic);
    };
    for (const dir of projectDirsOf(t, cwd)) await add(dir);
    // The reactor siblings they depend on: the translator copies their sources and carries their dependencies.
    for (const m of [...models.values()]) for (const s of siblingDependencies(m, models)) if (!models.has(s.model.dir)) await add(s.model.dir);
    return { models, diagnostics };
  };
}

export function translateStage(compat: CompatArtifact, readModels = projectModelReader()): Stage {
  return {
    name: 'translate',
    // A built compat jar changes the generated project (it is carried inside it). 2: sources by reachability,
    // dependencies from Maven's effective model; 3: reactor siblings' sources and dependencies; 4: a pom-less
    // project's Storm modules, Flux class names as usage; 5: the files it read recorded (inputs), so a changed helper
    // class redoes the topology.
    version: `5${compat.jarPath ? '+jar' : ''}`,
    async run(ctx): Promise<StageResult> {
      ctx.progress('reading the Maven project');
      const { models, diagnostics: modelDiagnostics } = await readModels(ctx.topology, ctx.cwd);
      ctx.progress('planning and emitting the Flink project');
      const { plan, files, inputs } = await buildProject(ctx.topology, ctx.folder, {
        flink: '1.20',
        target: 'yarn-application',
        out: ctx.outDir,
        cwd: ctx.cwd,
        compat,
        projects: models,
      });
      const bad = containedPaths(
        path.join(ctx.outDir, PROJECT_FOLDER),
        files.map((f) => f.path),
      );
      if (bad !== undefined) return { status: 'failed', reason: `generated path ${JSON.stringify(bad)} would leave the output folder` };
      const dir = writeProject(ctx.outDir, PROJECT_FOLDER, files);
      const written = files.map((f) => `${PROJECT_FOLDER}/${f.path}`).sort();
      // The sources it reached and the poms of the projects it read (a parent or sibling pom changes dependencies).
      const poms = [...models.keys()].map((d) => path.relative(ctx.cwd, path.join(d, 'pom.xml')).split(path.sep).join('/'));
      return {
        status: fs.existsSync(dir) ? 'ok' : 'failed',
        files: written,
        inputs: [...new Set([...inputs, ...poms])].sort(),
        diagnostics: [...modelDiagnostics, ...plan.diagnostics, ...compatDiagnostics(compat, dir)],
        translation: translationFacts(plan, ctx),
      };
    },
  };
}
