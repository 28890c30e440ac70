// One folder walk for the tool: sorted by name (the same order on every file system), folder links not followed
// (no loops), links to files kept, unreadable folders skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ListOptions {
  /** Folders not entered, by name and absolute path. */
  skipDir?(name: string, abs: string): boolean;
  /** Files kept, by name and absolute path (default: all). */
  accept?(name: string, abs: string): boolean;
  /** Stop once this many files are kept. */
  limit?: number;
}

/** Absolute paths of the files under `dir` (none when it is absent or unreadable). */
export function listFiles(dir: string, opts: ListOptions = {}): string[] {
  const out: string[] = [];
  const limit = opts.limit ?? Infinity;
  const visit = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const abs = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!opts.skipDir?.(e.name, abs)) visit(abs);
      } else if (e.isFile() || (e.isSymbolicLink() && fs.statSync(abs, { throwIfNoEntry: false })?.isFile())) {
        if (!opts.accept || opts.accept(e.name, abs)) out.push(abs);
      }
    }
  };
  visit(dir);
  return out;
}
