// `storm2flink sample`: a sample file for `verify --data` from a live Kafka topic (src/diff/kafka-sample.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseStart, sampleTopic, type SampleStart } from '../diff/kafka-sample.js';
import { CouldNotRun } from '../diff/jvm.js';
import type { CliIo } from './io.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function start(v: string): SampleStart {
  const s = parseStart(v);
  if (!s) throw new InvalidArgumentError('expected earliest, latest, epoch milliseconds or an ISO-8601 date-time');
  return s;
}

interface SampleCliOptions {
  bootstrapServers: string;
  topic: string;
  count: number;
  from: SampleStart;
  out?: string;
  timeout: number;
}

export function registerSample(program: Command, io: CliIo): void {
  program
    .command('sample')
    .description(
      "Write a sample file for `verify --data` from a live Kafka topic: N records as JSON lines {key, value, timestamp, topic}. Nothing is committed to the topic's consumer groups.",
    )
    .requiredOption('--bootstrap-servers <hosts>', 'the Kafka cluster (host:port, comma-separated)')
    .requiredOption('--topic <topic>', 'the topic to read')
    .option('--count <n>', 'records to take', positiveInt, 1000)
    .option('--from <start>', 'earliest (default), latest (records that arrive from now on), or a point in time (epoch ms or ISO-8601)', start, {
      kind: 'earliest',
    } as SampleStart)
    .option('--out <file>', 'write here (default: standard output); name it after the topic or spout it feeds, e.g. orders.jsonl')
    .option('--timeout <seconds>', 'stop waiting for records after this long', positiveInt, 30)
    .action(async (opts: SampleCliOptions) => {
      try {
        const r = await sampleTopic(opts.bootstrapServers, opts.topic, opts.count, opts.from, opts.timeout * 1000);
        const text = r.lines.map((l) => `${l}\n`).join('');
        if (opts.out) {
          fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
          fs.writeFileSync(opts.out, text);
        } else {
          io.stdout.write(text);
        }
        io.stderr.write(
          `sample: ${r.lines.length} record(s) of ${opts.topic}${opts.out ? ` written to ${opts.out}` : ''}` +
            (r.timedOut ? ` (waited ${opts.timeout} s for ${opts.count})` : '') +
            (r.skipped ? `; ${r.skipped} record(s) whose value is not UTF-8 text left out` : '') +
            '\n',
        );
        if (r.lines.length === 0) io.setExitCode(1);
      } catch (e) {
        if (!(e instanceof CouldNotRun)) throw e;
        io.stderr.write(`sample: ${e.code}: ${e.message}\n`);
        io.setExitCode(2);
      }
    });
}
