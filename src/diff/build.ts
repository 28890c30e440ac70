// Builds the user's Maven project for verify's Storm side: compile + resolve its dependencies, in a copy under
// the cache folder (the user's tree is only read), keyed by a content hash so a warm verify starts no Maven.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, CouldNotRun, hashFiles, mavenClasspath, publish, resourceDir, run, tail, uniqueTmp } from './jvm.js';
import { listFiles } from '../model/files.js';

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  onLog?(line: string): void;
  /** Folders never copied or hashed (verify's --out when it lies inside the project). */
  skip?: string[];
  /** Jars the Storm runner puts first; user artifacts with the same groupId:artifactId are dropped. Default: the runner's. */
  supplied?: string[];
}

export interface BuildResult {
  /** The module's classes folder (in the cache copy), then its dependency jars minus what Storm supplies. */
  classpath: string[];
  /** The user's Maven project folder that was built (the reactor root for a module with a parent). */
  projectDir: string;
  cached: boolean;
}

/** One resolved dependency, as `dependency:list` reports it. */
interface Dep {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  /** Absolute, or relative to the copy's root when it lies inside it (reactor siblings, system-scope jars). */
  file: string;
}

interface Manifest {
  module: string;
  deps: Dep[];
}

// Bump when the copy layout or manifest changes so old cache entries are not read.
const FORMAT = 's2f-build-1';
const DEPS_FILE = 'target/s2f-deps.txt';
const SKIP_DIRS = new Set(['target', 'node_modules']);

export async function buildUserProject(topologyPath: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const env = opts.env ?? process.env;
  const log = opts.onLog ?? (() => undefined);
  const start = path.resolve(topologyPath);
  const moduleDir = nearestPom(start);
  if (!moduleDir) {
    const what = /\.ya?ml$/i.test(start) ? 'Flux file' : 'topology';
    throw new CouldNotRun('maven', `no pom.xml at or above the ${what} ${topologyPath}: pass --classpath with its compiled classes and jars`);
  }
  const root = reactorRoot(moduleDir);
  const module = path.relative(root, moduleDir);
  const legacy = findBacktype(moduleDir);
  if (legacy) throw legacyStorm(`${legacy.file}:${legacy.line} imports backtype.storm`);

  const skip = (opts.skip ?? []).map((p) => path.resolve(p));
  const files = projectFiles(root, skip);
  const key = hashFiles(files, `${FORMAT}\0${module}\0${env.JAVA_HOME ?? ''}`);
  const dir = path.join(cacheRoot(env), 'projects', `${path.basename(root) || 'project'}-${key}`);
  const manifestFile = path.join(dir, '.s2f-build.json');
  let cached = true;
  if (!fs.existsSync(manifestFile)) {
    cached = false;
    log(`building ${moduleDir} with Maven (in ${dir})`);
    await build(root, module, files, dir, env);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const supplied = new Set((opts.supplied ?? (await runnerJars(env))).map(artifactDir));
  const classpath = [path.join(dir, manifest.module, 'target', 'classes')];
  for (const d of manifest.deps) {
    if (d.scope === 'test') continue;
    if (d.groupId === 'org.apache.storm' && d.artifactId === 'storm-core') {
      // 0.x is the backtype.storm API, which Storm 2.x cannot load; 1.x/2.x storm-core is Storm's own runtime.
      if (/^0\./.test(d.version)) throw legacyStorm(`it depends on org.apache.storm:storm-core:${d.version}`);
      continue;
    }
    const file = path.resolve(dir, d.file);
    // Storm's runtime comes from the runner (Storm 2.8, first on the classpath): a second, older copy of the
    // same artifact behind it would leak the classes that 2.8 dropped.
    if (supplied.has(artifactDir(file))) continue;
    classpath.push(file);
  }
  return { classpath, projectDir: root, cached };
}

/** The jars the Storm runner supplies (its pom's runtime classpath; cached by mavenClasspath). */
async function runnerJars(env: NodeJS.ProcessEnv): Promise<string[]> {
  return (await mavenClasspath(resourceDir('storm-runner', env), env)).split(path.delimiter).filter(Boolean);
}

/** `<repo>/<group>/<artifact>` of a jar in a Maven local repository: the same folder means the same groupId:artifactId. */
function artifactDir(jar: string): string {
  return path.dirname(path.dirname(path.resolve(jar)));
}

function legacyStorm(why: string): CouldNotRun {
  return new CouldNotRun(
    'storm',
    `the topology is written for Storm 0.x (${why}); verify runs it on Storm 2.8, which has no backtype.storm packages. ` +
      'Port its imports to org.apache.storm (Storm 1.0+) and verify that, or pass --classpath with classes built against Storm 1.x/2.x',
  );
}

/** Folder of the nearest pom.xml at or above a file or folder. */
export function nearestPom(p: string): string | null {
  let dir = fs.existsSync(p) && fs.statSync(p).isDirectory() ? p : path.dirname(p);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'pom.xml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * The folder to run Maven from. A module with a <parent> usually needs its reactor (the parent pom and sibling
 * modules are not installed), so go up through the aggregators that list it; a parent-less module (like the
 * samples under an aggregator-only pom) builds on its own, which keeps the copy and the hash small.
 */
export function reactorRoot(moduleDir: string): string {
  if (!/<parent>/.test(pomText(moduleDir))) return moduleDir;
  let root = moduleDir;
  for (let dir = path.dirname(moduleDir); ; dir = path.dirname(dir)) {
    if (!fs.existsSync(path.join(dir, 'pom.xml'))) break;
    const modules = [...pomText(dir).matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)].map((m) => path.resolve(dir, m[1]!));
    if (!modules.some((m) => m === root || m === path.join(root, 'pom.xml'))) break;
    root = dir;
    if (path.dirname(dir) === dir) break;
  }
  return root;
}

