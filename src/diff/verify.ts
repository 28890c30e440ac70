// verify, end to end: analyze → samples → build → broker → replay → Storm → Flink → compare → report.
// Every stage's failure becomes a could-not-run report (exit 2) with the reason; nothing is left running.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseProperties } from 'dot-properties';
import { analyzePaths } from '../analyzer/analyze.js';
import { CATALOG, sortDiagnostics } from '../model/diagnostics.js';
import type { Analysis, Diagnostic, Topology } from '../model/topology.js';
import { folderName } from '../translator/names.js';
import { connectBroker, startBroker, type Broker } from './broker.js';
import { buildUserProject } from './build.js';
import { compareTaps } from './compare.js';
import { batchEngines, type Engines } from './engines.js';
import { flinkSide, type FlinkRunResult } from './flink.js';
import { flinkMiniCluster } from './flink-side.js';
import { CouldNotRun } from './jvm.js';
import { grownTopics, outputTaps } from './outputs.js';
import { endOffsets, inputsOf, planReplay, produceRecords, recordCounts, topicsOf, writeReplayFiles, type TopicOffsets } from './replay.js';
import { readSamples } from './samples.js';
import { runStorm, type RoundsSummary, type StormRunResult, type StormKafkaOptions, type TickSettings, type TopologySource } from './storm.js';
import { readTap } from './tap.js';
import { exitCodeOf, REPORT_VERSION, type VerifyReport } from './render.js';

export interface VerifyOptions {
  /** Source folder, Java file or Flux file. */
  topology: string;
  /** Which topology when the path holds several (its id or name). */
  topologyId?: string;
  data?: string[];
  translated?: string;
  bootstrapServers?: string;
  classpath?: string[];
  /** Overrides how the Storm runner gets the topology (default: the model's entry). */
  source?: TopologySource;
  /** Program arguments for the user's code (its main, or a builder's String[] parameter), on both engines. */
  args?: string[];
  /** Without sample data: tuples captured per spout task from the original spouts on Storm (default 1000). */
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
  /** The path's analysis when the caller already has it. */
  analysis?: Analysis;
  /** A batch's shared broker and Storm runners (engines.ts); without them each run starts its own. */
  engines?: Engines;
}

/** Every topology the path holds (or the one --topology-id names), one report each, in the model's order. */
export async function verifyAll(opts: VerifyOptions): Promise<VerifyReport[]> {
  const cwd = opts.cwd ?? process.cwd();
  const topoPath = path.resolve(cwd, opts.topology);
  if (opts.topologyId || !fs.existsSync(topoPath)) return [await verify(opts)];
  const analysis = opts.analysis ?? (await analyzePaths([topoPath], { cwd, filterFile: opts.filterFile }));
  if (analysis.topologies.length <= 1) return [await verify({ ...opts, analysis })];
  const reports: VerifyReport[] = [];
  const engines = opts.engines ?? batchEngines(1, opts.env);
  try {
    for (const t of analysis.topologies) {
      opts.onProgress?.(`${t.id}`);
      const out = opts.out ? path.join(path.resolve(cwd, opts.out), folderName(t.id)) : undefined;
      reports.push(await verify({ ...opts, analysis, topologyId: t.id, out, engines }));
    }
  } finally {
    if (!opts.engines) await engines.close();
  }
  return reports;
}

