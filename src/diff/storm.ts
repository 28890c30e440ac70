// The Storm side of verify: runs the user's compiled topology in LocalCluster (src/diff/storm-runner)
// with the tap hook, replay spouts for non-Kafka spouts, until the input is consumed and the topology quiet.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { track, untrack, tailLines } from './children.js';
import { listFiles } from '../model/files.js';
import { readResult, ServerPool, type RunFolder } from './servers.js';
import { fillScratch, keepWritten } from './scratch.js';
import { runTool } from './build.js';
import { externalSystem, externalSystemNote } from './external.js';
import type { CouldNotRunName } from '../model/diagnostics.js';
import { CouldNotRun, compileJava, javaTools, mavenClasspath, resourceDir } from './jvm.js';

/** How the runner obtains the StormTopology. */
export type TopologySource =
  | { kind: 'method'; className: string; method: string; args?: string[]; submission?: string }
  | { kind: 'main'; className: string; args?: string[]; submission?: string }
  | { kind: 'flux'; file: string; filter?: string; envFilter?: boolean };

export interface StormRunOptions {
  /** The user's compiled classes and dependency jars. */
  classpath: string[];
  source: TopologySource;
  /** Folder for the spec, result and tap; kept (the caller owns it). */
  workDir: string;
  /** Spout id → replay file (JSON lines {"stream","values"}). */
  replay?: Map<string, string>;
  /** Topology config (merged over the Flux config; the tap hook is added on top). */
  config?: Record<string, unknown>;
  /** Kafka spouts and bolts are re-pointed here; the run is done once each spout consumed `expected` records. */
  kafka?: StormKafkaOptions;
  quietMs?: number;
  maxRunMs?: number;
  startGraceMs?: number;
  /** Ticks by input position (README "Ticks"); used when a bolt has a tick frequency. */
  ticks?: TickSettings;
  /** No sample data: run the spouts as written and record their first `limit` emits per task into `dir` (<spout>.jsonl). */
  captureInput?: { dir: string; limit: number; timeoutMs?: number };
  /** A Trident topology: its spouts run as written, for its first n transactions (compat verify/TridentBatches). */
  tridentBatches?: number;
  /** A DRPC topology: the requests to send (else those its main makes while captured; compat verify/DrpcDriver). */
  drpcRequests?: DrpcRequest[];
  env?: NodeJS.ProcessEnv;
  onLog?(line: string): void;
  /** Long-lived runners (a batch): the run goes to one of them when it can share a JVM (stormServers). */
  servers?: ServerPool;
  /**
   * The project folder the user's code runs in (relative paths resolve there): a copy of it, minus `skip`, is the
   * JVM's working directory, kept as workDir/run-folder. Without it the JVM runs in workDir.
   */
  runIn?: { from: string; skip?: string[] };
  /** The name the topology is submitted under (what the user's code submits it as); default `s2f-verify`. */
  name?: string;
}

/** A DRPC request verify sends to a DRPC topology on both engines: `drpc.execute(function, args)`. */
export interface DrpcRequest {
  function: string;
  args: string;
}

export interface StormKafkaOptions {
  bootstrapServers: string;
  /** Consumer groups are `<prefix>-<spout id>`: new per run, so no committed offset skips a record. */
  groupPrefix: string;
  /** Spout id → records its topics held when the run started. */
  expected: Record<string, number>;
}

/** Rounds of input and simulated seconds (compat verify/Rounds.java). */
export interface TickSettings {
  recordsPerRound: number;
  /** 0: the GCD of the topology's tick frequencies. */
  secondsPerRound: number;
  quietMs?: number;
  drainRounds?: number;
}

/** A connector bolt verify stood in for (ExternalSinks): its class and the system it writes to. */
export interface ExternalSink {
  class: string;
  system: string;
}

/** What a run in rounds did (Rounds.summary()). */
export interface RoundsSummary {
  recordsPerRound: number;
  secondsPerRound: number;
  /** Bolt → tick frequency in seconds, as the engine runs it. */
  tickSecs: Record<string, number>;
  rounds: number;
  seconds: number;
  ticks: number;
  expectedTicks: number;
  status: string;
  problems?: string[];
  /** Event-time windows driven by verify's watermarks (Watermarks.summary()): bolt → what its tasks saw. */
  windows?: Record<string, WindowFacts>;
}

