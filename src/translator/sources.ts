// Reading the user's code for a topology (the only file reads of the translator):
// the Java source roots its files live in, their resources, the Flux file, the project's pom.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Topology } from '../model/topology.js';
import { listFiles } from '../model/files.js';

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
  /** Raw text of the user's pom.xml next to the source root, when found. */
  pom?: { text: string; origin: string };
  /** Folders the Java sources were copied from (display form). */
  roots: string[];
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

export function collectSources(t: Topology, cwd: string): UserSources {
  const abs = (p: string) => path.resolve(cwd, p);
  const display = (p: string) => posix(path.relative(cwd, p) || '.');
  const roots = new Set<string>();
  const seedFiles = new Set<string>([...t.files, ...t.components.flatMap((c) => (c.classSource ? [c.classSource.file] : []))]);
  for (const f of [...seedFiles].sort()) {
    if (!f.endsWith('.java')) continue;
    const text = readText(abs(f));
    if (text !== undefined) roots.add(sourceRootOf(abs(f), text));
  }
  let flux: UserFile | undefined;
  if (t.kind === 'flux') {
    const fluxAbs = abs(t.source.file);
    const text = readText(fluxAbs);
    if (text !== undefined) flux = { path: 'src/main/resources/storm2flink/topology.yaml', content: text, origin: t.source.file };
    // A Flux file inside a Maven project: its classes are in the same project.
    for (let d = path.dirname(fluxAbs), i = 0; i < 6; d = path.dirname(d), i++) {
      const cand = path.join(d, 'src', 'main', 'java');
      if (fs.existsSync(cand)) {
        roots.add(cand);
        break;
      }
      if (path.dirname(d) === d) break;
    }
  }

  const java: UserFile[] = [];
  const resources: UserFile[] = [];
  const seen = new Set<string>();
  let pom: UserSources['pom'];
  for (const root of [...roots].sort()) {
    for (const f of walk(root, (n) => n.endsWith('.java'))) {
      const rel = posix(path.relative(root, f));
      const target = `src/main/java/${rel}`;
      if (seen.has(target)) continue;
      const text = readText(f);
      if (text === undefined) continue;
      seen.add(target);
      java.push({ path: target, content: text, origin: display(f) });
    }
    const project = projectDirOf(root);
    if (project) {
      const resRoot = path.join(project, 'src', 'main', 'resources');
      for (const f of walk(resRoot, () => true)) {
        const target = `src/main/resources/${posix(path.relative(resRoot, f))}`;
        if (seen.has(target)) continue;
        seen.add(target);
        try {
          resources.push({ path: target, content: fs.readFileSync(f), origin: display(f) });
        } catch {
          /* unreadable: skip */
        }
      }
      const pomText = pom ? undefined : readText(path.join(project, 'pom.xml'));
      if (pomText !== undefined) pom = { text: pomText, origin: display(path.join(project, 'pom.xml')) };
    }
  }
  const byPath = (a: UserFile, b: UserFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { java: java.sort(byPath), resources: resources.sort(byPath), flux, pom, roots: [...roots].map(display).sort() };
}
