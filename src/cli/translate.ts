// `storm2flink translate`: registered here, implemented in src/translator.
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { analyzePaths } from '../analyzer/analyze.js';
import type { Diagnostic, Topology } from '../model/topology.js';
import { compatArtifact } from '../diff/compat-jar.js';
import { projectModelReader } from '../batch/translate-stage.js';
import { sortDiagnostics } from '../model/diagnostics.js';
import type { UserProjectModel } from '../translator/project-model.js';
import { translateAnalysis } from '../translator/translate.js';
import { FLINK_LINES, GUARANTEES, TARGETS, type DeployTarget, type FlinkLine, type Guarantee } from '../translator/versions.js';
import { ansiStyle, diagnosticLine, plainStyle, useColor } from '../report/style.js';
import type { CliIo } from './io.js';

interface TranslateCliOptions {
  out: string;
  flink: FlinkLine;
  target: DeployTarget;
  guarantee?: Guarantee;
  filter?: string;
  compatJar?: string;
  format: 'pretty' | 'json';
}

export function registerTranslate(program: Command, io: CliIo): void {
  program
    .command('translate')
    .description('Write a Flink Maven project (job main, pom, deploy configs, MIGRATION.md) per Storm topology.')
    .argument('<paths...>', 'files and folders to analyze and translate')
    .requiredOption('--out <dir>', 'output folder; one sub-folder per topology (regenerated on each run)')
    .addOption(new Option('--flink <version>', 'Flink line to target').choices([...FLINK_LINES]).default('1.20'))
    .addOption(new Option('--target <target>', 'deployment target').choices([...TARGETS]).default('yarn-application'))
    .addOption(new Option('--guarantee <guarantee>', "delivery guarantee (default: the Storm topology's own)").choices([...GUARANTEES]))
    .option('--filter <file>', 'a .properties file for Flux ${...} substitution')
    .option('--compat-jar <jar>', "the compat runtime jar to carry in each project (default: built from the package's own sources on first use, cached)")
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action(async (paths: string[], opts: TranslateCliOptions) => {
      const analysis = await analyzePaths(paths, { filterFile: opts.filter });
      // The user's Maven projects, read once each through Maven's effective model (the translator runs no Maven).
      const readModels = projectModelReader();
      const projects = new Map<string, UserProjectModel>();
      const modelDiagnostics = new Map<string, Diagnostic>();
      for (const t of analysis.topologies) {
        if (t.blocked) continue;
        const r = await readModels(t, process.cwd());
        for (const [dir, m] of r.models) projects.set(dir, m);
        for (const d of r.diagnostics) modelDiagnostics.set(d.file, d);
      }
      const translated = await translateAnalysis(analysis, {
        out: path.resolve(opts.out),
        flink: opts.flink,
        target: opts.target,
        guarantee: opts.guarantee,
        compat: await compatArtifact(opts.compatJar),
        projects,
      });
      const result = { ...translated, diagnostics: sortDiagnostics([...translated.diagnostics, ...modelDiagnostics.values()]) };
      if (opts.format === 'json') {
        const projects = result.projects.map((p) => ({ topology: p.topologyId, folder: p.folder, dir: p.dir, files: p.files }));
        io.stdout.write(JSON.stringify({ projects, diagnostics: result.diagnostics, stats: result.stats }, null, 2) + '\n');
      } else {
        const style = useColor(io.stderr) ? ansiStyle : plainStyle;
        for (const d of result.diagnostics) io.stderr.write(diagnosticLine(d, style).join('\n') + '\n');
        for (const p of result.projects) io.stdout.write(`translated ${p.topologyId} → ${p.dir}\n`);
        const { ok, blocked, failed } = result.stats;
        // A translated topology whose analysis has errors (a Flux file Flux refuses, say) is not a clean success.
        const withErrors = withErrorsCount(analysis.topologies, result.projects);
        const note = withErrors > 0 ? ` (${withErrors} with errors, see above)` : '';
        io.stdout.write(`${ok} translated${note}, ${blocked} blocked, ${failed} failed\n`);
      }
      if (result.stats.failed > 0 || result.stats.ok === 0) io.setExitCode(1);
    });
}

function withErrorsCount(topologies: readonly Topology[], projects: readonly { topologyId: string }[]): number {
  const translated = new Set(projects.map((p) => p.topologyId));
  return topologies.filter((t) => translated.has(t.id) && t.diagnostics.some((d) => d.severity === 'error')).length;
}
