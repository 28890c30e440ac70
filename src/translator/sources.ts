// Reading the user's code for a topology (the only file reads of the translator): the Java source roots its
// files live in (the pom's <sourceDirectory> when it has one), the sources the topology reaches, the pom's
// resource folders, the Flux file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Topology } from '../model/topology.js';
import type { Parser } from 'web-tree-sitter';
import { listFiles } from '../model/files.js';
import { nearestProjectDir, projectModel, siblingDependencies, withSiblings, type ProjectModels, type UserProjectModel } from './project-model.js';
import { fileOfClass, indexSources, javaFacts, reachableFiles, type JavaFacts } from './reach.js';

export interface UserFile {
  /** Path inside the generated project, forward slashes. */
  path: string;
  content: string | Buffer;
  /** Where it was read from, for reports. */
  origin: string;
}

export interface UserSources {
  java: UserFile[];
  resources: UserFile[];
  /** The Flux file, for Flux topologies. */
  flux?: UserFile;
  /** The user's pom.xml (display form) of the project the sources belong to, when found. */
  pom?: { origin: string };
  /** That project's model (the edge's effective model, else read from the pom's text). */
  project?: UserProjectModel;
  /** Folders the Java sources were copied from (display form). */
  roots: string[];
  /** Folders the resources were copied from (display form). */
  resourceRoots: string[];
  /** Java files in the source folders; `java` holds the ones the topology reaches. */
  javaTotal: number;
  /** What the copied Java files declare and name. */
  facts: JavaFacts[];
  /** Reactor siblings that stay dependencies (their sources are not all Java), folders in display form. */
  keptSiblings: { artifact: string; folder: string }[];
}

const MAX_FILES = 5000;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'target', 'build', 'node_modules', '.idea', '.gradle']);

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Files under `dir`, sorted, bounded in number and size. */
function walk(dir: string, accept: (name: string) => boolean): string[] {
  const small = (p: string) => (fs.statSync(p, { throwIfNoEntry: false })?.size ?? Infinity) <= MAX_FILE_BYTES;
  return listFiles(dir, { skipDir: (name) => SKIP_DIRS.has(name), accept: (name, p) => accept(name) && small(p), limit: MAX_FILES });
}

/** The folder a Java file's package starts in (…/src/main/java for Maven layouts). */
export function sourceRootOf(absFile: string, text: string): string {
  const m = /^\s*package\s+([\w.]+)\s*;/m.exec(text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''));
  let dir = path.dirname(absFile);
  if (m) {
    const segs = m[1]!.split('.');
    for (let i = segs.length - 1; i >= 0; i--) {
      if (path.basename(dir) !== segs[i]) return path.dirname(absFile); // layout does not follow the package
      dir = path.dirname(dir);
    }
  }
  return dir;
}

function projectDirOf(root: string): string | undefined {
  const m = /^(.*)[\\/]src[\\/](?:main|test)[\\/]java$/.exec(root);
  return m ? m[1] : undefined;
}

