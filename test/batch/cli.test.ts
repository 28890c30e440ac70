// `storm2flink migrate` end to end through the CLI, with the real analyzer.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Summary } from '../../src/model/summary.js';
import { captureStream } from './helpers.js';
import { summaryErrors } from '../helpers/summary-schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TRANSACTIONAL = path.join(ROOT, 'test/batch/fixtures/transactional/TransactionalCount.java');

const flux = (name: string) => `name: "${name}"
spouts:
  - id: "words"
    className: "org.apache.storm.testing.TestWordSpout"
    parallelism: 2
bolts:
  - id: "count"
    className: "org.apache.storm.testing.TestWordCounter"
    parallelism: 3
streams:
  - from: "words"
    to: "count"
    grouping:
      type: FIELDS
      args: ["word"]
`;

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-cli-'));
  cwd = process.cwd();
  process.chdir(dir);
  fs.mkdirSync('repo/a', { recursive: true });
  fs.mkdirSync('repo/b', { recursive: true });
  fs.mkdirSync('repo/c', { recursive: true });
  fs.writeFileSync('repo/a/alpha.yaml', flux('alpha'));
  fs.writeFileSync('repo/b/beta.yaml', flux('beta'));
  fs.writeFileSync('repo/c/broken.yaml', 'name: "broken"\nspouts:\n  - id: [unclosed\n    className: x\n');
  fs.copyFileSync(TRANSACTIONAL, 'repo/c/TransactionalCount.java');
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function migrate(...args: string[]) {
  const stdout = captureStream(false);
  const stderr = captureStream(false);
  const code = await main(['node', 'storm2flink', 'migrate', ...args], { stdout, stderr });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('storm2flink migrate', () => {
  it('migrates a tree with a broken file and a blocked topology; plain progress has no escape codes', async () => {
    const r = await migrate('repo', '--out', 'migration', '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/\u001b/);
    expect(r.out).not.toMatch(/\u001b/);
    const s = JSON.parse(fs.readFileSync('migration/summary.json', 'utf8')) as Summary;
    expect(summaryErrors(s)).toEqual([]); // with the real translate stage's facts
    const ids = s.topologies.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['alpha-flux', 'beta-flux']));
    expect(s.counts.blocked).toBe(1);
    expect(s.counts.analyzed).toBe(s.counts.topologies);
    expect(s.topologies.find((t) => t.id === 'alpha-flux')!.facts).toMatchObject({ spouts: 1, bolts: 1, groupings: ['fields'] });
    // The broken file is reported, the others are complete.
    const brokenReported =
      s.failedFiles.some((f) => f.file.endsWith('broken.yaml')) || s.topologies.some((t) => t.files.some((f) => f.endsWith('broken.yaml')));
    expect(brokenReported).toBe(true);
    expect(r.out).toMatch(/^ {2}analyzed +\d+ of \d+/m);
    expect(r.out).toMatch(/report: migration\/report\/index\.html/);
    expect(fs.existsSync('migration/report/t/alpha-flux.html')).toBe(true);

    // Resume: nothing redone; then a touched file redoes only its topology.
    const again = await migrate('repo', '--out', 'migration', '--format', 'json');
    const s2 = JSON.parse(again.out) as Summary;
    expect(s2.counts.reused).toBe(s2.counts.topologies);
    expect(again.err).toMatch(/reused, no file changed/);
    fs.appendFileSync('repo/a/alpha.yaml', '# touched\n');
    const third = await migrate('repo', '--out', 'migration', '--format', 'json');
    const s3 = JSON.parse(third.out) as Summary;
    expect(s3.topologies.filter((t) => t.redone).map((t) => t.id)).toEqual(['alpha-flux']);
  }, 60_000);

  it('usage errors exit 2', async () => {
    expect((await migrate('repo')).code).toBe(2); // --out is required
    expect((await migrate('repo', '--out', 'o', '--jobs', '0')).code).toBe(2);
    const r = await migrate('repo', '--out', 'o', '--only', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error S2F011: --only: no topology named "nope"');
    fs.writeFileSync('a-file', '');
    const notFolder = await migrate('repo', '--out', 'a-file');
    expect(notFolder.code).toBe(2);
    expect(notFolder.err).toMatch(/^a-file: error S2F010: --out a-file exists and is not a folder$/m);
    expect(notFolder.err).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});
