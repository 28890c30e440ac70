// The compat runtime's jar for tests that translate projects: built with Maven unless the jar in src/compat/target
// is newer than every compat source (several test files need it; one build serves them all).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateCompat } from '../../src/translator/compat.js';
import type { CompatArtifact } from '../../src/translator/emit.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function builtCompat(): CompatArtifact {
  const found = locateCompat();
  if (found.jarPath && !found.newerSource) return found;
  execFileSync('mvn', ['-B', '-q', '-f', path.join(ROOT, 'src', 'compat', 'pom.xml'), '-DskipTests', 'package'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const built = locateCompat();
  if (!built.jarPath || built.newerSource) throw new Error('mvn package of src/compat produced no current jar');
  return built;
}
