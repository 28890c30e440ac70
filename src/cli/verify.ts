// `storm2flink verify`: wiring only (options, output format, exit code); the work is in src/diff/verify.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { exitCodeOfAll } from '../diff/verify-report.js';
import { renderJsonAll, renderJunit, renderPretty } from '../report/verify.js';
import { verifyPaths } from './verify-path.js';
import type { TopologySource } from '../diff/storm.js';
import { ansiStyle, plainStyle, useColor, type Style } from '../report/style.js';
import type { CliIo } from './io.js';
import { FLINK_LINES, type FlinkLine } from '../translator/versions.js';

function nonNegative(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function list(v: string, prev: string[] = []): string[] {
  return [
    ...prev,
    ...v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

function entry(v: string): TopologySource {
  if (/\.ya?ml$/i.test(v)) return { kind: 'flux', file: path.resolve(v) };
  const m = /^([\w.$]+)(?:#(\w+))?$/.exec(v);
  if (!m) throw new InvalidArgumentError('expected Class#method, Class (its main), or a Flux .yaml file');
  return m[2] && m[2] !== 'main' ? { kind: 'method', className: m[1]!, method: m[2] } : { kind: 'main', className: m[1]! };
}

interface VerifyCliOptions {
  data?: string[];
  translated?: string;
  bootstrapServers?: string;
  format: 'pretty' | 'json' | 'junit';
  out?: string;
  ignoreFields?: string[];
  tolerance?: number;
  injectFailure?: boolean;
  classpath?: string[];
  entry?: TopologySource;
  topologyId?: string;
  filter?: string;
  quiet: number;
  maxRun: number;
  tickEvery?: number;
  args?: string;
  capture?: number;
  flink: FlinkLine;
}

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description(
      'Replay the same sample data through the Storm topology and its Flink translation and prove their outputs equivalent (exit 0 equivalent, 1 not equivalent, 2 could not run).',
    )
    .argument('<topology>', 'Storm topology: source folder, Java file or Flux file')
    .option('--data <paths...>', "sample data files or folders (JSON lines, CSV with a header, plain lines); default: the topology folder's data/")
    .option('--translated <project>', 'verify this translated Flink project instead of translating the topology')
    .option('--bootstrap-servers <hosts>', 'use this Kafka cluster instead of starting one')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json', 'junit']).default('pretty'))
    .option('--out <dir>', 'keep taps, replay files and report.<format> in this folder')
    .option('--ignore-fields <fields>', 'fields left out of the comparison: name or component.name, comma-separated', list)
    .option('--tolerance <x>', 'numbers a, b are equal when |a-b| <= x * max(1, |a|, |b|)', nonNegative)
    .option('--inject-failure', 'kill a Flink task once mid-run and restore; duplicates are then allowed, missing tuples are not')
    .option(
      '--classpath <paths>',
      "the topology's compiled classes and jars (path-separated; repeatable); default: build the topology's Maven project (nearest pom.xml) in a cached copy",
      (v: string, prev: string[] = []) => [...prev, ...v.split(path.delimiter).filter(Boolean)],
    )
    .option(
      '--entry <entry>',
      'how to get the topology, on both engines: Class#method (a builder, or any method whose code submits), Class (its main; what it submits is captured) or a Flux .yaml',
      entry,
    )
    .option('--filter <file>', 'a .properties file for Flux ${...} placeholders (like flux --filter)')
    .option('--topology-id <id>', 'verify only this topology (id or name) when the path holds several; default: each in turn')
    .option('--quiet <ms>', 'the topology is done when nothing was emitted for this long after the input was consumed', positiveInt, 1500)
    .option('--max-run <ms>', 'stop each engine after this long regardless', positiveInt, 120_000)
    .option(
      '--args <args>',
      "program arguments for the topology's code (its main, or a builder's String[] parameter), space-separated; default: none, so a main takes its usual local branch",
    )
    .option(
      '--capture <n>',
      'with no sample data: the original spouts run on Storm and their first <n> tuples per task are replayed on both engines (default 1000); a Trident topology runs its first <n> transactions on both engines (default 50)',
      positiveInt,
    )
    .addOption(new Option('--flink <version>', 'Flink line the translated job runs on (as translate --flink)').choices([...FLINK_LINES]).default('1.20'))
    .option('--tick-every <records>', 'topologies with tick tuples: replay this many records per round, then tick (default: a tenth of the input)', positiveInt)
    .action(async (topology: string, opts: VerifyCliOptions) => {
      const reports = await verifyPaths({
        topology,
        topologyId: opts.topologyId,
        filterFile: opts.filter,
        data: opts.data,
        translated: opts.translated,
        bootstrapServers: opts.bootstrapServers,
        classpath: opts.classpath,
        source: opts.entry,
        args: opts.args === undefined ? undefined : opts.args.split(/\s+/).filter(Boolean),
        captureLimit: opts.capture,
        ignoreFields: opts.ignoreFields,
        tolerance: opts.tolerance,
        injectFailure: opts.injectFailure,
        quietMs: opts.quiet,
        maxRunMs: opts.maxRun,
        tickEveryRecords: opts.tickEvery,
        out: opts.out,
        flink: opts.flink,
        onProgress: (stage) => {
          if (opts.format === 'pretty' && io.stderr.isTTY) io.stderr.write(`verify: ${stage}…\n`);
        },
      });
      const style: Style = useColor(io.stdout) ? ansiStyle : plainStyle;
      const pretty = (st?: Style) => reports.map((r) => renderPretty(r, st)).join('\n');
      const text = opts.format === 'json' ? renderJsonAll(reports) : opts.format === 'junit' ? renderJunit(reports) : pretty(style);
      io.stdout.write(text);
      if (opts.out) {
        const ext = opts.format === 'junit' ? 'xml' : opts.format === 'json' ? 'json' : 'txt';
        fs.mkdirSync(opts.out, { recursive: true });
        fs.writeFileSync(path.join(opts.out, `report.${ext}`), opts.format === 'pretty' ? pretty() : text);
      }
      io.setExitCode(exitCodeOfAll(reports));
    });
}
