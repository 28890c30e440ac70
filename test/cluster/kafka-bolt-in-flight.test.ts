// Part of the full cluster tier (`npm run test:clusters`): orders a KafkaBolt has taken but not yet written when a
// checkpoint completes must survive a kill -9 of the TaskManagers (the output broker stalls across the checkpoint).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { tempDir } from '../helpers/tmp.js';
import { kafkaBoltInFlight } from './faults.js';

const FULL = process.env.S2F_CLUSTER_FULL === '1';

describe.skipIf(!FULL)("a KafkaBolt's unwritten records across a checkpoint and a kill -9 (full tier)", () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('Flink 1.20: every order comes out after the broker stalled across a checkpoint and the TaskManagers died', async () => {
    const r = await kafkaBoltInFlight({
      line: '1.20',
      work: tempDir('s2f-cluster-'),
      bootstrapServers: broker.bootstrapServers,
      brokerPid: broker.pid!,
      log: (s) => console.log(s),
    });
    console.log(
      `in-flight on Flink ${r.line}: ${r.expected} orders, ${r.missingCount} missing, ${r.duplicates} duplicates, ${r.completedDuringStall} checkpoint(s) during the stall (${r.outAtStall} out at the stall), restored ${r.restoredFrom}, ${(r.ms / 1000).toFixed(1)} s`,
    );
    // The situation arose: the KafkaBolt held orders it could not write when the TaskManagers died. No checkpoint
    // completes over them now (the bolt's producer is flushed at the barrier, as Flink's KafkaSink is).
    expect(r.outAtStall, 'orders still to come out when the broker stopped').toBeLessThan(r.expected);
    expect(r.missing, `orders missing from orders-enriched (${r.missingCount})`).toEqual([]);
  }, 600_000);
});
