// The README's main job: `migrate samples/ --out out/ --verify --strict` (with the word-count Flux filter), every bundled
// sample through Storm LocalCluster and its translation on Flink MiniCluster. Each topology's verdict is
// asserted: equivalent, or the exact reason it cannot be, so a regression in any
// stage shows here. Slow: every topology runs on both engines (~5-10 min on 2 cores).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { summaryErrors } from '../helpers/summary-schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let out: string;
let code: number;
let summary: {
  topologies: Array<{
    id: string;
    stages: Record<
      string,
      { status: string; reason?: string; verification?: { verdict: string; rows: Array<{ component: string; storm: number; flink: number }> } }
    >;
  }>;
};

const EQUIVALENT = [
  'word-count',
  'word-count-flux',
  'word-count-included-flux',
  'exclamation',
  'exclamation-flux',
  'multi-stream',
  'multi-stream-flux',
  'windowed',
  'windowed-flux',
  'shell-split',
  'shell-split-flux',
  'kafka-pipeline',
  'kafka-pipeline-flux',
  'log-levels',
  'rolling-counts',
  'fail-replay',
  'stateful-word-count',
  'streams-word-count',
  'reachtopology',
  'trident-word-count',
];

describe('migrate samples/ --verify', () => {
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-migrate-verify-'));
    const sink = new PassThrough();
    sink.resume();
    code = await main(
      [
        'node',
        'storm2flink',
        'migrate',
        path.join(ROOT, 'samples'),
        '--out',
        out,
        '--verify',
        '--strict',
        '--format',
        'json',
        '--filter',
        path.join(ROOT, 'samples/word-count/src/main/resources/flux/word-count.properties'),
      ],
      { stdout: sink as unknown as NodeJS.WriteStream, stderr: sink as unknown as NodeJS.WriteStream },
    );
    summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  }, 1_800_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const verifyOf = (id: string) => {
    const t = summary.topologies.find((x) => x.id === id);
    expect(t, `topology ${id} in summary.json`).toBeTruthy();
    return t!.stages.verify!;
  };

  test('exits 0 with --strict, as the README runs it: no sample blocked, failed or not equivalent', () => {
    expect(code).toBe(0);
  });

  test('summary.json, verdicts included, validates against the shipped schema', () => {
    expect(summaryErrors(summary)).toEqual([]);
  });

  test.each(EQUIVALENT)('%s verifies equivalent, with tuples on both engines', (id) => {
    const v = verifyOf(id);
    expect(v.reason).toBeUndefined();
    expect(v.status).toBe('ok');
    expect(v.verification!.verdict).toBe('equivalent');
    const emitted = v.verification!.rows.reduce((n, r) => n + r.storm, 0);
    expect(emitted).toBeGreaterThan(0);
    expect(v.verification!.rows.every((r) => r.storm === r.flink)).toBe(true);
    expect(fs.existsSync(path.join(out, 'topologies', id, 'verify', 'report.txt'))).toBe(true);
  });

  test('the Storm 0.x sample is verified on both engines: classes relocated, its ZooKeeper storm-kafka spout replayed through its scheme', () => {
    const v = verifyOf('page-views');
    expect(v.status, v.reason).toBe('ok');
  });
});
