// The whole cluster tier (`npm run test:clusters`, S2F_CLUSTER_FULL=1): on Flink 1.20 and 2.x, a Kafka spout
// (samples/kafka-pipeline) and a non-Kafka reliable spout (test/cluster/fixtures/sequence-to-kafka, whose KafkaBolt
// makes its output readable from outside the cluster), each on a standalone session cluster in separate JVMs with
// TaskManagers killed by kill -9: 12 kills in all. No expected record may be missing; duplicates are reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { tempDir } from '../helpers/tmp.js';
import { KAFKA_PIPELINE, runWithKills, sequenceScenario, type ClusterRun } from './faults.js';
import { summary } from './summary.js';

const FULL = process.env.S2F_CLUSTER_FULL === '1';
const KILLS = 3;

function check(r: ClusterRun): void {
  expect(r.missing, `records missing from the output (${r.missingCount})`).toEqual([]);
  expect(r.unexpected).toEqual([]);
  expect(r.wrong, 'output values').toEqual([]);
  expect(r.kills).toHaveLength(KILLS);
  for (const k of r.kills) expect(k.restoredFrom, 'restored from the last completed checkpoint or a later one').toBeGreaterThanOrEqual(k.lastCompleted);
}

describe.skipIf(!FULL)('translated jobs on standalone Flink clusters with TaskManagers killed (full tier)', () => {
  let broker: Broker;
  const runs: string[] = [];
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
    console.log(`cluster tier:\n${runs.join('\n')}`);
  });

  const seed = Number(process.env.S2F_CLUSTER_SEED ?? Date.now() % 1_000_000);
  const lines: FlinkLine[] = ['1.20', '2.x'];
  for (const [i, line] of lines.entries()) {
    it(`Flink ${line}: Kafka spout (kafka-pipeline), ${KILLS} kills`, async () => {
      const r = await runWithKills(KAFKA_PIPELINE, {
        line,
        kills: KILLS,
        seed: seed + i,
        work: tempDir('s2f-cluster-'),
        bootstrapServers: broker.bootstrapServers,
        log: (s) => console.log(s),
      });
      runs.push(summary('kafka-pipeline', r));
      check(r);
    }, 600_000);

    it(`Flink ${line}: non-Kafka reliable spout (sequence-to-kafka), ${KILLS} kills`, async () => {
      // 6,000 numbers at 100/s per spout task: a 30 s pass, started over by each restart (the spout's position is in memory).
      const r = await runWithKills(sequenceScenario(6000, 100), {
        line,
        kills: KILLS,
        seed: seed + 10 + i,
        work: tempDir('s2f-cluster-'),
        bootstrapServers: broker.bootstrapServers,
        log: (s) => console.log(s),
      });
      runs.push(summary('sequence-to-kafka', r));
      check(r);
    }, 600_000);
  }
});
