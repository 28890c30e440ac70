// `storm2flink verify <path>`'s path work: analyze the path, pick its topologies (or the one --topology-id names),
// and verify each against its model (src/diff/verify.ts takes a topology, not a path).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../analyzer/analyze.js';
import { nearestPom } from '../diff/build.js';
import { batchEngines } from '../diff/engines.js';
import { flinkSide, registerFlinkSide } from '../diff/flink.js';
import { flinkMiniClusterFor } from '../diff/flink-side.js';
import { FLINK, type FlinkLine } from '../translator/versions.js';
import { REPORT_VERSION, type VerifyReport } from '../diff/verify-report.js';
import { verifyTopology, type VerifyOptions } from '../diff/verify.js';
import { CATALOG, type CouldNotRunName } from '../model/diagnostics.js';
import type { Analysis } from '../model/topology.js';
import { uniqueFolderNames } from '../translator/names.js';

export interface VerifyPathOptions extends VerifyOptions {
  /** Source folder, Java file or Flux file. */
  topology: string;
  /** Which topology when the path holds several (its id or name). */
  topologyId?: string;
  /** A translated project someone kept and edited: run instead of a fresh translation. */
  translated?: string;
  /** The path's analysis when the caller already has it. */
  analysis?: Analysis;
  /** The Flink line the translated job runs on (translate --flink): 1.20 by default. */
  flink?: FlinkLine;
}

/** Every topology the path holds (or the one --topology-id names), one report each, in the model's order. */
export async function verifyPaths(opts: VerifyPathOptions): Promise<VerifyReport[]> {
  const cwd = opts.cwd ?? process.cwd();
  const topoPath = path.resolve(cwd, opts.topology);
  if (opts.topologyId || !fs.existsSync(topoPath)) return [await verifyPath(opts)];
  const analysis = opts.analysis ?? (await analyzeTopologyPath(topoPath, cwd, opts.filterFile));
  if (analysis.topologies.length <= 1) return [await verifyPath({ ...opts, analysis })];
  const reports: VerifyReport[] = [];
  const engines = opts.engines ?? batchEngines(1, opts.env);
  try {
    const folders = uniqueFolderNames(analysis.topologies.map((t) => t.id));
    for (const [i, t] of analysis.topologies.entries()) {
      opts.onProgress?.(`${t.id}`);
      const out = opts.out ? path.join(path.resolve(cwd, opts.out), folders[i]!) : undefined;
      reports.push(await verifyPath({ ...opts, analysis, topologyId: t.id, out, engines }));
    }
  } finally {
    if (!opts.engines) await engines.close();
  }
  return reports;
}

/** The one topology the path holds (or --topology-id names), verified (on the Flink line `flink` names). */
export async function verifyPath(opts: VerifyPathOptions): Promise<VerifyReport> {
  if (!opts.flink || opts.flink === '1.20') return verifyOne(opts);
  // The Flink side for that line, for this run only (registerFlinkSide is what a test swaps too).
  const before = flinkSide();
  registerFlinkSide(flinkMiniClusterFor(opts.flink));
  try {
    const report = await verifyOne(opts);
    report.diff?.notes.push(`flink: the translated job ran on Flink ${FLINK[opts.flink].version} (--flink ${opts.flink})`);
    return report;
  } finally {
    registerFlinkSide(before);
  }
}

async function verifyOne(opts: VerifyPathOptions): Promise<VerifyReport> {
  const cwd = opts.cwd ?? process.cwd();
  const topoPath = path.resolve(cwd, opts.topology);
  const cannot = (kind: CouldNotRunName, reason: string): VerifyReport => ({
    version: REPORT_VERSION,
    topology: opts.topologyId ?? opts.topology,
    status: 'could-not-run',
    exitCode: 2,
    code: CATALOG.get(kind)!.code,
    reason,
    ran: { broker: false, replay: false, storm: false, flink: false },
    diagnostics: [],
    timings: {},
  });
  if (!fs.existsSync(topoPath)) return cannot('path-not-found', `${opts.topology} does not exist`);
  const t0 = Date.now();
  const analysis = opts.analysis ?? (await analyzeTopologyPath(topoPath, cwd, opts.filterFile));
  const analyzeMs = Date.now() - t0;
  const byId = analysis.topologies.filter((t) => t.id === opts.topologyId);
  const candidates = !opts.topologyId ? analysis.topologies : byId.length > 0 ? byId : analysis.topologies.filter((t) => t.name === opts.topologyId);
  if (candidates.length === 0)
    return cannot(
      'verify-topology-not-found',
      opts.topologyId ? `no topology "${opts.topologyId}" in ${opts.topology}` : `no Storm topology found in ${opts.topology}`,
    );
  if (candidates.length > 1)
    return cannot(
      'verify-topology-ambiguous',
      `${opts.topology} holds ${candidates.length} topologies (${candidates.map((t) => t.id).join(', ')}); choose one with --topology-id`,
    );
  const topology = candidates[0]!;
  const report = await verifyTopology(topology, { source: topoPath, ...(opts.translated ? { edited: path.resolve(cwd, opts.translated) } : {}) }, opts);
  if (!opts.analysis) report.timings = { analyze: analyzeMs, ...report.timings };
  return report;
}

/**
 * The path's analysis. A Java file is analyzed with the rest of its project (the nearest pom's folder, else its
 * package's source root) and only its own topologies kept: a name or config another class gives it (storm-perf's
 * Helper submits KafkaClientHdfsTopo as "KafkaHdfsTopo") is then the one `analyze` of the folder reports, and so
 * is its id. A file whose project holds none of its topologies is analyzed alone, as before.
 */
export async function analyzeTopologyPath(topoPath: string, cwd: string, filterFile?: string): Promise<Analysis> {
  const alone = () => analyzePaths([topoPath], { cwd, filterFile });
  if (!topoPath.endsWith('.java') || !fs.statSync(topoPath).isFile()) return alone();
  const root = nearestPom(topoPath) ?? sourceRoot(topoPath);
  if (!root) return alone();
  const project = await analyzePaths([root], { cwd, filterFile });
  const own = project.topologies.filter((t) => path.resolve(t.source.file) === topoPath || (t.files[0] !== undefined && path.resolve(t.files[0]) === topoPath));
  if (own.length === 0) return alone();
  return { ...project, topologies: own, diagnostics: project.diagnostics.filter((d) => path.resolve(cwd, d.file) === topoPath) };
}

/** The folder a Java file's package starts in (`src/main/java` for `src/main/java/a/b/C.java` in package a.b), or null. */
function sourceRoot(file: string): string | null {
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''))?.[1];
  const dir = path.dirname(file);
  if (!pkg) return null;
  const rel = pkg.split('.').join(path.sep);
  return dir.endsWith(path.sep + rel) ? dir.slice(0, -rel.length - 1) : null;
}
