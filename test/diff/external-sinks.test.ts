// A topology that ends in a connector bolt writing to a system verify does not run (here storm-hbase's HBaseBolt, the
// cached-miss fixture's topology): the bolt acks nothing without HBase, so neither engine went quiet and the run was
// cut at --max-run as "NOT equivalent". Both engines now run an acking sink in its place and say so. About a minute.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'cached-miss');

describe('verify: connector bolts that only write to an external system', () => {
  test('an HBaseBolt is stood in by an acking sink on both engines: its input compared, the run quiet, the report says so', async () => {
    const dir = tempDir('s2f-external-sink-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const r = await verifyPath({ topology: path.join(dir, 'src/main/java/demo/HBaseDumpTopology.java'), out: path.join(dir, 'verify-out'), captureLimit: 50 });
    const notes = r.diff?.notes ?? [];
    expect(r.status, [r.reason, ...notes].join('\n')).toBe('equivalent');
    expect(notes).toContain(
      'stood in: bolt "hbase" (org.apache.storm.hbase.bolt.HBaseBolt) only writes to HBase, which verify does not run: on both engines it acked every tuple and wrote nothing, so what reaches it is compared and the write itself is not',
    );
    expect(notes.filter((n) => /did not go quiet|not compared: hbase/.test(n))).toEqual([]);
    // What reached the sink: the spout's captured words, the same on both engines.
    expect(r.diff?.streams.map((s) => [s.component, s.storm, s.flink])).toEqual([['words', 50, 50]]);
  }, 600_000);
});
