// A Storm 1.x project on storm-kafka-client 1.x (rajkrrsingh/Storm-Kafka-Client): verify's build compiles it, as
// translate does, against the 2.x client both engines run, with the translator's edit of the API Storm 2.0 moved
// (KafkaSpoutConfig.FirstPollOffsetStrategy) in the copy's sources; compiled against 1.x, the Flink side failed with
// NoSuchMethodError (S2F721). Its kafka-clients 1.0.0 is taken at the translated job's 3.4.0, on which the fixture's own
// consumer (Peek: poll(long), which Kafka 4.0 removed) still compiles.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';

test('storm-kafka-client 1.2.2 with a static import of KafkaSpoutConfig.FirstPollOffsetStrategy.EARLIEST: equivalent; the sources untouched', async () => {
  const dir = path.join(tempDir('s2f-kafka1x-'), 'kafka1x');
  fs.cpSync(path.join(import.meta.dirname, 'fixtures', 'kafka-client-1x'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'words.jsonl'), '"the cow"\n"jumped over"\n"the moon"\n');
  const topo = path.join(dir, 'src', 'main', 'java', 'fixture', 'Topo.java');
  const before = fs.readFileSync(topo, 'utf8');
  const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-kafka1x-cache-') };
  const r = await verifyPath({ topology: dir, cwd: dir, env });
  // The notes and the first divergence in the message: a Kafka run that is not equivalent says why.
  const why = [
    r.reason,
    ...(r.diff?.notes ?? []),
    JSON.stringify(r.diff?.firstDivergence),
    JSON.stringify(r.diff?.streams?.map((s) => [s.component, s.stream, s.storm, s.flink])),
  ].join('\n');
  expect(r.reason ?? null, why).toBeNull();
  expect(r.status, why).toBe('equivalent');
  expect(r.build?.substitutions?.filter((s) => s.startsWith('org.apache.storm:storm-kafka-client ')).map((s) => s.split(' (')[0])).toEqual([
    'org.apache.storm:storm-kafka-client 1.2.2 -> 2.8.3',
  ]);
  // What the translated job's connector runs on: a 3.x, which still has the poll(long) the fixture's Peek calls.
  expect(r.build?.substitutions?.filter((s) => s.startsWith('org.apache.kafka:kafka-clients ')).map((s) => s.split(' (')[0])).toEqual([
    'org.apache.kafka:kafka-clients 1.0.0 -> 3.4.0',
  ]);
  expect(fs.readFileSync(topo, 'utf8')).toBe(before);
}, 1_200_000);
