// verify's core: a model topology and its projects in, a verdict out. The steps: inputs (sample data, or the
// original spouts' output captured on Storm) → classes (the user's build) → engines (broker, Storm, Flink, output
// topics) → compare. Every failure becomes a could-not-run report (exit 2) with the reason; nothing is left running.
// Finding topologies in a path is the caller's (src/cli/verify-path.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseProperties } from 'dot-properties';
import { CATALOG, diagnostic, reports, sortDiagnostics } from '../model/diagnostics.js';
import type { Diagnostic, Topology } from '../model/topology.js';
import { connectBroker, startBroker, type Broker } from './broker.js';
import { buildUserProject } from './build.js';
import { compareTaps, stormSelfCheck, type DiffResult, type SelfDivergence } from './compare.js';
import type { Engines } from './engines.js';
import { flinkSide, type FlinkRunResult } from './flink.js';
import { flinkMiniCluster } from './flink-side.js';
import { CouldNotRun } from './jvm.js';
import { grownTopics, outputTaps } from './outputs.js';
import { endOffsets, inputsOf, planReplay, produceRecords, recordCounts, topicsOf, writeReplayFiles, type ReplayPlan, type TopicOffsets } from './replay.js';
import { readSamples, sampleFilesIn, skippedNotText } from './samples.js';
import {
  runStorm,
  type DrpcRequest,
  type RoundsSummary,
  type StormRunResult,
  type StormKafkaOptions,
  type TickSettings,
  type TopologySource,
} from './storm.js';
import { projectFolderOf } from './scratch.js';
import { readTap, type TapRecord } from './tap.js';
import { exitCodeOf, REPORT_VERSION, type VerifyReport } from './verify-report.js';

/** What verify runs for one topology: where its code is, and the Flink project to run (when one was written). */
export interface VerifyProject {
  /** The topology's source (Java file, Flux file, or its folder): the Maven project around it is built. */
  source: string;
  /** The Flink project that translate or migrate wrote: its job classes run; without it verify translates itself. */
  flinkProject?: string;
  /** A translated project someone kept and edited (`--translated`): compiled whole, its pom deciding. */
  edited?: string;
  /** Sample data when `data` is not given (default: the data/ folder nearest the source). */
  dataDir?: string;
}

export interface VerifyOptions {
  data?: string[];
  bootstrapServers?: string;
  classpath?: string[];
  /** Overrides how the Storm runner gets the topology (default: the model's entry). */
  source?: TopologySource;
  /** Program arguments for the user's code (its main, or a builder's String[] parameter), on both engines. */
  args?: string[];
  /** Without sample data: tuples captured per spout task from the original spouts on Storm (default 1000); for a Trident topology, the transactions run (default 50). */
  captureLimit?: number;
  ignoreFields?: string[];
  tolerance?: number;
  injectFailure?: boolean;
  quietMs?: number;
  maxRunMs?: number;
  /** Ticks: replay records per round (default: a tenth of the largest replay file). */
  tickEveryRecords?: number;
  /** Keep the work dir (taps, replay files) here instead of a temp dir that is deleted. */
  out?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?(stage: string): void;
  /** A .properties file for Flux `${name}` placeholders (like `flux --filter`). */
  filterFile?: string;
  /** A batch's shared broker and Storm runners (engines.ts); without them each run starts its own. */
  engines?: Engines;
}

/** One verify run's bookkeeping: the report being filled in, stage timings, the work folder. */
class Run {
  readonly report: VerifyReport;
  readonly work: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Appended to a could-not-run reason (e.g. Flux placeholders without a value). */
  hint = '';
  broker: Broker | null = null;

  constructor(
    topology: Topology,
    readonly opts: VerifyOptions,
  ) {
    this.cwd = opts.cwd ?? process.cwd();
    this.env = opts.env ?? process.env;
    this.report = {
      version: REPORT_VERSION,
      topology: topology.id,
      status: 'could-not-run',
      exitCode: 2,
      ran: { broker: false, replay: false, storm: false, flink: false },
      diagnostics: [],
      timings: {},
    };
    this.work = opts.out ? path.resolve(this.cwd, opts.out) : fs.mkdtempSync(path.join(os.tmpdir(), 's2f-verify-'));
    fs.mkdirSync(this.work, { recursive: true });
  }

  async timed<T>(stage: string, f: () => Promise<T>): Promise<T> {
    this.opts.onProgress?.(stage);
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      this.report.timings[stage] = Date.now() - t0;
    }
  }

  fail(e: CouldNotRun): VerifyReport {
    const reason = e.message + this.hint;
    Object.assign(this.report, { status: 'could-not-run', exitCode: 2, code: e.code, reason, ...(e.detail ? { detail: e.detail } : {}) });
    return this.report;
  }
}

/** Throws why a topology cannot be verified before anything runs, if it cannot. */
function refuse(topology: Topology): void {
  if (topology.blocked) {
    const codes = [...new Set(topology.diagnostics.filter((d) => d.blocker).map((d) => `${d.code} ${d.message}`))];
    throw new CouldNotRun('verify-topology-blocked', `the topology cannot be translated: ${codes.join('; ')}`);
  }
  // Time windows are checked by the Storm runner on the topology as built (it sees timestamp extractors the model
  // does not): processing time is refused there (S2F702), event time runs in rounds (README "Windows").
}

