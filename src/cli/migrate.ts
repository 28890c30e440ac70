// `storm2flink migrate`: registered here, implemented in src/batch (the stages, summary.json), then src/report (the page).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultStages } from '../batch/plugins.js';
import { createReporter } from '../batch/progress.js';
import { runBatch, UsageError, type BatchOptions, type BatchResult } from '../batch/run.js';
import { writeReport } from '../report/html/index.js';
import { ansiStyle, diagnosticLine, plainStyle, useColor } from '../report/style.js';
import { renderCounts } from '../report/summary.js';
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
  strict?: boolean;
}

function jobsArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

function namesArg(v: string, prev: string[] | undefined): string[] {
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('expected topology names separated by commas');
  return [...(prev ?? []), ...names];
}

/** The batch, then the report page from its summary and models (`noReport`: summary.json only). */
export async function migrate(opts: BatchOptions & { noReport?: boolean }): Promise<BatchResult & { reportPath?: string }> {
  const result = await runBatch(opts);
  if (opts.noReport) return result;
  const reportPath = await writeReport({ summary: result.summary, topologies: result.topologies, outDir: result.outDir, cwd: opts.cwd ?? process.cwd() });
  opts.reporter?.event({ type: 'report', path: reportPath });
  return { ...result, reportPath };
}

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description(
      'Analyze (then translate and verify) every topology under the paths; write summary.json and a report page into --out. ' +
        'Unchanged topologies are not redone. Exits 1 when a topology regressed since the previous run ' +
        '(with --strict, also when any topology is blocked, failed to translate or verify, or a file did not analyze).',
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
    .option('--strict', 'exit 1 when any topology is not ok (blocked, failed, not equivalent, could not verify), not only on regressions: the CI gate')
    .action(async (paths: string[], opts: MigrateOptions) => {
      const reporter = createReporter({ stream: io.stderr });
      try {
        const result = await migrate({
          paths,
          out: opts.out,
          verify: opts.verify === true,
          dataDir: opts.dataDir,
          jobs: opts.jobs,
          only: opts.only,
          force: opts.force === true,
          filterFile: opts.filter,
          strict: opts.strict === true,
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
          io.stderr.write(diagnosticLine(e.diagnostic, useColor(io.stderr) ? ansiStyle : plainStyle).join('\n') + '\n');
          io.setExitCode(2);
          return;
        }
        throw e;
      }
    });
}
