// The translator's batch: per topology collect sources, rewrite, plan, emit, write. One bad
// topology never stops the batch; nothing is written outside the output folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnostic, sortDiagnostics } from '../model/diagnostics.js';
import type { Analysis, Diagnostic, Topology } from '../model/topology.js';
import { emitProject, type CompatArtifact, type EmittedFile, type Storm1Build } from './emit.js';
import { folderName, uniqueFolderNames } from './names.js';
import { jobNames, kafkaComponent, plan, type JobPlan, type PlanInputs, type PlanOptions } from './plan.js';
import {
  carriedDependencies,
  carriedRepositories,
  inferredStormModules,
  KAFKA_CLIENTS,
  kafkaClientsForConnector,
  LOG4J_BRIDGE,
  LOG4J2_API,
  STORM09_JGRAPHT,
  STORM1_CLOJURE,
  type PomDependency,
} from './pom-deps.js';
import type { ProjectModels } from './project-model.js';
import { usesPackage } from './reach.js';
import { entryFacts, getJavaParser, rewriteJava, type EntryFacts, type SourceEdit } from './rewrite.js';
import { collectSources, type UserFile, type UserSources } from './sources.js';
import { FLINK, STORM1_BRIDGE, type FlinkLine } from './versions.js';

export interface TranslateOptions extends PlanOptions {
  out: string;
  cwd?: string;
  compat: CompatArtifact;
  /**
   * The user's Maven projects as Maven reads them (effective models, by absolute pom folder), computed by the
   * caller; a project not in it is read from its pom's text.
   */
  projects?: ProjectModels;
}

export interface TranslatedProject {
  topologyId: string;
  folder: string;
  dir: string;
  files: number;
  plan: JobPlan;
}

export interface TranslateResult {
  projects: TranslatedProject[];
  diagnostics: Diagnostic[];
  stats: { ok: number; blocked: number; failed: number };
}

/** Builds the files of one topology's project (no writes). */
export async function buildProject(
  t: Topology,
  folderHint: string,
  opts: TranslateOptions,
): Promise<{ plan: JobPlan; files: EmittedFile[]; storm1?: Storm1Build; inputs: string[] }> {
  const folder = folderName(folderHint);
  const cwd = opts.cwd ?? process.cwd();
  const parser = await getJavaParser();
  const sources = collectSources(t, cwd, { parser, models: opts.projects });
  const storm1 = await storm1Build(sources, opts.compat);
  const names = jobNames(t, folder);
  const edits: SourceEdit[] = [];
  let submitCalls = 0;
  let mentionsLocalCluster = false;
  const deps = dependencyInputs(t, sources);
  const kafkaDurationPoll = jobKafkaClientsMajor(t, deps.userDependencies, opts.flink) >= 4;
  const java: UserFile[] = sources.java.map((f) => {
    // Storm 0.x sources stay as written: once relocated, their StormSubmitter calls are Storm 2's, which the compat
    // runtime's capture takes (as it does for verify), so no redirect to a class of the other namespace is needed.
    const r = rewriteJava(parser, f.origin, String(f.content), t.kind === 'java' && !storm1?.relocates ? names.submissionClass : null, {
      namespaces: !storm1?.relocates,
      kafkaDurationPoll,
    });
    edits.push(...r.edits);
    submitCalls += r.submitCalls;
    mentionsLocalCluster ||= r.mentionsLocalCluster;
    return r.edits.length > 0 ? { ...f, content: r.text } : f;
  });
  let facts: EntryFacts | undefined;
  const cls = t.entry?.className;
  if (cls) {
    const rel = `src/main/java/${cls.replace(/\./g, '/')}.java`;
    const file = java.find((f) => f.path === rel) ?? java.find((f) => f.origin === t.source.file);
    if (file) facts = entryFacts(parser, String(file.content), cls.split('.').pop()!, t.entry?.method ?? null);
  }
  const p = plan({
    topology: t,
    folder,
    options: opts,
    entryFacts: facts,
    sourceEdits: edits,
    submitCalls,
    mentionsLocalCluster,
    hasSources: java.length > 0,
    ...deps,
  });
  const files = emitProject({ plan: p, java, resources: sources.resources, flux: sources.flux, userPom: sources.pom?.origin, compat: opts.compat, storm1 });
  // What the project was made from (display paths): `migrate` redoes the topology when one of them changes.
  const inputs = [...sources.java, ...sources.resources, ...(sources.flux ? [sources.flux] : [])].map((f) => f.origin);
  if (sources.pom) inputs.push(sources.pom.origin);
  return { plan: p, files, storm1, inputs: [...new Set(inputs)].sort() };
}