/** Proves `topology` and its Flink translation equivalent on the same input, or names where they diverge. */
export async function verifyTopology(topology: Topology, project: VerifyProject, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const run = new Run(topology, opts);
  try {
    refuse(topology);
    const input = inputs(run, topology, project);
    const cls = await classes(run, topology, project);
    const ran = await engines(run, topology, project, input, cls);
    return await compare(run, topology, ran);
  } catch (e) {
    // Every step throws CouldNotRun for a reason outside the tool's control; anything else is a bug.
    if (e instanceof CouldNotRun) return run.fail(e);
    throw e;
  } finally {
    await run.broker?.stop();
    if (!opts.out) fs.rmSync(run.work, { recursive: true, force: true });
  }
}

interface Inputs {
  plan: ReplayPlan;
  inputs: ReturnType<typeof inputsOf>['inputs'];
  /** No sample data: the original spouts' output is captured on Storm (engines step). */
  capture: boolean;
  dataPath: string;
  /** A Trident topology: its spouts run as written on both engines, for this many transactions. */
  tridentTransactions?: number;
  /** A DRPC topology given --data: the requests to send (else those its main makes). */
  drpcRequests?: DrpcRequest[];
}

/** Transactions a Trident topology runs on each engine when --capture does not say. */
const TRIDENT_TRANSACTIONS = 50;

/** The tap component verify's DRPC client writes each request's answer under (DrpcDriver), stream = the function. */
const DRPC_ANSWERS = '$drpc';

/**
 * DRPC requests from --data: JSON lines {"function": "...", "args": "..."} (a folder: its .jsonl files, by name), in
 * order; or why they cannot be read, naming the file and line.
 */
function drpcRequestsIn(paths: string[], cwd: string): DrpcRequest[] {
  const out: DrpcRequest[] = [];
  for (const p of paths.map((x) => path.resolve(cwd, x))) {
    if (!fs.existsSync(p)) throw new CouldNotRun('path-not-found', `--data ${path.relative(cwd, p)} does not exist`);
    const files = fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => path.join(p, f))
      : [p];
    for (const f of files) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.trim()) continue;
        let r: unknown;
        try {
          r = JSON.parse(lines[i]!);
        } catch {
          r = null;
        }
        const o = r as { function?: unknown; args?: unknown } | null;
        if (!o || typeof o !== 'object' || typeof o.function !== 'string' || o.args === undefined) {
          throw new CouldNotRun(
            'verify-bad-data',
            `${path.relative(cwd, f)}:${i + 1}:1: a DRPC topology's --data holds requests, one JSON object per line: {"function": "<name>", "args": "<arguments>"}`,
          );
        }
        out.push({ function: o.function, args: typeof o.args === 'string' ? o.args : JSON.stringify(o.args) });
      }
    }
  }
  if (out.length === 0)
    throw new CouldNotRun('verify-bad-data', `--data holds no DRPC requests (one JSON object per line: {"function": "<name>", "args": "<arguments>"})`);
  return out;
}

