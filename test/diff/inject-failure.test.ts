// verify --inject-failure: a Flink task fails once after a completed checkpoint and the job restores from it.
// A stateless reliable topology stays equivalent (duplicates accepted, nothing missing); a bolt that keeps its
// counts in its own fields loses them on the restore, and verify says so instead of passing.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { verifyPath as verify } from '../../src/cli/verify-path.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe.sequential('verify --inject-failure', () => {
  test('exclamation (reliable, stateless): equivalent after the restore, with the replayed duplicates counted', async () => {
    const r = await verify({ topology: path.join(ROOT, 'samples/exclamation'), topologyId: 'exclamation', injectFailure: true });
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe('equivalent');
    expect(r.diff!.mode).toBe('at-least-once');
    expect(r.diff!.notes.join('\n')).toMatch(/failed once on purpose after a completed checkpoint.*1 restart/);
    const words = r.diff!.streams.find((s) => s.component === 'words')!;
    // The restore replayed what the checkpoint did not cover: more than Storm's 40, none missing.
    expect(words.storm).toBe(40);
    expect(words.duplicates).toBeGreaterThan(0);
    expect(r.diff!.streams.every((s) => s.missing === 0)).toBe(true);
  }, 300_000);

  test('word-count (counts in a HashMap): not equivalent from count on, and the report says why', async () => {
    const r = await verify({ topology: path.join(ROOT, 'samples/word-count'), topologyId: 'word-count', injectFailure: true });
    expect(r.status).toBe('not-equivalent');
    expect(r.diff!.firstDivergence).toMatchObject({ component: 'count', verdict: 'missing' });
    expect(r.diff!.notes.join('\n')).toMatch(/keeps state in its own fields/);
  }, 300_000);
});
