// The batch runner behind `storm2flink migrate`: analyze the whole tree once, then run the stage
// plug-ins per topology with bounded concurrency, resume from the previous run, write summary.json.
// Everything it writes goes under --out; the CLI writes the report page from what it returns.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { diagnostic, isDiagnostic, sortDiagnostics } from '../model/diagnostics.js';
import { MODEL_VERSION, type Analysis, type Diagnostic, type Topology } from '../model/topology.js';
import { discover, errMessage } from '../analyzer/discover.js';
import { uniqueFolderNames } from '../translator/names.js';
import { countRuns, findRegressions, topologyFacts } from './facts.js';
import { FileHasher, hashParts, stageInputs, topologyHash } from './hash.js';
import { silentReporter } from './progress.js';
import { STAGE_NAMES, SUMMARY_VERSION, SUMMARY_VERSIONS_READ, type StageName, type StageResult, type Summary, type TopologyRun } from '../model/summary.js';
import type { Reporter, Stage } from './types.js';

export type AnalyzeFn = (paths: string[], opts: { cwd: string; filterFile?: string }) => Promise<Analysis>;

export interface BatchOptions {
  paths: string[];
  out: string;
  cwd?: string;
  verify?: boolean;
  dataDir?: string;
  jobs?: number;
  /** Topology ids or names to run; the others keep their previous results. */
  only?: string[];
  force?: boolean;
  filterFile?: string;
  /** Exit 1 when any topology is blocked or failed a stage (not equivalent, could not verify), or a file did not analyze, not only on regressions. */
  strict?: boolean;
  /** Stage plug-ins after analysis (translate, verify). */
  stages?: Stage[];
  /** The analyzer; the real one by default (loaded lazily). */
  analyze?: AnalyzeFn;
  reporter?: Reporter;
  toolVersion?: string;
}

export interface BatchResult {
  summary: Summary;
  /** The analyzed models, in the summary's order (the report page draws them). */
  topologies: Topology[];
  exitCode: 0 | 1;
  outDir: string;
}