/** One event-time windowed bolt in a run (all its tasks). */
export interface WindowFacts {
  /** Watermarks computed (one per task per verify second). */
  watermarks: number;
  lastWatermark?: number;
  tuples: number;
  /** Tuples below the watermark a wall-clock generator could have reached before them. */
  late: number;
  /** why: "late" (below the watermark a run could have reached), "order" (out of order in a count window). */
  lateExamples?: { ts: number; watermark: number; from: string; why?: string }[];
}

export interface StormRunResult {
  status: 'quiet' | 'timeout' | 'no-output' | 'captured';
  /** Tuples recorded by a captureInput run. */
  captured?: number;
  emitted: number;
  elapsedMs: number;
  tapFile: string;
  /** Static topics of the topology's KafkaBolts (DefaultTopicSelector). */
  outputTopics: string[];
  /** Present when the run went in rounds (the topology has ticks). */
  rounds?: RoundsSummary;
  /** Connector bolts that only write to a system verify does not run, swapped for acking sinks: id → {class, system}. */
  externalSinks?: Record<string, ExternalSink>;
}

/** Runner classes (javac, cached) on the compat runtime's engine-neutral module (javac, cached) + Storm jars (Maven, cached). */
export async function stormRunnerClasspath(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const dir = resourceDir('storm-runner', env);
  const deps = await mavenClasspath(dir, env);
  const tools = javaTools(env);
  const neutral = await compileJava('engine-neutral', listJava(engineNeutralDir(env)), deps, tools, env);
  const classes = await compileJava('storm-runner', listJava(path.join(dir, 'src', 'main', 'java')), [neutral, deps].join(path.delimiter), tools, env);
  return [classes, neutral, ...deps.split(path.delimiter)];
}

/**
 * The compat runtime's source root without Flink classes (tap, replay spouts, JSON mapping, capture): one copy of
 * the code runs on both engines. compat's pom compiles it with src/main/java.
 */
export function engineNeutralDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(compatDir(env), 'src', 'engine-neutral', 'java');
}

/**
 * The compat runtime's LocalCluster and LocalDRPC stand-ins, compiled on their own: the runner's CaptureLoader gives it to the user's
 * classes while it captures their topology (on the runner's own classpath it would hide Storm's LocalCluster).
 */
async function captureStandIns(env: NodeJS.ProcessEnv): Promise<string> {
  const standIns = path.join(compatDir(env), 'src', 'main', 'java', 'org', 'apache', 'storm');
  const sources = [path.join(standIns, 'LocalCluster.java'), path.join(standIns, 'LocalDRPC.java')];
  return compileJava('capture-stand-ins', sources, (await stormRunnerClasspath(env)).join(path.delimiter), javaTools(env), env);
}

/** src/compat, beside src/diff. */
export function compatDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(resourceDir('storm-runner', env), '..', '..', 'compat');
}

export function listJava(dir: string): string[] {
  return listFiles(dir, { accept: (name) => name.endsWith('.java') });
}

/**
 * Storm finds multilang scripts in the resources/ folder of the first *jar* on the classpath that has one (a classes
 * folder is not searched): when the user's classes hold resources/, one jar of every resources/ file of the user's
 * classpath goes first, theirs winning over their libraries' (storm.py of multilang-python and the like), as in the
 * topology jar the shade plugin would have built.
 */
async function withResourcesJars(classpath: string[], workDir: string, env: NodeJS.ProcessEnv): Promise<{ jars: string[]; classpath: string[] }> {
  if (!classpath.some((entry) => fs.existsSync(path.join(entry, 'resources')) && fs.statSync(entry).isDirectory())) return { jars: [], classpath };
  const jar = path.join(workDir, 'resources.jar');
  await runTool(env, 'Resources', [jar, ...classpath]);
  return { jars: [jar], classpath };
}

