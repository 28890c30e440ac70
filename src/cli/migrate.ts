// `storm2flink migrate`: registered here, implemented in src/batch and src/report/html.
import * as path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultStages } from '../batch/plugins.js';
import { createReporter, formatDuration } from '../batch/progress.js';
import { runBatch, UsageError } from '../batch/run.js';
import type { Summary } from '../batch/types.js';
import { ansiStyle, plainStyle, useColor, type Style } from '../report/terminal.js';
import type { CliIo } from './io.js';

interface MigrateOptions {
  out: string;
  verify?: boolean;
  dataDir?: string;
  jobs: number;
  only?: string[];
  format: 'pretty' | 'json';
  force?: boolean;
  filter?: string;
}

function jobsArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

function namesArg(v: string, prev: string[] | undefined): string[] {
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('expected topology names separated by commas');
  return [...(prev ?? []), ...names];
}

export function renderCounts(s: Summary, st: Style, reportPath?: string, cwd = process.cwd()): string {
  const c = s.counts;
  const rows: [string, string][] = [
    ['analyzed', `${c.analyzed} of ${c.topologies}${c.failedFiles ? ` (${c.failedFiles} file${c.failedFiles === 1 ? '' : 's'} could not be analyzed)` : ''}`],
    ['blocked', String(c.blocked)],
    ['translated', String(c.translated)],
    ['built', String(c.built)],
    ['verified', `${c.verified.equivalent} equivalent, ${c.verified.notEquivalent} not equivalent, ${c.verified.notRun} not run`],
  ];
  if (c.failed) rows.push(['failed', String(c.failed)]);
  const lines = [
    st.bold(`migrate: ${c.topologies} topolog${c.topologies === 1 ? 'y' : 'ies'} in ${formatDuration(s.durationMs)}${c.reused ? ` (${c.reused} unchanged, reused)` : ''}`),
    ...rows.map(([k, v]) => `  ${k.padEnd(11)}${v}`),
  ];
  for (const f of s.failedFiles) lines.push(`  ${st.red('not analyzed')} ${f.file}: ${f.diagnostics[0]?.message ?? ''}`);
  if (s.regressions.length > 0) {
    lines.push(st.red(st.bold(`${s.regressions.length} regression${s.regressions.length === 1 ? '' : 's'} since the previous run:`)));
    for (const r of s.regressions) lines.push(`  ${st.red(r.id)}: ${r.what}`);
  }
  if (reportPath) {
    const rel = path.relative(cwd, reportPath);
    lines.push(`report: ${rel && !rel.startsWith('..') ? rel : reportPath}`);
  }
  return lines.join('\n') + '\n';
}

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description(
      'Analyze (then translate and verify) every topology under the paths; write summary.json and a report page into --out. ' +
        'Unchanged topologies are not redone. Exits 1 when a topology regressed since the previous run.',
    )
    .argument('<paths...>', 'files and folders to migrate')
    .requiredOption('--out <dir>', 'output folder (summary.json, report/, one folder per topology)')
    .option('--verify', 'also verify equivalence by replaying sample data through Storm and Flink')
    .option('--data-dir <dir>', 'sample data, one folder per topology id or name')
    .option('--jobs <n>', 'topologies processed at a time', jobsArg, 2)
    .option('--only <names>', 'only these topologies (ids or names, comma-separated); the others keep their previous results', namesArg)
    .addOption(new Option('--format <format>', 'output format of the final summary').choices(['pretty', 'json']).default('pretty'))
    .option('--force', 'redo every topology even when its inputs did not change')
    .option('--filter <file>', 'a .properties file for Flux ${...} substitution')
    .action(async (paths: string[], opts: MigrateOptions) => {
      const reporter = createReporter({ stream: io.stderr });
      try {
        const result = await runBatch({
          paths,
          out: opts.out,
          verify: opts.verify === true,
          dataDir: opts.dataDir,
          jobs: opts.jobs,
          only: opts.only,
          force: opts.force === true,
          filterFile: opts.filter,
          stages: await defaultStages({ verify: opts.verify === true, filterFile: opts.filter, jobs: opts.jobs }),
          reporter,
        });
        reporter.close();
        if (opts.format === 'json') io.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
        else io.stdout.write(renderCounts(result.summary, useColor(io.stdout) ? ansiStyle : plainStyle, result.reportPath));
        io.setExitCode(result.exitCode);
      } catch (e) {
        reporter.close();
        if (e instanceof UsageError) {
          io.stderr.write(`storm2flink migrate: ${e.message}\n`);
          io.setExitCode(2);
          return;
        }
        throw e;
      }
    });
}
