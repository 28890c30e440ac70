// A batch's shared engines: one broker leased run by run, long-lived Storm runners with a class loader per run.
// Each run must see only its own input and its own statics, and a run the runner cannot serve runs on its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { liveChildren } from '../../src/diff/children.js';
import { batchEngines } from '../../src/diff/engines.js';
import { verifyPath as verify } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';

const tapLines = (out: string, side: 'storm' | 'flink') =>
  fs
    .readFileSync(path.join(out, side, `${side}.tap.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean).length;
const served = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'storm', 'storm-spec.json'), 'utf8')).classpath !== undefined;
const flinkServed = (out: string) =>
  fs.existsSync(path.join(out, 'flink', 'flink-request.json')) && !fs.existsSync(path.join(out, 'flink', 'flink-served.log'));

describe.sequential('verify with shared engines', () => {
  test('runs share one Storm runner, one Flink JVM and one broker, and each sees only its own input', async () => {
    const dir = tempDir('s2f-engines-');
    const engines = batchEngines(1);
    const run = (sample: string, id: string, n: number) =>
      verify({ topology: path.resolve('samples', sample), topologyId: id, out: path.join(dir, `${id}-${n}`), engines });
    try {
      const wc1 = await run('word-count', 'word-count', 1);
      const wc2 = await run('word-count', 'word-count', 2);
      const k1 = await run('kafka-pipeline', 'kafka-pipeline', 1);
      const k2 = await run('kafka-pipeline', 'kafka-pipeline', 2);
      const rc = await run('rolling-counts', 'rolling-counts', 1);
      // A node ShellBolt: its splitsentence.js is in the sample's resources/ folder, which the runner's supervisor
      // must take from this run (flux-core on the runner's class path has a resources/ folder without it).
      const sh = await run('shell-split', 'shell-split', 1);
      for (const r of [wc1, wc2, k1, k2, rc, sh])
        expect(r.status, `${r.topology}: ${r.reason ?? ''} ${JSON.stringify(r.diff?.firstDivergence ?? null)} ${JSON.stringify(r.diff?.notes ?? [])}`).toBe(
          'equivalent',
        );

      // Served by the long-lived JVMs, not JVMs of their own.
      for (const out of ['word-count-1', 'word-count-2', 'kafka-pipeline-1', 'kafka-pipeline-2', 'shell-split-1']) {
        expect(served(path.join(dir, out)), out).toBe(true);
        expect(fs.existsSync(path.join(dir, out, 'storm', 'storm-served.log')), out).toBe(false);
        expect(flinkServed(path.join(dir, out)), out).toBe(true);
      }
      // Each Flink run tapped its own job only (the tap is shared by the JVM's runs).
      expect(tapLines(path.join(dir, 'word-count-2'), 'flink')).toBe(tapLines(path.join(dir, 'word-count-1'), 'flink'));
      // The second run of the same topology taps exactly what the first did: nothing of the first run's
      // topology (killed, maybe still shutting down) and no statics carried over.
      expect(tapLines(path.join(dir, 'word-count-2'), 'storm')).toBe(tapLines(path.join(dir, 'word-count-1'), 'storm'));
      // The shared broker was cleared: the second Kafka run did not read the first run's records as well.
      expect(tapLines(path.join(dir, 'kafka-pipeline-2'), 'storm')).toBe(tapLines(path.join(dir, 'kafka-pipeline-1'), 'storm'));

      // Ticks need simulated time, JVM-wide: the runner declines and the run takes a JVM of its own; so does the
      // Flink side (its tick clock is JVM-wide too).
      expect(fs.readFileSync(path.join(dir, 'rolling-counts-1', 'storm', 'storm-served.log'), 'utf8')).toContain('"status":"fresh-jvm"');
      expect(fs.existsSync(path.join(dir, 'rolling-counts-1', 'flink', 'flink-request.json'))).toBe(false);
      expect(rc.rounds?.storm?.ticks).toBeGreaterThan(0);
    } finally {
      await engines.close();
    }
    expect(liveChildren()).toBe(0);
  }, 600_000);

  test('a topology a main submits is served too (Java-serialized values between its workers as well); a main that goes on after its capture retires the runner it ran in', async () => {
    const dir = tempDir('s2f-engines-main-');
    const engines = batchEngines(1);
    try {
      const fixture = path.join(import.meta.dirname, 'fixtures', 'lingering-main');
      // A DRPC topology's main: its requests go to a DRPC server of the run's own, closed with it.
      const reach = await verify({ topology: path.resolve('samples', 'drpc-reach'), out: path.join(dir, 'reach'), engines });
      const kept = await verify({ topology: fixture, out: path.join(dir, 'keep-alive'), captureLimit: 6, engines });
      const wc = await verify({ topology: path.resolve('samples', 'word-count'), topologyId: 'word-count', out: path.join(dir, 'word-count'), engines });
      // Two workers passing a Serializable class of the topology's own: Storm reads it back by Java serialization,
      // through the run's class loader (the runner's own has no such class: the worker, and the runner, died).
      const serialized = await verify({
        topology: path.join(import.meta.dirname, 'fixtures', 'java-serialized'),
        out: path.join(dir, 'java-serialized'),
        captureLimit: 6,
        engines,
      });
      for (const r of [reach, kept, wc, serialized])
        expect(r.status, `${r.topology}: ${r.reason ?? ''} ${r.detail ?? ''} ${JSON.stringify(r.diff?.notes ?? [])}`).toBe('equivalent');
      expect(serialized.diff!.streams.find((s) => s.component === 'measure')?.storm).toBe(6);
      for (const out of ['reach', 'keep-alive', 'word-count', 'java-serialized']) {
        expect(served(path.join(dir, out)), out).toBe(true);
        expect(fs.existsSync(path.join(dir, out, 'storm', 'storm-served.log')), out).toBe(false);
      }
      // KeepAliveTopology's main swallows the interrupt and sleeps on: the runner says so and halts after the run,
      // and the next run (served, equivalent above) had a fresh runner.
      expect(fs.readFileSync(path.join(dir, 'keep-alive', 'storm', 'storm.log'), 'utf8')).toContain('this Storm runner retires after the run');
      for (const out of ['reach', 'word-count']) expect(fs.readFileSync(path.join(dir, out, 'storm', 'storm.log'), 'utf8'), out).not.toContain('retires');
    } finally {
      await engines.close();
    }
    expect(liveChildren()).toBe(0);
  }, 600_000);

  test('a main that exits before it builds a topology is said as a run of its own would say it, without running it again', async () => {
    const dir = tempDir('s2f-engines-usage-');
    const engines = batchEngines(1);
    try {
      const data = path.join(dir, 'data');
      fs.mkdirSync(data);
      fs.writeFileSync(path.join(data, 'words.jsonl'), '"nathan"\n"mike"\n');
      const out = path.join(dir, 'usage');
      const r = await verify({
        topology: path.join(import.meta.dirname, 'fixtures', 'lingering-main'),
        source: { kind: 'main', className: 'com.acme.UsageFirst' },
        data: [data],
        out,
        engines,
      });
      expect(r.status).toBe('could-not-run');
      expect(r.reason).toMatch(/UsageFirst\.main called System\.exit\(2\) before it built or submitted a topology/);
      expect(served(out)).toBe(true);
      expect(fs.existsSync(path.join(out, 'storm', 'storm-served.log')), 'not run again in a JVM of its own').toBe(false);
    } finally {
      await engines.close();
    }
    expect(liveChildren()).toBe(0);
  }, 600_000);
});
