// Builds the user's Maven project for verify's Storm side: compile + resolve its dependencies, in a copy under
// the cache folder (the user's tree is only read), keyed by a content hash so a warm verify starts no Maven.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheRoot, compileJava, CouldNotRun, hashFiles, javaTools, mavenClasspath, publish, resourceDir, run, tail, uniqueTmp } from './jvm.js';
import { listFiles } from '../model/files.js';
import {
  connectorVersion,
  distributionRelease,
  KAFKA_CLIENTS,
  olderRelease,
  PROCESSORS_FOR_JDK,
  STORM09_JGRAPHT,
  STORM1_CLOJURE,
  substituteVersions,
} from '../translator/pom-deps.js';
import { getJavaParser, rewriteJava } from '../translator/rewrite.js';
import { FLINK } from '../translator/versions.js';
import { buildGradleProject, jarCoordinates } from './gradle.js';

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
  /**
   * Storm artifacts built at another version than the pom says, because theirs did not resolve, one line each:
   * `org.apache.storm:storm-hdfs 1.2.2 -> 2.8.3 (1.2.2 did not resolve: …)`. Empty for most projects.
   */
  substitutions: string[];
  /**
   * A Storm 0.x project: its classes (and dependency jars that use Storm 0.x packages) were relocated from
   * backtype.storm / storm.trident to org.apache.storm (the classpath holds the relocated copies).
   */
  relocated?: boolean;
  /** The storm-core version a project before Storm 2.0 declares (its classes run on the runner's Storm 2.8). */
  stormCore?: string;
  /**
   * Check-only build plugins (checkstyle, PMD, RAT…) left out of the copy's build because they could not be
   * resolved, one line each with Maven's reason; absent when none. They check code, they do not make classes.
   */
  skippedPlugins?: string[];
  /** Modules whose Java level JDK 17's javac no longer accepts, built at {@link JAVA_LEVEL} instead; absent when none. */
  javaLevel?: JavaLevelRaise[];
  /**
   * Maven could not read the module's reactor (a sibling module's pom, a module folder that is not there): the
   * module was built on its own, its parent found by its relative path. `pom` is the reactor's, `reason` Maven's errors.
   */
  moduleAlone?: { pom: string; reason: string };
}

/** A module built at another Java level than its pom says (javac refused the pom's). */
export interface JavaLevelRaise {
  /** The module's pom.xml in the user's tree. */
  pom: string;
  /** The level javac refused, as it named it ("5", "6"). */
  from: string;
  to: string;
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
  substitutions: string[];
  skippedPlugins?: string[];
  /** Modules raised to JAVA_LEVEL: pom relative to the project root, the level javac refused. */
  javaLevel?: { pom: string; from: string }[];
  /** Maven could not read the reactor (its errors, in the user's paths): the module was built on its own. */
  moduleAlone?: string;
  /** Storm 0.x: original file (as in deps, or the module's classes folder) -> its relocated copy, relative to the copy's root. */
  relocated?: Record<string, string>;
  /** Storm 1.x: the module's classes with Storm 2 call sites (Relocate's Storm2Calls), original -> copy as above. */
  bridged?: Record<string, string>;
}

// Bump when the copy layout or the manifest changes so old cache entries are not read (the build tools' sources are
// in the key too).
const FORMAT = 's2f-build-5';
const DEPS_FILE = 'target/s2f-deps.txt';
const SKIP_DIRS = new Set(['target', 'node_modules']);