function pomText(dir: string): string {
  return fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
}

/** The files Maven reads: everything but build output, VCS/IDE folders and verify's sample data. */
function projectFiles(root: string, skip: string[]): string[] {
  const skipped = (p: string) => skip.some((s) => p === s || p.startsWith(s + path.sep));
  const besidePom = (p: string) => path.dirname(p) === root || fs.existsSync(path.join(path.dirname(p), 'pom.xml'));
  return listFiles(root, {
    // Beside a pom: build output, and verify's default --data folder (editing samples must not rebuild).
    skipDir: (name, p) => skipped(p) || (name.startsWith('.') && name !== '.mvn') || ((SKIP_DIRS.has(name) || name === 'data') && besidePom(p)),
    accept: (_name, p) => !skipped(p),
  }).sort();
}

/** First `import backtype.storm…` in the module's Java sources (the Storm 0.x API). */
function findBacktype(moduleDir: string): { file: string; line: number } | null {
  for (const file of listFiles(path.join(moduleDir, 'src', 'main', 'java'), { accept: (name) => name.endsWith('.java') })) {
    const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => /^\s*import\s+(static\s+)?backtype\.storm\./.test(l));
    if (i >= 0) return { file, line: i + 1 };
  }
  return null;
}

/** Copies the project into a temp folder beside `dir`, compiles and lists dependencies there, then renames it to `dir`. */
async function build(root: string, module: string, files: string[], dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const tmp = uniqueTmp(dir);
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const f of files) {
    const to = path.join(tmp, path.relative(root, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  // `compile`, not `package`: the classes folder is all the runner needs, and skipping the jar/shade steps
  // saves time and keeps a shaded (Storm-bundling) jar out of the way. Online, once: Maven does not re-check
  // release artifacts already in ~/.m2, so an offline-first attempt would only add a second start when one is missing.
  const args = ['-B', '-q', '-f', path.join(tmp, 'pom.xml')];
  if (module) args.push('-pl', module, '-am');
  args.push(
    'compile',
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list',
    `-DoutputFile=${DEPS_FILE}`,
    '-DoutputAbsoluteArtifactFilename=true',
    '-DoutputScope=true',
  );
  const r = await run('mvn', args, { cwd: tmp, env, timeoutMs: 15 * 60_000 });
  const output = plain(r.stdout + r.stderr);
  const depsFile = path.join(tmp, module, DEPS_FILE);
  if (r.code !== 0 || !fs.existsSync(depsFile)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (r.code === null) throw new CouldNotRun('maven', 'could not run mvn (is Maven installed and on PATH?)', tail(output));
    const err = firstCompilerError(output, tmp, root);
    if (err) throw new CouldNotRun('maven', `the topology's project does not build: ${err}`, tail(output, 25));
    const first = /^\[ERROR\]\s+(?!COMPILATION ERROR)(\S.*)$/m.exec(output)?.[1]?.trim();
    throw new CouldNotRun('maven', `Maven could not build ${path.join(root, module, 'pom.xml')}${first ? `: ${first}` : ''}`, tail(output, 25));
  }
  const deps = parseDependencyList(fs.readFileSync(depsFile, 'utf8')).map((d) => {
    const rel = path.relative(tmp, d.file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? d : { ...d, file: rel };
  });
  const manifest: Manifest = { module, deps };
  fs.writeFileSync(path.join(tmp, '.s2f-build.json'), JSON.stringify(manifest, null, 2));
  publish(tmp, dir, '.s2f-build.json');
}

function plain(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

/** `file:line:column: message` of javac's first error as Maven prints it, the path mapped back to the user's tree. */
export function firstCompilerError(output: string, copyRoot: string, userRoot: string): string | null {
  const m = /^\[ERROR\]\s+(.+?\.java):\[(\d+)(?:,(\d+))?\]\s*(.*)$/m.exec(output);
  if (!m) return null;
  let file = m[1]!;
  const rel = path.relative(copyRoot, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) file = path.join(userRoot, rel);
  return `${file}:${m[2]}${m[3] ? `:${m[3]}` : ''}: ${m[4]!.trim()}`;
}

/** Lines of `dependency:list` with absolute file names: `g:a:type[:classifier]:version:scope:/path [-- module x]`. */
export function parseDependencyList(text: string): Dep[] {
  const deps: Dep[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/\s+--\s+module\s.*$/, '');
    const parts = line.split(':');
    if (parts.length < 6) continue;
    // The scope is the first token after type/version that names one; the path is the rest (may hold ':').
    const s = parts.findIndex((t, i) => i >= 4 && /^(compile|provided|runtime|test|system|import)$/.test(t));
    if (s < 0 || s === parts.length - 1) continue;
    deps.push({ groupId: parts[0]!, artifactId: parts[1]!, version: parts[s - 1]!, scope: parts[s]!, file: parts.slice(s + 1).join(':') });
  }
  return deps;
}
