// An upgrade on a standalone cluster as the generated MIGRATION.md describes it: deploy/stop.sh takes a savepoint,
// a changed version of the topology (new output field, one more executor for a bolt) resumes from it with
// RESTORE_FROM=<savepoint> deploy/submit.sh. No order may be missing; what the first version had not read, the
// second writes. Flink 1.20 in CI; 2.x too in the full tier (`npm run test:clusters`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { tempDir } from '../helpers/tmp.js';
import { upgradeWithSavepoint } from './faults.js';

const lines: FlinkLine[] = process.env.S2F_CLUSTER_FULL === '1' ? ['1.20', '2.x'] : ['1.20'];

describe('upgrading a translated job from a savepoint on a standalone cluster', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  for (const line of lines) {
    it(`Flink ${line}: stop with a savepoint, resume a changed and rescaled version, lose no order`, async () => {
      const r = await upgradeWithSavepoint({ line, work: tempDir('s2f-upgrade-'), bootstrapServers: broker.bootstrapServers, log: (s) => console.log(s) });
      console.log(
        `upgrade on Flink ${r.line}: ${r.expected} orders, ${r.fromV1} out of v1, ${r.fromV2} out of v2, ${r.missingCount} missing, ${r.duplicates} duplicates, enrich ${r.enrichParallelism.join(' → ')} executors, ${(r.ms / 1000).toFixed(1)} s`,
      );
      expect(r.restoredSavepoint, 'v2 restored the savepoint').toBe(true);
      expect(r.enrichParallelism).toEqual([2, 3]);
      expect(r.missing, `orders missing from orders-enriched (${r.missingCount})`).toEqual([]);
      expect(r.wrong, 'enriched records').toEqual([]);
      expect(r.fromV1, 'v1 wrote orders before the savepoint').toBeGreaterThan(0);
      expect(r.fromV2, 'v2 wrote what v1 had not read').toBeGreaterThan(0);
    }, 600_000);
  }
});
