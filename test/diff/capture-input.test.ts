// verify with no sample data and a main that runs a LocalCluster: the topology is captured from main, the spout's
// own output is recorded on Storm (typed values, direct emits with their target task) and replayed on both
// engines. The project is written here: a spout that emitDirects Integers to the tasks of a direct-grouped bolt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { batchEngines } from '../../src/diff/engines.js';
import { tempDir } from '../helpers/tmp.js';

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>direct-demo</artifactId>
  <version>1.0.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-client</artifactId><version>2.8.3</version><scope>provided</scope></dependency>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-server</artifactId><version>2.8.3</version><scope>provided</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    </plugins>
  </build>
</project>
`;

const SOURCE = `package demo;

import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

public class DirectTopology {
    /** Emits 1..60 as Integers, each straight to one task of "square", chosen by a random draw. */
    public static class NumberSpout extends BaseRichSpout {
        private SpoutOutputCollector collector;
        private List<Integer> targets;
        private java.util.Random random;
        private int n;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            this.targets = context.getComponentTasks("square");
            this.random = new java.util.Random();
        }

        @Override
        public void nextTuple() {
            if (n >= 60) {
                Utils.sleep(5);
                return;
            }
            n++;
            collector.emitDirect(targets.get(random.nextInt(targets.size())), "numbers", new Values(Integer.valueOf(n)), n);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declareStream("numbers", true, new Fields("n"));
        }
    }

    /** Squares an Integer (getInteger: a Long would not do) and says which task did it. */
    public static class SquareBolt extends BaseBasicBolt {
        private int task;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context) {
            task = context.getThisTaskId();
        }

        @Override
        public void execute(Tuple input, BasicOutputCollector out) {
            int n = input.getInteger(0);
            out.emit(new Values(n, n * n, task));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("n", "square", "task"));
        }
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("numbers", new NumberSpout(), 1);
        builder.setBolt("square", new SquareBolt(), 3).directGrouping("numbers", "numbers");
        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology("direct-demo", new Config(), builder.createTopology());
        Thread.sleep(60_000);
        cluster.shutdown();
    }
}
`;

describe('verify without sample data', () => {
  test("a main with a LocalCluster: the spout's Integer values and direct emits are captured and replayed alike", async () => {
    const dir = path.join(tempDir('s2f-capture-input-'), 'direct-demo');
    fs.mkdirSync(path.join(dir, 'src', 'main', 'java', 'demo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pom.xml'), POM);
    const file = path.join(dir, 'src', 'main', 'java', 'demo', 'DirectTopology.java');
    fs.writeFileSync(file, SOURCE);
    const out = tempDir('s2f-capture-input-out-');
    const r = await verifyPath({ topology: file, out });
    expect(r.status, [r.reason, r.detail, ...(r.diff?.notes ?? [])].join('\n')).toBe('equivalent');
    expect(r.input).toMatchObject({ kind: 'captured', tuples: 60 });
    const lines = fs
      .readFileSync(path.join(out, 'input', 'numbers.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(60);
    expect(lines[0]).toMatchObject({ task: 0, stream: 'numbers', values: [{ $int: 1 }] });
    expect(lines.every((l) => typeof l.direct === 'number')).toBe(true);
    // Every number squared once, by the task the capture sent it to, on both engines.
    const square = r.diff!.streams.find((s) => s.component === 'square');
    expect(square).toMatchObject({ storm: 60, flink: 60, ok: true });
    // The captured file is sample data too: passed back with --data, the same verdict.
    const again = await verifyPath({ topology: file, data: [path.join(out, 'input')] });
    expect(again.status).toBe('equivalent');
    expect(again.input).toBeUndefined();

    // As `migrate --verify` runs a batch: the capture runs in the shared Storm runner (no JVM and LocalCluster of its
    // own), twice in a row on one runner, each capture with its own counts and file.
    const engines = batchEngines(1);
    try {
      for (const round of [1, 2]) {
        const served = tempDir(`s2f-capture-input-served-${round}-`);
        const s = await verifyPath({ topology: file, out: served, engines });
        expect(s.status, [s.reason, s.detail].join('\n')).toBe('equivalent');
        expect(s.input).toMatchObject({ kind: 'captured', tuples: 60 });
        expect(
          fs
            .readFileSync(path.join(served, 'input', 'numbers.jsonl'), 'utf8')
            .trim()
            .split('\n'),
        ).toHaveLength(60);
        // Served: the runner's spec names the run's class path, and no own-JVM rerun left its reason.
        expect(JSON.parse(fs.readFileSync(path.join(served, 'capture', 'storm-spec.json'), 'utf8')).classpath).toBeDefined();
        expect(fs.existsSync(path.join(served, 'capture', 'storm-served.log'))).toBe(false);
      }
    } finally {
      await engines.close();
    }
  }, 900_000);
});