export async function buildUserProject(topologyPath: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const env = opts.env ?? process.env;
  const log = opts.onLog ?? (() => undefined);
  const start = path.resolve(topologyPath);
  const moduleDir = nearestPom(start);
  if (!moduleDir) {
    const gradle = nearestFile(start, ['build.gradle', 'build.gradle.kts']);
    if (gradle) {
      // With the project's wrapper or a gradle on PATH (gradle.ts); without either, the recipe for --classpath.
      const supplied = new Set((opts.supplied ?? (await runnerJars(env))).map(jarCoordinates).filter((x): x is string => x !== null));
      const built = await buildGradleProject(gradle, { env, skip: opts.skip, supplied });
      return { classpath: built.classpath, projectDir: built.projectDir, cached: built.cached, substitutions: [] };
    }
    const what = /\.ya?ml$/i.test(start) ? 'Flux file' : 'topology';
    throw new CouldNotRun('verify-no-build', `no pom.xml at or above the ${what} ${topologyPath}: pass --classpath with its compiled classes and jars`);
  }
  const root = reactorRoot(moduleDir);
  const module = path.relative(root, moduleDir);

  const skip = (opts.skip ?? []).map((p) => path.resolve(p));
  const files = projectFiles(root, skip);
  // The build tools' sources are part of the key: what Relocate does to the copy's classes is cached with them.
  const key = hashFiles(files, `${FORMAT}\0${module}\0${env.JAVA_HOME ?? ''}\0${hashFiles(buildToolSources(env))}`);
  const dir = path.join(cacheRoot(env), 'projects', `${path.basename(root) || 'project'}-${key}`);
  const manifestFile = path.join(dir, MANIFEST);
  let cached = true;
  if (!fs.existsSync(manifestFile)) {
    cached = false;
    log(`building ${moduleDir} with Maven (in ${dir})`);
    await build(root, module, files, dir, env, log);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const supplied = new Set((opts.supplied ?? (await runnerJars(env))).map(artifactDir));
  const relocated = manifest.relocated ?? manifest.bridged ?? {};
  const moduleClasses = path.join(manifest.module, 'target', 'classes');
  const classpath = [path.join(dir, relocated[moduleClasses] ?? moduleClasses)];
  for (const d of manifest.deps) {
    if (d.scope === 'test') continue;
    // storm-core (0.x to 1.x) is Storm's own runtime: the runner's Storm 2.8 stands in for it.
    if (d.groupId === 'org.apache.storm' && d.artifactId === 'storm-core') continue;
    const file = path.resolve(dir, d.file);
    // Storm's runtime comes from the runner (Storm 2.8, first on the classpath): a second, older copy of the
    // same artifact behind it would leak the classes that 2.8 dropped.
    if (supplied.has(artifactDir(file))) continue;
    classpath.push(relocated[d.file] ? path.join(dir, relocated[d.file]!) : file);
  }
  // Last, so the project's own copy of such a class would win.
  const stormCore = manifest.deps.find((d) => d.groupId === STORM && d.artifactId === 'storm-core' && /^[01]\./.test(d.version))?.version;
  if (stormCore) classpath.push(await storm1Classes(env));
  return {
    classpath,
    projectDir: root,
    cached,
    substitutions: manifest.substitutions,
    ...(manifest.relocated ? { relocated: true } : {}),
    ...(stormCore ? { stormCore } : {}),
    ...(manifest.skippedPlugins?.length ? { skippedPlugins: manifest.skippedPlugins } : {}),
    ...(manifest.javaLevel?.length ? { javaLevel: manifest.javaLevel.map((j) => ({ pom: path.join(root, j.pom), from: j.from, to: JAVA_LEVEL })) } : {}),
    ...(manifest.moduleAlone ? { moduleAlone: { pom: path.join(root, 'pom.xml'), reason: manifest.moduleAlone } } : {}),
  };
}

/** The jars the Storm runner supplies (its pom's runtime classpath; cached by mavenClasspath). */
async function runnerJars(env: NodeJS.ProcessEnv): Promise<string[]> {
  return (await mavenClasspath(resourceDir('storm-runner', env), env)).split(path.delimiter).filter(Boolean);
}

/** `<repo>/<group>/<artifact>` of a jar in a Maven local repository: the same folder means the same groupId:artifactId. */
function artifactDir(jar: string): string {
  return path.dirname(path.dirname(path.resolve(jar)));
}

/**
 * Storm 1.x classes that Storm 2 dropped, rewritten on Storm 2's API (`storm-runner/src/storm1`, e.g.
 * HttpForwardingMetricsServer/Consumer), compiled once against the runner's classpath: a Storm 0.x/1.x project
 * gets them on its classpath (after its own), for both engines, since storm-core is not on it.
 */
export async function storm1Classes(env: NodeJS.ProcessEnv): Promise<string> {
  const jars = await runnerJars(env);
  const src = path.join(resourceDir('storm-runner', env), 'src', 'storm1', 'java');
  const sources = listFiles(src, { accept: (name) => name.endsWith('.java') });
  return compileJava('s2f-storm1-classes', sources, jars.join(path.delimiter), javaTools(env), env);
}

function buildToolSources(env: NodeJS.ProcessEnv): string[] {
  const src = path.join(resourceDir('storm-runner', env), 'src', 'main', 'java', 'dev', 'storm2flink', 'verify', 'build');
  return listFiles(src, { accept: (name) => name.endsWith('.java') });
}

/** The build tools (PomTool, Relocate) compiled once against the runner's classpath (ASM); returns the java classpath. */
export async function buildTools(env: NodeJS.ProcessEnv): Promise<string> {
  const jars = await runnerJars(env);
  const sources = buildToolSources(env);
  const classes = await compileJava('s2f-build-tools', sources, jars.join(path.delimiter), javaTools(env), env);
  return [classes, ...jars].join(path.delimiter);
}

/** Runs one of the build tools (dev.storm2flink.verify.build) and returns what it printed. */
export async function runTool(env: NodeJS.ProcessEnv, main: string, args: string[]): Promise<string> {
  const cp = await buildTools(env);
  const r = await run(javaTools(env).java, ['-cp', cp, `dev.storm2flink.verify.build.${main}`, ...args], { env, timeoutMs: 10 * 60_000 });
  if (r.code !== 0) throw new CouldNotRun('verify-tooling-failed', `${main} ${args[0] ?? ''} failed`, tail(r.stdout + r.stderr));
  return r.stdout;
}

/** The nearest of these files at or above a file or folder, or null. */
function nearestFile(p: string, names: string[]): string | null {
  let dir = fs.existsSync(p) && fs.statSync(p).isDirectory() ? p : path.dirname(p);
  for (;;) {
    for (const n of names) if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
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

/** A project of Maven's effective POM, as PomTool's `model` reports it. */
export interface PomProject {
  groupId: string;
  artifactId: string;
  version: string;
  packaging: string;
  buildDirectory: string | null;
  sourceDirectory: string | null;
  resources: string[];
  dependencies: PomDependency[];
  repositories: { id: string; url: string }[];
}

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version: string;
  type: string;
  classifier: string | null;
  scope: string;
  optional: boolean;
}

/** What build.ts changes in one project's pom in the scratch copy (PomTool `rewrite`). */
export interface PomEdits {
  /** groupId:artifactId of dependencies that bring none of their own. */
  excludeAll: string[];
  /** groupId:artifactId -> the version to build with. */
  versions: Record<string, string>;
  /** Further `provided` dependencies (without their own), `g:a:v[:classifier]`. */
  add: string[];
  /** Build plugins removed (groupId:artifactId). */
  dropPlugins?: string[];
  /** The Java level to compile at where the pom's is lower (javac refused it). */
  javaLevel?: string;
}

/** groupId:artifactId:version[:classifier] of a jar in a Maven local repository (the repository root given). */
export interface Gav {
  groupId: string;
  artifactId: string;
  version: string;
  classifier?: string;
}

const STORM = 'org.apache.storm';
const MANIFEST = '.s2f-build.json';
const EFFECTIVE = '.s2f-effective-pom.xml';
const HELP_PLUGIN = 'org.apache.maven.plugins:maven-help-plugin:3.5.2';
const MAX_ATTEMPTS = 12;
const CLOJURE_PLUGIN = 'com.theoryinpractise:clojure-maven-plugin';

/**
 * The runner's jars as coordinates (path layout `<repo>/<group path>/<artifact>/<version>/<artifact>-<version>[-<classifier>].jar`),
 * the repository root being the folder all of them share.
 */
export function localRepoCoordinates(jars: string[]): Gav[] {
  const abs = jars.filter((j) => j.endsWith('.jar')).map((j) => path.resolve(j));
  if (abs.length === 0) return [];
  let repo = path.dirname(abs[0]!);
  for (const j of abs) while (!j.startsWith(repo + path.sep)) repo = path.dirname(repo);
  const out: Gav[] = [];
  for (const j of abs) {
    const parts = path.relative(repo, j).split(path.sep);
    if (parts.length < 4) continue;
    const file = parts.pop()!;
    const version = parts.pop()!;
    const artifactId = parts.pop()!;
    const prefix = `${artifactId}-${version}`;
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length, -'.jar'.length);
    if (rest && !rest.startsWith('-')) continue;
    out.push({ groupId: parts.join('.'), artifactId, version, ...(rest ? { classifier: rest.slice(1) } : {}) });
  }
  return out;
}

const ga = (d: { groupId: string; artifactId: string }) => `${d.groupId}:${d.artifactId}`;

/**
 * The edits a project needs before any Maven resolution, or null for none (it builds as written). A project that
 * depends on storm-core (Storm 0.x–1.x: Clojure, Clojars and plain-http repositories in its tree) compiles against
 * storm-core alone (on 2.x, with the runner's Storm jars): its own dependencies are not resolved; the libraries of the Storm runtime verify runs on (the
 * runner's jars other than Storm's own) stand in for them, `provided`, unless the project declares the same
 * artifact itself.
 */
export function initialEdits(project: PomProject, runnerLibs: Gav[], usesClojure = false): PomEdits | null {
  const core = project.dependencies.find((d) => d.groupId === STORM && d.artifactId === 'storm-core' && d.scope !== 'test');
  if (!core) return null;
  const declared = new Set(project.dependencies.map(ga));
  // Storm 2's storm-core holds almost none of the API: storm-client, storm-server and storm-shaded-deps, in its tree,
  // do. The runner's Storm jars stand in for them as its other jars do for the rest of the tree (its storm-clojure
  // needs Clojars).
  const storm2 = /^2\./.test(core.version);
  const add = runnerLibs
    .filter((g) => (g.groupId !== STORM || storm2) && !declared.has(ga(g)))
    .map((g) => `${g.groupId}:${g.artifactId}:${g.version}${g.classifier ? `:${g.classifier}` : ''}`);
  // Storm 0.9's tree had JGraphT unshaded (Trident's graph; 0.10+ shade it), so its users could import it undeclared.
  const j = STORM09_JGRAPHT;
  if (/^0\.9\./.test(core.version) && !declared.has(ga(j))) add.push(`${j.groupId}:${j.artifactId}:${j.version}`);
  // Storm 0.x/1.x's tree had Clojure (its daemons), so its users could import clojure.lang undeclared.
  const c = STORM1_CLOJURE;
  if (usesClojure && /^[01]\./.test(core.version) && !declared.has(ga(c))) add.push(`${c.groupId}:${c.artifactId}:${c.version}`);
  return { excludeAll: [ga(core)], versions: {}, add: [...new Set(add)] };
}

/**
 * Storm 0.x's multilang libraries (multilang-javascript/python/ruby 0.x: storm.js, storm.py, storm.rb) speak Storm
 * 0.x's protocol, not that of the Storm 2.8 that runs them (Storm 1.0 added the spout's `activate` and `deactivate`
 * commands; 0.x's storm.py is Python 2): they are taken at the runtime's version, as an upgrade to Storm 1.0+ needed
 * too. Returns the version edits and one line each for the report's substitutions.
 */
export function legacyMultilang(project: PomProject, runtimeVersion: string): { versions: Record<string, string>; lines: string[] } {
  const versions: Record<string, string> = {};
  const lines: string[] = [];
  for (const d of project.dependencies) {
    if (d.groupId !== STORM || !d.artifactId.startsWith('multilang-') || !/^0\./.test(d.version) || d.scope === 'test' || versions[ga(d)]) continue;
    versions[ga(d)] = runtimeVersion;
    lines.push(`${ga(d)} ${d.version} -> ${runtimeVersion} (Storm ${d.version}'s multilang library does not speak the protocol of Storm 1.0+, which runs it)`);
  }
  return { versions, lines };
}

/**
 * A distribution's build of an Apache artifact (HDP's storm-core 1.1.0.2.6.1.9-1 in Azure's HDInsight samples) is
 * served by its vendor's repository only: it is built at the Apache release it is versioned after, which Maven
 * Central serves (the translator's rule, `distributionRelease`). Returns the version edits and one report line each.
 */
export function distributionBuilds(project: PomProject): { versions: Record<string, string>; lines: string[] } {
  const versions: Record<string, string> = {};
  const lines: string[] = [];
  for (const d of project.dependencies) {
    const release = d.groupId.startsWith('org.apache.') && d.scope !== 'test' ? distributionRelease(d.version) : undefined;
    if (!release || versions[ga(d)]) continue;
    versions[ga(d)] = release;
    lines.push(`${ga(d)} ${d.version} -> ${release} (a distribution's build of ${release}, served by its vendor's repository, not Maven Central)`);
  }
  return { versions, lines };
}

/**
 * An annotation processor runs inside javac: one older than the JDK (lombok before 1.18.22 on JDK 17: "Fatal error
 * compiling: … does not opens com.sun.tools.javac.processing") stops the build; it is taken at the oldest release
 * that runs there, the translator's table ({@link PROCESSORS_FOR_JDK}). Returns the version edits and report lines.
 */
export function processorsForJdk(project: PomProject): { versions: Record<string, string>; lines: string[] } {
  const versions: Record<string, string> = {};
  const lines: string[] = [];
  for (const d of project.dependencies) {
    const to = PROCESSORS_FOR_JDK[ga(d)];
    if (!to || !olderRelease(d.version, to) || versions[ga(d)]) continue;
    versions[ga(d)] = to;
    lines.push(`${ga(d)} ${d.version} -> ${to} (an annotation processor runs inside javac, and ${d.version} fails in the current JDK's)`);
  }
  return { versions, lines };
}

const KAFKA_CLIENT = 'org.apache.storm:storm-kafka-client';
/**
 * The kafka-clients the translated job runs its Kafka connector on (kafkaClientsForConnector): a 3.x, which has
 * what storm-kafka-client 2.x calls (Admin, OffsetSpec) and keeps the 1.x-era consumer API that Kafka 4.0 removed
 * (`poll(long)`), which the project's own code may call.
 */
const KAFKA_CLIENTS_VERSION = FLINK['1.20'].kafkaClients;

/**
 * storm-kafka-client 1.x (any build of it, HDP's 1.1.0.2.6.x too) is taken at the 2.x client both engines run
 * (the translator's {@link connectorVersion}): 1.x code compiled against 1.x calls methods whose descriptors 2.0
 * changed (`KafkaSpoutConfig.Builder.setFirstPollOffsetStrategy` takes the moved FirstPollOffsetStrategy and returns
 * the common builder), which no bytecode rename fixes. Returns the version edit and its report line.
 */
export function kafkaClient1(project: PomProject): { versions: Record<string, string>; lines: string[] } {
  const d = project.dependencies.find((x) => ga(x) === KAFKA_CLIENT && x.scope !== 'test' && /^1\./.test(x.version));
  if (!d) return { versions: {}, lines: [] };
  const to = connectorVersion(d.artifactId);
  const lines = [
    `${KAFKA_CLIENT} ${d.version} -> ${to} (the 2.x client both engines run; API Storm 2.0 moved is rewritten in the copy's sources, as translate does)`,
  ];
  // The 1.x client's kafka-clients (1.0, HDP's builds of it) lacks what the 2.x client calls (Admin); the 2.x
  // client declares it provided, so the user's stays and is taken at the version the client is built with.
  const pin = project.dependencies.find((x) => ga(x) === KAFKA_CLIENTS && x.scope !== 'test');
  if (pin)
    lines.push(
      `${KAFKA_CLIENTS} ${pin.version} -> ${KAFKA_CLIENTS_VERSION} (what the translated job's Kafka connector runs on; ${pin.version} lacks what storm-kafka-client ${to} calls)`,
    );
  return { versions: { [KAFKA_CLIENT]: to, ...(pin ? { [KAFKA_CLIENTS]: KAFKA_CLIENTS_VERSION } : {}) }, lines };
}

/** The project's Java sources, when its source folder lies in the copy (nothing outside it is read or edited). */
function javaSourcesInCopy(p: PomProject, tmp: string): string[] {
  const src = p.sourceDirectory;
  const rel = src ? path.relative(tmp, src) : '..';
  if (!src || rel.startsWith('..') || path.isAbsolute(rel) || !fs.existsSync(src)) return [];
  return listFiles(src, { accept: (n) => n.endsWith('.java') });
}

/** Whether a Java source of the project (in the copy) matches `re`. */
function javaSourcesMention(p: PomProject, tmp: string, re: RegExp): boolean {
  return javaSourcesInCopy(p, tmp).some((f) => re.test(fs.readFileSync(f, 'utf8')));
}

/**
 * The translator's moved-API edit (`rewriteJava` without its namespace and submit edits) applied to a project's
 * Java sources in the copy; returns how many files changed. Columns shift where a name was rewritten, lines do not.
 */
async function movedApiInSources(p: PomProject, tmp: string): Promise<number> {
  const files = javaSourcesInCopy(p, tmp);
  if (files.length === 0) return 0;
  const parser = await getJavaParser();
  let changed = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const r = rewriteJava(parser, f, text, null, { namespaces: false });
    if (r.edits.length === 0) continue;
    fs.writeFileSync(f, r.text);
    changed++;
  }
  return changed;
}

