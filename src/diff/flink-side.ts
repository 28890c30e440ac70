// The Flink side of verify: the translated job's own main class, run on a MiniCluster in a child JVM with
// -Dstorm2flink.verify=<spec>, which the compat runtime honours (replay spouts, tap, bounded run, one injected
// failure). Translates the topology first unless given a translated project. javac, not `mvn package`: the
// same sources and dependencies, and a warm run starts no Maven.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from '../model/files.js';
import { buildProject, writeProject } from '../translator/translate.js';
import { locateCompat } from '../translator/compat.js';
import { folderName } from '../translator/names.js';
import { tailLines, track, untrack } from './children.js';
import type { FlinkRunOptions, FlinkRunResult, FlinkSide } from './flink.js';
import type { ExternalSink } from './storm.js';
import { externalSystem, externalSystemNote } from './external.js';
import { cacheRoot, CouldNotRun, compileJava, javaTools, mavenClasspath, run, tail, uniqueTmp } from './jvm.js';
import type { FlinkLine } from '../translator/versions.js';
import { readResult, ServerPool, type RunFolder } from './servers.js';
import { fillScratch, keepWritten } from './scratch.js';
import { compatDir, engineNeutralDir, listJava } from './storm.js';

/**
 * The compat runtime's classes (javac, cached) and its compile + provided classpath (Flink, Storm API, Kafka), for
 * a Flink line: 1.20 as its pom says, 2.x as its `flink-2` profile says.
 */
export async function compatClasspath(env: NodeJS.ProcessEnv = process.env, line: FlinkLine = '1.20'): Promise<string[]> {
  const dir = compatDir(env);
  const deps = await mavenClasspath(line === '1.20' ? dir : flink2Pom(dir, env), env, 'compile');
  const sources = [...listJava(path.join(dir, 'src', 'main', 'java')), ...listJava(engineNeutralDir(env))];
  const classes = await compileJava('compat', sources, deps, javaTools(env), env);
  return [classes, ...deps.split(path.delimiter)];
}

/**
 * A folder holding the compat pom with its `flink-2` profile active by default, so Maven resolves exactly what
 * `-Pflink-2` builds and tests the runtime against (Flink 2.2.1 and its Kafka connector).
 */
function flink2Pom(compat: string, env: NodeJS.ProcessEnv): string {
  const text = fs.readFileSync(path.join(compat, 'pom.xml'), 'utf8');
  const active = text.replace(/<id>flink-2<\/id>/, '$&<activation><activeByDefault>true</activeByDefault></activation>');
  if (active === text)
    throw new CouldNotRun(
      'verify-tooling-failed',
      `${path.join(compat, 'pom.xml')} has no flink-2 profile: the compat runtime cannot be resolved for Flink 2.x`,
    );
  const dir = path.join(cacheRoot(env), 'compat-flink-2');
  const pom = path.join(dir, 'pom.xml');
  if (!fs.existsSync(pom) || fs.readFileSync(pom, 'utf8') !== active) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = uniqueTmp(pom);
    fs.writeFileSync(tmp, active);
    fs.renameSync(tmp, pom);
  }
  return dir;
}

interface Job {
  projectDir: string;
  mainClass: string;
  /** Compiled job classes, resources, dependencies. */
  classpath: string[];
  /** Program arguments of the job main. */
  args: string[];
  /** The job's classes and the user's, without the compat runtime and Flink (what a served run loads itself). */
  own: string[];
}

/**
 * The job to run: the project translate or migrate wrote (`opts.project`), else one translated here into
 * workDir/project; an edited project (`--translated`) is compiled whole (prepareTranslated).
 */
async function prepareJob(opts: FlinkRunOptions, line: FlinkLine): Promise<Job> {
  if (opts.translatedProject) return prepareTranslated(opts.translatedProject, opts, line);
  const projectDir = opts.project ?? (await translateHere(opts, line));
  const mainClass = mainClassOf(projectDir);
  // The job's own classes only (its main, the submission stand-in: the job package holds nothing else), against
  // the user's classes as the Storm side ran them: the same bytes on both engines, and no need for what the rest
  // of the module's sources import.
  const pkg = mainClass.split('.').slice(0, -1);
  const sources = listJava(path.join(projectDir, 'src', 'main', 'java', ...pkg)).filter(
    (f) => path.dirname(f) === path.join(projectDir, 'src', 'main', 'java', ...pkg),
  );
  const deps = [...(await compatClasspath(opts.env, line)), ...opts.classpath];
  const classes = await compileJob(sources, deps, opts.env);
  const resources = path.join(projectDir, 'src', 'main', 'resources');
  return { projectDir, mainClass, classpath: [classes, resources, ...deps], args: opts.args ?? [], own: [classes, resources, ...opts.classpath] };
}

