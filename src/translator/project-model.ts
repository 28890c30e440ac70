// The user's Maven project as data: what its pom declares (dependencies, source and resource folders,
// repositories). The edge (CLI, batch) reads it through Maven's effective model and hands it in; without
// that, a tolerant reader of the pom's own text stands in (no parent, no profiles). No processes here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromGradleText, gradleBuildFile } from './gradle-model.js';
import { pomDependencies, type PomDependency } from './pom-deps.js';

export interface UserProjectModel {
  /** Absolute folder of the pom.xml. */
  dir: string;
  /** Absolute source folder (`<sourceDirectory>`, default src/main/java). */
  sourceDirectory: string;
  /** Absolute resource folders (`<resources><resource><directory>`). */
  resources: string[];
  /** Direct dependencies, every scope, versions as resolved (null when the reader could not tell). */
  dependencies: PomDependency[];
  /** `<repositories>` as declared (Maven's own Central included when the effective model lists it). */
  repositories: { id: string; url: string }[];
  /** Where the facts come from: Maven's effective model, the pom's own text, or a Gradle build file's text. */
  from: 'effective-model' | 'pom-text' | 'gradle-text';
  /** The build file read (absolute), when not `dir`/pom.xml: a Gradle project's build.gradle[.kts]. */
  buildFile?: string;
  /** A Gradle build's declarations not read as coordinates (project(':x'), platform(…), catalog aliases), as written. */
  unread?: string[];
  /** Where a Gradle build's dependencies block starts in its build file. */
  at?: { line: number; column: number };
  /** Reactor siblings the project depends on, whose sources travel with its own (withSiblings). */
  siblings?: (ReactorModule & { sourceDirectory: string })[];
  /** Reactor siblings it depends on that stay dependencies (sources in another JVM language), to install first. */
  keptSiblings?: ReactorModule[];
}

/** Models by pom folder (absolute), as the edge computed them. */
export type ProjectModels = ReadonlyMap<string, UserProjectModel>;

/** The shape of src/diff/build.ts's PomProject that is read here (kept structural: the translator does not run Maven). */
export interface EffectivePomProject {
  buildDirectory: string | null;
  sourceDirectory: string | null;
  resources: string[];
  dependencies: { groupId: string; artifactId: string; version: string; type: string; classifier: string | null; scope: string; optional: boolean }[];
  repositories: { id: string; url: string }[];
}

function readText(abs: string): string | undefined {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The model of the project in `dir` from Maven's effective POM (PomTool's projects; the one whose build directory
 * lies in `dir`, else the first). The effective model has no exclusions: they are taken from the pom's text for the
 * same groupId:artifactId (they are rarely inherited).
 */
export function fromEffectiveModel(dir: string, projects: EffectivePomProject[]): UserProjectModel | undefined {
  const abs = path.resolve(dir);
  const p = projects.find((x) => x.buildDirectory && path.dirname(path.resolve(x.buildDirectory)) === abs) ?? projects[0];
  if (!p) return undefined;
  const text = readText(path.join(abs, 'pom.xml'));
  const written = text ? pomDependencies(text, { all: true }) : [];
  const exclusionsOf = (g: string, a: string) => written.find((d) => d.groupId === g && d.artifactId === a)?.exclusions ?? [];
  return {
    dir: abs,
    sourceDirectory: p.sourceDirectory ? path.resolve(abs, p.sourceDirectory) : path.join(abs, 'src', 'main', 'java'),
    resources: p.resources.map((r) => path.resolve(abs, r)),
    dependencies: p.dependencies.map((d) => ({
      groupId: d.groupId,
      artifactId: d.artifactId,
      version: d.version ?? null,
      scope: d.scope === 'compile' ? null : d.scope,
      type: d.type === 'jar' ? null : d.type,
      classifier: d.classifier,
      exclusions: exclusionsOf(d.groupId, d.artifactId),
    })),
    repositories: p.repositories,
    from: 'effective-model',
  };
}

/** `${basedir}` / `${project.basedir}` and simple `${prop}` values of the pom's <properties>. */
function interpolate(s: string, dir: string, props: Record<string, string>): string {
  return s.replace(/\$\{([^}]+)\}/g, (all, k: string) => (k === 'basedir' || k === 'project.basedir' ? dir : (props[k] ?? all)));
}