/**
 * The Java level javac refused ("Source option 6 is no longer supported", "release version 5 not supported") and
 * the project it refused it for, from Maven's output; null when it refused none.
 */
export function refusedJavaLevel(output: string): { level: string; project: string } | null {
  const level = /(?:Source|Target) option (\S+) is no longer supported|release version (\S+) not supported/.exec(output);
  if (!level) return null;
  const project = /^\[ERROR\] Failed to execute goal \S+:maven-compiler-plugin:\S+ \([^)]*\) on project ([^:\s]+)/m.exec(output)?.[1];
  return project ? { level: (level[1] ?? level[2])!.replace(/[.]$/, ''), project } : null;
}

/** What verify compiles at when a pom's level is one javac no longer accepts: the lowest that JDK 17 and 21 accept. */
export const JAVA_LEVEL = '8';

/** PomTool `rewrite` arguments for a set of edits (test-scope dependencies are always dropped: verify compiles main code). */
export function editArgs(e: PomEdits): string[] {
  const args = ['--drop-test'];
  for (const x of e.excludeAll) args.push('--exclude-all', x);
  for (const [k, v] of Object.entries(e.versions)) args.push('--version', `${k}=${v}`);
  for (const a of e.add) {
    const [g, art, v, classifier] = a.split(':');
    args.push('--add', `${g}:${art}:${v}:provided${classifier ? `:${classifier}` : ''}`);
  }
  for (const p of e.dropPlugins ?? []) args.push('--drop-plugin', p);
  if (e.javaLevel) args.push('--java-level', e.javaLevel);
  return args;
}