/** Translates the topology into workDir/project; returns the project folder. */
async function translateHere(opts: FlinkRunOptions, line: FlinkLine): Promise<string> {
  let built;
  try {
    built = await buildProject(opts.topology, folderName(opts.topology.id), {
      out: opts.workDir,
      cwd: opts.cwd,
      compat: locateCompat(),
      flink: line,
      target: 'yarn-application',
    });
  } catch (e) {
    throw new CouldNotRun('verify-translate-failed', `the topology could not be translated: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (built.plan.entry.kind === 'missing')
    throw new CouldNotRun('verify-translate-failed', `the translated job cannot build the topology: ${built.plan.entry.why}`);
  return writeProject(opts.workDir, 'project', built.files);
}

/** The job main class a translated project's pom names (the shade plugin's manifest entry). */
function mainClassOf(dir: string): string {
  const pom = path.join(dir, 'pom.xml');
  if (!fs.existsSync(pom)) throw new CouldNotRun('verify-translated-invalid', `${dir} is not a translated project: it has no pom.xml`);
  const mainClass = /<mainClass>\s*([\w.$]+)\s*<\/mainClass>/.exec(fs.readFileSync(pom, 'utf8'))?.[1];
  if (!mainClass) throw new CouldNotRun('verify-translated-invalid', `${pom} names no <mainClass> (the shade plugin's main class of a translated project)`);
  return mainClass;
}

/** A project someone translated (and maybe edited): its pom decides the dependencies, compat runtime included. */
async function prepareTranslated(dir: string, opts: FlinkRunOptions, line: FlinkLine): Promise<Job> {
  const mainClass = mainClassOf(dir);
  // The compat runtime the project carries in lib/repo, not Maven's copy of an earlier -SNAPSHOT of it.
  const bundled = listFiles(path.join(dir, 'lib', 'repo'), { accept: (name) => /^storm2flink-compat-.*(?<!-sources)\.jar$/.test(name) });
  const split = (cp: string) =>
    cp
      .split(path.delimiter)
      .filter(Boolean)
      .map((p) => (bundled.length === 1 && /storm2flink-compat-[^/\\]*\.jar$/.test(p) ? bundled[0]! : p));
  // Compiled against everything its pom declares (provided included); run with its runtime jars and the
  // MiniCluster's Flink 1.20, leaving out compile-only jars such as storm-server (its kryo clashes with Flink's).
  const compileDeps = [...split(await mavenClasspath(dir, opts.env, 'compile')), ...opts.classpath];
  const storm1 = bridged(dir);
  const classes = storm1 ? await buildBridged(dir, opts) : await compileJob(listJava(path.join(dir, 'src', 'main', 'java')), compileDeps, opts.env);
  // The compat runtime is this verify's own (first): it is what reads the verify spec written here, and the copy
  // in ~/.m2 may be older than it.
  const compat = await compatClasspath(opts.env, line);
  // Bridged classes run on Storm 2: the storm-core 1.x they were compiled against stays off (as the jar leaves it out).
  const projectRuntime = split(await mavenClasspath(dir, opts.env, 'runtime')).filter(
    (p) => !/storm2flink-compat-[^/\\]*\.jar$/.test(p) && !(storm1 && /[/\\]storm-core-[^/\\]*\.jar$/.test(p)),
  );
  const runtime = [compat[0]!, ...projectRuntime, ...opts.classpath, ...compat.slice(1)];
  return { projectDir: dir, mainClass, classpath: [classes, path.join(dir, 'src', 'main', 'resources'), ...runtime], args: opts.args ?? [], own: [] };
}

/** A project of Storm 0.x/1.x code: its pom compiles against storm-core, then bridges the classes to Storm 2. */
function bridged(dir: string): boolean {
  return fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8').includes('storm2-classes');
}

/**
 * Builds such a project as its pom does, up to the bridge's pass (process-classes), in a copy in the work folder
 * (javac alone would skip the pass); returns the bridged classes.
 */
async function buildBridged(dir: string, opts: FlinkRunOptions): Promise<string> {
  const copy = path.join(opts.workDir, 'translated-build');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => path.relative(dir, src) !== 'target' });
  const r = await run('mvn', ['-B', '-q', '-DskipTests', 'process-classes'], { cwd: copy, env: opts.env, timeoutMs: 15 * 60_000 });
  const classes = path.join(copy, 'target', 'storm2-classes');
  if (r.code !== 0 || !fs.existsSync(classes)) {
    throw new CouldNotRun(
      'verify-translated-build-failed',
      `the translated project does not build (mvn process-classes in a copy of ${dir})`,
      tail(r.stdout + r.stderr),
    );
  }
  return classes;
}

async function compileJob(sources: string[], deps: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return await compileJava('flink-job', sources, deps.join(path.delimiter), javaTools(env), env);
  } catch (e) {
    // No javac at all stays a missing tool; javac's errors are the job's.
    if (e instanceof CouldNotRun && e.kind !== 'verify-tool-missing')
      throw new CouldNotRun('verify-translated-build-failed', `the translated job does not compile: ${firstJavacError(e.detail) ?? e.message}`, e.detail);
    throw e;
  }
}