/** Step 1: the sample data and where each record goes, or the decision to capture the spouts' own output. */
function inputs(run: Run, topology: Topology, project: VerifyProject): Inputs {
  const { opts, cwd } = run;
  const given = opts.data && opts.data.length > 0;
  const dataPaths = given ? opts.data! : [project.dataDir ?? defaultDataDir(path.resolve(cwd, project.source))];
  // Trident: a spout's data lives inside the transaction protocol (batches by transaction id, replayed by id), so there
  // is no tuple stream to capture or replay: both engines run the same first transactions with the spouts as written.
  if (reports(topology, 'trident')) {
    if (given)
      throw new CouldNotRun(
        'verify-bad-data',
        `a Trident topology's spouts run as written on both engines (their batches belong to Trident's transactions); --data cannot be replayed into them: leave it out, or make the spout read the data itself`,
      );
    return { plan: planReplay([], []), inputs: [], capture: false, dataPath: dataPaths[0]!, tridentTransactions: opts.captureLimit ?? TRIDENT_TRANSACTIONS };
  }
  // DRPC: the input is the requests the main makes (drpc.execute), or --data's, sent to the topology on both engines (DrpcDriver).
  if (reports(topology, 'drpc')) {
    const requests = given ? drpcRequestsIn(dataPaths, cwd) : undefined;
    return { plan: planReplay([], []), inputs: [], capture: false, dataPath: dataPaths[0]!, ...(requests ? { drpcRequests: requests } : {}) };
  }
  const { inputs, problems } = inputsOf(topology);
  // A model with no components (the Streams API: StreamBuilder makes them when the entry runs) is captured too.
  const built = inputs.length === 0 && topology.components.length === 0 && !!topology.entry;
  const capture = !given && !hasData(dataPaths[0]!) && (built || (inputs.length > 0 && inputs.every((i) => i.kind === 'spout' && !i.scheme)));
  // No sample data, and spouts whose output cannot be captured (Kafka: they read what their topics hold): name them.
  if (!given && !capture && !hasData(dataPaths[0]!) && inputs.length > 0) {
    const kafka = inputs.flatMap((i) =>
      i.kind === 'kafka'
        ? [`"${i.spout}" reads topic ${i.topic}`]
        : i.kind === 'kafka-pattern'
          ? [`"${i.spout}" reads topics matching ${i.pattern}`]
          : i.scheme
            ? [`"${i.spout}" reads topic${(i.topics ?? []).length === 1 ? '' : 's'} ${(i.topics ?? []).join(', ')}`]
            : [],
    );
    if (kafka.length > 0) {
      throw new CouldNotRun(
        'verify-no-input',
        `no sample data (${path.relative(cwd, dataPaths[0]!) || dataPaths[0]} ${fs.existsSync(dataPaths[0]!) ? 'holds no sample file' : 'does not exist'}), and a Kafka spout's records cannot be captured from the spout itself: ${kafka.join('; ')}; put records in data/<topic>.jsonl beside the topology or pass --data`,
      );
    }
  }
  const files = capture ? [] : readSamples(dataPaths, { cwd });
  const plan = planReplay(files, capture ? [] : inputs);
  // Captured because data/ held no text file: say which files were passed over.
  const passedOver = capture && !given ? skippedNotText(dataPaths[0]!, cwd) : null;
  run.report.diagnostics = sortDiagnostics([...files.flatMap((f) => f.diagnostics), ...plan.diagnostics, ...(passedOver ? [passedOver] : [])]);
  const errors = run.report.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    const where = first.line > 0 ? `${first.file}:${first.line}:${first.column}` : first.file;
    throw new CouldNotRun('verify-bad-data', `the sample data has errors (${errors.length}); the first: ${first.code} ${where}: ${first.message}`);
  }
  if (problems.length > 0) throw new CouldNotRun('verify-no-input', problems.join('; '));
  if (inputs.length === 0 && !capture) throw new CouldNotRun('verify-no-input', 'no input: the topology has no spout to replay into and no Kafka spout topic');
  for (const i of inputs) {
    if (i.kind === 'kafka-pattern' && topicsOf(i, plan).length === 0) {
      throw new CouldNotRun(
        'verify-no-input',
        `no sample data for Kafka spout "${i.spout}": it subscribes to the pattern ${i.pattern}; name sample files after topics it matches (<topic>.jsonl) or give records a "topic"`,
      );
    }
  }
  return { plan, inputs, capture, dataPath: dataPaths[0]! };
}

interface Classes {
  source: TopologySource;
  classpath: string[];
  systemProperties?: Record<string, string>;
}

/** Step 2: how the Storm side gets the topology, and the user's classes (--classpath, else their Maven build). */
async function classes(run: Run, topology: Topology, project: VerifyProject): Promise<Classes> {
  const { opts, cwd } = run;
  const topoPath = path.resolve(cwd, project.source);
  let source = opts.source ?? sourceOf(topology, topoPath);
  if (!source)
    throw new CouldNotRun(
      'verify-no-entry',
      'cannot tell how to build the topology: no builder method, main or Flux file in the model; pass --entry Class#method',
    );
  if (source.kind !== 'flux') source = { ...source, ...(opts.args ? { args: opts.args } : {}), submission: topology.name ?? undefined };
  const filterFile = opts.filterFile ? path.resolve(cwd, opts.filterFile) : undefined;
  let systemProperties: Record<string, string> | undefined;
  if (filterFile) {
    if (!fs.existsSync(filterFile)) throw new CouldNotRun('path-not-found', `--filter ${opts.filterFile} does not exist`);
    systemProperties = parseProperties(fs.readFileSync(filterFile, 'utf8')) as Record<string, string>;
  }
  if (source.kind === 'flux') {
    if (filterFile) source = { ...source, filter: filterFile };
    // Not fatal (verify supplies some itself, e.g. Kafka servers), but the likely cause when a run fails.
    const unresolved = topology.diagnostics.filter((d) => d.code === UNRESOLVED_PROPERTY);
    if (unresolved.length > 0) {
      run.hint = ` (placeholders without a value: ${unresolved.map((d) => `${d.file}:${d.line}:${d.column} ${d.message.replace(/\.$/, '')}`).join('; ')}; pass --filter <file.properties> as you would to flux --filter)`;
    }
  }
  let classpath = (opts.classpath ?? []).map((p) => path.resolve(cwd, p));
  if (classpath.length === 0) {
    // Before the broker: a compile error costs nothing else.
    const built = await run.timed('build', () => buildUserProject(buildPathOf(topology, topoPath, cwd), { env: run.env, skip: [run.work] }));
    classpath = built.classpath;
    const build = {
      ...(built.substitutions.length > 0 ? { substitutions: built.substitutions } : {}),
      ...(built.skippedPlugins ? { skippedPlugins: built.skippedPlugins } : {}),
      ...(built.relocated ? { relocated: true } : {}),
      ...(built.stormCore ? { stormCore: built.stormCore } : {}),
    };
    if (Object.keys(build).length > 0) run.report.build = build;
    if (built.moduleAlone) {
      run.report.diagnostics.push(
        diagnostic(
          'build-module-alone',
          { file: path.relative(cwd, built.moduleAlone.pom) || built.moduleAlone.pom },
          `Maven cannot read this reactor (${built.moduleAlone.reason}); verify built the topology's module on its own`,
        ),
      );
    }
    // Not silent: the user's own build of this pom fails on a current JDK.
    for (const j of built.javaLevel ?? []) {
      run.report.diagnostics.push(
        diagnostic(
          'build-java-level-raised',
          { file: path.relative(cwd, j.pom) || j.pom },
          `javac no longer accepts Java ${j.from}, the level this pom compiles at; verify built the module at Java ${j.to}`,
        ),
      );
    }
  }
  return { source, classpath, ...(systemProperties ? { systemProperties } : {}) };
}