/** Today's reader: the pom's own text (no parent, no profiles; unresolved `${…}` versions stay as written). */
export function fromPomText(dir: string, text: string): UserProjectModel {
  const abs = path.resolve(dir);
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  const props: Record<string, string> = {};
  for (const m of (/<properties>([\s\S]*?)<\/properties>/.exec(xml)?.[1] ?? '').matchAll(/<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props[m[1]!] = m[2]!;
  const build = /<build>([\s\S]*?)<\/build>/.exec(xml.replace(/<profiles>[\s\S]*?<\/profiles>/g, ''))?.[1] ?? '';
  const src = /<sourceDirectory>\s*([^<]+?)\s*<\/sourceDirectory>/.exec(build)?.[1];
  const resBlock = /<resources>([\s\S]*?)<\/resources>/.exec(build)?.[1];
  const resources = resBlock
    ? [...resBlock.matchAll(/<resource>[\s\S]*?<directory>\s*([^<]+?)\s*<\/directory>[\s\S]*?<\/resource>/g)].map((m) =>
        path.resolve(abs, interpolate(m[1]!, abs, props)),
      )
    : [path.join(abs, 'src', 'main', 'resources')];
  const repositories = [
    ...(/<repositories>([\s\S]*?)<\/repositories>/.exec(xml.replace(/<profiles>[\s\S]*?<\/profiles>/g, ''))?.[1] ?? '').matchAll(
      /<repository>([\s\S]*?)<\/repository>/g,
    ),
  ]
    .map((m) => ({ id: /<id>\s*([^<]*?)\s*<\/id>/.exec(m[1]!)?.[1] ?? '', url: interpolate(/<url>\s*([^<]*?)\s*<\/url>/.exec(m[1]!)?.[1] ?? '', abs, props) }))
    .filter((r) => r.url !== '');
  return {
    dir: abs,
    sourceDirectory: src ? path.resolve(abs, interpolate(src, abs, props)) : path.join(abs, 'src', 'main', 'java'),
    resources,
    dependencies: pomDependencies(text, { all: true }),
    repositories,
    from: 'pom-text',
  };
}

/** Folder of the nearest pom.xml at or above `file` (at most `depth` levels), or undefined. */
export function nearestPomDir(file: string, depth = 12): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < depth; i++) {
    if (fs.existsSync(path.join(dir, 'pom.xml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Folder of the nearest pom.xml or Gradle build file at or above `file` (at most `depth` levels), or undefined. */
export function nearestProjectDir(file: string, depth = 12): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < depth; i++) {
    if (fs.existsSync(path.join(dir, 'pom.xml')) || gradleBuildFile(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/**
 * The model for the project in `dir`: the edge's, else read from the pom's text, else from a Gradle build file's
 * text (src/main/java and src/main/resources, as Gradle's java plugin lays them out); undefined without either.
 */
export function projectModel(dir: string, models: ProjectModels | undefined): UserProjectModel | undefined {
  const abs = path.resolve(dir);
  const given = models?.get(abs);
  if (given) return given;
  const text = readText(path.join(abs, 'pom.xml'));
  if (text !== undefined) return fromPomText(abs, text);
  const gradle = gradleBuildFile(abs);
  if (!gradle) return undefined;
  const g = fromGradleText(gradle);
  return {
    dir: abs,
    sourceDirectory: path.join(abs, 'src', 'main', 'java'),
    resources: [path.join(abs, 'src', 'main', 'resources')],
    dependencies: g.dependencies,
    repositories: g.repositories,
    from: 'gradle-text',
    buildFile: gradle,
    unread: g.unread,
    at: g.at,
  };
}

/** A module of a Maven reactor, as its pom's text names it. */
export interface ReactorModule {
  /** Absolute folder of its pom.xml. */
  dir: string;
  groupId: string;
  artifactId: string;
}

const MAX_MODULES = 200;

function pomOf(dir: string): string | undefined {
  return readText(path.join(dir, 'pom.xml'))?.replace(/<!--[\s\S]*?-->/g, '');
}

/** `<module>` folders of an aggregator pom (profiles' too: a module a profile lists is still in the tree). */
function moduleDirs(dir: string, xml: string): string[] {
  return [...xml.matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)].map((m) => {
    const p = path.resolve(dir, m[1]!);
    return path.basename(p) === 'pom.xml' ? path.dirname(p) : p;
  });
}

/** The coordinates a pom declares for itself (groupId inherited from <parent> when absent). */
function coordinates(xml: string): { groupId: string; artifactId: string } | undefined {
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(xml)?.[1] ?? '';
  const own = ['parent', 'dependencies', 'dependencyManagement', 'build', 'profiles', 'reporting', 'plugins', 'modules'].reduce(
    (x, tag) => x.replace(new RegExp(`<${tag}\\b[\\s\\S]*?</${tag}>`, 'g'), ''),
    xml,
  );
  const tag = (x: string, t: string) => new RegExp(`<${t}>\\s*([^<]*?)\\s*</${t}>`).exec(x)?.[1];
  const artifactId = tag(own, 'artifactId');
  const groupId = tag(own, 'groupId') ?? tag(parent, 'groupId');
  return artifactId && groupId ? { groupId, artifactId } : undefined;
}

/**
 * The other modules of the Maven reactor `dir` builds in: up through the aggregator poms that list it, then every
 * module they list, recursively. A sibling a module depends on is not installed in any repository, so its sources
 * travel with the topology's (as `mvn -pl … -am` would build them).
 */
export function reactorModules(dir: string): ReactorModule[] {
  let root = path.resolve(dir);
  // An aggregator may list a module folders below it (<module>apps/storm</module>), with no pom between.
  for (let up = path.dirname(root), hops = 0; up !== path.dirname(up) && hops < 4; up = path.dirname(up), hops++) {
    const xml = pomOf(up);
    if (xml === undefined) continue;
    if (!moduleDirs(up, xml).includes(root)) break;
    root = up;
    hops = -1;
  }
  const out: ReactorModule[] = [];
  const seen = new Set<string>();
  const visit = (d: string) => {
    if (seen.has(d) || seen.size >= MAX_MODULES) return;
    seen.add(d);
    const xml = pomOf(d);
    if (xml === undefined) return;
    const c = coordinates(xml);
    if (c && d !== path.resolve(dir)) out.push({ dir: d, ...c });
    for (const m of moduleDirs(d, xml)) visit(m);
  };
  visit(root);
  return out.sort((a, b) => a.dir.localeCompare(b.dir, 'en'));
}

const OTHER_JVM_SOURCES = ['scala', 'kotlin', 'groovy'];

/** A reactor sibling a module depends on; `kept`: it stays a dependency (its sources are not all Java). */
export interface Sibling {
  module: ReactorModule;
  model: UserProjectModel;
  kept: boolean;
}

/**
 * The reactor siblings `model` depends on (not in test scope), transitively, each with its model (the edge's, else
 * read from its pom's text). A sibling's version is the reactor's: matched on groupId and artifactId.
 */
export function siblingDependencies(model: UserProjectModel, models: ProjectModels | undefined): Sibling[] {
  const modules = reactorModules(model.dir);
  const byCoordinates = new Map(modules.map((m) => [`${m.groupId}:${m.artifactId}`, m]));
  const out: Sibling[] = [];
  const seen = new Set<string>([model.dir]);
  const queue = [model];
  while (queue.length > 0) {
    const m = queue.shift()!;
    for (const d of m.dependencies) {
      const sibling = d.scope === 'test' ? undefined : byCoordinates.get(`${d.groupId}:${d.artifactId}`);
      if (!sibling || seen.has(sibling.dir)) continue;
      seen.add(sibling.dir);
      const sm = projectModel(sibling.dir, models);
      if (!sm) continue;
      // Scala, Kotlin or Groovy sources cannot travel as Java sources: such a sibling stays a dependency.
      const kept = OTHER_JVM_SOURCES.some((d) => fs.existsSync(path.join(sibling.dir, 'src', 'main', d)));
      out.push({ module: sibling, model: sm, kept });
      if (!kept) queue.push(sm);
    }
  }
  return out;
}

/**
 * One model for a module and the reactor siblings it depends on: their source and resource folders after its own,
 * its dependencies then theirs (the first of each groupId:artifactId wins, as Maven's nearest does), the siblings
 * themselves left out (their sources travel instead), their repositories too.
 */
export function withSiblings(model: UserProjectModel, all: Sibling[]): UserProjectModel {
  const siblings = all.filter((s) => !s.kept);
  const keptSiblings = all.filter((s) => s.kept).map((s) => s.module);
  if (siblings.length === 0) return keptSiblings.length > 0 ? { ...model, keptSiblings } : model;
  const isSibling = new Set(siblings.map((s) => `${s.module.groupId}:${s.module.artifactId}`));
  const dependencies: PomDependency[] = [];
  const seen = new Set<string>();
  for (const [i, m] of [model, ...siblings.map((s) => s.model)].entries())
    for (const d of m.dependencies) {
      const ga = `${d.groupId}:${d.artifactId}`;
      const key = `${ga}:${d.type ?? 'jar'}:${d.classifier ?? ''}`;
      if (isSibling.has(ga) || seen.has(key) || (i > 0 && d.scope === 'test')) continue;
      seen.add(key);
      dependencies.push(d);
    }
  const urls = new Set<string>();
  const repositories = [model, ...siblings.map((s) => s.model)].flatMap((m) => m.repositories).filter((r) => !urls.has(r.url) && urls.add(r.url));
  return {
    ...model,
    resources: [...model.resources, ...siblings.flatMap((s) => s.model.resources)],
    dependencies,
    repositories,
    siblings: siblings.map((s) => ({ dir: s.model.dir, sourceDirectory: s.model.sourceDirectory, groupId: s.module.groupId, artifactId: s.module.artifactId })),
    ...(keptSiblings.length > 0 ? { keptSiblings } : {}),
  };
}
