// `storm2flink sample` against a real broker: records of a live topic become a sample file verify reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { parseStart } from '../../src/diff/kafka-sample.js';
import { parseSample } from '../../src/diff/samples.js';
import { tempDir } from '../helpers/tmp.js';

const run = runCli;

describe('storm2flink sample', () => {
  let broker: Broker;
  let kafka: Kafka;
  beforeAll(async () => {
    broker = await startBroker();
    kafka = new Kafka({ clientId: 's2f-sample-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'orders',
      messages: [1, 2, 3, 4, 5].map((i) => ({ key: `k${i}`, value: JSON.stringify({ id: i }), timestamp: String(1_700_000_000_000 + i * 1000) })),
    });
    await producer.disconnect();
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
  });

  it('takes the first N records from the earliest offset into a file verify --data reads', async () => {
    const out = path.join(tempDir('s2f-sample-'), 'orders.jsonl');
    const r = await run('sample', '--bootstrap-servers', broker.bootstrapServers, '--topic', 'orders', '--count', '3', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('3 record(s) of orders');
    const file = parseSample(out, fs.readFileSync(out, 'utf8'));
    expect(file.diagnostics).toEqual([]);
    expect(file.records.map((x) => [x.key, x.value, x.timestamp, x.topic])).toEqual([
      ['k1', '{"id":1}', 1_700_000_001_000, 'orders'],
      ['k2', '{"id":2}', 1_700_000_002_000, 'orders'],
      ['k3', '{"id":3}', 1_700_000_003_000, 'orders'],
    ]);
  }, 120_000);

  it('from a point in time, and from now on (latest), waiting only as long as --timeout', async () => {
    const since = await run(
      'sample',
      '--bootstrap-servers',
      broker.bootstrapServers,
      '--topic',
      'orders',
      '--count',
      '10',
      '--from',
      String(1_700_000_004_000),
      '--timeout',
      '3',
    );
    expect(since.code).toBe(0);
    expect(
      since.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { key: string }).key),
    ).toEqual(['k4', 'k5']);
    expect(since.err).toContain('waited 3 s for 10');

    const latest = run('sample', '--bootstrap-servers', broker.bootstrapServers, '--topic', 'orders', '--count', '1', '--from', 'latest', '--timeout', '20');
    await new Promise((r) => setTimeout(r, 4000));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ key: 'k6', value: 'late' }] });
    await producer.disconnect();
    const r = await latest;
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out.trim()) as { key: string; value: string }).toMatchObject({ key: 'k6', value: 'late' });
  }, 120_000);

  it('a missing topic is a could-not-run (exit 2) that names it; a bad --from is a usage error', async () => {
    const r = await run('sample', '--bootstrap-servers', broker.bootstrapServers, '--topic', 'nope', '--count', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('sample: S2F719: topic "nope" does not exist');
    expect(parseStart('yesterday')).toBeNull();
    expect(parseStart('2024-05-01T12:00:00Z')).toEqual({ kind: 'timestamp', ms: Date.parse('2024-05-01T12:00:00Z') });
  }, 60_000);
});