interface EngineRuns {
  storm: StormRunResult;
  flink: FlinkRunResult;
  stormTap: TapRecord[];
  flinkTap: TapRecord[];
  replayFiles: Map<string, string>;
  /** Runs Storm again on the same input (the nondeterminism check); `n` names the run's folder. */
  stormAgain(n: number): Promise<TapRecord[]>;
}

/** Step 3: broker and Kafka input, the captured input when there is no sample data, then Storm and Flink. */
async function engines(run: Run, topology: Topology, project: VerifyProject, input: Inputs, cls: Classes): Promise<EngineRuns> {
  const { opts, cwd, env, work, report } = run;
  const { plan } = input;
  const { classpath, source } = cls;
  // KafkaBolts need the broker too, whatever the spouts are.
  const sinkTopics = [...new Set(topology.components.flatMap((c) => (c.kafkaSink?.topic ? [c.kafkaSink.topic] : [])))];
  const needsKafka = plan.kafka.size > 0 || topology.components.some((c) => c.kafkaSink);
  let stormKafka: StormKafkaOptions | undefined;
  // Own broker: every topic a run grows is an output topic (dynamic topic selectors included). A shared
  // cluster has other writers, so only the model's KafkaBolt topics are read back there.
  const snapshot = () => endOffsets(run.broker!.bootstrapServers, opts.bootstrapServers ? sinkTopics : undefined);
  let beforeStorm: TopicOffsets = new Map();
  if (needsKafka) {
    run.broker = await run.timed('broker', () =>
      opts.bootstrapServers ? connectBroker(opts.bootstrapServers) : opts.engines ? opts.engines.broker.lease() : startBroker({ env }),
    );
    report.ran.broker = true;
    const bootstrapServers = run.broker.bootstrapServers;
    await run.timed('replay', () => produceRecords(bootstrapServers, plan.kafka));
    // What a spout reading from EARLIEST gets: the Storm runner is done once each Kafka spout consumed that.
    const held = await recordCounts(bootstrapServers, [...plan.kafka.keys()]);
    const expected: Record<string, number> = {};
    for (const i of input.inputs) for (const topic of topicsOf(i, plan)) expected[i.spout] = (expected[i.spout] ?? 0) + (held.get(topic) ?? 0);
    const id = `s2f-verify-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    stormKafka = { bootstrapServers, groupPrefix: `${id}-storm`, expected };
    beforeStorm = await snapshot();
  }
  let replayFiles = writeReplayFiles(path.join(work, 'replay'), plan);
  // Relative paths in the user's code resolve against its project folder (the module holding the topology's source,
  // not a whole tree given as the path), as when the user ran it: each engine run works in a copy of it.
  const topoPath = path.resolve(cwd, project.source);
  const runFrom = fs.existsSync(topoPath) ? projectFolderOf(topoPath, buildPathOf(topology, topoPath, cwd)) : null;
  const runIn = runFrom ? { from: runFrom, skip: [work] } : undefined;
  if (input.capture) {
    const limit = opts.captureLimit ?? 1000;
    const dir = path.join(work, 'input');
    const captured = await run.timed('capture', () =>
      runStorm({
        classpath,
        source,
        workDir: path.join(work, 'capture'),
        config: stormConfig(run, topology),
        captureInput: { dir, limit },
        servers: opts.engines?.storm,
        env,
        quietMs: opts.quietMs,
        maxRunMs: opts.maxRunMs,
        runIn,
        name: topology.name ?? undefined,
      }),
    );
    if (!captured.captured) {
      // Name them: such a spout usually reads an outside source (a service, a socket, a file) that is not there.
      const spouts = topology.components.filter((c) => c.type === 'spout').map((c) => (c.className ? `${c.id} (${c.className})` : c.id));
      throw new CouldNotRun(
        'verify-nothing-captured',
        `no sample data given or found (${path.relative(cwd, input.dataPath) || '.'}) and the topology's spouts emitted nothing on Storm to capture in ${Math.round(captured.elapsedMs / 1000)} s: ${spouts.join(', ')}; a spout that reads an outside source (a service, a socket, a file) needs it reachable; else give sample data with --data`,
      );
    }
    replayFiles = new Map(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => [f.slice(0, -'.jsonl'.length), path.join(dir, f)]),
    );
    report.input = { kind: 'captured', tuples: captured.captured, perTask: limit, files: [...replayFiles.values()] };
  }
  const tridentBatches = input.tridentTransactions;
  const drpcRequests = input.drpcRequests;
  if (tridentBatches) report.input = { kind: 'trident', transactions: tridentBatches };
  report.ran.replay = true;

  // Without Kafka (output topics are told apart by the offsets between the runs) and without ticks (Flink runs the
  // rounds Storm ran), the two engines run at the same time.
  const ticks: TickSettings = { recordsPerRound: opts.tickEveryRecords ?? defaultRecordsPerRound(replayFiles), secondsPerRound: 0, quietMs: ROUND_QUIET_MS };
  const runStormSide = (folder = 'storm') =>
    run.timed(folder, () =>
      runStorm({
        classpath,
        source,
        workDir: path.join(work, folder),
        replay: replayFiles,
        config: stormConfig(run, topology),
        kafka: stormKafka,
        tridentBatches,
        drpcRequests,
        quietMs: opts.quietMs,
        maxRunMs: opts.maxRunMs,
        ticks,
        env,
        servers: opts.engines?.storm,
        runIn,
        name: topology.name ?? undefined,
      }),
    );
  const side = flinkSide() ?? flinkMiniCluster;
  // --entry applies to the job verify translates too (a written or edited project has its own main).
  const jobTopology =
    opts.source && opts.source.kind !== 'flux'
      ? { ...topology, entry: { className: opts.source.className, method: opts.source.kind === 'main' ? 'main' : opts.source.method } }
      : topology;
  const runFlinkSide = (rounds: RoundsSummary | undefined) =>
    run.timed('flink', () =>
      side.run({
        topology: jobTopology,
        args: opts.args,
        translatedProject: project.edited ? path.resolve(cwd, project.edited) : undefined,
        project: project.flinkProject ? path.resolve(cwd, project.flinkProject) : undefined,
        classpath,
        systemProperties: cls.systemProperties,
        workDir: path.join(work, 'flink'),
        cwd,
        bootstrapServers: run.broker?.bootstrapServers,
        kafkaGroupPrefix: stormKafka?.groupPrefix.replace(/-storm$/, '-flink'),
        replay: replayFiles,
        tridentBatches,
        drpcRequests,
        tapFile: path.join(work, 'flink', 'flink.tap.jsonl'),
        injectFailure: opts.injectFailure ?? false,
        quietMs: opts.quietMs ?? 1500,
        maxRunMs: opts.maxRunMs ?? 120_000,
        // Flink runs the rounds Storm ran (same records per round, same seconds per round).
        ticks: rounds ? { recordsPerRound: rounds.recordsPerRound, secondsPerRound: rounds.secondsPerRound, quietMs: ROUND_QUIET_MS } : undefined,
        env,
        servers: opts.engines?.flink,
        runIn,
      }),
    );
  let storm: StormRunResult;
  let flink: FlinkRunResult;
  let afterStorm: TopicOffsets = new Map();
  if (!needsKafka && !hasTicks(topology)) {
    const [s, f] = await Promise.allSettled([runStormSide(), runFlinkSide(undefined)]);
    if (s.status === 'rejected') throw s.reason;
    storm = s.value;
    // Ticks the model did not see (a frequency set at run time, an event-time window the Flink side refuses to run
    // outside rounds): Flink again, in Storm's rounds.
    if (!storm.rounds && f.status === 'rejected') throw f.reason;
    flink = storm.rounds ? await runFlinkSide(storm.rounds) : (f as PromiseFulfilledResult<FlinkRunResult>).value;
  } else {
    storm = await runStormSide();
    if (needsKafka) afterStorm = await snapshot();
    flink = await runFlinkSide(storm.rounds);
  }
  report.ran.storm = true;
  report.ran.flink = true;
  if (storm.rounds) report.rounds = { storm: storm.rounds, ...(flink.rounds ? { flink: flink.rounds } : {}) };
  lateTuples(storm.rounds, flink.rounds);
  const stormTap = readTap([storm.tapFile], 'storm');
  const flinkTap = readTap([flink.tapFile], 'flink');

  // Output topics: each engine's records are the offsets its run added.
  if (needsKafka) {
    const afterFlink = await snapshot();
    const topics = new Set(sinkTopics);
    if (!opts.bootstrapServers) {
      for (const t of [...storm.outputTopics, ...grownTopics(beforeStorm, afterStorm), ...grownTopics(afterStorm, afterFlink)]) topics.add(t);
    }
    const out = await run.timed('outputs', () =>
      outputTaps(run.broker!.bootstrapServers, [...topics].filter((t) => afterFlink.has(t)).sort(), { beforeStorm, afterStorm, afterFlink }),
    );
    stormTap.push(...out.storm);
    flinkTap.push(...out.flink);
  }
  // Kafka output would need its own offsets bookkeeping for a third run: the check covers the taps of other runs.
  const stormAgain = async (n: number) =>
    needsKafka ? [] : drpcAnswers(readTap([(await runStormSide(n > 1 ? `storm-again-${n}` : 'storm-again')).tapFile], 'storm'));
  return { storm, flink, stormTap: drpcAnswers(stormTap), flinkTap: drpcAnswers(flinkTap), replayFiles, stormAgain };
}

