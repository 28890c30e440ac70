import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { excludeOut, runBatch, UsageError } from '../../src/batch/run.js';
import { uniqueFolderNames } from '../../src/translator/names.js';
import { LiveReporter, PlainReporter } from '../../src/batch/progress.js';
import { migrate } from '../../src/cli/migrate.js';
import type { StageResult, Summary } from '../../src/model/summary.js';
import type { Stage } from '../../src/batch/types.js';
import { captureStream, fakeAnalyzer, RecordingReporter, writeTree } from './helpers.js';

let dir: string;
let out: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-batch-'));
  out = path.join(dir, 'migration');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A translate stage that writes one file, counts its calls, and fails or throws on request. */
function fakeTranslate(calls: string[], behaviour: Record<string, 'throw' | 'fail'> = {}): Stage {
  return {
    name: 'translate',
    version: '1',
    async run(ctx): Promise<StageResult> {
      calls.push(ctx.topology.id);
      const b = behaviour[ctx.topology.id];
      if (b === 'throw') throw new Error('translator bug');
      if (b === 'fail') return { status: 'failed', reason: 'cannot translate' };
      fs.writeFileSync(path.join(ctx.outDir, 'Job.java'), `// ${ctx.topology.id}\n`);
      return {
        status: 'ok',
        files: ['Job.java'],
        translation: {
          guarantee: { after: 'at-least-once' },
          flinkResources: { taskManagers: 1, slotsPerTaskManager: 2, taskHeapMb: 1024 },
        },
      };
    },
  };
}

const tree = () =>
  writeTree(path.join(dir, 'repo'), {
    'a/alpha.yaml': { id: 'alpha', topics: ['clicks'] },
    'b/beta.yaml': { id: 'beta', blocked: true },
    'c/broken.yaml': '{ this is not: [valid',
    'd/delta.yaml': { id: 'delta', tick: 5 },
  });