/**
 * The major version of the kafka-clients the job will carry (0: none known): the pom's own, raised to the Kafka
 * connector's as plan() raises it, else the connector's when the job runs one.
 */
function jobKafkaClientsMajor(t: Topology, userDependencies: PomDependency[], flink: FlinkLine): number {
  const connector = t.components.some(kafkaComponent);
  const own = kafkaClientsForConnector(userDependencies, connector, FLINK[flink]).dependencies.find((d) => `${d.groupId}:${d.artifactId}` === KAFKA_CLIENTS);
  const version = own?.version ?? (connector ? FLINK[flink].kafkaClients : null);
  return Number(/^(\d+)\./.exec(version ?? '')?.[1] ?? 0);
}

/**
 * How a project whose pom depends on storm-core 0.x/1.x builds: as verify builds it (against that storm-core, then
 * the bridge's bytecode pass), so Storm 1.x API that Storm 2 changed or dropped needs no source edit. Storm 0.x
 * code on the old storm-kafka (`storm.kafka`) compiles against the storm-kafka 0.x its pom declares (without one it
 * keeps the source rewrite onto storm-kafka 1.x). Undefined: the sources compile against Storm 2 (the compat
 * runtime's), as they do when the caller offers no bridge (`compat.storm1`).
 */
async function storm1Build(sources: UserSources, compat: CompatArtifact): Promise<Storm1Build | undefined> {
  const core = sources.project?.dependencies.find(
    (d) => d.groupId === 'org.apache.storm' && d.artifactId === 'storm-core' && d.scope !== 'test' && d.version !== null && /^[01]\.\d/.test(d.version),
  );
  if (!core?.version || !/^[\w.-]+$/.test(core.version)) return undefined;
  const relocates = core.version.startsWith('0.');
  // Storm 0.x code on the old storm-kafka (storm.kafka) compiles against the storm-kafka its pom names, as it does
  // against storm-core; the pass relocates both, and storm-kafka 1.x runs them.
  let stormKafka: string | undefined;
  if (relocates && usesPackage(sources.facts, 'storm.kafka')) {
    const kafka = sources.project?.dependencies.find(
      (d) => d.groupId === 'org.apache.storm' && d.artifactId === 'storm-kafka' && d.scope !== 'test' && d.version !== null && /^0\.\d/.test(d.version),
    );
    if (!kafka?.version || !/^[\w.-]+$/.test(kafka.version)) return undefined;
    stormKafka = apacheRelease(kafka.version);
  }
  // Only when the edge offers the bridge: verify compiles the job's own classes against the user's, already bridged.
  if (!compat.storm1) return undefined;
  const missing: CompatArtifact = { ...STORM1_BRIDGE, version: `${STORM1_BRIDGE.version}-SNAPSHOT` };
  let bridge = missing;
  try {
    bridge = await compat.storm1();
  } catch (e) {
    bridge = { ...missing, unavailable: e instanceof Error ? e.message : String(e) };
  }
  const release = apacheRelease(core.version);
  return { stormCore: release, ...(release !== core.version ? { declared: core.version } : {}), relocates, ...(stormKafka ? { stormKafka } : {}), bridge };
}

/**
 * The Apache Storm release a storm-core version is: distributions publish their builds as the release plus a suffix
 * (HDP's 1.1.0.2.6.1.9-1, snapshots) in their own repositories, which Maven Central does not serve; the sources
 * compile against the release they were built on. Apache's own 0.9 incubator releases keep their suffix.
 */
export function apacheRelease(version: string): string {
  if (/^\d+\.\d+\.\d+(-incubating)?$/.test(version)) return version;
  return /^(\d+\.\d+\.\d+)[.-]/.exec(version)?.[1] ?? version;
}