/**
 * A DRPC topology's taps: only the answers to verify's requests. Its components' tuples carry the request ids
 * PrepareRequest draws at random (and the DRPC server's id), so they differ between any two runs, even on one engine.
 */
function drpcAnswers(tap: TapRecord[]): TapRecord[] {
  return tap.some((r) => r.component === DRPC_ANSWERS) ? tap.filter((r) => r.component === DRPC_ANSWERS) : tap;
}

/** The note saying which DRPC requests were compared. */
function drpcNote(tap: TapRecord[], fromData: boolean): string | undefined {
  const answers = tap.filter((r) => r.component === DRPC_ANSWERS);
  if (answers.length === 0) return undefined;
  const shown = answers.slice(0, 10).map((r) => `${r.stream}(${JSON.stringify(r.values[1])})`);
  return `DRPC: the ${answers.length} request(s) ${fromData ? 'in --data' : 'the main made (drpc.execute)'} were sent to the topology on both engines, one after another, and each answer compared (component ${DRPC_ANSWERS}, stream = function): ${shown.join(', ')}${answers.length > shown.length ? ', …' : ''}; the components' own tuples carry random request ids and are not compared`;
}

/** Step 4: the taps compared, with what the runs add to the verdict; a Storm side that disagrees with itself is no verdict. */
async function compare(run: Run, topology: Topology, ran: EngineRuns): Promise<VerifyReport> {
  const { opts, report } = run;
  const { storm, flink } = ran;
  // Two empty taps agree, and prove nothing.
  if (ran.stormTap.length === 0 && ran.flinkTap.length === 0) {
    throw new CouldNotRun(
      'verify-nothing-to-compare',
      'nothing to compare: neither engine emitted a tuple that verify taps; a topology that only answers DRPC requests needs them (its main making them, or --data), one that only writes to an external system shows nothing verify sees',
    );
  }
  const diff = compareTaps(ran.stormTap, ran.flinkTap, {
    topology,
    ignoreFields: opts.ignoreFields,
    tolerance: opts.tolerance,
    atLeastOnce: opts.injectFailure,
  });
  const drpc = drpcNote(ran.stormTap, !!(opts.data && opts.data.length > 0));
  if (drpc) diff.notes.push(drpc);
  if (storm.status === 'timeout') diff.notes.push('Storm did not go quiet before --max-run; its tap was cut there');
  if (flink.status === 'timeout') diff.notes.push('Flink did not go quiet before --max-run; its tap was cut there');
  if (flink.restarts > 0)
    diff.notes.push(
      `Flink: bolt ${JSON.stringify(flink.failedComponent ?? '?')} failed once on purpose after a completed checkpoint and the job restored from it (${flink.restarts} restart); duplicates allowed, missing tuples not`,
    );
  if (flink.restarts > 0 && !diff.equivalent && diff.firstDivergence) {
    diff.notes.push(
      `tuples missing from ${diff.firstDivergence.component} onward after the restore: a bolt that keeps state in its own fields loses it when its task restarts (on Flink as after a Storm worker crash); keep that state in Flink state, or verify this topology without --inject-failure`,
    );
  }
  if (storm.rounds) diff.notes.push(...roundNotes(storm.rounds, flink.rounds));
  const sinks = { ...flink.externalSinks, ...storm.externalSinks };
  for (const [id, what] of Object.entries(sinks)) {
    diff.notes.push(
      `stood in: bolt ${JSON.stringify(id)} (${what.class}) only writes to ${what.system}, which verify does not run: on both engines it acked every tuple and wrote nothing, so what reaches it is compared and the write itself is not`,
    );
  }
  const emitted = new Set([...ran.stormTap, ...ran.flinkTap].map((r) => r.component));
  // A DRPC topology's taps hold only its answers (drpcAnswers): its bolts are not silent.
  const silent = drpc ? [] : topology.components.filter((c) => c.type === 'bolt' && !c.kafkaSink && !emitted.has(c.id) && !(c.id in sinks)).map((c) => c.id);
  if (silent.length > 0) {
    diff.notes.push(
      `not compared: ${silent.join(', ')} emitted nothing on either engine; what such a bolt does (a file, a log, an external system) is outside what verify taps`,
    );
  }
  for (const c of topology.components.filter((x) => x.kafka?.kind === 'storm-kafka')) {
    diff.notes.push(
      `input: spout "${c.id}" is the ZooKeeper-based storm-kafka KafkaSpout; its records were replayed through its own scheme on both engines (verify's broker has no ZooKeeper for it to find), so its reading from Kafka was not exercised: the Flink job reads the topic with a KafkaSource (MIGRATION.md)`,
    );
  }
  if (report.build?.relocated)
    diff.notes.push(
      'build: the Storm 0.x classes (backtype.storm) were relocated to org.apache.storm for both engines, as Storm 1.x clusters did at submit time',
    );
  if (report.build?.stormCore)
    diff.notes.push(
      `build: built against storm-core ${report.build.stormCore} and run on Storm 2.8 with its line's topology.fall.back.on.java.serialization default (true; Storm 2 made it false), unless the topology sets it`,
    );
  for (const sub of report.build?.substitutions ?? []) diff.notes.push(`build: ${sub}`);
  for (const skipped of report.build?.skippedPlugins ?? []) diff.notes.push(`build: left out ${skipped}`);
  if (report.input?.kind === 'captured') {
    diff.notes.unshift(
      `input: no sample data was given, so the original spouts ran on Storm and their first tuples, up to ${report.input.perTask} per task (${report.input.tuples} in all; the capture also ends when the spouts pause for 3 s, or after 20 s), were captured and replayed identically on both engines (kept in --out as input/<spout>.jsonl)`,
    );
  } else if (report.input?.kind === 'trident') {
    // A Trident topology of DRPC streams only (TridentReach) has no spout transactions: its input is the requests.
    const spouts = drpc
      ? 'the DRPC streams were sent the requests below'
      : `its spouts ran as written on both engines for the same first ${report.input.transactions} transactions (--capture sets how many)`;
    diff.notes.unshift(`input: a Trident topology: ${spouts}; Trident's own coordination streams ($batch, $commit, $success, $coord-…) are not compared`);
  }
  report.diff = diff;
  if (!diff.equivalent && !opts.injectFailure) {
    const unstable = await stormAgainstItself(run, topology, ran, diff);
    if (unstable) {
      diff.notes.push(
        unstable.how === 'tuples'
          ? `a later Storm run on the same input differs from the first in ${unstable.component}/${unstable.stream} (${unstable.verdict}): the Storm topology itself gives different output for the same input there (random values, the wall clock, hash order…), so a difference from Flink proves nothing about the translation`
          : `a later Storm run on the same input emitted the same tuples of ${unstable.component}/${unstable.stream} in another order from one task: ${unstable.component} meets its input in an order Storm does not fix (several upstream tasks interleave), and Flink's tuples there differ in values, not in number — values that depend on arrival order (ties ranked by arrival, running values) differ between any two runs, so the difference from Flink proves nothing about the translation`,
      );
      throw new CouldNotRun(
        'verify-storm-nondeterministic',
        `the Storm topology is not deterministic in ${unstable.component}: Storm runs on the same input differ (see the notes); make that component's output depend on its input only, or leave its fields out with --ignore-fields`,
      );
    }
  }
  report.status = diff.equivalent ? 'equivalent' : 'not-equivalent';
  report.exitCode = exitCodeOf(report.status);
  return report;
}

