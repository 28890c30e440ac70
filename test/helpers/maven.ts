// Fetches Maven Central artifacts through Maven itself, so a clean machine needs nothing but `mvn`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CACHE = path.join(os.tmpdir(), 's2f-test-artifacts');

/** Downloads `group:artifact:version[:type[:classifier]]` and unpacks it; returns the folder. */
export function unpackArtifact(coords: string): string {
  const dest = path.join(CACHE, coords.replace(/[^A-Za-z0-9.-]+/g, '_'));
  const done = path.join(dest, '.unpacked');
  if (fs.existsSync(done)) return dest;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync(
    'mvn',
    ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack', `-Dartifact=${coords}`, `-DoutputDirectory=${dest}`],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() },
  );
  fs.writeFileSync(done, coords);
  return dest;
}
