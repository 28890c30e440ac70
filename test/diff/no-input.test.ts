// verify with no sample data: plain spouts are captured. A Kafka spout's records cannot be made up (the reason names
// its topics, before anything is built), and a spout that emits nothing on Storm leaves nothing to capture (it is named).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';

const TOPO = `package t;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.topology.TopologyBuilder;

public class Rides {
    public static void main(String[] args) throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("rides", new KafkaSpout<>(KafkaSpoutConfig.builder("kafka:9092", "taxi-rides").build()), 1);
        b.setBolt("speed", new Speed(), 2).shuffleGrouping("rides");
        StormSubmitter.submitTopology("rides", new Config(), b.createTopology());
    }
}
`;

describe('no sample data, and nothing to capture', () => {
  test('exit 2, S2F704 naming the spout and its topic, whether data/ is missing or holds only sub-folders', async () => {
    const dir = tempDir('s2f-no-input-');
    fs.mkdirSync(path.join(dir, 'src', 'main', 'java', 't'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'main', 'java', 't', 'Rides.java'), TOPO);
    const missing = await verifyPath({ topology: dir, cwd: dir });
    expect({ code: missing.code, ran: missing.ran.storm, build: missing.timings.build }).toEqual({ code: 'S2F704', ran: false, build: undefined });
    expect(missing.reason).toBe(
      `no sample data (data does not exist), and a Kafka spout's records cannot be captured from the spout itself: "rides" reads topic taxi-rides; put records in data/<topic>.jsonl beside the topology or pass --data`,
    );
    fs.mkdirSync(path.join(dir, 'data', 'kafka'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'data', 'kafka', 'meta.properties'), 'a docker volume\n');
    const volumes = await verifyPath({ topology: dir, cwd: dir });
    expect(volumes.code).toBe('S2F704');
    expect(volumes.reason).toContain('(data holds no sample file)');
  }, 120_000);

  test('a spout that emits nothing (its source is not there), no sample data: S2F705 naming the spout and its class', async () => {
    const dir = path.join(tempDir('s2f-silent-spout-'), 'exclamation');
    fs.cpSync(path.resolve('samples', 'exclamation'), dir, { recursive: true, filter: (p) => !['target', 'flux', 'data'].includes(path.basename(p)) });
    const spout = path.join(dir, 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'exclamation', 'ReliableWordSpout.java');
    const text = fs.readFileSync(spout, 'utf8');
    const silent = text.replace('Integer id = toEmit.poll();', 'Integer id = null; // its source is not there');
    expect(silent).not.toBe(text);
    fs.writeFileSync(spout, silent);
    const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-silent-cache-') };
    const r = await verifyPath({ topology: dir, topologyId: 'exclamation', env, maxRunMs: 60_000 });
    expect(r.code).toBe('S2F705');
    expect(r.reason).toMatch(
      /^no sample data given or found \(.*exclamation[/\\]data\) and the topology's spouts emitted nothing on Storm to capture in \d+ s: words \(dev\.storm2flink\.samples\.exclamation\.ReliableWordSpout\); a spout that reads an outside source/,
    );
    expect(r.ran.flink).toBe(false);
  }, 900_000);
});
