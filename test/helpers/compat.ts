// The compat runtime's jar for tests that translate projects: built with Maven unless a jar newer than every
// compat source is already there (several test files need it; one build serves them all).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateCompat } from '../../src/translator/compat.js';
import type { CompatArtifact } from '../../src/translator/emit.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export function builtCompat(): CompatArtifact {
  const compat = path.join(ROOT, 'src', 'compat');
  const found = locateCompat();
  const sources = Math.max(newest(path.join(compat, 'src', 'main')), fs.statSync(path.join(compat, 'pom.xml')).mtimeMs);
  if (found.jarPath && fs.statSync(found.jarPath).mtimeMs > sources) return found;
  execFileSync('mvn', ['-B', '-q', '-f', path.join(compat, 'pom.xml'), '-DskipTests', 'package'], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const built = locateCompat();
  if (!built.jarPath) throw new Error('mvn package of src/compat produced no jar');
  return built;
}