describe('runBatch', () => {
  it('goes on past a broken file, a blocked topology and a throwing stage; counts are right', async () => {
    tree();
    const calls: string[] = [];
    const reporter = new RecordingReporter();
    const r = await migrate({
      paths: ['repo'],
      out,
      cwd: dir,
      analyze: fakeAnalyzer(),
      stages: [fakeTranslate(calls, { delta: 'throw' })],
      reporter,
      toolVersion: 'test',
    });
    expect(r.exitCode).toBe(0);
    const s = r.summary;
    expect(s.topologies.map((t) => t.id)).toEqual(['alpha', 'beta', 'delta']);
    expect(s.counts).toMatchObject({ topologies: 3, analyzed: 3, translated: 1, blocked: 1, failed: 1, failedFiles: 1, reused: 0 });
    expect(s.counts.verified).toEqual({ equivalent: 0, notEquivalent: 0, notRun: 3 });
    expect(calls.sort()).toEqual(['alpha', 'delta']); // a blocked topology is never translated
    const byId = new Map(s.topologies.map((t) => [t.id, t]));
    expect(byId.get('beta')!.stages.translate).toMatchObject({ status: 'blocked' });
    expect(byId.get('delta')!.stages.translate.status).toBe('failed');
    expect(byId.get('delta')!.stages.translate.reason).toContain('translator bug');
    expect(Object.keys(byId.get('alpha')!.stages)).toEqual(['analyze', 'translate', 'verify']); // no build stage: verify compiles the job
    expect(byId.get('alpha')!.facts).toMatchObject({ deliveryAfter: 'at-least-once', kafkaTopics: ['clicks'] });
    expect(s.failedFiles.map((f) => f.file)).toEqual(['repo/c/broken.yaml']);
    // Everything lands under --out.
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'analysis.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'report', 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'report', 't', 'alpha.html'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'topologies', 'alpha', 'Job.java'), 'utf8')).toContain('alpha');
    expect(reporter.events.filter((e) => e.type === 'topology-end')).toHaveLength(3);
    const onDisk = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    expect(onDisk.counts).toEqual(s.counts);
  });

  it('resumes: a second run redoes nothing; a changed file redoes only its topology; --force redoes all', async () => {
    tree();
    const analyzeCalls = { n: 0 };
    const calls: string[] = [];
    const run = (force = false) =>
      runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(analyzeCalls), stages: [fakeTranslate(calls)], toolVersion: 'test', force });
    await run();
    expect(analyzeCalls.n).toBe(1);
    expect(calls.sort()).toEqual(['alpha', 'delta']);

    calls.length = 0;
    const second = await run();
    expect(analyzeCalls.n).toBe(1); // analysis.json reused: no analyzed file changed
    expect(calls).toEqual([]);
    expect(second.summary.counts.reused).toBe(3);
    expect(second.summary.counts.translated).toBe(1 + 1);
    expect(second.exitCode).toBe(0);

    fs.appendFileSync(path.join(dir, 'repo/a/alpha.yaml'), '\n');
    const third = await run();
    expect(analyzeCalls.n).toBe(2);
    expect(calls).toEqual(['alpha']);
    const reusedIds = third.summary.topologies.filter((t) => t.stages.analyze.reused).map((t) => t.id);
    expect(reusedIds).toEqual(['beta', 'delta']);

    calls.length = 0;
    await run(true);
    expect(calls.sort()).toEqual(['alpha', 'delta']);
  });

  it('a deleted output file is redone even when the inputs did not change', async () => {
    tree();
    const calls: string[] = [];
    const run = () => runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate(calls)], toolVersion: 'test' });
    await run();
    fs.rmSync(path.join(out, 'topologies', 'delta', 'Job.java'));
    calls.length = 0;
    await run();
    expect(calls).toEqual(['delta']);
  });

  it('exits 1 when a topology regressed since the previous run', async () => {
    tree();
    const first = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate([])], toolVersion: 'test' });
    expect(first.exitCode).toBe(0);
    const second = await runBatch({
      paths: ['repo'],
      out,
      cwd: dir,
      analyze: fakeAnalyzer(),
      stages: [fakeTranslate([], { alpha: 'fail' })],
      toolVersion: 'test',
      force: true,
    });
    expect(second.exitCode).toBe(1);
    expect(second.summary.regressions).toEqual([{ id: 'alpha', what: 'translate was ok, now failed: cannot translate' }]);
    // Removing a topology's source is not a regression; breaking it so it is no longer found is.
    fs.writeFileSync(path.join(dir, 'repo/a/alpha.yaml'), '{ broken');
    const third = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate([])], toolVersion: 'test' });
    expect(third.summary.regressions.map((r) => r.id)).toEqual(['alpha']);
    fs.rmSync(path.join(dir, 'repo/a/alpha.yaml'));
    const fourth = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate([])], toolVersion: 'test' });
    expect(fourth.exitCode).toBe(0);
  });

  it('--strict exits 1 on a first run with a blocked or failed topology or a broken file, 0 when all are ok', async () => {
    tree();
    const lenient = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate([])], toolVersion: 'test' });
    expect(lenient.exitCode).toBe(0);
    const strict = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate([])], toolVersion: 'test', strict: true });
    expect(strict.summary.counts).toMatchObject({ blocked: 1, failedFiles: 1 });
    expect(strict.exitCode).toBe(1);
    // Only the sound topologies: ok, exit 0; one failing translation: exit 1.
    // Only the sound topologies, each run in a fresh --out (no previous run, so no regression): all ok, exit 0;
    // one failing translation, exit 1 with --strict and 0 without.
    const only = (name: string, behaviour: Record<string, 'fail'>, strict: boolean) =>
      runBatch({
        paths: ['repo/a', 'repo/d'],
        out: path.join(dir, name),
        cwd: dir,
        analyze: fakeAnalyzer(),
        stages: [fakeTranslate([], behaviour)],
        toolVersion: 'test',
        strict,
      });
    expect((await only('out-ok', {}, true)).exitCode).toBe(0);
    const failing = await only('out-fail', { delta: 'fail' }, true);
    expect(failing.summary.counts.failed).toBe(1);
    expect(failing.summary.regressions).toEqual([]);
    expect(failing.exitCode).toBe(1);
    expect((await only('out-fail-lenient', { delta: 'fail' }, false)).exitCode).toBe(0);
  });

  it('analyzes file by file when the analyzer throws, so one bad file stops nothing', async () => {
    tree();
    writeTree(path.join(dir, 'repo'), { 'e/evil.yaml': { id: 'evil', throw: true } as never });
    const r = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), toolVersion: 'test' });
    expect(r.summary.topologies.map((t) => t.id)).toEqual(['alpha', 'beta', 'delta']);
    expect(r.summary.failedFiles.map((f) => f.file)).toContain('repo/e/evil.yaml');
    expect(r.summary.diagnostics.some((d) => d.code === 'S2F009')).toBe(true);
  });

  it('--only runs the named topologies and keeps the previous results of the others', async () => {
    tree();
    const calls: string[] = [];
    await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [fakeTranslate(calls)], toolVersion: 'test' });
    calls.length = 0;
    const r = await runBatch({
      paths: ['repo'],
      out,
      cwd: dir,
      analyze: fakeAnalyzer(),
      stages: [fakeTranslate(calls)],
      toolVersion: 'test',
      only: ['delta'],
      force: true,
    });
    expect(calls).toEqual(['delta']);
    const alpha = r.summary.topologies.find((t) => t.id === 'alpha')!;
    expect(alpha.selected).toBe(false);
    await expect(runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), toolVersion: 'test', only: ['nope'] })).rejects.toThrow(UsageError);
  });

  it('runs at most --jobs stages at once', async () => {
    writeTree(path.join(dir, 'repo'), Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`t${i}.yaml`, { id: `t${i}` }])));
    let active = 0;
    let peak = 0;
    const slow: Stage = {
      name: 'translate',
      async run() {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return { status: 'ok' };
      },
    };
    const r = await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [slow], jobs: 3, toolVersion: 'test' });
    expect(r.summary.counts.translated).toBe(8);
    expect(peak).toBe(3);
  });

  it('keeps --out out of the analysis when it lies inside an analyzed folder', async () => {
    writeTree(dir, { 'alpha.yaml': { id: 'alpha' }, 'migration/ghost.yaml': { id: 'ghost' }, 'node_modules/x.yaml': { id: 'nm' } });
    const paths = excludeOut(['.'], out, dir);
    expect(paths.map((p) => path.relative(dir, p))).toEqual(['alpha.yaml']);
    const r = await runBatch({ paths: ['.'], out, cwd: dir, analyze: fakeAnalyzer(), toolVersion: 'test' });
    expect(r.summary.topologies.map((t) => t.id)).toEqual(['alpha']);
  });

  it('makes safe, unique folder names', () => {
    expect(uniqueFolderNames(['a', '../x', 'A', 'con', '<script>', 'Word.Count_flux'])).toEqual(['a', 'x', 'a-2', 'con-', 'script', 'word-count-flux']);
  });
});

