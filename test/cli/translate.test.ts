// `storm2flink translate`'s summary line as a user reads it: a topology translated although its analysis has
// errors (an id declared twice, which Storm refuses when the main runs) is counted apart from the clean ones; a
// Flux file Flux itself refuses is blocked.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = 'test/cli/fixtures';

describe('storm2flink translate', () => {
  it('counts translated topologies that carry error diagnostics in its summary', async () => {
    const r = await runCli('translate', `${FIX}/duplicate-id`, '--out', tempDir('s2f-cli-translate-'));
    expect(r.err).toMatch(/error S2F111/);
    expect(r.out).toMatch(/^1 translated \(1 with errors, see above\), 0 blocked, 0 failed$/m);
  }, 120_000);

  it('blocks a Flux file that Flux itself refuses (its job would parse it at start)', async () => {
    const out = tempDir('s2f-cli-translate-');
    const r = await runCli('translate', `${FIX}/broken`, '--out', out);
    expect(r.err).toMatch(/error S2F302/);
    expect(r.out).toMatch(/^0 translated, 1 blocked, 0 failed$/m);
    expect(r.code).toBe(1);
  }, 120_000);

  it('says nothing of errors when the analysis has none', async () => {
    const r = await runCli('translate', `${FIX}/wordcount`, '--out', tempDir('s2f-cli-translate-'));
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/ error S2F/);
    expect(r.out).toMatch(/^1 translated, 0 blocked, 0 failed$/m);
  }, 120_000);
});