/**
 * Where Storm differs from itself (stormSelfCheck). A second run; when it agrees and Flink differs in values only
 * (equal counts), a third: arrival order shows only in some runs (two runs often interleave alike).
 */
async function stormAgainstItself(run: Run, topology: Topology, ran: EngineRuns, diff: DiffResult): Promise<SelfDivergence | undefined> {
  const opts = { topology, ignoreFields: run.opts.ignoreFields, tolerance: run.opts.tolerance };
  const again = [await ran.stormAgain(1)];
  if (again[0]!.length === 0) return undefined;
  const found = stormSelfCheck(ran.stormTap, again, diff, opts);
  if (found || !diff.streams.some((s) => !s.ok && s.storm === s.flink)) return found;
  again.push(await ran.stormAgain(2));
  return stormSelfCheck(ran.stormTap, again, diff, opts) ?? stormSelfCheck(again[0]!, [again[1]!], diff, opts);
}

const UNRESOLVED_PROPERTY = CATALOG.get('flux-unresolved-property')!.code;

/** Quiet time that closes a round step: no emit, execute or ack for this long (with nothing in flight). */
const ROUND_QUIET_MS = 150;

/** A tick frequency anywhere in the model (component or topology config), or a time window (watermarks tick). */
function hasTicks(t: Topology): boolean {
  const freq = t.config['topology.tick.tuple.freq.secs'];
  return (
    t.components.some((c) => (c.tickFrequencySecs ?? 0) > 0 || c.features?.includes('tick') || timeWindow(c.window)) ||
    (typeof freq === 'number' ? freq > 0 : freq !== undefined && freq !== null)
  );
}