export async function verify(opts: VerifyOptions): Promise<VerifyReport> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const report: VerifyReport = {
    version: REPORT_VERSION,
    topology: opts.topology,
    status: 'could-not-run',
    exitCode: 2,
    ran: { broker: false, replay: false, storm: false, flink: false },
    diagnostics: [],
    timings: {},
  };
  const timed = async <T>(stage: string, f: () => Promise<T>): Promise<T> => {
    opts.onProgress?.(stage);
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      report.timings[stage] = Date.now() - t0;
    }
  };
  const work = opts.out ? path.resolve(cwd, opts.out) : fs.mkdtempSync(path.join(os.tmpdir(), 's2f-verify-'));
  fs.mkdirSync(work, { recursive: true });
  let broker: Broker | null = null;
  let hint = '';
  const fail = (reason: string, detail?: string): VerifyReport => {
    report.status = 'could-not-run';
    report.exitCode = 2;
    report.reason = reason;
    if (detail) report.detail = detail;
    return report;
  };

  try {
    // 1. The model.
    const topoPath = path.resolve(cwd, opts.topology);
    if (!fs.existsSync(topoPath)) return fail(`${opts.topology} does not exist`);
    const analysis = opts.analysis ?? (await timed('analyze', () => analyzePaths([topoPath], { cwd, filterFile: opts.filterFile })));
    const byId = analysis.topologies.filter((t) => t.id === opts.topologyId);
    const candidates = !opts.topologyId ? analysis.topologies : byId.length > 0 ? byId : analysis.topologies.filter((t) => t.name === opts.topologyId);
    if (candidates.length === 0) return fail(opts.topologyId ? `no topology "${opts.topologyId}" in ${opts.topology}` : `no Storm topology found in ${opts.topology}`);
    if (candidates.length > 1) return fail(`${opts.topology} holds ${candidates.length} topologies (${candidates.map((t) => t.id).join(', ')}); choose one with --topology-id`);
    const topology = candidates[0]!;
    report.topology = topology.id;
    if (topology.blocked) {
      const codes = [...new Set(topology.diagnostics.filter((d) => d.blocker).map((d) => `${d.code} ${d.message}`))];
      return fail(`the topology cannot be translated: ${codes.join('; ')}`);
    }

    // Wall-clock windows cannot be aligned (README "Ticks"): say so instead of giving a verdict that may flip.
    const clockWindows = topology.components.filter((c) => c.window && (c.window.length?.durationMs !== undefined || c.window.slide?.durationMs !== undefined || c.window.timestampField !== undefined));
    if (clockWindows.length > 0) {
      return fail(
        `time-based windows cannot be verified deterministically: ${clockWindows.map((c) => `${c.id} (${windowWhy(c.window!)})`).join(', ')} ` +
          'fire on wall-clock time (Storm\'s WindowManager timers and watermarks run on System.currentTimeMillis on both engines, outside simulated time); use count windows to verify, or test these bolts with unit tests',
      );
    }

    // 2. Sample data and where it goes. None given or found: the original spouts' output, captured on Storm (below).
    const dataPaths = opts.data && opts.data.length > 0 ? opts.data : [defaultDataDir(topoPath)];
    const { inputs, problems } = inputsOf(topology);
    const captureInput = (!opts.data || opts.data.length === 0) && !hasData(dataPaths[0]!) && inputs.length > 0 && inputs.every((i) => i.kind === 'spout');
    const files = captureInput ? [] : readSamples(dataPaths, { cwd });
    const plan = planReplay(files, captureInput ? [] : inputs);
    report.diagnostics = sortDiagnostics([...files.flatMap((f) => f.diagnostics), ...plan.diagnostics]);
    if (report.diagnostics.some((d: Diagnostic) => d.severity === 'error')) return fail('the sample data has errors (see above)');
    if (problems.length > 0) return fail(problems.join('; '));
    if (inputs.length === 0) return fail('no input: the topology has no spout to replay into and no Kafka spout topic');
    for (const i of inputs) {
      if (i.kind === 'kafka-pattern' && topicsOf(i, plan).length === 0) {
        return fail(`no sample data for Kafka spout "${i.spout}": it subscribes to the pattern ${i.pattern}; name sample files after topics it matches (<topic>.jsonl) or give records a "topic"`);
      }
    }

    // 3. The topology's classes: --classpath, else its Maven project (cached; before the broker so a compile
    // error costs nothing else).
    let source = opts.source ?? sourceOf(topology, topoPath);
    if (source && source.kind !== 'flux') source = { ...source, ...(opts.args ? { args: opts.args } : {}), submission: topology.name ?? undefined };
    if (!source) return fail('cannot tell how to build the topology: no static builder method or Flux file in the model; pass --entry Class#method');
    const filterFile = opts.filterFile ? path.resolve(cwd, opts.filterFile) : undefined;
    let systemProperties: Record<string, string> | undefined;
    if (filterFile) {
      if (!fs.existsSync(filterFile)) return fail(`--filter ${opts.filterFile} does not exist`);
      systemProperties = parseProperties(fs.readFileSync(filterFile, 'utf8')) as Record<string, string>;
    }
    if (source.kind === 'flux') {
      if (filterFile) source = { ...source, filter: filterFile };
      // Not fatal (verify supplies some itself, e.g. Kafka servers), but the likely cause when a run fails.
      const unresolved = topology.diagnostics.filter((d) => d.code === UNRESOLVED_PROPERTY);
      if (unresolved.length > 0) {
        hint = ` (placeholders without a value: ${unresolved.map((d) => `${d.file}:${d.line}:${d.column} ${d.message.replace(/\.$/, '')}`).join('; ')}; pass --filter <file.properties> as you would to flux --filter)`;
      }
    }
    let classpath = (opts.classpath ?? []).map((p) => path.resolve(cwd, p));
    if (classpath.length === 0) {
      const built = await timed('build', () => buildUserProject(buildPathOf(topology, topoPath), { env, skip: [work] }));
      classpath = built.classpath;
    }

    // 4. Broker and replay into Kafka. KafkaBolts need the broker too, whatever the spouts are.
    const sinkTopics = [...new Set(topology.components.flatMap((c) => (c.kafkaSink?.topic ? [c.kafkaSink.topic] : [])))];
    const needsKafka = plan.kafka.size > 0 || topology.components.some((c) => c.kafkaSink);
    let stormKafka: StormKafkaOptions | undefined;
    // Own broker: every topic a run grows is an output topic (dynamic topic selectors included). A shared
    // cluster has other writers, so only the model's KafkaBolt topics are read back there.
    const snapshot = () => endOffsets(broker!.bootstrapServers, opts.bootstrapServers ? sinkTopics : undefined);
    let beforeStorm: TopicOffsets = new Map();
    if (needsKafka) {
      broker = await timed('broker', () => (opts.bootstrapServers ? connectBroker(opts.bootstrapServers) : opts.engines ? opts.engines.broker.lease() : startBroker({ env })));
      report.ran.broker = true;
      const bootstrapServers = broker.bootstrapServers;
      await timed('replay', () => produceRecords(bootstrapServers, plan.kafka));
      // What a spout reading from EARLIEST gets: the Storm runner is done once each Kafka spout consumed that.
      const held = await recordCounts(bootstrapServers, [...plan.kafka.keys()]);
      const expected: Record<string, number> = {};
      for (const i of inputs) for (const topic of topicsOf(i, plan)) expected[i.spout] = (expected[i.spout] ?? 0) + (held.get(topic) ?? 0);
      const run = `s2f-verify-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      stormKafka = { bootstrapServers, groupPrefix: `${run}-storm`, expected };
      beforeStorm = await snapshot();
    }
    let replayFiles = writeReplayFiles(path.join(work, 'replay'), plan);
    if (captureInput) {
      const limit = opts.captureLimit ?? 1000;
      const dir = path.join(work, 'input');
      const captured = await timed('capture', () =>
        runStorm({ classpath, source: source!, workDir: path.join(work, 'capture'), config: plainConfig(topology), captureInput: { dir, limit }, env, quietMs: opts.quietMs, maxRunMs: opts.maxRunMs }),
      );
      if (!captured.captured) return fail(`no sample data given or found (${path.relative(cwd, dataPaths[0]!) || '.'}) and the topology's spouts emitted nothing on Storm to capture; give sample data with --data`);
      replayFiles = new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => [f.slice(0, -'.jsonl'.length), path.join(dir, f)]));
      report.input = { kind: 'captured', tuples: captured.captured, perTask: limit, files: [...replayFiles.values()] };
    }
    report.ran.replay = true;

    // 5. Storm, then 6. Flink. Without Kafka (output topics are told apart by the offsets between the runs) and
    // without ticks (Flink runs the rounds Storm ran), the two engines run at the same time.
    const ticks: TickSettings = { recordsPerRound: opts.tickEveryRecords ?? defaultRecordsPerRound(replayFiles), secondsPerRound: 0, quietMs: ROUND_QUIET_MS };
    const runStormSide = () =>
      timed('storm', () =>
        runStorm({ classpath, source, workDir: path.join(work, 'storm'), replay: replayFiles, config: plainConfig(topology), kafka: stormKafka, quietMs: opts.quietMs, maxRunMs: opts.maxRunMs, ticks, env, servers: opts.engines?.storm }),
      );
    const side = flinkSide() ?? flinkMiniCluster;
    const runFlinkSide = (rounds: RoundsSummary | undefined) =>
      timed('flink', () =>
        side.run({
          topology,
          args: opts.args,
          translatedProject: opts.translated ? path.resolve(cwd, opts.translated) : undefined,
          classpath,
          systemProperties,
          workDir: path.join(work, 'flink'),
          cwd,
          bootstrapServers: broker?.bootstrapServers,
          kafkaGroupPrefix: stormKafka?.groupPrefix.replace(/-storm$/, '-flink'),
          replay: replayFiles,
          tapFile: path.join(work, 'flink', 'flink.tap.jsonl'),
          injectFailure: opts.injectFailure ?? false,
          quietMs: opts.quietMs ?? 1500,
          maxRunMs: opts.maxRunMs ?? 120_000,
          // Flink runs the rounds Storm ran (same records per round, same seconds per round).
          ticks: rounds ? { recordsPerRound: rounds.recordsPerRound, secondsPerRound: rounds.secondsPerRound, quietMs: ROUND_QUIET_MS } : undefined,
          env,
          servers: opts.engines?.flink,
        }),
      );
    const together = !needsKafka && !hasTicks(topology);
    let storm: StormRunResult;
    let flink: FlinkRunResult;
    let afterStorm: TopicOffsets = new Map();
    if (together) {
      const [s, f] = await Promise.allSettled([runStormSide(), runFlinkSide(undefined)]);
      if (s.status === 'rejected') throw s.reason;
      if (f.status === 'rejected') throw f.reason;
      storm = s.value;
      // Ticks the model did not see (a frequency set at run time): Flink again, in Storm's rounds.
      flink = storm.rounds ? await runFlinkSide(storm.rounds) : f.value;
    } else {
      storm = await runStormSide();
      if (needsKafka) afterStorm = await snapshot();
      flink = await runFlinkSide(storm.rounds);
    }
    report.ran.storm = true;
    report.ran.flink = true;
    if (storm.rounds) report.rounds = { storm: storm.rounds, ...(flink.rounds ? { flink: flink.rounds } : {}) };
    const stormTap = readTap([storm.tapFile], 'storm');
    const flinkTap = readTap([flink.tapFile], 'flink');

    // 6b. Output topics: each engine's records are the offsets its run added.
    if (needsKafka) {
      const afterFlink = await snapshot();
      const topics = new Set(sinkTopics);
      if (!opts.bootstrapServers) {
        for (const t of [...storm.outputTopics, ...grownTopics(beforeStorm, afterStorm), ...grownTopics(afterStorm, afterFlink)]) topics.add(t);
      }
      const out = await timed('outputs', () => outputTaps(broker!.bootstrapServers, [...topics].filter((t) => afterFlink.has(t)).sort(), { beforeStorm, afterStorm, afterFlink }));
      stormTap.push(...out.storm);
      flinkTap.push(...out.flink);
    }

    // 7. Compare.
    const diff = compareTaps(stormTap, flinkTap, { topology, ignoreFields: opts.ignoreFields, tolerance: opts.tolerance, atLeastOnce: opts.injectFailure });
    if (storm.status === 'timeout') diff.notes.push('Storm did not go quiet before --max-run; its tap was cut there');
    if (flink.status === 'timeout') diff.notes.push('Flink did not go quiet before --max-run; its tap was cut there');
    if (flink.restarts > 0) diff.notes.push(`Flink: bolt ${JSON.stringify(flink.failedComponent ?? '?')} failed once on purpose after a completed checkpoint and the job restored from it (${flink.restarts} restart); duplicates allowed, missing tuples not`);
    if (flink.restarts > 0 && !diff.equivalent && diff.firstDivergence) {
      diff.notes.push(`tuples missing from ${diff.firstDivergence.component} onward after the restore: a bolt that keeps state in its own fields loses it when its task restarts (on Flink as after a Storm worker crash); keep that state in Flink state, or verify this topology without --inject-failure`);
    }
    if (storm.rounds) diff.notes.push(...roundNotes(storm.rounds, flink.rounds));
    if (report.input) {
      diff.notes.unshift(
        `input: no sample data was given, so the original spouts ran on Storm and their first ${report.input.perTask} tuples per task (${report.input.tuples} in all) were captured and replayed identically on both engines (kept in --out as input/<spout>.jsonl)`,
      );
    }
    report.diff = diff;
    report.status = diff.equivalent ? 'equivalent' : 'not-equivalent';
    report.exitCode = exitCodeOf(report.status);
    return report;
  } catch (e) {
    if (e instanceof CouldNotRun) return fail(e.message + hint, e.detail);
    throw e;
  } finally {
    await broker?.stop();
    if (!opts.out) fs.rmSync(work, { recursive: true, force: true });
  }
}

