// A topology in one module of a Maven reactor that uses classes of a sibling module (as in Intel's HiBench,
// stormbench → hibench-common, and Yahoo's streaming-benchmarks, storm-benchmarks → streaming-benchmark-common):
// the sibling is installed in no repository, so its sources travel with the topology's and its dependencies are
// carried instead of it. Our own fixture, translated as the CLI does and `mvn package`d (about a minute).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { projectModelReader } from '../../src/batch/translate-stage.js';
import { compatArtifact } from '../../src/diff/compat-jar.js';
import { fromPomText, reactorModules, siblingDependencies, withSiblings, type UserProjectModel } from '../../src/translator/project-model.js';
import { translateAnalysis } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';
import { mvn, translateFolder } from './harness.js';

const run = promisify(execFile);

const ROOT_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fixture.reactor</groupId>
  <artifactId>parent</artifactId>
  <version>2.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <modules>
    <module>common</module>
    <module>apps/storm</module>
  </modules>
  <profiles><profile><id>extra</id><modules><module>unused</module></modules></profile></profiles>
</project>
`;

const module = (artifactId: string, deps: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>fixture.reactor</groupId>
    <artifactId>parent</artifactId>
    <version>2.0-SNAPSHOT</version>
    <relativePath>${artifactId === 'topology' ? '../../pom.xml' : '../pom.xml'}</relativePath>
  </parent>
  <artifactId>${artifactId}</artifactId>
  <dependencies>${deps}</dependencies>
</project>
`;

const dep = (g: string, a: string, v: string, scope = '') =>
  `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version>${scope ? `<scope>${scope}</scope>` : ''}</dependency>`;

const FILES: Record<string, string> = {
  'pom.xml': ROOT_POM,
  'common/pom.xml': module('common', dep('org.apache.commons', 'commons-lang3', '3.14.0') + dep('junit', 'junit', '4.13.2', 'test')),
  'common/src/main/java/fixture/common/Words.java': `package fixture.common;

import org.apache.commons.lang3.StringUtils;

public final class Words {
  private Words() {}

  public static String shout(String s) { return StringUtils.upperCase(s); }
}
`,
  'common/src/main/java/fixture/common/Unused.java': 'package fixture.common;\n\npublic final class Unused {}\n',
  'unused/pom.xml': module('unused', ''),
  'apps/storm/pom.xml': module(
    'topology',
    dep('fixture.reactor', 'common', '${project.version}') + dep('org.apache.storm', 'storm-client', '2.8.3', 'provided'),
  ),
  'apps/storm/src/main/java/fixture/app/Topo.java': `package fixture.app;

import fixture.common.Words;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

public class Topo {
  public static class Shout extends BaseBasicBolt {
    public void execute(Tuple t, BasicOutputCollector c) { c.emit(new Values(Words.shout(t.getString(0)))); }
    public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word")); }
  }

  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("shout", new Shout(), 2).shuffleGrouping("words");
    StormSubmitter.submitTopology("reactor", new Config(), b.createTopology());
  }
}
`,
};

