// `storm2flink verify <path>`'s path work: analyze the path, pick its topologies (or the one --topology-id names),
// and verify each against its model (src/diff/verify.ts takes a topology, not a path).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../analyzer/analyze.js';
import { batchEngines } from '../diff/engines.js';
import { REPORT_VERSION, type VerifyReport } from '../diff/render.js';
import { verifyTopology, type VerifyOptions } from '../diff/verify.js';
import type { Analysis } from '../model/topology.js';
import { folderName } from '../translator/names.js';

export interface VerifyPathOptions extends VerifyOptions {
  /** Source folder, Java file or Flux file. */
  topology: string;
  /** Which topology when the path holds several (its id or name). */
  topologyId?: string;
  /** A translated project someone kept and edited: run instead of a fresh translation. */
  translated?: string;
  /** The path's analysis when the caller already has it. */
  analysis?: Analysis;
}

/** Every topology the path holds (or the one --topology-id names), one report each, in the model's order. */
export async function verifyPaths(opts: VerifyPathOptions): Promise<VerifyReport[]> {
  const cwd = opts.cwd ?? process.cwd();
  const topoPath = path.resolve(cwd, opts.topology);
  if (opts.topologyId || !fs.existsSync(topoPath)) return [await verifyPath(opts)];
  const analysis = opts.analysis ?? (await analyzePaths([topoPath], { cwd, filterFile: opts.filterFile }));
  if (analysis.topologies.length <= 1) return [await verifyPath({ ...opts, analysis })];
  const reports: VerifyReport[] = [];
  const engines = opts.engines ?? batchEngines(1, opts.env);
  try {
    for (const t of analysis.topologies) {
      opts.onProgress?.(`${t.id}`);
      const out = opts.out ? path.join(path.resolve(cwd, opts.out), folderName(t.id)) : undefined;
      reports.push(await verifyPath({ ...opts, analysis, topologyId: t.id, out, engines }));
    }
  } finally {
    if (!opts.engines) await engines.close();
  }
  return reports;
}

/** The one topology the path holds (or --topology-id names), verified. */
export async function verifyPath(opts: VerifyPathOptions): Promise<VerifyReport> {
  const cwd = opts.cwd ?? process.cwd();
  const topoPath = path.resolve(cwd, opts.topology);
  const cannot = (reason: string): VerifyReport => ({
    version: REPORT_VERSION,
    topology: opts.topologyId ?? opts.topology,
    status: 'could-not-run',
    exitCode: 2,
    reason,
    ran: { broker: false, replay: false, storm: false, flink: false },
    diagnostics: [],
    timings: {},
  });
  if (!fs.existsSync(topoPath)) return cannot(`${opts.topology} does not exist`);
  const t0 = Date.now();
  const analysis = opts.analysis ?? (await analyzePaths([topoPath], { cwd, filterFile: opts.filterFile }));
  const analyzeMs = Date.now() - t0;
  const byId = analysis.topologies.filter((t) => t.id === opts.topologyId);
  const candidates = !opts.topologyId ? analysis.topologies : byId.length > 0 ? byId : analysis.topologies.filter((t) => t.name === opts.topologyId);
  if (candidates.length === 0) return cannot(opts.topologyId ? `no topology "${opts.topologyId}" in ${opts.topology}` : `no Storm topology found in ${opts.topology}`);
  if (candidates.length > 1) return cannot(`${opts.topology} holds ${candidates.length} topologies (${candidates.map((t) => t.id).join(', ')}); choose one with --topology-id`);
  const topology = candidates[0]!;
  const report = await verifyTopology(topology, { source: topoPath, ...(opts.translated ? { edited: path.resolve(cwd, opts.translated) } : {}) }, opts);
  if (!opts.analysis) report.timings = { analyze: analyzeMs, ...report.timings };
  return report;
}