function readText(abs: string): string | undefined {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

function inside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface CollectOptions {
  parser: Parser;
  /** The user's Maven projects as the edge read them (effective models), by pom folder. */
  models?: ProjectModels;
}

export function collectSources(t: Topology, cwd: string, opts: CollectOptions): UserSources {
  const abs = (p: string) => path.resolve(cwd, p);
  const display = (p: string) => posix(path.relative(cwd, p) || '.');
  const roots = new Set<string>();
  let project: UserProjectModel | undefined;
  /** The project whose sources hold `root` (the nearest pom above `file`), when its model says so. */
  const adopt = (file: string, root: string | undefined) => {
    const dir = nearestProjectDir(file);
    if (!dir) return;
    const m = projectModel(dir, opts.models);
    if (!m) return;
    if (root !== undefined && !inside(m.dir, root)) return;
    project ??= m;
  };
  const seedFiles = new Set<string>(
    [...t.files, ...t.components.flatMap((c) => (c.classSource ? [c.classSource.file] : []))].filter((f) => f.endsWith('.java')).map(abs),
  );
  // The topology's own module (the pom whose source root holds its entry) decides the pom, and its classes come
  // first: a sibling module of the reactor may have a class of the same name in the same package.
  const entry = t.kind === 'java' ? abs(t.source.file) : undefined;
  const entryText = entry !== undefined && seedFiles.has(entry) ? readText(entry) : undefined;
  if (entry !== undefined && entryText !== undefined) adopt(entry, sourceRootOf(entry, entryText));
  for (const f of [...seedFiles].sort()) {
    const text = readText(f);
    if (text === undefined) continue;
    const root = sourceRootOf(f, text);
    const own = project?.sourceDirectory;
    if (own !== undefined && !inside(project!.dir, f) && fs.existsSync(path.join(own, path.relative(root, f)))) {
      seedFiles.delete(f);
      continue;
    }
    roots.add(root);
    adopt(f, root);
  }
  let flux: UserFile | undefined;
  if (t.kind === 'flux') {
    const fluxAbs = abs(t.source.file);
    const text = readText(fluxAbs);
    if (text !== undefined) flux = { path: 'src/main/resources/storm2flink/topology.yaml', content: text, origin: t.source.file };
    // A Flux file inside a Maven project: its classes are in the same project.
    adopt(fluxAbs, undefined);
    if (project && fs.existsSync(project.sourceDirectory) && inside(project.dir, fluxAbs)) roots.add(project.sourceDirectory);
    else {
      for (let d = path.dirname(fluxAbs), i = 0; i < 6; d = path.dirname(d), i++) {
        const cand = path.join(d, 'src', 'main', 'java');
        if (fs.existsSync(cand)) {
          roots.add(cand);
          break;
        }
        if (path.dirname(d) === d) break;
      }
    }
  }

  // Reactor siblings the project depends on are in no repository: their sources are candidates too.
  if (project) {
    project = withSiblings(project, siblingDependencies(project, opts.models));
    for (const s of project.siblings ?? []) if (fs.existsSync(s.sourceDirectory)) roots.add(s.sourceDirectory);
  }

  // Every Java file of the source trees, then only those the topology reaches.
  const candidates: { root: string; file: string; text: string; facts: JavaFacts }[] = [];
  const seen = new Set<string>();
  const ownRoot = project?.sourceDirectory;
  for (const root of [...roots].sort((a, b) => Number(b === ownRoot) - Number(a === ownRoot) || (a < b ? -1 : a > b ? 1 : 0))) {
    for (const f of walk(root, (n) => n.endsWith('.java'))) {
      const rel = posix(path.relative(root, f));
      if (seen.has(rel)) continue;
      const text = readText(f);
      if (text === undefined) continue;
      seen.add(rel);
      candidates.push({ root, file: f, text, facts: javaFacts(opts.parser, text) });
    }
  }
  const index = indexSources(candidates.map((c) => ({ key: c.file, facts: c.facts })));
  const seeds = new Set<string>([...seedFiles].filter((f) => index.facts.has(f)));
  const classNames = [t.entry?.className, ...t.components.map((c) => c.className), ...t.edges.map((e) => e.customClass)].filter(
    (c): c is string => typeof c === 'string' && c !== '',
  );
  for (const c of classNames) {
    const k = fileOfClass(index, c);
    if (k) seeds.add(k);
  }
  // Flux names classes in YAML (components, constructor arguments, topologySource): any that is in the tree.
  if (flux)
    for (const m of String(flux.content).matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+/g)) {
      const k = fileOfClass(index, m[0]);
      if (k) seeds.add(k);
    }
  // Nothing to start from (no class of the topology is in the tree): everything, as the tree is.
  const reached = seeds.size > 0 ? reachableFiles(index, seeds) : new Set(candidates.map((c) => c.file));

  const java: UserFile[] = [];
  const facts: JavaFacts[] = [];
  for (const c of candidates) {
    if (!reached.has(c.file)) continue;
    java.push({ path: `src/main/java/${posix(path.relative(c.root, c.file))}`, content: c.text, origin: display(c.file) });
    facts.push(c.facts);
  }

  const resources: UserFile[] = [];
  const taken = new Set<string>();
  const resourceRoots: string[] = [];
  const addResources = (resRoot: string) => {
    if (!fs.existsSync(resRoot) || !fs.statSync(resRoot).isDirectory()) return;
    resourceRoots.push(resRoot);
    for (const f of walk(resRoot, () => true)) {
      const target = `src/main/resources/${posix(path.relative(resRoot, f))}`;
      if (taken.has(target)) continue;
      taken.add(target);
      try {
        resources.push({ path: target, content: fs.readFileSync(f), origin: display(f) });
      } catch {
        /* unreadable: skip */
      }
    }
  };
  const model = project as UserProjectModel | undefined;
  if (model) for (const r of model.resources) addResources(r);
  else
    for (const root of [...roots].sort()) {
      const dir = projectDirOf(root);
      if (!dir) continue;
      addResources(path.join(dir, 'src', 'main', 'resources'));
      // Without a pom to declare it, storm-starter's layout: multilang/resources/ holds the shell components' scripts.
      if (fs.existsSync(path.join(dir, 'multilang', 'resources'))) addResources(path.join(dir, 'multilang'));
    }
  const byPath = (a: UserFile, b: UserFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    java: java.sort(byPath),
    resources: resources.sort(byPath),
    flux,
    ...(model ? { pom: { origin: display(model.buildFile ?? path.join(model.dir, 'pom.xml')) }, project: model } : {}),
    roots: [...roots].map(display).sort(),
    resourceRoots: resourceRoots.map(display),
    javaTotal: candidates.length,
    facts,
    keptSiblings: (model?.keptSiblings ?? []).map((k) => ({ artifact: `${k.groupId}:${k.artifactId}`, folder: display(k.dir) })),
  };
}
