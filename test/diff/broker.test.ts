// Real broker: start, topics, produce/consume through the replay code, stop; and every way it must not leak.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clusterId, startBroker, type Broker } from '../../src/diff/broker.js';
import { CouldNotRun } from '../../src/diff/jvm.js';
import { planReplay, produceRecords, readTopics, type ReplayInput } from '../../src/diff/replay.js';
import { parseSample } from '../../src/diff/samples.js';
import { DIFF_SRC, removeTranspiled, transpileDiff } from './helpers/transpile.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

const kafkaDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('s2f-kafka-')));

describe.sequential('Kafka broker', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
    removeTranspiled();
  });

  test('replays keyed JSON lines and reads them back in order per key, with timestamps', async () => {
    const text = [
      '{"key":"a","value":{"n":1},"timestamp":1700000000000}',
      '{"key":"b","value":"two"}',
      '{"key":"a","value":{"n":3},"timestamp":"2024-05-01T12:00:00Z"}',
      '"plain string record"',
      ...Array.from({ length: 50 }, (_, i) => JSON.stringify({ key: `k${i % 5}`, value: i })),
    ].join('\n');
    const file = parseSample('orders.jsonl', text);
    expect(file.diagnostics).toEqual([]);
    const inputs: ReplayInput[] = [{ kind: 'kafka', topic: 'orders', spout: 'kafka-spout' }];
    const plan = planReplay([file], inputs);
    const counts = await produceRecords(broker.bootstrapServers, plan.kafka, { partitions: 3 });
    expect(counts.get('orders')).toBe(54);
    const got = await readTopics(broker.bootstrapServers, ['orders']);
    expect(got).toHaveLength(54);
    const perKey = (rs: { key: string | null; value: string | null }[]) => {
      const m = new Map<string, string[]>();
      for (const r of rs) if (r.key !== null) m.set(r.key, [...(m.get(r.key) ?? []), r.value ?? '']);
      return m;
    };
    const sent = perKey(file.records);
    // Order per key survives partitioning.
    expect(perKey(got)).toEqual(sent);
    const a = got.filter((r) => r.key === 'a');
    expect(new Set(a.map((r) => r.partition)).size).toBe(1);
    expect(a.map((r) => r.timestamp)).toEqual([1700000000000, Date.parse('2024-05-01T12:00:00Z')]);
    // A JSON string is the value as-is; anything else is compact JSON.
    expect(got.find((r) => r.key === null)?.value).toBe('plain string record');
    expect(got.find((r) => r.key === 'a')?.value).toBe('{"n":1}');
  });

  test('reads a topic written through transactions (read_committed): committed records, not the aborted ones, and it ends', async () => {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({ brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'committed-out', numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ transactionalId: 's2f-test-tx', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({ topic: 'committed-out', messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'committed-out', messages: [{ key: 'gone', value: 'aborted' }] });
      await aborted.abort();
    } finally {
      await producer.disconnect();
    }
    // Each partition's log ends in a transaction marker, never delivered as a record: reading must still end.
    const got = await readTopics(broker.bootstrapServers, ['committed-out'], 20_000);
    expect(got.map((r) => r.value).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  }, 60_000);

  test('stop kills the JVM and removes its temp dir', async () => {
    const b = await startBroker();
    expect(b.pid).toBeGreaterThan(0);
    expect(fs.existsSync(b.dir!)).toBe(true);
    await b.stop();
    expect(alive(b.pid!)).toBe(false);
    expect(fs.existsSync(b.dir!)).toBe(false);
  }, 120_000);

  async function toolWithBroker(): Promise<{ child: ChildProcess; pid: number; dir: string }> {
    const out = transpileDiff(['jvm.ts', 'children.ts', 'broker.ts']);
    const script = `import { startBroker } from ${JSON.stringify(path.join(out, 'broker.js'))};
      const b = await startBroker();
      console.log(JSON.stringify({ pid: b.pid, dir: b.dir }));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, S2F_DIFF_RESOURCES: DIFF_SRC },
    });
    const info = await new Promise<{ pid: number; dir: string }>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (b: Buffer) => {
        buf += b.toString();
        const line = buf.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    return { child, ...info };
  }

  test('the JVM does not outlive a Node process killed with SIGKILL', async () => {
    const { child, pid, dir } = await toolWithBroker();
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await until(() => !alive(pid), 5000)).toBe(true);
    expect(await until(() => !fs.existsSync(dir), 2000)).toBe(true);
  }, 120_000);

  test('SIGTERM to the tool stops the broker and exits 143', async () => {
    const { child, pid, dir } = await toolWithBroker();
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    // SIGKILL was sent before exit; delivery and reaping take a moment.
    expect(await until(() => !alive(pid), 3000)).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
  }, 120_000);

  test('a taken port gives a could-not-run reason and leaves nothing behind', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const before = kafkaDirs();
    try {
      const err = await startBroker({ port }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CouldNotRun);
      expect((err as CouldNotRun).kind).toBe('verify-broker-failed');
      expect((err as CouldNotRun).message).toMatch(/exited during start-up/);
      expect(`${(err as CouldNotRun).message}\n${(err as CouldNotRun).detail}`).toMatch(/already in use|bind/i);
    } finally {
      blocker.close();
    }
    expect([...kafkaDirs()].filter((d) => !before.has(d))).toEqual([]);
    const jvms = spawnSync('pgrep', ['-f', `127.0.0.1:${port}`], { encoding: 'utf8' }).stdout.trim();
    expect(jvms).toBe('');
  }, 120_000);

  test('a bad JAVA_HOME is a could-not-run reason, before anything starts', async () => {
    const before = kafkaDirs();
    const err = await startBroker({ env: { ...process.env, JAVA_HOME: '/nonexistent/jdk' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CouldNotRun);
    expect((err as CouldNotRun).kind).toBe('verify-tool-missing');
    expect((err as CouldNotRun).message).toMatch(/JAVA_HOME is set to \/nonexistent\/jdk/);
    expect([...kafkaDirs()].filter((d) => !before.has(d))).toEqual([]);
  });
});

test('cluster ids are 22 base64url characters and never start with "-" (kafka-storage would take them for an option)', () => {
  for (let i = 0; i < 10_000; i++) {
    const id = clusterId();
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  }
});
