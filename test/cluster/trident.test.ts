// Trident on a real cluster: test/cluster/fixtures/trident-kafka (KafkaTridentSpoutOpaque → each → TridentKafkaState)
// translated for Flink 1.20 and run on a standalone session cluster in separate JVMs, its TransactionalState in a
// ZooKeeper process of its own (TRIDENT_ZOOKEEPER, as deploy/submit.sh passes it), a TaskManager killed with kill -9
// three times. Trident's own protocol (transactions replayed with the metadata ZooKeeper kept) must bring every
// order to the output topic; duplicates are reported (TridentKafkaState writes at least once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { tempDir } from '../helpers/tmp.js';
import { runWithKills, TRIDENT_KAFKA } from './faults.js';
import { summary } from './summary.js';

describe('a translated Trident job on a standalone Flink 1.20 cluster with an external ZooKeeper', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('loses no order when TaskManagers are killed with kill -9 mid-run', async () => {
    const seed = Number(process.env.S2F_CLUSTER_SEED ?? Date.now() % 1_000_000);
    const r = await runWithKills(TRIDENT_KAFKA, {
      line: '1.20',
      kills: 3,
      seed,
      work: tempDir('s2f-trident-cluster-'),
      bootstrapServers: broker.bootstrapServers,
      log: (s) => console.log(s),
    });
    console.log(summary('trident-kafka', r));
    expect(r.missing, `orders missing from trident-out (${r.missingCount})`).toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.wrong, 'stamped records').toEqual([]);
    expect(r.kills).toHaveLength(3);
    for (const k of r.kills) expect(k.restoredFrom, 'restored from the last completed checkpoint or a later one').toBeGreaterThanOrEqual(k.lastCompleted);
  }, 600_000);
});
