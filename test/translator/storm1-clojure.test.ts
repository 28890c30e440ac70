// storm-core 0.x/1.x brought Clojure in its tree, so code of that age imports clojure.lang without declaring it
// (chenjinxin1124/storm's maintopology: `import clojure.lang.Numbers`). Our own fixture in that shape: translated as
// the CLI does, `mvn package`d, the jar read back. About a minute on 2 shared cores.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { jarOf, mvn, run, translateFolder } from './harness.js';

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>old</groupId>
  <artifactId>clj</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>1.2.4</version><scope>provided</scope></dependency>
  </dependencies>
</project>
`;

const JAVA = `package old;

import clojure.lang.Numbers;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

public class MainTopology {
  public static class Length extends BaseBasicBolt {
    @Override
    public void execute(Tuple t, BasicOutputCollector c) {
      c.emit(new Values(Numbers.inc((long) t.getString(0).length())));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer d) {
      d.declare(new Fields("n"));
    }
  }

  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout());
    b.setBolt("length", new Length()).shuffleGrouping("words");
    StormSubmitter.submitTopology("clj", new java.util.HashMap<String, Object>(), b.createTopology());
  }
}
`;

describe.sequential('storm-core 1.x code on clojure.lang, undeclared', () => {
  it('carries the Clojure storm-core 1.x had, says so, and builds as generated', async () => {
    const dir = tempDir('s2f-clojure-fixture-');
    fs.mkdirSync(path.join(dir, 'src/main/java/old'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pom.xml'), POM);
    fs.writeFileSync(path.join(dir, 'src/main/java/old/MainTopology.java'), JAVA);
    const r = await translateFolder(dir, tempDir('s2f-clojure-out-'));
    expect(r.projects.length, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(1);
    const project = r.projects[0]!;
    const pom = fs.readFileSync(path.join(project.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<groupId>org\.clojure<\/groupId>\s*<artifactId>clojure<\/artifactId>\s*<version>1\.7\.0<\/version>/);
    expect(fs.readFileSync(path.join(project.dir, 'MIGRATION.md'), 'utf8')).toMatch(/org\.clojure:clojure.*storm-core 0\.x\/1\.x brought/);
    await mvn(project.dir, ['-DskipTests', 'package']);
    const entries = (await run('jar', ['tf', jarOf(project)], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries).toContain('old/MainTopology$Length.class');
    expect(entries).toContain('clojure/lang/Numbers.class');
  }, 600_000);
});
