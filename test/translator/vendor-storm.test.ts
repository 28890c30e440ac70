// A project built against a distribution's storm-core (HDP's 1.1.0.2.6.1.9-1 in Azure's HDInsight samples): Maven
// Central has no such version, so the generated project compiles against the Apache release it is built on. Our own
// fixture, translated as the CLI does and `mvn package`d (about a minute; storm-core 1.2.2 from Maven Central). Its
// bolt logs through Log4j 2's API, which storm-core brought and the pom does not declare (as in those samples).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { projectModelReader } from '../../src/batch/translate-stage.js';
import { compatArtifact } from '../../src/diff/compat-jar.js';
import type { UserProjectModel } from '../../src/translator/project-model.js';
import { apacheRelease, translateAnalysis } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fixture</groupId>
  <artifactId>vendor-storm</artifactId>
  <version>1.0</version>
  <properties><storm.version>1.2.2.3.1.0.0-78</storm.version></properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.storm</groupId>
      <artifactId>storm-core</artifactId>
      <version>\${storm.version}</version>
      <scope>provided</scope>
    </dependency>
  </dependencies>
</project>
`;

const TOPOLOGY = `package fixture;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

public class Topo {
  public static class Upper extends BaseBasicBolt {
    private static final Logger LOG = LogManager.getLogger(Upper.class);
    public void execute(Tuple t, BasicOutputCollector c) { LOG.debug("upper"); c.emit(new Values(t.getString(0).toUpperCase())); }
    public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word")); }
  }

  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("upper", new Upper(), 2).shuffleGrouping("words");
    new LocalCluster().submitTopology("vendor", new Config(), b.createTopology());
  }
}
`;

describe("a distribution's storm-core version", () => {
  it('maps to the Apache release it is built on; Apache releases stay as they are', () => {
    expect(['1.1.0.2.6.1.9-1', '1.2.2.3.1.0.0-78', '0.10.0.2.3.0.0-2557', '1.0.1-SNAPSHOT', '1.2.2', '0.9.2-incubating', '0.9.6'].map(apacheRelease)).toEqual([
      '1.1.0',
      '1.2.2',
      '0.10.0',
      '1.0.1',
      '1.2.2',
      '0.9.2-incubating',
      '0.9.6',
    ]);
  });

  it('the generated project compiles against the Apache release (Log4j 2 API provided) and builds; MIGRATION.md names both', async () => {
    const dir = tempDir('s2f-vendor-');
    fs.mkdirSync(path.join(dir, 'src/main/java/fixture'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pom.xml'), POM);
    fs.writeFileSync(path.join(dir, 'src/main/java/fixture/Topo.java'), TOPOLOGY);
    const analysis = await analyzePaths([dir]);
    const read = projectModelReader();
    const projects = new Map<string, UserProjectModel>();
    for (const t of analysis.topologies) for (const [d, m] of (await read(t, process.cwd())).models) projects.set(d, m);
    const r = await translateAnalysis(analysis, {
      out: tempDir('s2f-vendor-out-'),
      flink: '1.20',
      target: 'yarn-application',
      compat: await compatArtifact(),
      projects,
    });
    expect(r.projects).toHaveLength(1);
    const p = r.projects[0]!;
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<artifactId>storm-core<\/artifactId>\s*<version>1\.2\.2<\/version>/);
    expect(pom).not.toContain('3.1.0.0-78');
    expect(pom).toMatch(/<artifactId>log4j-api<\/artifactId>\s*<version>2\.24\.3<\/version>\s*<scope>provided<\/scope>/);
    expect(fs.readFileSync(path.join(p.dir, 'MIGRATION.md'), 'utf8')).toMatch(
      /`storm-core` 1\.2\.2\.3\.1\.0\.0-78, a distribution's build[^.]*; the Apache release it is built on, 1\.2\.2/,
    );
    await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: p.dir, maxBuffer: 64 << 20, timeout: 600_000 });
    expect(fs.existsSync(path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`))).toBe(true);
  }, 600_000);
});