/** Why Maven could not resolve a project's dependencies, from its error output. */
export interface ResolutionFailure {
  /** groupId:artifactId of the project whose dependencies failed. */
  project: string;
  /** The path from a direct dependency to the failing artifact (`g:a:type:version` each); empty when Maven gave none. */
  chain: string[];
  /** The artifacts that failed (`g:a:type[:classifier]:version`). */
  artifacts: string[];
  /** Where Maven looked, as it names it: `central (https://repo.maven.apache.org/maven2)`, or a blocked mirror's repositories. */
  repository: string;
  /** Maven's error line, trimmed. */
  message: string;
}

/**
 * Maven 3.8.x's wording for an artifact an earlier build looked up and missed (cached in the local repository for
 * the repository's update interval, a day by default): `<g:a:type:v> was not found in <url> during a previous
 * attempt` (or `failed to transfer from <url> …`). The same miss as "Could not find artifact", so the retry at the
 * next version applies; without it a verify would stop on a second run where the first went on.
 */
const CACHED_MISS = /([^\s:]+(?::[^\s:]+){2,4}) (?:was not found in|failed to transfer from) (\S+) during a previous attempt/;

/** Parses Maven's "Could not resolve dependencies for project …" error; null when the output has none. */
export function parseResolutionFailure(output: string): ResolutionFailure | null {
  const line = /^\[ERROR\] .*?Could not resolve dependencies for project ([^:\s]+):([^:\s]+):[^\s]*?: (.*)$/m.exec(output);
  if (!line) return null;
  const rest = line[3]!;
  const chainMatch = /Failed to collect dependencies at (.+?): Failed to read artifact descriptor for ([^\s:]+(?::[^\s:]+){2,4})/.exec(rest);
  const chain = chainMatch ? chainMatch[1]!.split(' -> ').map((s) => s.trim()) : [];
  let artifacts: string[] = [];
  if (chainMatch) artifacts = [chainMatch[2]!];
  else {
    const list = /The following artifacts could not be resolved: (.+?): (?:Could not|Failure|Cannot)/.exec(rest);
    if (list) artifacts = list[1]!.split(', ').map((s) => s.replace(/\s*\(.*\)$/, '').trim());
    else {
      const one = /(?:Could not find artifact|Could not transfer artifact|Failure to find) ([^\s:]+(?::[^\s:]+){2,4})/.exec(rest) ?? CACHED_MISS.exec(rest);
      if (one) artifacts = [one[1]!];
    }
  }
  const cached = CACHED_MISS.exec(rest);
  const repo =
    /Blocked mirror for repositories: \[([^\]]*)\]/.exec(rest)?.[1]?.trim().replace(/^/, 'blocked plain-http repositories: ') ??
    / at specified path (\S+)/.exec(rest)?.[1]?.replace(/^/, 'its system-scope path ') ??
    / (?:in|from\/to) ([\w.-]+ \([^)]*\))/.exec(rest)?.[1] ??
    (cached ? `${cached[2]} (a miss an earlier build cached in the local repository)` : undefined) ??
    "the project's repositories";
  // Maven's last clause is the cause when it is not the artifact line itself ("Unknown host clojars.org").
  const cause = rest
    .replace(/\s*-> \[Help \d+\]\s*$/, '')
    .split(': ')
    .at(-1)!
    .trim();
  const artifactLine = cached !== null || /^(Could not (find|transfer|resolve)|Failure to find|Failed to|The following|Blocked mirror)/.test(cause);
  const withCause = artifactLine || cause.startsWith('[') || repo.includes(cause) ? repo : `${repo}: ${cause}`;
  return { project: `${line[1]}:${line[2]}`, chain, artifacts, repository: withCause, message: rest.trim() };
}