function firstJavacError(out: string | undefined): string | undefined {
  return out
    ?.split('\n')
    .find((l) => /\.java:\d+: error:/.test(l))
    ?.trim();
}

/** The default Flink side: Flink 1.20. */
export const flinkMiniCluster: FlinkSide = flinkMiniClusterFor('1.20');

/**
 * The translated job on a MiniCluster of a Flink line: the job translated for it (`translate --flink`), the compat
 * runtime and Flink resolved for it. Only 1.20 runs go to a batch's long-lived JVMs (they hold Flink 1.20).
 */
export function flinkMiniClusterFor(line: FlinkLine): FlinkSide {
  return { run: (opts) => runJob(opts, line) };
}

async function runJob(opts: FlinkRunOptions, line: FlinkLine): Promise<FlinkRunResult> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const job = await prepareJob(opts, line);
  const tapFile = opts.tapFile;
  fs.mkdirSync(path.dirname(tapFile), { recursive: true });
  const specFile = path.join(opts.workDir, 'flink-spec.json');
  const resultFile = path.join(opts.workDir, 'flink-result.json');
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(tapFile, { force: true });
  const kafka = opts.bootstrapServers
    ? { bootstrapServers: opts.bootstrapServers, groupPrefix: opts.kafkaGroupPrefix ?? `s2f-verify-flink-${Date.now().toString(36)}` }
    : undefined;
  fs.writeFileSync(
    specFile,
    JSON.stringify(
      {
        tapFile,
        resultFile,
        replay: Object.fromEntries(opts.replay),
        injectFailure: opts.injectFailure,
        checkpointMs: 200,
        ...(kafka ? { kafka } : {}),
        ...(opts.ticks ? { ticks: { ...opts.ticks, maxRunMs: Math.max(5000, opts.maxRunMs - 15_000) } } : {}),
        ...(opts.tridentBatches ? { tridentBatches: opts.tridentBatches } : {}),
        ...(opts.drpcRequests ? { drpc: { requests: opts.drpcRequests } } : {}),
      },
      null,
      2,
    ),
  );
  // A long-lived JVM (a batch) runs the job unless it needs one of its own: ticks and injected failures
  // use JVM-wide clocks and fault state; a --translated project brings its own runtime class path.
  if (opts.servers && line === '1.20' && !opts.ticks && !opts.injectFailure && !opts.translatedProject) {
    const request = {
      spec: specFile,
      result: resultFile,
      mainClass: job.mainClass,
      args: job.args,
      classpath: job.own,
      properties: opts.systemProperties ?? {},
    };
    fs.writeFileSync(path.join(opts.workDir, 'flink-request.json'), JSON.stringify(request, null, 2));
    const served = await opts.servers.run(request, opts.onLog, opts.maxRunMs, runFolder(opts));
    const result = readResult<RawResult>(resultFile);
    if (!served.died && result && result.error === undefined) {
      fs.writeFileSync(path.join(opts.workDir, 'flink.log'), served.lines.join('\n') + '\n');
      return resultOf(result, tapFile);
    }
    // Any failure runs again in a JVM of its own, which gives the authoritative reason.
    fs.writeFileSync(
      path.join(opts.workDir, 'flink-served.log'),
      [`result: ${result ? JSON.stringify(result) : served.died ? 'the JVM died or timed out' : 'none'}`, ...served.lines].join('\n') + '\n',
    );
    fs.rmSync(resultFile, { force: true });
    fs.rmSync(tapFile, { force: true });
  }
  const tools = javaTools(opts.env);
  const args = [
    ...JVM_ARGS,
    '-Dstorm2flink.bounded=true',
    ...Object.entries(opts.systemProperties ?? {}).map(([k, v]) => `-D${k}=${v}`),
    `-Dstorm2flink.verify=${specFile}`,
    '-cp',
    job.classpath.join(path.delimiter),
    job.mainClass,
    ...job.args,
  ];
  // The MiniCluster's working dirs are left behind when the job's JVM ends: they go in a temp dir we delete.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-flink-'));
  args.unshift(`-Djava.io.tmpdir=${tmp}`);
  // The user's code runs in a copy of its project folder (relative paths resolve there), kept as workDir/run-folder.
  const folder = runFolder(opts);
  if (folder) fillScratch(folder.keep, folder.from, folder.skip);
  const child = spawn(tools.java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: opts.env, cwd: folder?.keep ?? opts.workDir });
  const tracked = track(child, [tmp]);
  child.stdin!.on('error', () => undefined);
  const log = tailLines(child, 400, opts.onLog);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, opts.maxRunMs);
  const outcome = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('exit', (code) => resolve({ code }));
  });
  clearTimeout(timer);
  untrack(tracked);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (folder) keepWritten(folder.keep, folder.from);
  // The log's tail beside the tap, for a look after the fact (--out keeps it).
  fs.writeFileSync(path.join(opts.workDir, 'flink.log'), log.join('\n') + '\n');
  if (outcome.error) throw new CouldNotRun('verify-flink-failed', `could not start the Flink job: ${outcome.error.message}`);
  if (outcome.code === 0 && !timedOut && !fs.existsSync(tapFile)) {
    throw new CouldNotRun(
      'verify-translated-invalid',
      `the job ran but wrote no tap: its compat runtime predates verify support (-Dstorm2flink.verify); translate the project again`,
    );
  }
  const emitted = fs.existsSync(tapFile) ? countLines(tapFile) : 0;
  if (timedOut) return { status: 'timeout', emitted, tapFile, restarts: 0 };
  if (outcome.code !== 0) {
    const external = externalSystem(log);
    throw new CouldNotRun(
      external ? 'verify-external-system' : 'verify-flink-failed',
      `the translated job failed on Flink MiniCluster: ${rootCause(log) ?? `exit ${outcome.code}`}${external ? externalSystemNote(external) : ''}`,
      log.slice(-25).join('\n'),
    );
  }
  // The tap is what counts; the result file only adds the failure injection and rounds facts.
  const result = readResult<RawResult>(resultFile) ?? {};
  if (opts.injectFailure && !result.injected) {
    throw new CouldNotRun('verify-failure-not-injected', 'the failure was not injected: no checkpoint completed while the job ran (too little sample data?)');
  }
  return resultOf(result, tapFile);
}

