// verify on a DRPC topology (samples/drpc-reach) with its requests given as --data: the same requests go to the
// topology on both engines and each answer is compared; a malformed request file is named with its line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = path.join(ROOT, 'samples', 'drpc-reach');

describe('verify: DRPC requests from --data', () => {
  test('malformed requests: could not run, naming the file and line, before anything is built', async () => {
    const dir = tempDir('s2f-drpc-bad-');
    const file = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(file, '{"function": "reach", "args": "flink"}\n["reach", "storm"]\n');
    const r = await verifyPath({ topology: SAMPLE, data: [file], out: path.join(dir, 'out'), cwd: dir });
    expect(r.status).toBe('could-not-run');
    expect(r.code).toBe('S2F703');
    expect(r.reason).toContain('requests.jsonl:2:1');
    expect(r.ran.storm).toBe(false);
  }, 120_000);

  test('the requests in --data are answered alike on both engines, in order', async () => {
    const dir = tempDir('s2f-drpc-data-');
    const file = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(file, ['kafka', 'nobody', 'storm', 'kafka'].map((a) => JSON.stringify({ function: 'reach', args: a })).join('\n') + '\n');
    const out = path.join(dir, 'out');
    const r = await verifyPath({ topology: SAMPLE, data: [file], out, cwd: dir });
    expect(r.status, [r.reason, ...(r.diff?.notes ?? [])].join('\n')).toBe('equivalent');
    expect(r.diff!.streams.map((s) => [s.component, s.stream, s.storm, s.flink])).toEqual([['$drpc', 'reach', 4, 4]]);
    expect(r.diff!.notes.some((n) => n.startsWith('DRPC: the 4 request(s) in --data'))).toBe(true);
    for (const engine of ['storm', 'flink']) {
      const tap = fs
        .readFileSync(path.join(out, engine, `${engine}.tap.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { component: string; values: unknown[] });
      expect(
        tap.filter((t) => t.component === '$drpc').map((t) => t.values),
        engine,
      ).toEqual([
        [0, 'kafka', '3'],
        [1, 'nobody', '0'],
        [2, 'storm', '5'],
        [3, 'kafka', '3'],
      ]);
    }
  }, 900_000);
});
