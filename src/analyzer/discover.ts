// Finds and reads candidate files under the given paths. Every failure becomes a
// diagnostic for that path; nothing here throws on user input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';
import { otherJvmLanguage } from './other-languages.js';
import type { SourceText } from './types.js';

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Folders that hold build output, VCS data or dependencies, never topology sources. */
const SKIPPED_DIRS = new Set(['node_modules', 'target', 'build', 'bin', 'out', 'dist']);

export interface Discovery {
  javaFiles: string[];
  yamlFiles: string[];
  /** Kotlin, Scala, Groovy and Clojure sources: not analyzed, only scanned for a topology to report. */
  otherJvmFiles: string[];
  /** Files named on the command line that are neither Java nor YAML. */
  otherFiles: string[];
  /** Every regular file seen (absolute), for resources such as multilang scripts and Flux includes. */
  allFiles: string[];
  diagnostics: Diagnostic[];
}

export function displayPath(absPath: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
  return shown.split(path.sep).join('/');
}

function kindOf(file: string): 'java' | 'yaml' | 'other-jvm' | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.java')) return 'java';
  if (otherJvmLanguage(lower)) return 'other-jvm';
  // Flux reads any file name; StormCrawler's archetype and the projects built on it name theirs `crawler.flux`.
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.flux')) return 'yaml';
  return null;
}

/** Walks files and folders; follows symlinks but never twice into the same real folder. */
export function discover(paths: string[], cwd = process.cwd()): Discovery {
  const out: Discovery = { javaFiles: [], yamlFiles: [], otherJvmFiles: [], otherFiles: [], allFiles: [], diagnostics: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (abs: string, explicit: boolean) => {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      real = abs;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    out.allFiles.push(abs);
    const kind = kindOf(abs);
    if (kind === 'java') out.javaFiles.push(abs);
    else if (kind === 'yaml') out.yamlFiles.push(abs);
    else if (kind === 'other-jvm') out.otherJvmFiles.push(abs);
    else if (explicit) out.otherFiles.push(abs);
  };

  const walk = (dir: string, ancestors: Set<string>) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      out.diagnostics.push(diagnostic('file-unreadable', { file: displayPath(dir, cwd) }, `cannot read folder: ${errMessage(e)}`));
      return;
    }
    if (ancestors.has(real)) {
      out.diagnostics.push(
        diagnostic('symlink-loop', { file: displayPath(dir, cwd) }, `symbolic link loop: ${displayPath(dir, cwd)} leads back to ${displayPath(real, cwd)}`),
      );
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.diagnostics.push(diagnostic('file-unreadable', { file: displayPath(dir, cwd) }, `cannot read folder: ${errMessage(e)}`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const next = new Set(ancestors).add(real);
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') {
            out.diagnostics.push(diagnostic('symlink-loop', { file: displayPath(abs, cwd) }, `symbolic link loop at ${displayPath(abs, cwd)}`));
          }
          // A dangling link is not an error: there is nothing to analyze.
          continue;
        }
      }
      if (isDir) {
        if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
        walk(abs, next);
      } else if (isFile) {
        addFile(abs, false);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') out.diagnostics.push(diagnostic('symlink-loop', { file: p }, `symbolic link loop at ${p}`));
      else out.diagnostics.push(diagnostic('path-not-found', { file: p }, `no such file or folder: ${p}`));
      continue;
    }
    if (st.isDirectory()) walk(abs, new Set());
    else addFile(abs, true);
  }
  return out;
}

export interface ReadOptions {
  maxBytes?: number;
  cwd?: string;
}

/** Reads a text file safely: size limit, binary check, UTF-8 with a Latin-1 fallback. */
export function readSourceFile(absPath: string, opts: ReadOptions = {}): { file?: SourceText; diagnostics: Diagnostic[] } {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const shown = displayPath(absPath, opts.cwd);
  let size: number;
  try {
    size = fs.statSync(absPath).size;
  } catch (e) {
    return { diagnostics: [diagnostic('file-unreadable', { file: shown }, `cannot read file: ${errMessage(e)}`)] };
  }
  if (size > maxBytes) {
    return {
      diagnostics: [diagnostic('file-too-large', { file: shown }, `file is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit; skipped`)],
    };
  }
  let buf: Buffer;
  try {
    buf = fs.readFileSync(absPath);
  } catch (e) {
    return { diagnostics: [diagnostic('file-unreadable', { file: shown }, `cannot read file: ${errMessage(e)}`)] };
  }
  // UTF-16 with its byte order mark (Windows editors and PowerShell's `>` write it): text, not binary.
  const utf16 = buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe ? 'utf-16le' : buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    try {
      return { file: { path: shown, absPath, text: new TextDecoder(utf16, { fatal: true }).decode(buf) }, diagnostics: [] };
    } catch {
      // not valid UTF-16 after all: read as below
    }
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(buf, nul);
    return { diagnostics: [diagnostic('binary-file', { file: shown, line, column }, 'file is binary (NUL byte); skipped')] };
  }
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const bad = firstInvalidUtf8(buf);
    const { line, column } = positionOfByte(buf, bad);
    diagnostics.push(diagnostic('not-utf8', { file: shown, line, column }, 'file is not valid UTF-8; read as Latin-1'));
    text = buf.toString('latin1');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { file: { path: shown, absPath, text }, diagnostics };
}

function positionOfByte(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > buf.length) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

export function errMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as NodeJS.ErrnoException).code === 'string') {
    const err = e as NodeJS.ErrnoException;
    return `${err.code}${err.syscall ? ` (${err.syscall})` : ''}`;
  }
  return e instanceof Error ? e.message : String(e);
}