function runFolder(opts: FlinkRunOptions): RunFolder | undefined {
  return opts.runIn ? { ...opts.runIn, keep: path.join(opts.workDir, 'run-folder') } : undefined;
}

const JVM_ARGS = [
  '-Xmx1g',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  // Flink's Kryo reflects into JDK collections.
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '-Djava.awt.headless=true',
  // The capture refuses System.exit to a user's main with a security manager (compat capture/ExitGuard), which
  // Java 18 to 23 install only when allowed.
  '-Djava.security.manager=allow',
];

/** A long-lived JVM running translated jobs one after another (compat's VerifyServer), at most `size`. */
export function flinkServers(size: number, env: NodeJS.ProcessEnv = process.env): ServerPool {
  return new ServerPool(
    'flink',
    size,
    async (tmp) => [
      ...JVM_ARGS,
      `-Djava.io.tmpdir=${tmp}`,
      '-cp',
      (await compatClasspath(env)).join(path.delimiter),
      'dev.storm2flink.compat.verify.VerifyServer',
    ],
    env,
  );
}

interface RawResult {
  emitted?: number;
  injected?: boolean;
  injectedAt?: string;
  rounds?: FlinkRunResult['rounds'];
  externalSinks?: Record<string, ExternalSink>;
  /** A served run that failed (VerifyServer). */
  error?: string;
}

function resultOf(result: RawResult, tapFile: string): FlinkRunResult {
  const emitted = fs.existsSync(tapFile) ? countLines(tapFile) : 0;
  const status = result.rounds?.status === 'timeout' ? 'timeout' : emitted === 0 ? 'no-output' : 'quiet';
  return {
    status,
    emitted,
    tapFile,
    restarts: result.injected ? 1 : 0,
    failedComponent: result.injectedAt,
    ...(result.rounds ? { rounds: result.rounds } : {}),
    ...(result.externalSinks ? { externalSinks: result.externalSinks } : {}),
  };
}

function countLines(file: string): number {
  let n = 0;
  const buf = fs.readFileSync(file);
  for (const b of buf) if (b === 10) n++;
  return n;
}

/** The innermost "Caused by:" of a Java stack trace, or its first exception line. */
function rootCause(log: string[]): string | undefined {
  const causes = log.filter((l) => l.startsWith('Caused by: '));
  const last = causes.at(-1)?.slice('Caused by: '.length);
  return last ?? log.find((l) => /^(Exception in thread|[\w.$]+(Exception|Error)\b)/.test(l));
}