/** About ten rounds over the largest replay file. */
function defaultRecordsPerRound(replay: Map<string, string>): number {
  let lines = 0;
  for (const f of replay.values())
    lines = Math.max(
      lines,
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.trim()).length,
    );
  return Math.max(1, Math.ceil(lines / 10));
}

function timeWindow(w: Topology['components'][number]['window']): boolean {
  return !!w && (w.length?.durationMs !== undefined || w.slide?.durationMs !== undefined || w.timestampField !== undefined);
}

/**
 * Event-time windows (README "Windows"): a tuple below the watermark a wall-clock generator could have reached before
 * it arrived is late or not depending on timing, on either engine; then no verdict.
 */
function lateTuples(storm: RoundsSummary | undefined, flink: RoundsSummary | undefined): void {
  const found: string[] = [];
  for (const [side, r] of [
    ['Storm', storm],
    ['Flink', flink],
  ] as const) {
    for (const [bolt, w] of Object.entries(r?.windows ?? {})) {
      if (w.late === 0) continue;
      const ex = (w.lateExamples ?? [])
        .map((e) => (e.why === 'order' ? `ts ${e.ts} after ${e.watermark} in a count window` : `ts ${e.ts} below ${e.watermark}`) + ` (from ${e.from})`)
        .join('; ');
      found.push(`${bolt} on ${side}: ${w.late} of ${w.tuples} tuple(s)${ex ? `, e.g. ${ex}` : ''}`);
    }
  }
  if (found.length === 0) return;
  throw new CouldNotRun(
    'verify-window-late-tuples',
    `event-time windows whose outcome depends on when watermarks come: ${found.join('; ')}. Each such tuple came after one more than the lag ahead of it, so a run whose watermark timer fired between the two drops it (or sends it to the late-tuple stream) and one whose timer did not keeps it in its window; in a window on a count (length or slide), any tuple not later than every one before it counts or not depending on where the watermarks fell`,
  );
}

