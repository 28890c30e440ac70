// The verify command through commander: exit codes, reasons and reports, Storm and Flink both run for real.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyCli } from './helpers/cli.js';
import { compileJava, javaTools } from '../../src/diff/jvm.js';
import { listJava, stormRunnerClasspath } from '../../src/diff/storm.js';
import { DIFF_SRC } from './helpers/transpile.js';

const cli = verifyCli;

const RUNNER = path.join(DIFF_SRC, 'storm-runner');
const verifyDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('s2f-verify-') || n.startsWith('s2f-kafka-')));
let dir: string;

describe.sequential('storm2flink verify', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-cli-test-'));
    fs.copyFileSync(path.join(RUNNER, 'src', 'test', 'resources', 'wordcount.flux.yaml'), path.join(dir, 'wordcount.flux.yaml'));
    fs.mkdirSync(path.join(dir, 'data'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('bad sample data: exit 2, file:line:column, nothing left behind', async () => {
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"value":1}\n{"value": nope}\n');
    const before = verifyDirs();
    const r = await cli([path.join(dir, 'wordcount.flux.yaml'), '--data', path.join(dir, 'bad.jsonl'), '--format', 'json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out);
    expect(doc.exitCode).toBe(2);
    expect(doc.reports).toHaveLength(1);
    const rep = doc.reports[0];
    expect(rep.status).toBe('could-not-run');
    expect(rep.code).toBe('S2F703');
    expect(rep.reason).toMatch(/sample data has errors/);
    expect(rep.diagnostics).toHaveLength(1);
    expect(rep.diagnostics[0]).toMatchObject({ code: 'S2F602', line: 2, column: 11 });
    expect(rep.diagnostics[0].file).toMatch(/bad\.jsonl$/);
    expect([...verifyDirs()].filter((d) => !before.has(d))).toEqual([]);
  }, 60_000);

  test('a Flux placeholder without a value: exit 2, the reason names each one at file:line:column', async () => {
    const r = await cli([path.resolve('samples', 'word-count'), '--topology-id', 'topology-name-flux', '--format', 'json']);
    expect(r.code).toBe(2);
    const rep = JSON.parse(r.out).reports[0];
    expect(rep.status).toBe('could-not-run');
    expect(rep.reason).toMatch(/word-count-include\.yaml:14:21 Property 'topology\.workers' is not defined/);
    expect(rep.reason).toMatch(/pass --filter <file\.properties>/);
  }, 180_000);

  test('runs Storm and the translated job on Flink, taps both and finds them equivalent (JUnit report)', async () => {
    fs.writeFileSync(path.join(dir, 'data', 'sentences.txt'), 'the cow jumped\nover the moon\n');
    const cp = await stormRunnerClasspath();
    const classes = await compileJava('storm-runner-test', listJava(path.join(RUNNER, 'src', 'test', 'java')), cp.join(path.delimiter), javaTools());
    const out = path.join(dir, 'out');
    const r = await cli([path.join(dir, 'wordcount.flux.yaml'), '--classpath', classes, '--format', 'junit', '--out', out, '--quiet', '1000']);
    expect(r.out).not.toContain('<error');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'report.xml'), 'utf8')).toBe(r.out);
    // 2 sentences, 6 words, 6 counts, 1 long word, on each engine.
    const lines = (f: string) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const storm = lines(path.join(out, 'storm', 'storm.tap.jsonl'));
    const flink = lines(path.join(out, 'flink', 'flink.tap.jsonl'));
    expect(storm).toHaveLength(15);
    expect(flink).toHaveLength(15);
    const key = (t: { component: string; stream: string; values: unknown[] }) => JSON.stringify([t.component, t.stream, t.values]);
    expect(flink.map(key).sort()).toEqual(storm.map(key).sort());
  }, 300_000);
});