/** The dependencies, repositories and layout facts of the user's project that the plan records. */
function dependencyInputs(
  t: Topology,
  sources: ReturnType<typeof collectSources>,
): Pick<PlanInputs, 'userDependencies' | 'dependencyNotes' | 'stormKafka' | 'repositories' | 'layout'> {
  const model = sources.project;
  // The Flux file names classes too (components, constructor arguments).
  const flux = sources.flux ? String(sources.flux.content) : '';
  const usage = {
    usesPackage: (prefix: string) =>
      usesPackage(sources.facts, prefix) || new RegExp(`(^|[^\\w.])${prefix.replace(/\./g, '\\.')}\\.[A-Za-z_$]`, 'm').test(flux),
  };
  const interpreters = t.components.flatMap((c) => (c.multilang?.command[0] ? [path.basename(c.multilang.command[0])] : []));
  const { dependencies, notes, stormKafka } = model
    ? carriedDependencies(model.dependencies, usage)
    : { ...inferredStormModules(usage, interpreters), stormKafka: false };
  // Libraries Storm's jars brought that sources use without declaring them: added when a copied source names the
  // package and the pom has no artifact of the kind.
  const undeclared: { pkg: string; dep: Omit<PomDependency, 'exclusions'>; declared: (d: PomDependency) => boolean; why: string }[] = [
    {
      // Storm 1.x's storm-core brought log4j-over-slf4j; Flink's distribution has Log4j's bridge in lib/.
      pkg: 'org.apache.log4j',
      dep: LOG4J_BRIDGE,
      declared: (d) => d.artifactId === LOG4J_BRIDGE.artifactId || d.artifactId === 'log4j' || d.artifactId === 'log4j-over-slf4j',
      why: "the copied sources use the log4j 1.x API (org.apache.log4j), which Storm's worker class path had (storm-core 1.x brought log4j-over-slf4j, Storm 2 has Log4j's bridge in lib/); Flink's distribution has this bridge in lib/, so it is provided",
    },
    {
      // storm-core 1.x and storm-client 2.x brought Log4j 2's API; the compat runtime leaves Log4j to Flink.
      pkg: 'org.apache.logging.log4j',
      dep: LOG4J2_API,
      declared: (d) => d.groupId === LOG4J2_API.groupId,
      why: "the copied sources use Log4j 2's API (org.apache.logging.log4j), which storm-core and storm-client brought and the pom does not declare; the compat runtime leaves Log4j to Flink, whose distribution has it in lib/, so it is provided",
    },
    {
      // Storm 0.9's storm-core brought JGraphT (Trident's graph) unshaded.
      pkg: 'org.jgrapht',
      dep: STORM09_JGRAPHT,
      declared: (d) => d.groupId === STORM09_JGRAPHT.groupId,
      why: "the copied sources use JGraphT (org.jgrapht), which Storm 0.9's storm-core brought in its tree and the pom does not declare; Storm 2 and Flink have no unshaded copy, so the job jar carries the one Storm 0.9 had",
    },
    {
      // Storm 0.x/1.x's storm-core brought Clojure (its daemons): clojure.lang.Numbers, RT, Keyword…
      pkg: 'clojure',
      dep: STORM1_CLOJURE,
      declared: (d) => d.groupId === STORM1_CLOJURE.groupId && d.artifactId === STORM1_CLOJURE.artifactId,
      why: 'the copied sources use Clojure (clojure.*), which storm-core 0.x/1.x brought in its tree and the pom does not declare; Storm 2 and Flink have none, so the job jar carries the one storm-core 1.x had',
    },
  ];
  for (const u of undeclared) {
    if (!usage.usesPackage(u.pkg) || dependencies.some(u.declared)) continue;
    dependencies.push({ ...u.dep, exclusions: [] });
    notes.push({ artifact: `${u.dep.groupId}:${u.dep.artifactId}`, kind: 'added', from: null, to: u.dep.version, why: u.why });
  }
  return {
    userDependencies: dependencies,
    dependencyNotes: notes,
    stormKafka,
    repositories: carriedRepositories(model?.repositories ?? []),
    layout: {
      pom: sources.pom?.origin ?? null,
      pomFrom: model?.from ?? null,
      ...(model?.unread?.length ? { unread: model.unread } : {}),
      ...(model?.at ? { at: model.at } : {}),
      sourceRoots: sources.roots,
      resourceRoots: sources.resourceRoots,
      copied: sources.java.length,
      total: sources.javaTotal,
      ...(model?.siblings?.length ? { siblings: model.siblings.map((s) => `${s.groupId}:${s.artifactId}`) } : {}),
      ...(sources.keptSiblings.length > 0 ? { keptSiblings: sources.keptSiblings } : {}),
    },
  };
}

/** Every path resolves strictly inside `root`, with no `..` or absolute segments. */
export function containedPaths(root: string, rels: string[]): string | undefined {
  const base = path.resolve(root);
  for (const rel of rels) {
    if (rel === '' || path.isAbsolute(rel) || rel.split(/[\\/]/).some((s) => s === '..' || s === '')) return rel;
    const abs = path.resolve(base, rel);
    if (!abs.startsWith(base + path.sep)) return rel;
  }
  return undefined;
}

