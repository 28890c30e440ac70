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
  execFileSync('mvn', ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack', `-Dartifact=${coords}`, `-DoutputDirectory=${dest}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: os.tmpdir(),
  });
  fs.writeFileSync(done, coords);
  return dest;
}

/** Copies `group:artifact:version[:type[:classifier]]` (no unpacking) into a folder; returns the file. */
export function copyArtifact(coords: string): string {
  const dest = path.join(CACHE, `copy-${coords.replace(/[^A-Za-z0-9.-]+/g, '_')}`);
  const done = path.join(dest, '.copied');
  if (fs.existsSync(done)) return path.join(dest, fs.readFileSync(done, 'utf8'));
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('mvn', ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy', `-Dartifact=${coords}`, `-DoutputDirectory=${dest}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: os.tmpdir(),
  });
  const file = fs.readdirSync(dest).find((f) => !f.startsWith('.'))!;
  fs.writeFileSync(done, file);
  return path.join(dest, file);
}

/** Unpacks only the entries of an artifact matching an Ant pattern (e.g. `META-INF/maven/**`); returns the folder. */
export function unpackEntries(coords: string, includes: string): string {
  const dest = path.join(CACHE, `entries-${coords.replace(/[^A-Za-z0-9.-]+/g, '_')}-${includes.replace(/[^A-Za-z0-9.-]+/g, '_')}`);
  const done = path.join(dest, '.unpacked');
  if (fs.existsSync(done)) return dest;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync(
    'mvn',
    [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack',
      `-Dartifact=${coords}`,
      `-DoutputDirectory=${dest}`,
      `-Dmdep.unpack.includes=${includes}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() },
  );
  fs.writeFileSync(done, coords);
  return dest;
}

export interface PublishedProject {
  /** The project folder: pom.xml, sources and resources where the pom's build section puts them. */
  dir: string;
  /** Which pom it carries: the authors' own (from META-INF/maven in the sources or main jar) or Central's `.pom`. */
  pom: 'authors' | 'central';
}

/**
 * A published Maven project laid out as its authors had it: `group:artifact:version` from Maven Central, its
 * `-sources.jar` unpacked with the Java files in the pom's source directory and the other files in its first
 * resource folder (Maven's effective model says where: `<sourceDirectory>src/jvm</sourceDirectory>`,
 * `<resource><directory>multilang</directory>`). Nothing is edited.
 *
 * Which pom: the one the authors built with, as the jars carry it (`META-INF/maven/<group>/<artifact>/pom.xml`,
 * from the sources jar, else the main jar), unless `pom: 'central'`. Shaded artifacts like storm-starter and
 * storm-perf publish the maven-shade-plugin's dependency-reduced pom as their `.pom`: it leaves out every
 * dependency the jar bundles (storm-hbase, storm-hdfs, guava…), so their own sources do not compile against it.
 * Cached under the OS temp folder; the returned folder must not be written to.
 */
export async function publishedProject(
  coords: string,
  opts: { pom?: 'authors' | 'central'; model: (dir: string) => Promise<{ sourceDirectory: string | null; resources: string[] }[]> },
): Promise<PublishedProject> {
  const [g, a, v] = coords.split(':') as [string, string, string];
  const want = opts.pom ?? 'authors';
  const dest = path.join(CACHE, `project-${want}-${coords.replace(/[^A-Za-z0-9.-]+/g, '_')}`, a);
  const done = path.join(path.dirname(dest), '.laid-out');
  if (fs.existsSync(done)) return { dir: dest, pom: fs.readFileSync(done, 'utf8') as PublishedProject['pom'] };
  fs.rmSync(path.dirname(dest), { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const sources = unpackArtifact(`${g}:${a}:${v}:jar:sources`);
  const inJar = path.join('META-INF', 'maven', g, a, 'pom.xml');
  let pom: PublishedProject['pom'] = 'central';
  let pomFile = copyArtifact(`${g}:${a}:${v}:pom`);
  if (want === 'authors') {
    if (fs.existsSync(path.join(sources, inJar))) pomFile = path.join(sources, inJar);
    else {
      const main = unpackEntries(`${g}:${a}:${v}:jar`, `META-INF/maven/${g}/${a}/pom.xml`);
      if (fs.existsSync(path.join(main, inJar))) pomFile = path.join(main, inJar);
    }
    pom = pomFile.endsWith('.pom') ? 'central' : 'authors';
  }
  fs.copyFileSync(pomFile, path.join(dest, 'pom.xml'));
  const [project] = await opts.model(dest);
  const srcDir = project?.sourceDirectory ?? path.join(dest, 'src', 'main', 'java');
  const resDir = project?.resources[0] ?? path.join(dest, 'src', 'main', 'resources');
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== 'META-INF') walk(path.join(d, e.name), r);
      } else if (!e.name.startsWith('.')) {
        const to = path.join(e.name.endsWith('.java') ? srcDir : resDir, r);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(path.join(d, e.name), to);
      }
    }
  };
  walk(sources, '');
  fs.writeFileSync(done, pom);
  return { dir: dest, pom };
}
