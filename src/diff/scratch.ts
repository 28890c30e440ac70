// The folder the user's code runs in on each engine: a scratch copy of the project folder, so relative paths (a file
// a bolt reads or writes, Flux `includes`, Utils.findAndReadConfigFile) resolve as when the user ran the topology
// from its folder, and the user's tree is never written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../model/files.js';

/** Build output, dependencies and dot-folders stay out of the copy (as they stay out of the build's copy). */
const SKIP_DIRS = new Set(['target', 'build', 'node_modules']);

/** A folder with no build file is copied only when it is small: a Flux file in a home folder must not copy the home. */
const LOOSE_FOLDER_FILES = 2000;

/**
 * The folder a topology's code runs in: the project around its source file (the nearest pom.xml or Gradle build at
 * or above it: `mvn exec:java` and `storm local` are run from there), else the verified folder, else the file's; null
 * when that last folder holds more than LOOSE_FOLDER_FILES files (the code then runs in an empty folder).
 */
export function projectFolderOf(topoPath: string, sourceFile: string = topoPath): string | null {
  const p = path.resolve(topoPath);
  const start = path.resolve(sourceFile);
  for (let dir = fs.statSync(start).isDirectory() ? start : path.dirname(start); ; dir = path.dirname(dir)) {
    if (['pom.xml', 'build.gradle', 'build.gradle.kts'].some((f) => fs.existsSync(path.join(dir, f)))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const loose = fs.statSync(p).isDirectory() ? p : path.dirname(p);
  const files = listFiles(loose, { skipDir: (name) => name.startsWith('.') || SKIP_DIRS.has(name), limit: LOOSE_FOLDER_FILES + 1 });
  return files.length > LOOSE_FOLDER_FILES ? null : loose;
}

/**
 * Fills `dir` with a copy of `from` (folders in `skip`, such as verify's --out, left out), after emptying it. The
 * folder itself is kept: a long-lived engine JVM runs in it, and a JVM's working directory cannot change.
 */
export function fillScratch(dir: string, from: string, skip: string[] = []): void {
  emptyFolder(dir);
  const root = path.resolve(from);
  const skipped = skip.map((s) => path.resolve(s));
  const inSkipped = (p: string) => skipped.some((s) => p === s || p.startsWith(s + path.sep));
  const files = listFiles(root, { skipDir: (name, abs) => inSkipped(abs) || name.startsWith('.') || SKIP_DIRS.has(name) || abs === dir });
  for (const f of files) {
    const to = path.join(dir, path.relative(root, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    // A clone where the file system can (copy-on-write), a copy otherwise: never a link into the user's tree.
    fs.copyFileSync(f, to, fs.constants.COPYFILE_FICLONE);
  }
}

/** Moves what `dir` holds into `to` (the run's record of what its code left), leaving `dir` itself in place, empty. */
export function moveScratch(dir: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  // Entry by entry: renaming `dir` would move a long-lived JVM's working directory with it.
  for (const e of fs.readdirSync(dir)) {
    try {
      fs.renameSync(path.join(dir, e), path.join(to, e));
    } catch {
      // Another file system (--out elsewhere): copy, then remove.
      fs.cpSync(path.join(dir, e), path.join(to, e), { recursive: true });
      fs.rmSync(path.join(dir, e), { recursive: true, force: true });
    }
  }
}

function emptyFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const e of fs.readdirSync(dir)) fs.rmSync(path.join(dir, e), { recursive: true, force: true });
}

/**
 * Leaves in `dir` only what the run wrote: files that `from` does not hold, or holds with other bytes. What is left
 * is the run's record (`--out`), not a copy of the project.
 */
export function keepWritten(dir: string, from: string): void {
  for (const f of listFiles(dir)) {
    const original = path.join(from, path.relative(dir, f));
    const a = fs.statSync(f);
    const b = fs.statSync(original, { throwIfNoEntry: false });
    if (b?.isFile() && a.size === b.size && fs.readFileSync(f).equals(fs.readFileSync(original))) fs.rmSync(f);
  }
  removeEmptyFolders(dir);
}

function removeEmptyFolders(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    removeEmptyFolders(sub);
    if (fs.readdirSync(sub).length === 0) fs.rmdirSync(sub);
  }
}