/** A mistake in the arguments (exit 2), not a failure of the batch. */
export class UsageError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export const toolVersion = (): string => (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

const defaultAnalyze: AnalyzeFn = async (paths, opts) => {
  const { analyzePaths } = await import('../analyzer/analyze.js');
  return analyzePaths(paths, { cwd: opts.cwd, filterFile: opts.filterFile });
};

// Folders discover() never walks; an expanded path must not name them explicitly either.
const SKIPPED_DIRS = new Set(['node_modules', 'target', 'build', 'bin', 'out', 'dist']);

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Keeps --out (and the generated Java in it) out of the analysis when it lies inside an analyzed
 * folder, by replacing that folder with its children minus the branch that holds --out.
 */
export function excludeOut(paths: string[], outAbs: string, cwd: string): string[] {
  const result: string[] = [];
  const expand = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      result.push(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (abs === outAbs) continue;
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isDir = fs.statSync(abs).isDirectory();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        if (isInside(outAbs, abs)) expand(abs);
        else result.push(abs);
      } else if (/\.(java|ya?ml)$/i.test(e.name)) {
        result.push(abs);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (abs === outAbs || isInside(abs, outAbs)) continue;
    if (isInside(outAbs, abs)) expand(abs);
    else result.push(p);
  }
  return result;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Runs the analyzer; if it throws (a bug), analyzes file by file so one bad file stops nothing. */
async function analyzeSafely(analyze: AnalyzeFn, paths: string[], cwd: string, filterFile: string | undefined, files: string[]): Promise<Analysis> {
  try {
    return await analyze(paths, { cwd, filterFile });
  } catch (e) {
    const merged: Analysis = {
      version: MODEL_VERSION,
      topologies: [],
      diagnostics: [],
      stats: { files: 0, javaFiles: 0, fluxFiles: 0, skipped: 0, failed: 0 },
    };
    merged.diagnostics.push(
      diagnostic('internal-error', { file: paths.join(' ') }, `the analyzer failed on the whole tree (${errMessage(e)}); analyzing file by file`),
    );
    for (const f of files) {
      try {
        const a = await analyze([f], { cwd, filterFile });
        merged.topologies.push(...a.topologies);
        merged.diagnostics.push(...a.diagnostics);
        if (a.stats && merged.stats) {
          for (const k of Object.keys(merged.stats) as (keyof typeof a.stats)[]) merged.stats[k] += a.stats[k];
        }
      } catch (err) {
        merged.diagnostics.push(
          diagnostic('internal-error', { file: path.relative(cwd, f).split(path.sep).join('/') }, `internal error while analyzing: ${errMessage(err)}`),
        );
        if (merged.stats) merged.stats.failed++;
      }
    }
    const seen = new Map<string, number>();
    merged.topologies = merged.topologies.map((t) => {
      const n = (seen.get(t.id) ?? 0) + 1;
      seen.set(t.id, n);
      return n === 1 ? t : { ...t, id: `${t.id}-${n}` };
    });
    merged.diagnostics = sortDiagnostics(merged.diagnostics);
    return merged;
  }
}

async function pool<T>(items: T[], jobs: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

function dataFolder(dataDir: string | undefined, t: Topology): string | undefined {
  if (!dataDir) return undefined;
  for (const name of [t.id, t.name]) {
    if (!name) continue;
    const d = path.join(dataDir, name);
    if (isInside(d, dataDir) && fs.existsSync(d) && fs.statSync(d).isDirectory()) return d;
  }
  return undefined;
}

function analyzeResult(t: Topology): StageResult {
  const internal = t.diagnostics.find((d) => isDiagnostic(d, 'internal-error'));
  return internal ? { status: 'failed', reason: internal.message } : { status: 'ok' };
}

/** A previous result can stand in when it was a real outcome and its files are still there. */
function reusable(prev: StageResult | undefined, topoDir: string): prev is StageResult {
  if (!prev || prev.status === 'not-run' || prev.status === 'skipped') return false;
  return (prev.files ?? []).every((f) => fs.existsSync(path.join(topoDir, f)));
}

export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const outAbs = path.resolve(cwd, opts.out);
  const version = opts.toolVersion ?? toolVersion();
  const reporter = opts.reporter ?? silentReporter;
  const stages = opts.stages ?? [];
  const jobs = Math.max(1, opts.jobs ?? 2);
  const dataDir = opts.dataDir ? path.resolve(cwd, opts.dataDir) : undefined;
  const analyze = opts.analyze ?? defaultAnalyze;

  if (fs.existsSync(outAbs) && !fs.statSync(outAbs).isDirectory())
    throw new UsageError(diagnostic('out-not-a-folder', { file: opts.out }, `--out ${opts.out} exists and is not a folder`));
  fs.mkdirSync(outAbs, { recursive: true });
  // The previous run is read even with --force: regressions are judged against it.
  const previous = readJson<Summary>(path.join(outAbs, 'summary.json'));
  const prevValid = previous && SUMMARY_VERSIONS_READ.includes(previous.version) && Array.isArray(previous.topologies) ? previous : undefined;
  const reuse = opts.force !== true;

  // 1. Analysis, reused as a whole when no analyzed file changed.
  const paths = excludeOut(opts.paths, outAbs, cwd);
  const found = discover(paths, cwd);
  const hasher = new FileHasher();
  const candidates = [...found.javaFiles, ...found.yamlFiles].sort();
  const analysisHash = hashParts([
    `tool=${version}`,
    `filter=${opts.filterFile ? hasher.file(path.resolve(cwd, opts.filterFile)) : ''}`,
    ...candidates.map((f) => `${path.relative(cwd, f)}=${hasher.file(f)}`),
  ]);
  const analysisFile = path.join(outAbs, 'analysis.json');
  const t0 = Date.now();
  let analysis: Analysis | undefined;
  let analysisReused = false;
  if (reuse && prevValid?.analysisHash === analysisHash) {
    analysis = readJson<Analysis>(analysisFile);
    analysisReused = analysis?.version === MODEL_VERSION && Array.isArray(analysis.topologies);
    if (!analysisReused) analysis = undefined;
  }
  if (!analysis) {
    analysis = await analyzeSafely(analyze, paths, cwd, opts.filterFile, candidates);
    writeAtomic(analysisFile, JSON.stringify(analysis, null, 2) + '\n');
  }
  reporter.event({ type: 'analysis', reused: analysisReused, topologies: analysis.topologies.length, files: candidates.length, durationMs: Date.now() - t0 });

  const topologies = analysis.topologies;
  const folders = uniqueFolderNames(topologies.map((t) => t.id));
  let selected: Set<string> | undefined;
  if (opts.only && opts.only.length > 0) {
    selected = new Set();
    const unknown: string[] = [];
    for (const name of opts.only) {
      const hits = topologies.filter((t) => t.id === name || t.name === name);
      if (hits.length === 0) unknown.push(name);
      for (const h of hits) selected.add(h.id);
    }
    if (unknown.length > 0) {
      throw new UsageError(
        diagnostic(
          'unknown-topology-name',
          { file: '(command line)' },
          `--only: no topology named ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${topologies.map((t) => t.id).join(', ') || 'none'})`,
        ),
      );
    }
  }

  // 2. Stages per topology, bounded concurrency, each one isolated.
  const prevById = new Map((prevValid?.topologies ?? []).map((r) => [r.id, r]));
  const stageKeys = stages.map((s) => `${s.name}@${s.version ?? '0'}`);
  const runs: TopologyRun[] = new Array(topologies.length);
  let done = 0;
  reporter.event({ type: 'start', total: topologies.length, jobs });
  const controller = new AbortController();

  try {
    await pool(topologies, jobs, async (t, i) => {
      const folder = folders[i]!;
      const topoDir = path.join(outAbs, 'topologies', folder);
      const tData = dataFolder(dataDir, t);
      const hashOf = (read: string[]) => topologyHash({ topology: t, cwd, toolVersion: version, dataDir: tData, stages: stageKeys, read, hasher });
      const prev = prevById.get(t.id);
      // The previous run's hash covered what its stages read (a helper class, a resource): those files as they are now.
      const same = reuse && prev !== undefined && prev.inputHash === hashOf(stageInputs(Object.values(prev.stages)));
      const isSelected = !selected || selected.has(t.id);
      const results: Partial<Record<StageName, StageResult>> = {};
      const blocker = t.diagnostics.find((d) => d.blocker);

      const end = (stage: StageName, r: StageResult) => {
        results[stage] = r;
        reporter.event({ type: 'stage-end', id: t.id, stage, result: r });
      };

      const analyzeReused = same && prev.stages.analyze?.status !== 'not-run';
      let redone = !analyzeReused;
      end('analyze', analyzeReused ? { ...prev.stages.analyze, reused: true } : analyzeResult(t));
      fs.mkdirSync(topoDir, { recursive: true });

      let previousRan: StageName = 'analyze';
      for (const name of STAGE_NAMES) {
        if (name === 'analyze') continue;
        const plugin = stages.find((s) => s.name === name);
        const prevResult = same ? prev.stages[name] : undefined;
        if (!isSelected) {
          end(name, prevResult && prevResult.status !== 'not-run' ? { ...prevResult, reused: true } : { status: 'skipped', reason: 'not selected (--only)' });
          continue;
        }
        if (blocker) {
          end(name, { status: 'blocked', reason: `${blocker.code}: ${blocker.message}` });
          continue;
        }
        if (!plugin) {
          end(name, { status: 'not-run', reason: `no ${name} stage in this build` });
          continue;
        }
        const depName = previousRan;
        const dep = results[depName]!;
        previousRan = name;
        if (dep.status !== 'ok') {
          end(name, { status: 'not-run', reason: `${depName} ${dep.status}` });
        } else if (name === 'verify' && !opts.verify) {
          end(name, { status: 'not-run', reason: 'run with --verify' });
        } else if (reusable(prevResult, topoDir)) {
          end(name, { ...prevResult, reused: true });
        } else {
          redone = true;
          reporter.event({ type: 'stage-start', id: t.id, stage: name });
          const s0 = Date.now();
          let r: StageResult;
          try {
            r = await plugin.run({
              topology: t,
              folder,
              outDir: topoDir,
              dataDir: tData,
              cwd,
              earlier: { ...results },
              signal: controller.signal,
              progress: (message) => reporter.event({ type: 'stage-progress', id: t.id, stage: name, message }),
            });
          } catch (e) {
            // A throw is a bug in the stage; the batch goes on. A file system error names its file, to be reported.
            const file = (e as NodeJS.ErrnoException | null)?.path;
            r = { status: 'failed', reason: `internal error: ${errMessage(e)}${file ? ` on ${file}` : ''}` };
          }
          end(name, { ...r, durationMs: r.durationMs ?? Date.now() - s0 });
        }
      }

      const stageResults = results as Record<StageName, StageResult>;
      const inputHash = hashOf(stageInputs(Object.values(stageResults)));
      runs[i] = {
        id: t.id,
        folder,
        name: t.name,
        kind: t.kind,
        source: t.source,
        files: t.files,
        inputHash,
        selected: isSelected,
        redone,
        stages: stageResults,
        facts: topologyFacts(t, stageResults),
      };
      done++;
      reporter.event({ type: 'topology-end', id: t.id, done, total: topologies.length, stages: stageResults });
    });
  } finally {
    for (const s of stages) await s.close?.();
  }

  // 3. Summary and regressions.
  const inTopology = new Set(topologies.flatMap((t) => t.files));
  const failedByFile = new Map<string, Diagnostic[]>();
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error' || inTopology.has(d.file)) continue;
    failedByFile.set(d.file, [...(failedByFile.get(d.file) ?? []), d]);
  }
  const failedFiles = [...failedByFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, diagnostics]) => ({ file, diagnostics }));
  const regressions = findRegressions(prevValid, runs, (f) => fs.existsSync(path.resolve(cwd, f)));
  const summary: Summary = {
    version: SUMMARY_VERSION,
    tool: { name: 'storm2flink', version },
    generatedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    options: {
      paths: opts.paths,
      verify: opts.verify === true,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.only && opts.only.length > 0 ? { only: opts.only } : {}),
    },
    analysisHash,
    counts: countRuns(runs, failedFiles.length),
    topologies: runs,
    failedFiles,
    diagnostics: analysis.diagnostics,
    ...(analysis.stats ? { stats: analysis.stats } : {}),
    regressions,
  };
  writeAtomic(path.join(outAbs, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const notOk = summary.counts.blocked + summary.counts.failed + summary.counts.failedFiles > 0;
  return { summary, topologies, exitCode: regressions.length > 0 || (opts.strict === true && notOk) ? 1 : 0, outDir: outAbs };
}