function jvmArgs(env: NodeJS.ProcessEnv): string[] {
  return [
    '-Xmx1g',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(resourceDir('storm-runner', env), 'log4j2.properties')}`,
  ];
}
const RUNNER = 'dev.storm2flink.verify.storm.StormRunner';

interface RawResult {
  status: string;
  emitted: number;
  elapsedMs: number;
  message?: string;
  outputTopics?: string[];
  rounds?: RoundsSummary;
  captured?: number;
  externalSinks?: Record<string, ExternalSink>;
  /** The catalog name of a refusal (time windows verify cannot drive). */
  code?: string;
}

export async function runStorm(opts: StormRunOptions): Promise<StormRunResult> {
  const env = opts.env ?? process.env;
  const tools = javaTools(env);
  fs.mkdirSync(opts.workDir, { recursive: true });
  const tapFile = path.join(opts.workDir, 'storm.tap.jsonl');
  const specFile = path.join(opts.workDir, 'storm-spec.json');
  const resultFile = path.join(opts.workDir, 'storm-result.json');
  fs.rmSync(resultFile, { force: true });
  const spec = {
    source: opts.source,
    // Storm's own rule for names (Utils.validateTopologyName): a bolt may read topology.name.
    name: opts.name && /^[^/.:\\]+$/.test(opts.name) ? opts.name : 's2f-verify',
    tapFile,
    replay: Object.fromEntries(opts.replay ?? []),
    config: opts.config ?? {},
    ...(opts.kafka ? { kafka: opts.kafka } : {}),
    quietMs: opts.quietMs ?? 1500,
    maxRunMs: opts.maxRunMs ?? 120_000,
    startGraceMs: opts.startGraceMs ?? 30_000,
    ...(opts.ticks ? { ticks: opts.ticks } : {}),
    ...(opts.captureInput ? { captureInput: opts.captureInput } : {}),
    ...(opts.tridentBatches ? { tridentBatches: opts.tridentBatches } : {}),
    ...(opts.drpcRequests ? { drpc: { requests: opts.drpcRequests } } : {}),
  };
  const user = await withResourcesJars(opts.classpath, opts.workDir, env);
  const capture = opts.source.kind === 'flux' ? {} : { userClasspath: user.classpath, standIns: await captureStandIns(env) };
  // A long-lived runner loads the user's classes itself, and hands its supervisor the run's multilang resources.
  if (opts.servers) {
    fs.writeFileSync(specFile, JSON.stringify({ ...spec, ...capture, classpath: user.classpath, resourcesJars: user.jars }, null, 2));
    const served = await opts.servers.run({ spec: specFile, result: resultFile }, opts.onLog, undefined, runFolder(opts));
    const result = readResult<RawResult>(resultFile);
    // Anything else (a run needing its own JVM, an error that a JVM of its own may not have) runs as below.
    if (!served.died && result && result.status !== 'error' && result.status !== 'fresh-jvm') {
      fs.writeFileSync(path.join(opts.workDir, 'storm.log'), served.lines.join('\n') + '\n');
      // The user's code built no topology as it would in any JVM (timed out, exited, returned): said as a one-shot run says it.
      if (result.status === 'capture-failed')
        throw new CouldNotRun(
          'verify-storm-failed',
          `the topology did not run on Storm LocalCluster: ${result.message ?? 'no topology was captured'}`,
          served.lines.slice(-20).join('\n'),
        );
      return resultOf(result, tapFile);
    }
    // Kept for whoever wonders why the run took a JVM of its own.
    fs.writeFileSync(
      path.join(opts.workDir, 'storm-served.log'),
      [`result: ${result ? JSON.stringify(result) : served.died ? 'the runner died' : 'none'}`, ...served.lines].join('\n') + '\n',
    );
    fs.rmSync(resultFile, { force: true });
  }
  fs.writeFileSync(specFile, JSON.stringify({ ...spec, ...capture }, null, 2));
  const runnerCp = await stormRunnerClasspath(env);
  // Our classes first: the user's jar may bundle an older Storm; theirs still win for their own classes.
  // A user resources/ jar goes first of all: Storm extracts the first jar holding resources/, and storm-client
  // itself carries one (the multilang libraries).
  const cp = [...user.jars, ...runnerCp, ...user.classpath].join(path.delimiter);
  // LocalCluster keeps its state in temp dirs it does not delete when the JVM halts: they go in one we delete.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-storm-'));
  const folder = runFolder(opts);
  if (folder) fillScratch(folder.keep, folder.from, folder.skip);
  const child = spawn(tools.java, [...jvmArgs(env), `-Djava.io.tmpdir=${tmp}`, '-cp', cp, RUNNER, specFile, resultFile], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env,
    cwd: folder?.keep ?? opts.workDir,
  });
  const tracked = track(child, [tmp]);
  child.stdin!.on('error', () => undefined);
  const log = tailLines(child, 400, opts.onLog);
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  untrack(tracked);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (folder) keepWritten(folder.keep, folder.from);
  fs.writeFileSync(path.join(opts.workDir, 'storm.log'), log.join('\n') + '\n');
  if (outcome.error) {
    throw new CouldNotRun(
      'verify-storm-failed',
      `could not start the Storm runner: ${(outcome.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${tools.java} not found` : outcome.error.message}`,
    );
  }
  const result = readResult<RawResult>(resultFile);
  if (result?.code === 'verify-time-windows' && result.message) throw new CouldNotRun('verify-time-windows', result.message);
  if (!result || result.status === 'error' || outcome.code !== 0) {
    const failed = runFailure(log, outcome.code ?? outcome.signal, result?.message);
    throw new CouldNotRun(failed.kind, failed.reason, log.slice(-20).join('\n'));
  }
  return resultOf(result, tapFile);
}

