// `migrate` with the translator plugged in: a project per topology under --out, its facts in
// summary.json and on the report page; blocked topologies are not translated.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/model/summary.js';
import { main } from '../../src/cli/main.js';
import { captureStream } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let out: string;
let summary: Summary;
let code: number;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-migrate-translate-'));
  const stdout = captureStream(false);
  const stderr = captureStream(false);
  code = await main(
    ['node', 'storm2flink', 'migrate', path.join(ROOT, 'samples/word-count'), path.join(ROOT, 'test/batch/fixtures/transactional'), '--out', out],
    { stdout, stderr },
  );
  summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const run = (id: string) => {
  const t = summary.topologies.find((x) => x.id === id);
  expect(t, id).toBeDefined();
  return t!;
};

describe('migrate: translate stage', () => {
  it('translates every topology that is not blocked and writes its project inside --out', () => {
    expect(code).toBe(0);
    for (const id of ['word-count', 'word-count-flux']) {
      const t = run(id);
      expect(t.stages.translate.status).toBe('ok');
      expect(t.stages.translate.files).toContain('flink-project/pom.xml');
      expect(t.stages.translate.files).toContain('flink-project/MIGRATION.md');
      for (const f of t.stages.translate.files ?? []) {
        expect(fs.existsSync(path.join(out, 'topologies', t.folder, f)), f).toBe(true);
      }
    }
    expect(run('transactional-count').stages.translate.status).toBe('blocked');
    expect(summary.counts.translated).toBe(3);
  });

  it('carries the plan into the summary: guarantee, Flink resources, config provenance, compat status', () => {
    const t = run('word-count');
    const tr = t.stages.translate.translation!;
    expect(tr.guarantee?.before).toBe(t.facts.deliveryBefore);
    expect(tr.flinkResources?.taskManagers).toBe(2); // topology.workers = 2 in the sample
    expect(tr.configMapping?.some((m) => m.stormKey === 'topology.workers')).toBe(true);
    expect(tr.components?.map((c) => c.id)).toEqual(['sentences', 'split', 'count', 'report']);
    expect(t.facts.flink?.taskManagers).toBe(2);
  });

  it('shows the planned Flink request on the topology page', () => {
    const page = fs.readFileSync(path.join(out, 'report/t', `${run('word-count').folder}.html`), 'utf8');
    expect(page).toContain('topology.workers');
    expect(page).toMatch(/MIGRATION\.md/);
  });
});
