// The user's Maven project as data: what its pom declares (dependencies, source and resource folders,
// repositories). The edge (CLI, batch) reads it through Maven's effective model and hands it in; without
// that, a tolerant reader of the pom's own text stands in (no parent, no profiles). No processes here.
import * as fs from 'node:fs';
import * as path from 'node:path';
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
  /** Where the facts come from: Maven's effective model, or the pom's own text. */
  from: 'effective-model' | 'pom-text';
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

/** The model for the project in `dir`: the edge's, else read from the pom's text; undefined without a pom. */
export function projectModel(dir: string, models: ProjectModels | undefined): UserProjectModel | undefined {
  const abs = path.resolve(dir);
  const given = models?.get(abs);
  if (given) return given;
  const text = readText(path.join(abs, 'pom.xml'));
  return text === undefined ? undefined : fromPomText(abs, text);
}
