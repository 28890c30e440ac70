// summary.json is a file users keep and diff: its schema is declared once in src/model and shipped in schema/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { SummarySchema, SUMMARY_VERSION } from '../../src/model/summary.js';
import { fakeAnalyzer, writeTree } from '../batch/helpers.js';
import { SUMMARY_SCHEMA, summaryErrors } from '../helpers/summary-schema.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-summary-schema-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('summary.json schema', () => {
  it('the shipped JSON schema is the one declared in src/model (UPDATE_GOLDEN=1 rewrites it)', () => {
    const generated = JSON.stringify(SummarySchema, null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(SUMMARY_SCHEMA, generated);
    expect(fs.readFileSync(SUMMARY_SCHEMA, 'utf8')).toBe(generated);
  });

  it('a written summary.json validates; the previous version (with a build stage) and a wrong status do not', async () => {
    writeTree(path.join(dir, 'repo'), {
      'a/alpha.yaml': { id: 'alpha', topics: ['clicks'] },
      'b/beta.yaml': { id: 'beta', blocked: true },
      'c/broken.yaml': '{ nope',
    });
    const out = path.join(dir, 'out');
    await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), toolVersion: 'test', only: ['alpha', 'beta'] });
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Record<string, unknown> & {
      topologies: Array<{ stages: Record<string, unknown> }>;
    };
    expect(doc.version).toBe(SUMMARY_VERSION);
    expect(summaryErrors(doc)).toEqual([]);

    const v1 = structuredClone(doc);
    v1.version = 1;
    expect(summaryErrors(v1).join('\n')).toMatch(/version/);
    const withBuild = structuredClone(doc);
    withBuild.topologies[0]!.stages.build = { status: 'not-run' };
    expect(summaryErrors(withBuild).join('\n')).toMatch(/stages/);
    const badStatus = structuredClone(doc);
    badStatus.topologies[0]!.stages.translate = { status: 'done' };
    expect(summaryErrors(badStatus).join('\n')).toMatch(/status/);
  });
});