/**
 * Plugins that only check code (style, static analysis, licences, coverage): when one cannot be resolved (Storm
 * 2.x poms bind checkstyle with org.apache.storm:storm-checkstyle, which is not on Central), the copy's build
 * goes without it.
 */
export const CHECK_PLUGINS = new Set([
  'org.apache.maven.plugins:maven-checkstyle-plugin',
  'org.apache.maven.plugins:maven-pmd-plugin',
  'org.apache.rat:apache-rat-plugin',
  'com.github.spotbugs:spotbugs-maven-plugin',
  'org.codehaus.mojo:findbugs-maven-plugin',
  'org.jacoco:jacoco-maven-plugin',
  'com.mycila:license-maven-plugin',
  'org.codehaus.mojo:license-maven-plugin',
  'org.apache.maven.plugins:maven-enforcer-plugin',
]);

/** A build plugin Maven could not resolve (or load), from its error output. */
export interface PluginFailure {
  /** groupId:artifactId of the plugin. */
  plugin: string;
  /** artifactId of the project it failed on. */
  project: string;
  message: string;
}

export function parsePluginFailure(output: string): PluginFailure | null {
  const m =
    /^\[ERROR\] Failed to execute goal ([^:\s]+):([^:\s]+):[^:\s]+:\S+ \([^)]*\) on project ([^:\s]+): (.*(?:Plugin \S+ or one of its dependencies could not be resolved|could not be resolved|Unable to load the mojo).*)$/m.exec(
      output,
    );
  if (!m) return null;
  return { plugin: `${m[1]}:${m[2]}`, project: m[3]!, message: m[4]!.replace(/\s*-> \[Help \d+\]\s*$/, '').trim() };
}

/** `g:a` of a `g:a:type[:classifier]:version` coordinate. */
function gaOf(coords: string): string {
  const p = coords.split(':');
  return `${p[0]}:${p[1]}`;
}

/**
 * The direct Storm dependency a resolution failure should be retried without (at another version), or null when
 * the failure is not one: the artifact at the root of the failing path (or the failing artifact itself) must be a
 * direct org.apache.storm dependency of the failing project other than storm-core.
 */
export function substitutable(f: ResolutionFailure, projects: PomProject[]): { project: PomProject; dep: PomDependency } | null {
  const project = projects.find((p) => ga(p) === f.project);
  if (!project) return null;
  const roots = f.chain.length > 0 ? [f.chain[0]!] : f.artifacts;
  for (const r of roots) {
    const dep = project.dependencies.find((d) => ga(d) === gaOf(r) && d.scope !== 'test');
    if (dep && dep.groupId === STORM && dep.artifactId !== 'storm-core') return { project, dep };
  }
  return null;
}

/**
 * The path from a direct dependency down to `artifact` (`g:a:type[:classifier]:version`) in `dependency:tree`'s text
 * output (`+- `, `\\- `, `|  ` indents of three characters per level), or [] when the tree does not hold it.
 */
export function pathInTree(tree: string, artifact: string): string[] {
  const want = gaOf(artifact);
  const stack: string[] = [];
  for (const raw of tree.split('\n')) {
    const m = /^((?:[|+\\ ]  |[+\\]- )*)([^\s|+\\].*)$/.exec(raw.trimEnd());
    if (!m || !m[2]) continue;
    const depth = m[1]!.length / 3;
    const coords = m[2].split(' ')[0]!;
    stack.length = depth;
    stack[depth] = coords;
    if (depth > 0 && gaOf(coords) === want) return stack.slice(1).map((c) => c.split(':').slice(0, -1).join(':'));
  }
  return [];
}

/** Storm 0.x in a resolved dependency list (the backtype.storm API): storm-core or any Storm artifact at 0.x. */
export function isLegacyStorm(deps: { groupId: string; version: string }[]): boolean {
  return deps.some((d) => (d.groupId === STORM || d.groupId === 'storm') && /^0\./.test(d.version));
}

/**
 * Maven's errors when it cannot read a reactor's projects ("Some problems were encountered while processing the
 * POMs", "The build could not read N projects"), joined and with the copy's paths as the user's; null otherwise.
 */