describe('progress', () => {
  it('plain mode: one line per event, no escape codes, heartbeats for long stages', async () => {
    tree();
    const stream = captureStream(false);
    const reporter = new PlainReporter({ stream, heartbeatMs: 30 });
    const slow: Stage = {
      name: 'translate',
      async run(ctx) {
        ctx.progress('mvn package');
        await new Promise((r) => setTimeout(r, 200));
        return { status: 'ok' };
      },
    };
    await runBatch({ paths: ['repo'], out, cwd: dir, analyze: fakeAnalyzer(), stages: [slow], reporter, toolVersion: 'test', only: ['alpha'] });
    reporter.close();
    const text = stream.text();
    expect(text).not.toMatch(/\u001b/);
    expect(text).toMatch(/^analysis: 3 topologies/m);
    expect(text).toMatch(/^\[\d\/3\] alpha translate started/m);
    expect(text).toMatch(/alpha translate still running \(\d+(\.\d)?s\): mvn package/);
    expect(text.match(/^\[\d\/3\] \w+ analyze /gm)).toHaveLength(3);
  }, 20_000);

  it('live mode redraws in place on a terminal and honours NO_COLOR', () => {
    const colored = captureStream(true);
    const live = new LiveReporter({ stream: colored, env: {} });
    live.event({ type: 'start', total: 2, jobs: 1 });
    live.event({ type: 'stage-start', id: 'alpha', stage: 'translate' });
    live.event({ type: 'stage-end', id: 'alpha', stage: 'translate', result: { status: 'failed', reason: 'boom' } });
    live.close();
    expect(colored.text()).toMatch(/\u001b\[31m/);
    expect(colored.text()).toContain('alpha translate failed - boom');

    const plain = captureStream(true);
    const noColor = new LiveReporter({ stream: plain, env: { NO_COLOR: '1' } });
    noColor.event({ type: 'start', total: 2, jobs: 1 });
    noColor.event({ type: 'stage-end', id: 'alpha', stage: 'translate', result: { status: 'failed', reason: 'boom' } });
    noColor.close();
    expect(plain.text()).not.toMatch(/\u001b\[\d+m/);
    expect(plain.text()).toMatch(/\u001b\[\d+F\u001b\[0J/); // still redraws in place
  });
});
