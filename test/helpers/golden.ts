// Golden-file helpers: compare with a reviewed expected file; UPDATE_GOLDEN=1 rewrites it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';

export const updating = process.env.UPDATE_GOLDEN === '1' || process.env.UPDATE_GOLDEN === 'true';

export function expectGolden(file: string, actual: string): void {
  if (updating) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1 and review the result`);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/** Golden case folders that no longer match a case are an error, not silent leftovers. */
export function orphanedCases(goldenRoot: string, caseNames: string[]): string[] {
  if (!fs.existsSync(goldenRoot)) return [];
  const known = new Set(caseNames);
  return fs
    .readdirSync(goldenRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !known.has(d.name))
    .map((d) => d.name);
}