function writeFixture(): string {
  const dir = tempDir('s2f-reactor-');
  for (const [p, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

describe('a topology in a Maven reactor module', () => {
  it('finds the reactor through the aggregators that list the module, profiles included', () => {
    const dir = writeFixture();
    expect(reactorModules(path.join(dir, 'apps/storm')).map((m) => [path.relative(dir, m.dir), `${m.groupId}:${m.artifactId}`])).toEqual([
      ['', 'fixture.reactor:parent'],
      ['common', 'fixture.reactor:common'],
      ['unused', 'fixture.reactor:unused'],
    ]);
  });

  it('keeps a sibling with Scala sources a dependency (to install first), and inlines the Java one', () => {
    const dir = writeFixture();
    fs.mkdirSync(path.join(dir, 'unused/src/main/scala'), { recursive: true });
    const app = path.join(dir, 'apps/storm');
    const pom = module('topology', dep('fixture.reactor', 'common', '2.0-SNAPSHOT') + dep('fixture.reactor', 'unused', '2.0-SNAPSHOT'));
    const m = withSiblings(fromPomText(app, pom), siblingDependencies(fromPomText(app, pom), undefined));
    expect(m.siblings?.map((s) => s.artifactId)).toEqual(['common']);
    expect(m.keptSiblings?.map((s) => s.artifactId)).toEqual(['unused']);
    expect(m.dependencies.map((d) => d.artifactId)).toEqual(['unused', 'commons-lang3']);
  });

  it("carries the sibling's reached sources and its dependencies instead of the sibling, and builds", async () => {
    const dir = writeFixture();
    const analysis = await analyzePaths([dir]);
    const read = projectModelReader();
    const projects = new Map<string, UserProjectModel>();
    for (const t of analysis.topologies) for (const [d, m] of (await read(t, process.cwd())).models) projects.set(d, m);
    // The sibling's effective model is read too (its dependencies' versions as Maven resolves them).
    expect([...projects.keys()].map((d) => path.relative(dir, d)).sort()).toEqual(['apps/storm', 'common']);
    const r = await translateAnalysis(analysis, {
      out: tempDir('s2f-reactor-out-'),
      flink: '1.20',
      target: 'yarn-application',
      compat: await compatArtifact(),
      projects,
    });
    expect(r.projects).toHaveLength(1);
    const p = r.projects[0]!;
    const java = (d: string) => (fs.existsSync(path.join(p.dir, d)) ? fs.readdirSync(path.join(p.dir, d)).sort() : []);
    expect([java('src/main/java/fixture/app'), java('src/main/java/fixture/common')]).toEqual([['Topo.java'], ['Words.java']]);
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    expect(pom).not.toContain('<groupId>fixture.reactor</groupId>');
    expect(pom).toMatch(/<artifactId>commons-lang3<\/artifactId>\s*<version>3\.14\.0<\/version>/);
    expect(pom).not.toContain('<artifactId>junit</artifactId>');
    expect(fs.readFileSync(path.join(p.dir, 'MIGRATION.md'), 'utf8')).toContain('`fixture.reactor:common`');
    await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: p.dir, maxBuffer: 64 << 20, timeout: 600_000 });
    expect(fs.existsSync(path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`))).toBe(true);
  }, 600_000);
});

/**
 * Two modules of one reactor with the same package and a class of the same name in each (mchgood/fiftys_bigdata's
 * bigdata_storm: storm_example and storm_integration, both cn.fiftys.storm.redis); only the second declares storm-redis.
 */
const bolt = (emit: string, extra = '') => `package demo;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

public class UpperBolt extends BaseBasicBolt {
  public void execute(Tuple t, BasicOutputCollector c) { c.emit(new Values(${emit}, 1)); }

  public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word", "count")); }
${extra}}
`;

const stormModule = (artifactId: string, deps: string) =>
  module(artifactId, dep('org.apache.storm', 'storm-client', '2.8.3', 'provided') + deps).replace('../../pom.xml', '../pom.xml');

const SAME_PACKAGE: Record<string, string> = {
  'pom.xml': ROOT_POM.replace('<module>common</module>\n    <module>apps/storm</module>', '<module>a-plain</module>\n    <module>b-redis</module>'),
  'a-plain/pom.xml': stormModule('a-plain', ''),
  'a-plain/src/main/java/demo/PlainTopology.java': `package demo;

import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class PlainTopology {
  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("upper", new UpperBolt(), 1).shuffleGrouping("words");
    StormSubmitter.submitTopology("plain", new java.util.HashMap<String, Object>(), b.createTopology());
  }
}
`,
  'a-plain/src/main/java/demo/UpperBolt.java': bolt('Plain.upper(t.getString(0))'),
  'a-plain/src/main/java/demo/Plain.java': 'package demo;\n\nfinal class Plain {\n  static String upper(String s) { return s.toUpperCase(); }\n}\n',
  'b-redis/pom.xml': stormModule('b-redis', dep('org.apache.storm', 'storm-redis', '2.8.3')),
  'b-redis/src/main/java/demo/RedisTopology.java': `package demo;

import org.apache.storm.StormSubmitter;
import org.apache.storm.redis.bolt.RedisStoreBolt;
import org.apache.storm.redis.common.config.JedisPoolConfig;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class RedisTopology {
  public static void main(String[] args) throws Exception {
    JedisPoolConfig pool = new JedisPoolConfig.Builder().setHost("localhost").setPort(6379).build();
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("upper", new UpperBolt(), 1).shuffleGrouping("words");
    b.setBolt("store", new RedisStoreBolt(pool, new CountMapper()), 1).shuffleGrouping("upper");
    StormSubmitter.submitTopology("to-redis", new java.util.HashMap<String, Object>(), b.createTopology());
  }
}
`,
  'b-redis/src/main/java/demo/UpperBolt.java': bolt('t.getString(0).toUpperCase(java.util.Locale.ROOT)', '\n  static final String MODULE = "b-redis";\n'),
  'b-redis/src/main/java/demo/CountMapper.java': `package demo;

import org.apache.storm.redis.common.mapper.RedisDataTypeDescription;
import org.apache.storm.redis.common.mapper.RedisStoreMapper;
import org.apache.storm.tuple.ITuple;

public class CountMapper implements RedisStoreMapper {
  public RedisDataTypeDescription getDataTypeDescription() {
    return new RedisDataTypeDescription(RedisDataTypeDescription.RedisDataType.HASH, "counts");
  }

  public String getKeyFromTuple(ITuple t) { return t.getStringByField("word"); }

  public String getValueFromTuple(ITuple t) { return String.valueOf(t.getIntegerByField("count")); }
}
`,
};

describe('sibling modules sharing a package', () => {
  it("the topology's own module decides its pom and its same-named classes; the project builds", async () => {
    const dir = tempDir('s2f-same-package-');
    for (const [p, text] of Object.entries(SAME_PACKAGE)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    const r = await translateFolder(dir, tempDir('s2f-same-package-out-'));
    const p = r.projects.find((x) => x.folder === 'to-redis')!;
    expect(fs.readdirSync(path.join(p.dir, 'src/main/java/demo')).sort()).toEqual(['CountMapper.java', 'RedisTopology.java', 'UpperBolt.java']);
    expect(fs.readFileSync(path.join(p.dir, 'src/main/java/demo/UpperBolt.java'), 'utf8')).toBe(SAME_PACKAGE['b-redis/src/main/java/demo/UpperBolt.java']);
    expect(p.plan.layout.pom).toMatch(/b-redis\/pom\.xml$/);
    expect(fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8')).toMatch(/<artifactId>storm-redis<\/artifactId>\s*<version>2\.8\.3<\/version>/);
    // The other module's topology keeps its own classes.
    const plain = r.projects.find((x) => x.folder === 'plain')!;
    expect(fs.readdirSync(path.join(plain.dir, 'src/main/java/demo')).sort()).toEqual(['Plain.java', 'PlainTopology.java', 'UpperBolt.java']);
    await mvn(p.dir, ['-DskipTests', 'package']);
    expect(fs.existsSync(path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`))).toBe(true);
  }, 600_000);
});
