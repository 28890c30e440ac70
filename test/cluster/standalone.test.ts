// CI's share of the cluster tier: samples/kafka-pipeline translated for Flink 1.20 and run on a standalone session
// cluster in separate JVMs (a JobManager, two TaskManagers), submitted with Flink's own CLI, Kafka in and out over
// the embedded broker, a TaskManager killed with kill -9 three times. No order may be missing from the output
// topic; duplicates are reported. The whole tier (Flink 2.x, a non-Kafka spout, more kills) is
// standalone-full.test.ts, run by `npm run test:clusters`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { tempDir } from '../helpers/tmp.js';
import { KAFKA_PIPELINE, runWithKills } from './faults.js';
import { summary } from './summary.js';

describe('a translated Kafka job on a standalone Flink 1.20 cluster (separate processes)', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('loses no record when TaskManagers are killed with kill -9 mid-run (at-least-once, duplicates counted)', async () => {
    const seed = Number(process.env.S2F_CLUSTER_SEED ?? Date.now() % 1_000_000);
    const r = await runWithKills(KAFKA_PIPELINE, {
      line: '1.20',
      kills: 3,
      seed,
      work: tempDir('s2f-cluster-'),
      bootstrapServers: broker.bootstrapServers,
      log: (s) => console.log(s),
    });
    console.log(summary('kafka-pipeline', r));
    expect(r.missing, `orders missing from orders-enriched (${r.missingCount})`).toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.wrong, 'enriched records').toEqual([]);
    expect(r.kills).toHaveLength(3);
    for (const k of r.kills) expect(k.restoredFrom, 'restored from the last completed checkpoint or a later one').toBeGreaterThanOrEqual(k.lastCompleted);
  }, 420_000);
});
