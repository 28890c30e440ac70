// Invariants on every translation: byte-identical output twice, nothing written outside --out,
// blocked topologies skipped with a diagnostic while the batch goes on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { MODEL_VERSION, type Analysis } from '../../src/model/topology.js';
import { containedPaths, translateAnalysis } from '../../src/translator/translate.js';
import { hostileTopology } from './fixtures.js';
import { FAKE_COMPAT } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

let analysis: Analysis;
beforeAll(async () => {
  analysis = await analyzePaths(['samples']);
  analysis.topologies.push(
    { ...hostileTopology({ className: null, method: null }), id: '../../escape' },
    { ...hostileTopology({ className: null, method: null }), id: '/abs/olute' },
  );
}, 120_000);

const opts = (out: string) => ({ out, flink: '1.20' as const, target: 'yarn-application' as const, compat: FAKE_COMPAT });

describe('translate invariants', () => {
  it('is deterministic: translating twice gives identical bytes', async () => {
    const a = tempDir('s2f-det-a-');
    const b = tempDir('s2f-det-b-');
    await translateAnalysis(analysis, opts(a));
    const r = await translateAnalysis(analysis, opts(b));
    // Regenerating into the same folder gives the same bytes too (stale files removed).
    fs.writeFileSync(path.join(b, r.projects[0]!.folder, 'stale.txt'), 'x');
    await translateAnalysis(analysis, opts(b));
    const ta = tree(a);
    const tb = tree(b);
    expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
    for (const [k, v] of ta) expect(tb.get(k)!.equals(v), k).toBe(true);
  }, 120_000);

  it('writes nothing outside --out', async () => {
    const parent = tempDir('s2f-contain-');
    const out = path.join(parent, 'out');
    const outside = path.join(parent, 'outside');
    fs.mkdirSync(outside);
    fs.mkdirSync(out);
    // A project folder that is a symlink to somewhere else is refused, not followed.
    fs.symlinkSync(outside, path.join(out, 'word-count'));
    const r = await translateAnalysis(analysis, opts(out));
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(parent).sort()).toEqual(['out', 'outside']);
    expect(r.diagnostics.some((d) => d.code === 'S2F408' && d.message.includes('word-count'))).toBe(true);
    for (const p of r.projects) expect(path.dirname(p.dir)).toBe(out);
    expect(r.projects.map((p) => p.folder)).toContain('escape');
    expect(r.projects.map((p) => p.folder)).toContain('abs-olute');
  }, 120_000);

  it('rejects paths that leave the project folder', () => {
    expect(containedPaths('/o/p', ['pom.xml', 'src/a/B.java'])).toBeUndefined();
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', '', 'a//b']) expect(containedPaths('/o/p', [bad])).toBe(bad);
  });

  it('skips blocked topologies with a diagnostic and goes on', async () => {
    const out = tempDir('s2f-blocked-');
    // No sample is blocked any more: a transactional topology (the API Storm 1.0 removed) beside them is.
    const analysis = await analyzePaths(['samples', 'test/batch/fixtures/transactional']);
    const r = await translateAnalysis(analysis, opts(out));
    const blocked = analysis.topologies.filter((t) => t.blocked);
    expect(blocked.length).toBeGreaterThan(0);
    expect(r.stats.blocked).toBe(blocked.length);
    expect(r.stats.ok).toBe(analysis.topologies.length - blocked.length);
    for (const t of blocked) {
      expect(r.diagnostics.some((d) => d.code === 'S2F401' && d.message.includes(t.name ?? t.id))).toBe(true);
      expect(fs.existsSync(path.join(out, t.id))).toBe(false);
    }
    expect(analysis.version).toBe(MODEL_VERSION);
  }, 120_000);
});