function runFolder(opts: StormRunOptions): RunFolder | undefined {
  return opts.runIn ? { ...opts.runIn, keep: path.join(opts.workDir, 'run-folder') } : undefined;
}

/**
 * Why a runner ended without a result: Storm halts the JVM when a worker dies (a spout or bolt threw in open,
 * prepare or execute), so the reason is the root cause its log shows: the last "Caused by", else the first exception.
 */
export function workerDied(log: string[], exit: number | string | null): string {
  const block = failureBlock(log);
  if (!block) return `the runner exited with ${exit} (a Storm worker stopped; see the log below)`;
  const cause =
    block
      .filter((l) => l.startsWith('Caused by: '))
      .pop()
      ?.slice('Caused by: '.length) ?? block.find((l) => /^[\w.$]+(Exception|Error)(: |$)/.test(l));
  return cause ? `a spout or bolt failed and Storm stopped its worker: ${cause}` : `the runner exited with ${exit} (a Storm worker stopped; see the log below)`;
}

/**
 * Why a one-shot run failed, and its catalog entry: the runner's own message, else the worker's root cause;
 * verify-external-system when the worker's trace runs through the client of a system verify does not start.
 */
export function runFailure(log: string[], exit: number | string | null, message?: string): { kind: CouldNotRunName; reason: string } {
  const why = message ?? log.find((l) => l.startsWith('S2F-STORM-FAILED'))?.replace('S2F-STORM-FAILED: ', '') ?? workerDied(log, exit);
  const external = externalSystem(failureBlock(log) ?? []);
  return {
    kind: external ? 'verify-external-system' : 'verify-storm-failed',
    reason: `the topology did not run on Storm LocalCluster: ${why}${external ? externalSystemNote(external) : ''}`,
  };
}

/**
 * The error Storm reported for a dead worker's executor: the lines after its first report, up to the next log line.
 * Other threads (the user's main polling a stand-in Nimbus) log exceptions of their own, which say nothing of it.
 */
function failureBlock(log: string[]): string[] | undefined {
  const lines = log.map((l) => l.trim());
  const at = lines.findIndex((l) => /ReportError|Async loop died|Worker died/.test(l));
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => /^\d\d:\d\d:\d\d/.test(l));
  return end < 0 ? rest : rest.slice(0, end);
}

function resultOf(result: RawResult, tapFile: string): StormRunResult {
  return {
    status: result.status as StormRunResult['status'],
    emitted: result.emitted,
    elapsedMs: result.elapsedMs,
    tapFile,
    outputTopics: result.outputTopics ?? [],
    ...(result.rounds ? { rounds: result.rounds } : {}),
    ...(result.captured !== undefined ? { captured: result.captured } : {}),
    ...(result.externalSinks ? { externalSinks: result.externalSinks } : {}),
  };
}

/** Long-lived Storm runners (`StormRunner --serve`: one JVM and one LocalCluster each), at most `size`. */
export function stormServers(size: number, env: NodeJS.ProcessEnv = process.env): ServerPool {
  return new ServerPool(
    'storm',
    size,
    async (tmp) => [...jvmArgs(env), `-Djava.io.tmpdir=${tmp}`, '-cp', (await stormRunnerClasspath(env)).join(path.delimiter), RUNNER, '--serve'],
    env,
  );
}