const UNRESOLVED_PROPERTY = CATALOG.get('flux-unresolved-property')!.code;

/** Quiet time that closes a round step: no emit, execute or ack for this long (with nothing in flight). */
const ROUND_QUIET_MS = 150;

/** A tick frequency anywhere in the model (component or topology config). */
function hasTicks(t: Topology): boolean {
  const freq = t.config['topology.tick.tuple.freq.secs'];
  return t.components.some((c) => (c.tickFrequencySecs ?? 0) > 0 || c.features?.includes('tick')) || (typeof freq === 'number' ? freq > 0 : freq !== undefined && freq !== null);
}

/** About ten rounds over the largest replay file. */
function defaultRecordsPerRound(replay: Map<string, string>): number {
  let lines = 0;
  for (const f of replay.values()) lines = Math.max(lines, fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length);
  return Math.max(1, Math.ceil(lines / 10));
}

function windowWhy(w: NonNullable<Topology['components'][number]['window']>): string {
  if (w.timestampField !== undefined) return `event time on field "${w.timestampField}"`;
  const ms = w.length?.durationMs ?? w.slide?.durationMs;
  return `${w.length?.durationMs !== undefined ? 'length' : 'slide'} ${ms} ms`;
}

/** What the rounds did, and any bolt whose tick frequency differs between the engines. */
function roundNotes(storm: RoundsSummary, flink: RoundsSummary | undefined): string[] {
  const notes = [
    `ticks: ${storm.rounds} round(s) of ${storm.recordsPerRound} record(s), then ${storm.secondsPerRound} simulated second(s) each; ${storm.seconds} s in all; Storm delivered ${storm.ticks} tick(s)` +
      (flink ? `, Flink ${flink.ticks}` : ''),
  ];
  for (const [side, r] of [['Storm', storm], ['Flink', flink]] as const) {
    if (!r) continue;
    if (r.status !== 'quiet') notes.push(`ticks: the ${side} rounds ended with ${r.status}`);
    for (const p of r.problems ?? []) notes.push(`ticks (${side}): ${p}`);
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

/** Where to look for the owning pom: the topology's own source file (a folder may hold several projects). */
function buildPathOf(t: Topology, topoPath: string): string {
  const file = t.source.file;
  if (path.isAbsolute(file) && fs.existsSync(file)) return file;
  const near = path.resolve(fs.statSync(topoPath).isDirectory() ? topoPath : path.dirname(topoPath), file);
  return fs.existsSync(near) ? near : topoPath;
}

/** A data file or folder that holds at least one file. */
function hasData(p: string): boolean {
  if (!fs.existsSync(p)) return false;
  return !fs.statSync(p).isDirectory() || fs.readdirSync(p).some((n) => !n.startsWith('.'));
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
    const file = path.isAbsolute(t.source.file) ? t.source.file : path.resolve(fs.statSync(topoPath).isDirectory() ? topoPath : path.dirname(topoPath), path.basename(t.source.file));
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
