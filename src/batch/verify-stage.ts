// The verify stage of `migrate`: `storm2flink verify` for one topology (Storm LocalCluster against its
// translation on a Flink MiniCluster, over the sample data), its taps and report kept in the topology's folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DiffResult } from '../diff/compare.js';
import { couldNotRunText, renderPretty } from '../report/verify.js';
import { batchEngines, type Engines } from '../diff/engines.js';
import { verifyTopology } from '../diff/verify.js';
import { PROJECT_FOLDER } from './translate-stage.js';
import type { StageResult, VerificationFacts } from '../model/summary.js';
import type { Stage, StageContext } from './types.js';

export const VERIFY_FOLDER = 'verify';

function facts(diff: DiffResult): VerificationFacts {
  const first = diff.firstDivergence;
  return {
    verdict: diff.equivalent ? 'equivalent' : 'not-equivalent',
    summary: first ? `first divergence: ${first.component}/${first.stream} (${first.verdict})` : `${diff.streams.length} streams equal`,
    rows: diff.streams.map((s) => ({
      component: s.component,
      stream: s.stream,
      storm: s.storm,
      flink: s.flink,
      equal: s.ok,
      ...(s.ok
        ? {}
        : {
            differences: [...s.samples.missing.map((t) => ({ storm: JSON.stringify(t) })), ...s.samples.extra.map((t) => ({ flink: JSON.stringify(t) }))],
          }),
    })),
  };
}

/** `jobs`: topologies verified at once; they share one broker and that many Storm runners. */
export function verifyStage(opts: { filterFile?: string; jobs?: number } = {}): Stage {
  let engines: Engines | undefined;
  return {
    name: 'verify',
    version: '1',
    async close() {
      await engines?.close();
      engines = undefined;
    },
    async run(ctx): Promise<StageResult> {
      // S2F_SHARED_ENGINES=0: every run starts its own broker and Storm JVM (the benchmark's reference).
      if (process.env.S2F_SHARED_ENGINES !== '0') engines ??= batchEngines(opts.jobs ?? 2);
      const out = path.join(ctx.outDir, VERIFY_FOLDER);
      // The project the translate stage wrote is the one verified (its job classes run against the user's).
      const flinkProject = path.join(ctx.outDir, PROJECT_FOLDER);
      const report = await verifyTopology(
        ctx.topology,
        { source: path.resolve(ctx.cwd, ctx.topology.source.file), ...(fs.existsSync(path.join(flinkProject, 'pom.xml')) ? { flinkProject } : {}) },
        {
          data: ctx.dataDir ? [ctx.dataDir] : undefined,
          out,
          cwd: ctx.cwd,
          filterFile: opts.filterFile,
          engines,
          onProgress: (stage) => ctx.progress(stage),
        },
      );
      fs.writeFileSync(path.join(out, 'report.txt'), renderPretty(report));
      fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
      const files = [`${VERIFY_FOLDER}/report.txt`, `${VERIFY_FOLDER}/report.json`];
      if (report.status === 'could-not-run')
        return { status: 'failed', reason: `could not verify: ${couldNotRunText(report)}`, diagnostics: report.diagnostics, files };
      const verification = facts(report.diff!);
      return {
        status: report.status === 'equivalent' ? 'ok' : 'failed',
        ...(report.status === 'equivalent' ? {} : { reason: `not equivalent: ${verification.summary}` }),
        diagnostics: report.diagnostics,
        files,
        verification,
      };
    },
  };
}