/** What the rounds did, and any bolt whose tick frequency differs between the engines. */
function roundNotes(storm: RoundsSummary, flink: RoundsSummary | undefined): string[] {
  const notes = [
    `ticks: ${storm.rounds} round(s) of ${storm.recordsPerRound} record(s), then ${storm.secondsPerRound} simulated second(s) each; ${storm.seconds} s in all; Storm delivered ${storm.ticks} tick(s)` +
      (flink ? `, Flink ${flink.ticks}` : ''),
  ];
  for (const [side, r] of [
    ['Storm', storm],
    ['Flink', flink],
  ] as const) {
    if (!r) continue;
    if (r.status !== 'quiet') notes.push(`ticks: the ${side} rounds ended with ${r.status}`);
    for (const p of r.problems ?? []) notes.push(`ticks (${side}): ${p}`);
  }
  for (const [bolt, w] of Object.entries(storm.windows ?? {})) {
    const f = flink?.windows?.[bolt];
    notes.push(
      `event-time window ${bolt}: watermarks after each round (Storm ${w.watermarks}${f ? `, Flink ${f.watermarks}` : ''}), the last at ${w.lastWatermark ?? 'none'}${f && f.lastWatermark !== w.lastWatermark ? ` (Flink ${f.lastWatermark ?? 'none'})` : ''}; ${w.tuples} tuple(s), none of them possibly late`,
    );
  }
  if (flink) {
    for (const bolt of [...new Set([...Object.keys(storm.tickSecs), ...Object.keys(flink.tickSecs)])].sort()) {
      const a = storm.tickSecs[bolt];
      const b = flink.tickSecs[bolt];
      if (a !== b) notes.push(`ticks: ${bolt} ticks every ${a ?? 'never'}${a ? ' s' : ''} on Storm, every ${b ?? 'never'}${b ? ' s' : ''} on Flink`);
    }
  }
  return notes;
}

/**
 * Where to look for the owning pom: the topology's own source file (a folder may hold several projects, or its
 * project lies below it). The model names the file relative to the folder the analysis ran in (the cwd).
 */
function buildPathOf(t: Topology, topoPath: string, cwd: string): string {
  const file = t.source.file;
  const candidates = [path.resolve(cwd, file), path.resolve(fs.statSync(topoPath).isDirectory() ? topoPath : path.dirname(topoPath), file)];
  return candidates.find((f) => fs.existsSync(f)) ?? topoPath;
}

/** A data file, or a folder holding a file readSamples reads. */
function hasData(p: string): boolean {
  if (!fs.existsSync(p)) return false;
  return !fs.statSync(p).isDirectory() || sampleFilesIn(p).length > 0;
}

/** data/ in the given folder, else the nearest data/ above the given file, up to its project's root (pom.xml). */
export function defaultDataDir(topoPath: string): string {
  const start = fs.statSync(topoPath).isDirectory() ? topoPath : path.dirname(topoPath);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const d = path.join(dir, 'data');
    if (fs.existsSync(d) && fs.statSync(d).isDirectory()) return d;
    if (fs.existsSync(path.join(dir, 'pom.xml')) || dir === path.dirname(dir)) return path.join(start, 'data');
  }
}

/** Static builder method or Flux file from the model's entry. */
export function sourceOf(t: Topology, topoPath: string): TopologySource | null {
  if (t.kind === 'flux') {
    const file = path.isAbsolute(t.source.file)
      ? t.source.file
      : path.resolve(fs.statSync(topoPath).isDirectory() ? topoPath : path.dirname(topoPath), path.basename(t.source.file));
    return { kind: 'flux', file: fs.existsSync(t.source.file) ? path.resolve(t.source.file) : file };
  }
  const cls = t.entry?.className;
  const method = t.entry?.method;
  if (!cls) return null;
  if (!method || method === 'main') return { kind: 'main', className: cls };
  return { kind: 'method', className: cls, method };
}

/** The model's config without the values analysis could not know (null). */
function plainConfig(t: Topology): Record<string, unknown> {
  return Object.fromEntries(Object.entries(t.config).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * The Storm side's config: a project built against storm-core 0.x/1.x gets the defaults of its own line where Storm 2
 * changed them (its classes run on Storm 2.8), under what the topology sets itself. The Flink side needs none: the
 * compat runtime falls back to Java serialization as Storm 1.x did.
 */
function stormConfig(run: Run, t: Topology): Record<string, unknown> {
  return { ...(run.report.build?.stormCore ? STORM1_DEFAULTS : {}), ...plainConfig(t) };
}

/** Storm 1.x's defaults.yaml where Storm 2.x's differs and a topology meets it (Storm 2.0 made the Java-serialization fallback opt-in). */
const STORM1_DEFAULTS = { 'topology.fall.back.on.java.serialization': true };
