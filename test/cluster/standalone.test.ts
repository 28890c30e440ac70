// CI's share of the cluster tier: samples/kafka-pipeline translated for Flink 1.20 and run on a standalone session
// cluster in separate JVMs (a JobManager, two TaskManagers), submitted with Flink's own CLI, Kafka in and out over
// the embedded broker, a TaskManager killed with kill -9 three times. No order may be missing from the output
// topic; duplicates are reported. The whole tier (Flink 2.x, a non-Kafka spout, more kills) is
// standalone-full.test.ts, run by `npm run test:clusters`.
import * as os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { tempDir } from '../helpers/tmp.js';
import { kafkaPipelineWithKills } from './faults.js';

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
    const r = await kafkaPipelineWithKills({ line: '1.20', kills: 3, seed, work: tempDir('s2f-cluster-'), bootstrapServers: broker.bootstrapServers, log: (s) => console.log(s) });
    console.log(`Flink ${r.line}, seed ${r.seed}: ${r.kills.length} kills, ${r.produced} orders in, ${r.outputRecords} records out (${r.distinct} distinct, ${r.duplicates} duplicates), ${(r.ms / 1000).toFixed(1)} s on ${os.cpus().length} cores`);
    expect(r.missing, 'orders missing from orders-enriched').toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.wrong, 'enriched records').toEqual([]);
    expect(r.kills).toHaveLength(3);
    for (const k of r.kills) expect(k.restoredFrom, 'restored from the last completed checkpoint or a later one').toBeGreaterThanOrEqual(k.lastCompleted);
  }, 420_000);
});