export function unreadableReactor(output: string, copyRoot: string, userRoot: string): string | null {
  if (!/The build could not read \d+ projects?|Some problems were encountered while processing the POMs/.test(output)) return null;
  const problems = [...output.matchAll(/^\[ERROR\]\s+(?:\[ERROR\]\s+)?(.*?)\s*(?:@.*)?$/gm)]
    .map((m) => m[1]!.trim())
    .filter(
      (l) => l && !/^(Some problems were encountered|The build could not read|The project |To see the full|Re-run Maven|For more information|\[Help)/.test(l),
    )
    .map((l) => l.split(copyRoot).join(userRoot));
  return [...new Set(problems)].join('; ') || 'the reactor could not be read';
}

/** Packages of Java SE 8 that JDK 11 removed (JEP 320: CORBA, JAXB, JAX-WS, JAF) and JavaFX, which left the JDK then too. */
const REMOVED_IN_JDK11 =
  /^(org\.omg|javax\.rmi\.CORBA|javax\.activity|javax\.xml\.bind|javax\.xml\.ws|javax\.jws|javax\.xml\.soap|javax\.activation|javafx)(\.|$)/;

/** Why a compile error is the code's own age, when javac names a package the current JDK no longer has; '' otherwise. */
export function removedFromJdk(error: string): string {
  const pkg = /package (\S+) does not exist/.exec(error)?.[1];
  return pkg && REMOVED_IN_JDK11.test(pkg)
    ? ` (${pkg} was part of JDK 8 and left the JDK in 11: the code needs JDK 8, or the library that replaces it in its pom)`
    : '';
}

function mavenFailure(output: string, tmp: string, root: string, module: string): CouldNotRun {
  const err = firstCompilerError(output, tmp, root);
  if (err) return new CouldNotRun('verify-build-failed', `the topology's project does not build: ${err}${removedFromJdk(err)}`, tail(output, 25));
  const res = parseResolutionFailure(output);
  if (res && res.artifacts.length > 0) {
    const via = res.chain.length > 1 ? ` (needed through ${res.chain.join(' -> ')})` : '';
    return new CouldNotRun(
      'verify-dependency-unresolved',
      `Maven could not resolve ${res.artifacts.join(', ')}${via} from ${res.repository}`,
      tail(output, 25),
    );
  }
  const first = /^\[ERROR\]\s+(?!COMPILATION ERROR)(\S.*)$/m.exec(output)?.[1]?.trim();
  return new CouldNotRun('verify-build-failed', `Maven could not build ${path.join(root, module, 'pom.xml')}${first ? `: ${first}` : ''}`, tail(output, 25));
}

/**
 * Copies the project into a temp folder beside `dir`, compiles and lists dependencies there (rewriting the copy's
 * poms where Storm's old dependency trees or unpublished Storm versions would stop Maven), relocates Storm 0.x
 * classes, then renames the folder to `dir`.
 */
async function build(root: string, module: string, files: string[], dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const tmp = uniqueTmp(dir);
  fs.rmSync(tmp, { recursive: true, force: true });
  // Set when the module is built on its own; a failure after that says so (the report has no build to note it on).
  let moduleAlone: string | undefined;
  try {
    for (const f of files) {
      const to = path.join(tmp, path.relative(root, f));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(f, to);
    }
    // The module and what it needs from its reactor; the module alone when Maven cannot read the reactor (below).
    let reactor = module ? ['-pl', module, '-am'] : [];
    let pomFile = path.join(tmp, 'pom.xml');
    const mvn = (goals: string[]) => run('mvn', ['-B', '-q', '-f', pomFile, ...reactor, ...goals], { cwd: tmp, env, timeoutMs: 15 * 60_000 });

    // What the project says, from Maven's own model (parents, properties and profiles applied).
    const effective = path.join(tmp, EFFECTIVE);
    let eff = await mvn([`${HELP_PLUGIN}:effective-pom`, `-Doutput=${effective}`]);
    if (eff.code === null)
      throw new CouldNotRun('verify-tool-missing', 'could not run mvn (is Maven installed and on PATH?)', tail(plain(eff.stdout + eff.stderr)));
    // Maven reads every module of a reactor before it builds any, so a sibling it cannot read (an artifactId with a
    // space, a module folder left out of the commit) stops a sound module. Built alone, as `cd <module> && mvn`
    // does, the module still finds its parent by its relative path; only siblings it depends on would be missing.
    const unreadable = module && eff.code !== 0 ? unreadableReactor(plain(eff.stdout + eff.stderr), tmp, root) : null;
    if (unreadable) {
      log(`Maven cannot read the reactor ${path.join(root, 'pom.xml')} (${unreadable}); building ${module} on its own`);
      moduleAlone = unreadable;
      reactor = [];
      pomFile = path.join(tmp, module, 'pom.xml');
      eff = await mvn([`${HELP_PLUGIN}:effective-pom`, `-Doutput=${effective}`]);
    }
    if (eff.code !== 0 || !fs.existsSync(effective)) throw mavenFailure(plain(eff.stdout + eff.stderr), tmp, root, module);
    const modelFile = path.join(tmp, '.s2f-model.json');
    await runTool(env, 'PomTool', ['model', effective, modelFile]);
    const projects = JSON.parse(fs.readFileSync(modelFile, 'utf8')) as PomProject[];

    const jars = await runnerJars(env);
    const libs = localRepoCoordinates(jars);
    const runtimeVersion = libs.find((g) => g.groupId === STORM && g.artifactId === 'storm-client')?.version ?? '2.8.3';
    const edits = new Map<string, PomEdits>();
    for (const p of projects) {
      const e = initialEdits(p, libs, javaSourcesMention(p, tmp, /\bclojure\.[a-z]/));
      if (!e) continue;
      // Storm 0.x/1.x poms inherit Storm's Clojure compiler plugin, which runs Clojure even with no .clj file to
      // compile; Clojure came with storm-core's tree, which is not resolved now. Without Clojure sources it goes.
      const base = projectBase(p, tmp);
      if (base && listFiles(base, { accept: (n) => n.endsWith('.clj'), limit: 1 }).length === 0) e.dropPlugins = [CLOJURE_PLUGIN];
      edits.set(ga(p), e);
    }
    const rewrite = async (p: PomProject) => {
      const e = edits.get(ga(p))!;
      const base = projectBase(p, tmp);
      if (!base) throw new CouldNotRun('verify-build-failed', `cannot tell the folder of ${ga(p)} in the copy (build directory ${p.buildDirectory})`);
      await runTool(env, 'PomTool', ['rewrite', effective, ga(p), path.join(base, 'pom.xml'), ...editArgs(e)]);
    };
    // Versions changed before any build (old multilang libraries, distribution builds), one report line each.
    const pinned: string[] = [];
    for (const p of projects) {
      const m = legacyMultilang(p, runtimeVersion);
      if (m.lines.length === 0) continue;
      const e = edits.get(ga(p)) ?? { excludeAll: [], versions: {}, add: [] };
      Object.assign(e.versions, m.versions);
      edits.set(ga(p), e);
      for (const line of m.lines) if (!pinned.includes(line)) pinned.push(line);
    }
    // storm-kafka-client 1.x: compiled, as translate compiles it, against the 2.x client both engines run, its
    // sources in the copy with the translator's edit of the API Storm 2.0 moved (before the distribution rule,
    // which would otherwise take an HDP 1.1.0.x build to 1.1.0 only).
    for (const p of projects) {
      const m = kafkaClient1(p);
      if (m.lines.length === 0) continue;
      const e = edits.get(ga(p)) ?? { excludeAll: [], versions: {}, add: [] };
      Object.assign(e.versions, m.versions);
      edits.set(ga(p), e);
      pinned.push(...m.lines);
      const moved = await movedApiInSources(p, tmp);
      if (moved > 0) log(`${ga(p)}: ${moved} source file(s) edited in the copy for the API Storm 2.0 moved`);
    }
    for (const p of projects) {
      const m = processorsForJdk(p);
      if (m.lines.length === 0) continue;
      const e = edits.get(ga(p)) ?? { excludeAll: [], versions: {}, add: [] };
      Object.assign(e.versions, m.versions);
      edits.set(ga(p), e);
      pinned.push(...m.lines);
    }
    for (const p of projects) {
      const m = distributionBuilds(p);
      if (m.lines.length === 0) continue;
      const e = edits.get(ga(p)) ?? { excludeAll: [], versions: {}, add: [] };
      for (const [k, v] of Object.entries(m.versions)) if (!(k in e.versions)) e.versions[k] = v;
      edits.set(ga(p), e);
      for (const line of m.lines) if (!pinned.includes(line) && !pinned.some((x) => x.startsWith(`${line.split(' ')[0]} `))) pinned.push(line);
    }
    for (const p of projects) if (edits.has(ga(p))) await rewrite(p);

    // `compile`, not `package`: the classes folder is all the runner needs, and skipping the jar/shade steps
    // saves time and keeps a shaded (Storm-bundling) jar out of the way. Online, once per attempt: Maven does not
    // re-check release artifacts already in ~/.m2, so an offline-first attempt would only add a second start.
    const goals = [
      'compile',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list',
      `-DoutputFile=${DEPS_FILE}`,
      '-DoutputAbsoluteArtifactFilename=true',
      '-DoutputScope=true',
    ];
    /** project g:a -> dependency g:a -> {from, tried: [version, why][]} */
    const substituted = new Map<string, { project: string; dep: PomDependency; tried: { version: string; why: string }[] }>();
    const depsFile = path.join(tmp, module, DEPS_FILE);
    const skippedPlugins: string[] = [];
    const javaLevel: { pom: string; from: string }[] = [];
    for (let attempt = 1; ; attempt++) {
      const r = await mvn(goals);
      const output = plain(r.stdout + r.stderr);
      if (r.code === null) throw new CouldNotRun('verify-tool-missing', 'could not run mvn (is Maven installed and on PATH?)', tail(output));
      if (r.code === 0 && fs.existsSync(depsFile)) break;
      const failure = parseResolutionFailure(output);
      if (failure && failure.chain.length === 0 && failure.artifacts.length > 0) {
        // An artifact failed without the path to it (a missing jar, a system-scope path): the tree says which
        // direct dependency brings it (collection only, so the tree itself resolves).
        const p = projects.find((x) => ga(x) === failure.project);
        const base = p && projectBase(p, tmp);
        if (base && !p!.dependencies.some((d) => failure.artifacts.some((a) => gaOf(a) === ga(d)))) {
          const treeFile = path.join(base, 'target', 's2f-tree.txt');
          await run(
            'mvn',
            ['-B', '-q', '-f', path.join(base, 'pom.xml'), 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree', `-DoutputFile=${treeFile}`],
            { cwd: tmp, env, timeoutMs: 15 * 60_000 },
          );
          if (fs.existsSync(treeFile)) failure.chain = pathInTree(fs.readFileSync(treeFile, 'utf8'), failure.artifacts[0]!);
        }
      }
      // A Java level JDK 17's javac refuses (1.5/1.6 in old poms, or none: maven-compiler-plugin before 3.8 then
      // defaults to 1.5): that module is built at JAVA_LEVEL, and the report says so.
      const refused = failure ? null : refusedJavaLevel(output);
      const refusedProject = refused ? projects.find((p) => p.artifactId === refused.project) : undefined;
      if (refused && refusedProject && attempt < MAX_ATTEMPTS && edits.get(ga(refusedProject))?.javaLevel !== JAVA_LEVEL) {
        log(`javac refuses Java ${refused.level} for ${refused.project}; building it at Java ${JAVA_LEVEL}`);
        const e = edits.get(ga(refusedProject)) ?? { excludeAll: [], versions: {}, add: [] };
        e.javaLevel = JAVA_LEVEL;
        edits.set(ga(refusedProject), e);
        await rewrite(refusedProject);
        javaLevel.push({ pom: path.relative(tmp, path.join(projectBase(refusedProject, tmp)!, 'pom.xml')), from: refused.level });
        continue;
      }
      const plugin = failure ? null : parsePluginFailure(output);
      const pluginProject = plugin && CHECK_PLUGINS.has(plugin.plugin) ? projects.find((p) => p.artifactId === plugin.project) : undefined;
      if (plugin && pluginProject && attempt < MAX_ATTEMPTS && !(edits.get(ga(pluginProject))?.dropPlugins ?? []).includes(plugin.plugin)) {
        log(`${plugin.plugin} cannot run (${plugin.message}); building without it`);
        skippedPlugins.push(`${plugin.plugin} (${plugin.message})`);
        const e = edits.get(ga(pluginProject)) ?? { excludeAll: [], versions: {}, add: [] };
        e.dropPlugins = [...(e.dropPlugins ?? []), plugin.plugin];
        edits.set(ga(pluginProject), e);
        await rewrite(pluginProject);
        continue;
      }
      const target = failure && attempt < MAX_ATTEMPTS ? substitutable(failure, projects) : null;
      if (!failure || !target) throw mavenFailure(output, tmp, root, module);
      const key = `${target.project.artifactId}\0${ga(target.dep)}`;
      const entry = substituted.get(key) ?? { project: ga(target.project), dep: target.dep, tried: [] };
      substituted.set(key, entry);
      const current = edits.get(ga(target.project))?.versions[ga(target.dep)] ?? target.dep.version;
      entry.tried.push({ version: current, why: `${failure.artifacts.join(', ') || failure.message} from ${failure.repository}` });
      const next = substituteVersions(runtimeVersion).find((v) => !entry.tried.some((t) => t.version === v));
      if (!next) {
        throw new CouldNotRun(
          'verify-dependency-unresolved',
          `Maven could not resolve ${ga(target.dep)} at ${entry.tried.map((t) => t.version).join(', ')}: ${entry.tried.map((t) => `${t.version}: ${t.why}`).join('; ')}`,
          tail(output, 25),
        );
      }
      log(`${ga(target.dep)}:${current} does not resolve (${entry.tried.at(-1)!.why}); trying ${next}`);
      const e = edits.get(ga(target.project)) ?? { excludeAll: [], versions: {}, add: [] };
      e.versions[ga(target.dep)] = next;
      edits.set(ga(target.project), e);
      await rewrite(target.project);
    }

    const deps = parseDependencyList(fs.readFileSync(depsFile, 'utf8')).map((d) => {
      const rel = path.relative(tmp, d.file);
      return rel.startsWith('..') || path.isAbsolute(rel) ? d : { ...d, file: rel };
    });
    const substitutions = [
      ...pinned,
      ...[...substituted.values()].map((s) => {
        const got = deps.find((d) => ga(d) === ga(s.dep))?.version ?? s.tried.at(-1)!.version;
        return `${ga(s.dep)} ${s.dep.version} -> ${got} (${s.tried.map((t) => `${t.version} did not resolve: ${t.why}`).join('; ')})`;
      }),
    ];
    const manifest: Manifest = {
      module,
      deps,
      substitutions,
      ...(skippedPlugins.length ? { skippedPlugins } : {}),
      ...(javaLevel.length ? { javaLevel } : {}),
      ...(moduleAlone ? { moduleAlone } : {}),
    };
    const runtimeDeps = deps.filter((d) => d.scope !== 'test');
    if (isLegacyStorm(runtimeDeps)) manifest.relocated = await relocate(tmp, module, deps, jars, env, log);
    // Storm 1.x classes run on Storm 2.8: call sites of API that Storm 2 changed are moved (same tool), in the
    // module and in the Storm libraries it uses (storm-metrics 1.x and the like).
    else if (runtimeDeps.some((d) => d.groupId === STORM && d.artifactId === 'storm-core' && /^1\./.test(d.version))) {
      manifest.bridged = await relocate(
        tmp,
        module,
        deps.filter((d) => d.groupId === STORM),
        jars,
        env,
        log,
      );
    }
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 2));
    publish(tmp, dir, MANIFEST);
  } catch (e) {
    if (moduleAlone && e instanceof CouldNotRun) {
      throw new CouldNotRun(e.kind, `${e.message} (built on its own: Maven cannot read the reactor ${path.join(root, 'pom.xml')}: ${moduleAlone})`, e.detail);
    }
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Maven's effective model of the pom in `dir` (parents, properties, profiles applied), through help:effective-pom and PomTool. */
export async function effectiveModel(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<PomProject[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-model-'));
  try {
    const effective = path.join(tmp, 'effective.xml');
    const r = await run('mvn', ['-B', '-q', '-f', path.join(dir, 'pom.xml'), `${HELP_PLUGIN}:effective-pom`, `-Doutput=${effective}`], {
      cwd: dir,
      env,
      timeoutMs: 10 * 60_000,
    });
    if (r.code !== 0 || !fs.existsSync(effective))
      throw new CouldNotRun('verify-build-failed', `Maven could not read ${path.join(dir, 'pom.xml')}`, tail(plain(r.stdout + r.stderr)));
    await runTool(env, 'PomTool', ['model', effective, path.join(tmp, 'model.json')]);
    return JSON.parse(fs.readFileSync(path.join(tmp, 'model.json'), 'utf8')) as PomProject[];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A project's folder in the copy: its build directory's parent (Maven's `${basedir}/target`), when a pom is there. */
function projectBase(p: PomProject, tmp: string): string | null {
  if (!p.buildDirectory) return null;
  const base = path.dirname(p.buildDirectory);
  const rel = path.relative(tmp, base);
  if (rel.startsWith('..') || path.isAbsolute(rel) || !fs.existsSync(path.join(base, 'pom.xml'))) return null;
  return base;
}

const RELOCATED_DIR = '.s2f-relocated';

/**
 * Storm 0.x: the module's classes, reactor siblings' classes and every dependency jar that uses a Storm 0.x
 * package, relocated into the copy (`Relocate`, ASM). Returns original -> relocated copy, both relative to the
 * copy's root; what needed no change keeps its original.
 */
async function relocate(
  tmp: string,
  module: string,
  deps: Dep[],
  runner: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const supplied = new Set(runner.map(artifactDir));
  const moduleClasses = path.join(module, 'target', 'classes');
  const inputs = [moduleClasses];
  for (const d of deps) {
    if (d.scope === 'test' || (d.groupId === STORM && d.artifactId === 'storm-core')) continue;
    if (supplied.has(artifactDir(path.resolve(tmp, d.file)))) continue;
    if (!inputs.includes(d.file)) inputs.push(d.file);
  }
  const pairs: string[] = [];
  const out = new Map<string, string>();
  for (const [i, input] of inputs.entries()) {
    const abs = path.resolve(tmp, input);
    if (!fs.existsSync(abs)) continue;
    const isDir = fs.statSync(abs).isDirectory();
    const rel = path.join(RELOCATED_DIR, `${i}-${path.basename(input)}${isDir ? '' : path.extname(input) === '.jar' ? '' : '.jar'}`);
    out.set(input, rel);
    pairs.push(abs, path.join(tmp, rel));
  }
  const report = await runTool(env, 'Relocate', pairs);
  const result: Record<string, string> = {};
  for (const line of report.split('\n')) {
    // relocated <in> <classes> <changes>
    const m = /^relocated (.+) (\d+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    const input = [...out.keys()].find((k) => path.resolve(tmp, k) === m[1]);
    if (!input) continue;
    if (Number(m[3]) > 0 || input === moduleClasses) result[input] = out.get(input)!;
    else fs.rmSync(path.join(tmp, out.get(input)!), { recursive: true, force: true });
    if (Number(m[3]) > 0) log(`relocated ${m[2]} classes of ${input} onto Storm 2 (${m[3]} references)`);
  }
  return result;
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
