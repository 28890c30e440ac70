// Where the built compat runtime is: its coordinates from src/compat/pom.xml, its jar from target/.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../model/files.js';
import type { CompatArtifact } from './emit.js';
import { COMPAT_DEFAULT } from './versions.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function coordinates(pomText: string): { groupId: string; artifactId: string; version: string } | undefined {
  const top = pomText.replace(/<!--[\s\S]*?-->/g, '').replace(/<(parent|dependencies|dependencyManagement|build|profiles)\b[\s\S]*?<\/\1>/g, '');
  const get = (tag: string) => new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`).exec(top)?.[1];
  const groupId = get('groupId');
  const artifactId = get('artifactId');
  const version = get('version');
  return groupId && artifactId && version ? { groupId, artifactId, version } : undefined;
}

/**
 * The compat artifact for generated projects. `jar` is an explicit jar (its pom is looked for
 * next to it, else src/compat/pom.xml); without it, src/compat/target/<artifactId>-<version>.jar.
 */
export function locateCompat(jar?: string, root = PACKAGE_ROOT): CompatArtifact {
  const pomPath = path.join(root, 'src', 'compat', 'pom.xml');
  const pomText = fs.existsSync(pomPath) ? fs.readFileSync(pomPath, 'utf8') : undefined;
  const coords = (pomText && coordinates(pomText)) || { ...COMPAT_DEFAULT };
  const jarPath = jar ? path.resolve(jar) : path.join(root, 'src', 'compat', 'target', `${coords.artifactId}-${coords.version}.jar`);
  if (!fs.existsSync(jarPath)) return { ...coords, pomText };
  const newer = jar
    ? undefined
    : newerThan(jarPath, [
        pomPath,
        ...listFiles(path.join(root, 'src', 'compat', 'src', 'main')),
        ...listFiles(path.join(root, 'src', 'compat', 'src', 'engine-neutral')),
      ]);
  if (newer) return { ...located(coords, jarPath, pomText), newerSource: path.relative(root, newer) };
  return located(coords, jarPath, pomText);
}

function located(coords: { groupId: string; artifactId: string; version: string }, jarPath: string, pomText: string | undefined): CompatArtifact {
  if (!coords.version.endsWith('-SNAPSHOT')) return { ...coords, jarPath, pomText };
  // A -SNAPSHOT in the project's file repository would lose to an older copy Maven keeps in ~/.m2 (a file
  // repository has no metadata to say it is newer): the bundled jar gets a version of its own content and of its
  // pom (whose dependencies reach every project).
  const version = `${coords.version.slice(0, -'-SNAPSHOT'.length)}-${createHash('sha256')
    .update(contentHash(jarPath))
    .update(pomText ?? '')
    .digest('hex')
    .slice(0, 12)}`;
  const bundledPom = pomText?.replace(`<version>${coords.version}</version>`, `<version>${version}</version>`);
  return { ...coords, version, jarPath, pomText: bundledPom };
}

/** The first of `files` modified after `jar` (mtime), if any. */
function newerThan(jar: string, files: string[]): string | undefined {
  const built = fs.statSync(jar).mtimeMs;
  return files.find((f) => (fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
}

/** A jar's content hash (12 hex digits), computed once per path, size and modification time. */
const hashes = new Map<string, string>();
function contentHash(file: string): string {
  const st = fs.statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  let h = hashes.get(key);
  if (!h) {
    h = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    hashes.set(key, h);
  }
  return h;
}
