// verify --flink 2.x: the translated job runs on Flink 2.2.1 (the compat runtime resolved and compiled as its
// flink-2 profile says), so a team moving straight to Flink 2 gets the same proof as on 1.20.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compatClasspath } from '../../src/diff/flink-side.js';
import { verifyCli } from './helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SAMPLE = path.resolve(__dirname, '..', '..', 'samples', 'exclamation');

describe('verify --flink 2.x', () => {
  test('the exclamation sample is equivalent with its Flink side on Flink 2.2.1', async () => {
    const cp = await compatClasspath(process.env, '2.x');
    expect(cp.some((j) => /flink-runtime-2\.2\.1\.jar$/.test(j))).toBe(true);
    expect(cp.some((j) => /flink-runtime-1\./.test(j))).toBe(false);

    const out = tempDir('s2f-verify-flink2-');
    const r = await verifyCli([SAMPLE, '--topology-id', 'exclamation', '--flink', '2.x', '--format', 'json', '--out', out]);
    const report = JSON.parse(r.out).reports[0];
    expect(r.code, `${report.reason ?? ''}\n${report.detail ?? ''}`).toBe(0);
    expect(report.status).toBe('equivalent');
    expect(report.diff.streams.map((s: { component: string; storm: number; flink: number }) => [s.component, s.storm === s.flink && s.storm > 0])).toEqual([
      ['words', true],
      ['exclaim1', true],
      ['exclaim2', true],
    ]);
    expect(report.diff.notes).toContain('flink: the translated job ran on Flink 2.2.1 (--flink 2.x)');
    // The job verify ran is the one translate --flink 2.x writes.
    const pom = fs.readFileSync(path.join(out, 'flink', 'project', 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<flink\.version>2\.2\.1<\/flink\.version>/);
  }, 600_000);
});
