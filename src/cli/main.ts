// Command-line wiring only: arguments, output format, exit codes.
import { createRequire } from 'node:module';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyzePaths } from '../analyzer/analyze.js';
import { SummarySchema } from '../model/summary.js';
import { AnalysisSchema } from '../model/topology.js';
import type { CliIo } from './io.js';
import { registerMigrate } from './migrate.js';
import { registerSample } from './sample.js';
import { registerSize } from './size.js';
import { registerTranslate } from './translate.js';
import { registerVerify } from './verify.js';
import { ansiStyle, plainStyle, useColor } from '../report/style.js';
import { allDiagnostics, renderGithub, renderPretty } from '../report/terminal.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export async function main(argv: string[], io: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let exitCode = EXIT_OK;

  const program = new Command()
    .name('storm2flink')
    .description('Migrate Apache Storm topologies to Apache Flink.')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
    });

  program
    .command('analyze')
    .description('Find Storm topologies (Java TopologyBuilder code and Flux YAML) and report their graph, config and migration blockers.')
    .argument('<paths...>', 'files and folders to analyze')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json', 'github']).default('pretty'))
    .option('--filter <file>', 'a .properties file for Flux ${...} substitution')
    .option('--strict', 'exit 1 when any error diagnostic is reported')
    .option('--max-file-size <mb>', 'skip files larger than this many MB', positiveInt, 8)
    .action(async (paths: string[], opts: { format: string; filter?: string; strict?: boolean; maxFileSize: number }) => {
      const analysis = await analyzePaths(paths, { filterFile: opts.filter, maxFileBytes: opts.maxFileSize * 1024 * 1024 });
      if (opts.format === 'json') stdout.write(JSON.stringify(analysis, null, 2) + '\n');
      else if (opts.format === 'github') stdout.write(renderGithub(analysis));
      else stdout.write(renderPretty(analysis, useColor(stdout) ? ansiStyle : plainStyle));
      if (opts.strict && allDiagnostics(analysis).some((d) => d.severity === 'error')) exitCode = EXIT_FAILED;
    });

  const cliIo: CliIo = { stdout, stderr, setExitCode: (c) => (exitCode = c) };
  registerTranslate(program, cliIo);
  registerVerify(program, cliIo);
  registerMigrate(program, cliIo);
  registerSample(program, cliIo);
  registerSize(program, cliIo);

  program
    .command('schema')
    .description('Print a JSON schema: of the topology model `analyze --format json` emits (model), or of the summary.json `migrate` writes (summary).')
    .addArgument(new Argument('[document]', 'which schema').choices(['model', 'summary']).default('model'))
    .action((document: 'model' | 'summary') => {
      stdout.write(JSON.stringify(document === 'summary' ? SummarySchema : AnalysisSchema, null, 2) + '\n');
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}