export function writeProject(outRoot: string, folder: string, files: EmittedFile[]): string {
  const out = path.resolve(outRoot);
  fs.mkdirSync(out, { recursive: true });
  const dir = path.join(out, folder);
  // A symlink at the project folder could lead outside --out: never follow it.
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) throw new Error(`${dir} is a symbolic link`);
  // Regenerate from scratch so stale files of an earlier run do not survive.
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const abs = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if ('copyFrom' in f) fs.copyFileSync(f.copyFrom, abs);
    else fs.writeFileSync(abs, f.content, f.mode ? { mode: f.mode } : undefined);
    if ('mode' in f && f.mode) fs.chmodSync(abs, f.mode);
  }
  return dir;
}

export async function translateAnalysis(analysis: Analysis, opts: TranslateOptions): Promise<TranslateResult> {
  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  const projects: TranslatedProject[] = [];
  const stats = { ok: 0, blocked: 0, failed: 0 };
  const folders = uniqueFolderNames(analysis.topologies.map((t) => t.id));
  let bridge: CompatArtifact | undefined;
  for (const [i, t] of analysis.topologies.entries()) {
    const folder = folders[i]!;
    if (t.blocked) {
      stats.blocked++;
      diagnostics.push(...t.diagnostics.filter((d) => d.blocker));
      const codes = [...new Set(t.diagnostics.filter((d) => d.blocker).map((d) => d.code))].join(', ');
      diagnostics.push(diagnostic('topology-blocked', t.source, `topology ${JSON.stringify(t.name ?? t.id)} is not translated: blocked by ${codes}`));
      continue;
    }
    try {
      const { plan: p, files, storm1 } = await buildProject(t, folder, opts);
      const bad = containedPaths(
        path.join(opts.out, folder),
        files.map((f) => f.path),
      );
      if (bad !== undefined) {
        stats.failed++;
        diagnostics.push(diagnostic('output-escapes', t.source, `generated path ${JSON.stringify(bad)} would leave ${opts.out}`));
        continue;
      }
      let dir: string;
      try {
        dir = writeProject(opts.out, folder, files);
      } catch (e) {
        stats.failed++;
        diagnostics.push(diagnostic('write-failed', t.source, `cannot write ${folder}: ${e instanceof Error ? e.message : String(e)}`));
        continue;
      }
      diagnostics.push(...t.diagnostics, ...p.diagnostics);
      projects.push({ topologyId: t.id, folder, dir, files: files.length, plan: p });
      bridge ??= storm1?.bridge;
      stats.ok++;
    } catch (e) {
      stats.failed++;
      const where = e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e);
      diagnostics.push(diagnostic('internal-error', { file: t.source.file }, `internal error while translating ${t.id}: ${where}`));
    }
  }
  if (stats.ok > 0) diagnostics.push(...compatDiagnostics(opts.compat, opts.out));
  if (bridge && !bridge.jarPath)
    diagnostics.push(
      diagnostic(
        'compat-jar-missing',
        { file: opts.out },
        `the Storm 1.x bridge jar could not be built; the projects of Storm 0.x/1.x code need ${bridge.groupId}:${bridge.artifactId}:${bridge.version} in a reachable Maven repository${because(bridge)}`,
      ),
    );
  return { projects, diagnostics: sortDiagnostics(diagnostics), stats };
}

/** What a project carrying `compat` lacks: a current compat jar (S2F411), or any (S2F406). */
export function compatDiagnostics(compat: CompatArtifact, out: string): Diagnostic[] {
  if (compat.jarPath && compat.newerSource) {
    return [
      diagnostic(
        'compat-jar-stale',
        { file: compat.jarPath },
        `the compat runtime jar is older than ${compat.newerSource}: the projects bundle a runtime built before that change; rebuild it (mvn -f src/compat/pom.xml -DskipTests package)${because(compat)}`,
      ),
    ];
  }
  if (!compat.jarPath) {
    return [
      diagnostic(
        'compat-jar-missing',
        { file: out },
        `compat runtime jar not found; the projects need ${compat.groupId}:${compat.artifactId}:${compat.version} in a reachable Maven repository${because(compat)}`,
      ),
    ];
  }
  return [];
}

/** Why the jar could not be built from the package's sources, when that was tried. */
function because(c: CompatArtifact): string {
  return c.unavailable ? ` (building it from the package's sources failed: ${c.unavailable.split('\n')[0]})` : '';
}
