// Temp folders for a test file, removed when the file's tests are done (registered on the importing file).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  if (process.env.S2F_KEEP) return;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
