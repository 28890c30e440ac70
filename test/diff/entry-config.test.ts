// verify of a Java file whose topology another class submits: the config and name that class's main sets (workers,
// message timeout, a key a bolt reads, the name) are the ones both engines run the topology with; and a bolt that
// writes under a relative path writes into each engine's copy of the project folder, never into the fixture.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { batchEngines } from '../../src/diff/engines.js';
import { readTap } from '../../src/diff/tap.js';
import { listFiles } from '../../src/model/files.js';
import { tempDir } from '../helpers/tmp.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'launcher-config');
const topologyFile = path.join(fixture, 'src', 'main', 'java', 'com', 'acme', 'WordTopology.java');

describe('a Java file given as the topology, submitted by another class', () => {
  test("Launcher's main sets the config and name of WordTopology.build(): both engines run with them", async () => {
    const out = tempDir('s2f-entry-config-');
    const r = await verifyPath({ topology: topologyFile, out, captureLimit: 6 });
    const why = [r.reason, r.detail, ...(r.diff?.notes ?? [])].filter(Boolean).join('\n');
    expect(r.status, why).toBe('equivalent');
    // The id and name analyze of the folder gives it (Launcher submits it as "acme-words").
    expect(r.topology).toBe('acme-words');
    // SuffixBolt tags each word with the suffix, message timeout and name its config holds, on both engines.
    for (const [side, file] of [
      ['storm', path.join(out, 'storm', 'storm.tap.jsonl')],
      ['flink', path.join(out, 'flink', 'flink.tap.jsonl')],
    ] as const) {
      const tagged = readTap([file], side)
        .filter((t) => t.component === 'suffix')
        .map((t) => t.values[0]);
      expect(tagged.length, side).toBe(6);
      expect(new Set(tagged), side).toEqual(new Set(['alpha!@45/acme-words', 'beta!@45/acme-words', 'gamma!@45/acme-words']));
    }
    expect(fs.existsSync(path.join(fixture, 'target')), "the fixture's tree is never built in").toBe(false);
    // SuffixBolt writes under a relative path: each engine wrote into its own copy of the project folder, which
    // keeps only what the run wrote; the fixture's tree got nothing.
    for (const side of ['storm', 'flink']) {
      const dir = path.join(out, side, 'run-folder');
      const written = listFiles(dir).map((f) => path.relative(dir, f));
      expect(written.length, side).toBeGreaterThan(0);
      expect(
        written.every((f) => /^written\/tagged-\d+\.txt$/.test(f)),
        `${side}: ${written.join(', ')}`,
      ).toBe(true);
      // One file per SuffixBolt task (a task that got no tuple leaves an empty one).
      const lines = written.flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));
      expect(lines.sort(), side).toEqual([
        'alpha!@45/acme-words',
        'alpha!@45/acme-words',
        'beta!@45/acme-words',
        'beta!@45/acme-words',
        'gamma!@45/acme-words',
        'gamma!@45/acme-words',
      ]);
    }
    expect(fs.existsSync(path.join(fixture, 'written'))).toBe(false);
  }, 600_000);

  test('--entry com.acme.Launcher: its main runs on both engines and what it submits is captured, config and name included', async () => {
    const out = tempDir('s2f-entry-config-');
    const r = await verifyPath({ topology: topologyFile, out, captureLimit: 6, source: { kind: 'main', className: 'com.acme.Launcher' } });
    const why = [r.reason, r.detail, ...(r.diff?.notes ?? [])].filter(Boolean).join('\n');
    expect(r.status, why).toBe('equivalent');
    for (const [side, file] of [
      ['storm', path.join(out, 'storm', 'storm.tap.jsonl')],
      ['flink', path.join(out, 'flink', 'flink.tap.jsonl')],
    ] as const) {
      const tagged = readTap([file], side)
        .filter((t) => t.component === 'suffix')
        .map((t) => t.values[0]);
      expect(new Set(tagged), side).toEqual(new Set(['alpha!@45/acme-words', 'beta!@45/acme-words', 'gamma!@45/acme-words']));
    }
  }, 600_000);

  test("in a batch (long-lived Storm and Flink JVMs, one LocalCluster for every run): still Launcher's config and name", async () => {
    const out = tempDir('s2f-entry-config-');
    const engines = batchEngines(1);
    const r = await verifyPath({ topology: topologyFile, out, captureLimit: 6, engines }).finally(() => engines.close());
    const why = [r.reason, r.detail, ...(r.diff?.notes ?? [])].filter(Boolean).join('\n');
    expect(r.status, why).toBe('equivalent');
    // The Storm run went to the long-lived runner (its spec carries the user's classpath) and did not fall back.
    expect(JSON.parse(fs.readFileSync(path.join(out, 'storm', 'storm-spec.json'), 'utf8')).classpath).toBeDefined();
    expect(fs.existsSync(path.join(out, 'storm', 'storm-served.log'))).toBe(false);
    for (const [side, file] of [
      ['storm', path.join(out, 'storm', 'storm.tap.jsonl')],
      ['flink', path.join(out, 'flink', 'flink.tap.jsonl')],
    ] as const) {
      const tagged = readTap([file], side)
        .filter((t) => t.component === 'suffix')
        .map((t) => t.values[0]);
      expect(new Set(tagged), side).toEqual(new Set(['alpha!@45/acme-words', 'beta!@45/acme-words', 'gamma!@45/acme-words']));
      const dir = path.join(out, side, 'run-folder');
      expect(
        listFiles(dir)
          .map((f) => path.relative(dir, f))
          .every((f) => /^written\/tagged-\d+\.txt$/.test(f)),
        side,
      ).toBe(true);
    }
    expect(fs.existsSync(path.join(fixture, 'written'))).toBe(false);
  }, 600_000);
});
