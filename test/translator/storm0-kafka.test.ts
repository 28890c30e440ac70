// Translated projects of Storm 0.9 code on the old storm-kafka and of Storm 1.x code on storm-kafka-client 1.x API
// that 2.0 moved build as generated (our own fixtures, test/translator/fixtures.ts, in the shapes
// manuzhang/storm-benchmark and rajkrrsingh/Storm-Kafka-Client have): translated as the CLI does (compat runtime and
// Storm 1.x bridge in lib/repo), `mvn package`d, and their jarred bytecode read back. About 3-4 minutes on 2 shared cores.
import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startBroker } from '../../src/diff/broker.js';
import { buildTools, initialEdits, type PomProject } from '../../src/diff/build.js';
import type { TranslatedProject, TranslateResult } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';
import { KAFKA_CLIENT_1X_JAVA, KAFKA_CLIENT_1X_POM, STORM_KAFKA_1X_JAVA, STORM_KAFKA_1X_POM, STORM09_KAFKA_JAVA, STORM09_KAFKA_POM } from './fixtures.js';
import { HARNESS_JVM, harnessClasspath, jarOf, mainFqcn, mvn, providedClasspath, run, translateFolder } from './harness.js';

function fixture(pkg: string, pom: string, java: string): string {
  const dir = tempDir('s2f-kafka-fixture-');
  fs.mkdirSync(path.join(dir, 'src/main/java', pkg), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), pom);
  fs.writeFileSync(path.join(dir, 'src/main/java', pkg, 'KafkaTopology.java'), java);
  return dir;
}

const only = (r: TranslateResult): TranslatedProject => {
  expect(r.projects.length, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(1);
  return r.projects[0]!;
};

const javap = async (jar: string, cls: string) => (await run('javap', ['-c', '-p', '-cp', jar, cls], { maxBuffer: 16 << 20 })).stdout;

describe('Relocate: storm-kafka 0.x and the classes Storm 2.0 moved', () => {
  it('maps storm.kafka to org.apache.storm.kafka and KafkaSpoutConfig$FirstPollOffsetStrategy to its 2.0 place', async () => {
    const cp = await buildTools(process.env);
    const names = [
      'storm.kafka.KafkaSpout',
      'storm/kafka/trident/TridentKafkaConfig',
      'Lstorm/kafka/bolt/KafkaBolt;',
      'org.apache.storm.kafka.spout.KafkaSpoutConfig$FirstPollOffsetStrategy',
      'org/apache/storm/kafka/spout/KafkaSpoutConfig$FirstPollOffsetStrategy',
      'org/apache/storm/kafka/spout/KafkaSpoutConfig$Builder',
      'storm.kafkaesque.Foo',
    ];
    const out = execFileSync('java', ['-cp', cp, 'dev.storm2flink.verify.build.Relocate', '--map', ...names], { encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual([
      'org.apache.storm.kafka.KafkaSpout',
      'org/apache/storm/kafka/trident/TridentKafkaConfig',
      'Lorg/apache/storm/kafka/bolt/KafkaBolt;',
      'org.apache.storm.kafka.spout.FirstPollOffsetStrategy',
      'org/apache/storm/kafka/spout/FirstPollOffsetStrategy',
      'org/apache/storm/kafka/spout/KafkaSpoutConfig$Builder',
      'storm.kafkaesque.Foo',
    ]);
  }, 600_000);
});

describe('Relocate: storm-kafka 0.9 field names', () => {
  it("renames forceFromStart to 1.x's ignoreZkOffsets only for classes that run on storm-kafka 1.x (--onto-storm-kafka-1)", async () => {
    const cp = await buildTools(process.env);
    const tmp = tempDir('s2f-relocate-kafka-');
    fs.mkdirSync(path.join(tmp, 'src/storm/kafka'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'src/my'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'src/storm/kafka/KafkaConfig.java'), 'package storm.kafka;\npublic class KafkaConfig { public boolean forceFromStart; }\n');
    fs.writeFileSync(
      path.join(tmp, 'src/my/Use.java'),
      'package my;\npublic class Use { static void set(storm.kafka.KafkaConfig c) { c.forceFromStart = true; } }\n',
    );
    execFileSync('javac', ['-d', path.join(tmp, 'classes'), path.join(tmp, 'src/storm/kafka/KafkaConfig.java'), path.join(tmp, 'src/my/Use.java')]);
    const relocate = (out: string, flag: string[]) => {
      execFileSync('java', ['-cp', cp, 'dev.storm2flink.verify.build.Relocate', ...flag, path.join(tmp, 'classes'), path.join(tmp, out)]);
      return execFileSync('javap', ['-c', '-p', '-cp', path.join(tmp, out), 'my.Use'], { encoding: 'utf8' });
    };
    // verify's Storm side runs the relocated 0.9 storm-kafka itself, whose field keeps its name.
    expect(relocate('verify', [])).toContain('Field org/apache/storm/kafka/KafkaConfig.forceFromStart:Z');
    expect(relocate('job', ['--onto-storm-kafka-1'])).toContain('Field org/apache/storm/kafka/KafkaConfig.ignoreZkOffsets:Z');
  }, 600_000);
});

describe('Relocate: Storm 0.x schemes', () => {
  it("a scheme with 0.x's deserialize(byte[]) gets 1.0's deserialize(ByteBuffer) passing the buffer's bytes; one with both keeps its own", async () => {
    const cp = await buildTools(process.env);
    const tmp = tempDir('s2f-relocate-scheme-');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, 'src', rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'src', rel), text);
    };
    write('backtype/storm/spout/Scheme.java', 'package backtype.storm.spout;\npublic interface Scheme { java.util.List<Object> deserialize(byte[] b); }\n');
    write(
      'my/Words.java',
      'package my;\npublic class Words implements backtype.storm.spout.Scheme { public java.util.List<Object> deserialize(byte[] b) { return null; } }\n',
    );
    write(
      'my/Both.java',
      'package my;\npublic class Both implements backtype.storm.spout.Scheme { public java.util.List<Object> deserialize(byte[] b) { return null; }\n' +
        '  public java.util.List<Object> deserialize(java.nio.ByteBuffer b) { return java.util.List.of(); } }\n',
    );
    execFileSync('javac', [
      '-d',
      path.join(tmp, 'classes'),
      ...['backtype/storm/spout/Scheme.java', 'my/Words.java', 'my/Both.java'].map((f) => path.join(tmp, 'src', f)),
    ]);
    execFileSync('java', ['-cp', cp, 'dev.storm2flink.verify.build.Relocate', path.join(tmp, 'classes'), path.join(tmp, 'out')]);
    const javap = (cls: string) => execFileSync('javap', ['-c', '-p', '-cp', path.join(tmp, 'out'), cls], { encoding: 'utf8' });
    const words = javap('my.Words');
    expect(words).toContain('implements org.apache.storm.spout.Scheme');
    expect(words).toMatch(
      /public java\.util\.List deserialize\(java\.nio\.ByteBuffer\);\n\s+Code:\n\s+0: aload_0\n\s+1: aload_1\n\s+2: invokestatic .*org\/apache\/storm\/utils\/Utils\.toByteArray:\(Ljava\/nio\/ByteBuffer;\)\[B\n\s+5: invokevirtual .*deserialize:\(\[B\)Ljava\/util\/List;/,
    );
    expect(javap('my.Both').match(/deserialize\(java\.nio\.ByteBuffer\)/g)).toHaveLength(1);
  }, 600_000);
});

describe("verify's build of Storm 0.9 code", () => {
  const dep = (a: string, v: string, g = 'org.apache.storm') => ({
    groupId: g,
    artifactId: a,
    version: v,
    type: 'jar',
    classifier: null,
    scope: 'provided',
    optional: false,
  });
  const project = (deps: PomProject['dependencies']): PomProject => ({
    groupId: 'old',
    artifactId: 'old',
    version: '1',
    packaging: 'jar',
    buildDirectory: '/x/target',
    sourceDirectory: '/x/src/main/java',
    resources: [],
    dependencies: deps,
    repositories: [],
  });

  it("compiles against the JGraphT storm-core 0.9's tree had (not 0.10's, which shades it, nor over the project's own)", () => {
    expect(initialEdits(project([dep('storm-core', '0.9.3')]), [])!.add).toContain('org.jgrapht:jgrapht-core:0.9.0');
    expect(initialEdits(project([dep('storm-core', '0.10.2')]), [])!.add).not.toContain('org.jgrapht:jgrapht-core:0.9.0');
    expect(initialEdits(project([dep('storm-core', '0.9.3'), dep('jgrapht-core', '0.9.2', 'org.jgrapht')]), [])!.add).not.toContain(
      'org.jgrapht:jgrapht-core:0.9.0',
    );
  });

  it("compiles against the Clojure storm-core 0.x/1.x's tree had (chenjinxin1124/storm imports clojure.lang.Numbers), not over the project's own", () => {
    for (const v of ['0.9.3', '0.10.2', '1.2.4']) expect(initialEdits(project([dep('storm-core', v)]), [], true)!.add).toContain('org.clojure:clojure:1.7.0');
    // Only for sources that use it: storm-core's tree stays out otherwise.
    expect(initialEdits(project([dep('storm-core', '1.2.4')]), [])!.add).not.toContain('org.clojure:clojure:1.7.0');
    expect(initialEdits(project([dep('storm-core', '1.2.4'), dep('clojure', '1.8.0', 'org.clojure')]), [], true)!.add).not.toContain(
      'org.clojure:clojure:1.7.0',
    );
    expect(initialEdits(project([dep('storm-core', '2.0.0')]), [], true)!.add).not.toContain('org.clojure:clojure:1.7.0');
  });
});

describe.sequential('translated projects on the old storm-kafka and on storm-kafka-client 1.x', () => {
  let storm0: TranslatedProject;
  let kafka1x: TranslatedProject;

  beforeAll(async () => {
    storm0 = only(await translateFolder(fixture('old', STORM09_KAFKA_POM, STORM09_KAFKA_JAVA), tempDir('s2f-storm0-kafka-')));
    kafka1x = only(await translateFolder(fixture('one', KAFKA_CLIENT_1X_POM, KAFKA_CLIENT_1X_JAVA), tempDir('s2f-kafka1x-')));
  }, 600_000);

  it('Storm 0.9 on storm.kafka takes the bridge: sources as written, storm-kafka 0.9.3 to compile against', () => {
    const src = fs.readFileSync(path.join(storm0.dir, 'src/main/java/old/KafkaTopology.java'), 'utf8');
    expect(src).toBe(STORM09_KAFKA_JAVA);
    const pom = fs.readFileSync(path.join(storm0.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<artifactId>storm-core<\/artifactId>\s*<version>0\.9\.3<\/version>/);
    expect(pom).toMatch(/<artifactId>storm-kafka<\/artifactId>\s*<version>0\.9\.3<\/version>\s*<outputDirectory>/);
    expect(fs.readdirSync(path.join(storm0.dir, 'lib/repo/dev/storm2flink'))).toEqual(['storm2flink-compat', 'storm2flink-storm1']);
  });

  it('its project builds as generated: relocated onto storm-kafka 1.x, Storm 0.9 API bridged, JGraphT carried', async () => {
    await mvn(storm0.dir, ['-DskipTests', 'package']);
    const jar = jarOf(storm0);
    const entries = (await run('jar', ['tf', jar], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries).toContain('old/KafkaTopology.class');
    expect(entries.filter((e) => e.startsWith('storm/') || e.startsWith('backtype/'))).toEqual([]);
    expect(entries).toContain('org/jgrapht/graph/DefaultDirectedGraph.class');
    const code = await javap(jar, 'old.KafkaTopology');
    expect(code).not.toMatch(/backtype\/|[^/]storm\/kafka\//);
    expect(code).toContain('org/apache/storm/kafka/SpoutConfig."<init>"');
    expect(code).toContain('org/apache/storm/kafka/trident/TridentKafkaConfig');
    expect(code).toContain('org/apache/storm/kafka/bolt/KafkaBolt');
    expect(code).toMatch(/putfield .*org\/apache\/storm\/kafka\/SpoutConfig\.ignoreZkOffsets:Z/);
    expect(code).toContain('org/apache/storm/utils/ObjectReader.getInt');
    expect(code).toContain('dev/storm2flink/storm1/NimbusClients.client');
    // storm-kafka's classes in the jar are 1.x's (relocated 0.9.3 ones stay out): KafkaConfig has ignoreZkOffsets.
    const kafkaConfig = (await run('javap', ['-p', '-cp', jar, 'org.apache.storm.kafka.KafkaConfig'])).stdout;
    expect(kafkaConfig).toContain('ignoreZkOffsets');
    expect(kafkaConfig).not.toContain('forceFromStart');
  }, 900_000);

  it('storm-kafka-client 1.x API: KafkaSpoutConfig.FirstPollOffsetStrategy rewritten to 2.0 place, and the project builds', async () => {
    const src = fs.readFileSync(path.join(kafka1x.dir, 'src/main/java/one/KafkaTopology.java'), 'utf8');
    expect(src).not.toContain('KafkaSpoutConfig.FirstPollOffsetStrategy');
    expect(src).toContain('import static org.apache.storm.kafka.spout.FirstPollOffsetStrategy.EARLIEST;');
    expect(kafka1x.plan.sourceEdits.filter((e) => e.kind === 'moved-api').map((e) => `${e.line}:${e.column}`)).toEqual(['3:15', '14:5', '14:55', '15:5']);
    await mvn(kafka1x.dir, ['-DskipTests', 'package']);
    const code = await javap(jarOf(kafka1x), 'one.KafkaTopology');
    expect(code).toContain('org/apache/storm/kafka/spout/FirstPollOffsetStrategy.EARLIEST');
    expect(code).not.toContain('KafkaSpoutConfig$FirstPollOffsetStrategy');
  }, 900_000);
});

// storm-kafka 1.x's KafkaBolt and Trident spout, no ZooKeeper spout (chenjinxin1124/storm's and yulongz/deepstreaming's
// shape): the declared storm-kafka decides the job's, not the package, which storm-kafka-client 2.x shares.
describe('a translated project on storm-kafka 1.x without its spout', () => {
  it('compiles against storm-kafka 1.x and jars its KafkaBolt, not storm-kafka-client', async () => {
    const p = only(await translateFolder(fixture('one', STORM_KAFKA_1X_POM, STORM_KAFKA_1X_JAVA), tempDir('s2f-storm-kafka1x-')));
    await mvn(p.dir, ['-DskipTests', 'package']);
    const entries = (await run('jar', ['tf', jarOf(p)], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries).toContain('one/KafkaTopology.class');
    expect(entries).toContain('org/apache/storm/kafka/bolt/KafkaBolt.class');
    expect(entries).toContain('org/apache/storm/kafka/trident/OpaqueTridentKafkaSpout.class');
    // storm-kafka-client's classes stay out: its KafkaSpout is not what the sources were written for.
    expect(entries.filter((e) => e.startsWith('org/apache/storm/kafka/spout/'))).toEqual([]);
  }, 900_000);
});

// The sample of Storm 0.10 code on the ZooKeeper storm-kafka spout (samples/legacy-backtype), through the bridge as the
// CLI translates it, run on a MiniCluster against a real broker: its relocated SpoutConfig is storm-kafka 1.x's, which
// the compat runtime turns into a KafkaSource. The package tier runs the same sample through the source rewrite.
describe.sequential('the Storm 0.10 storm-kafka sample through the bridge', () => {
  it('page-views builds relocated and reads every page view from a real broker', async () => {
    const samples = path.join(process.cwd(), 'samples', 'legacy-backtype');
    const r = await translateFolder(samples, tempDir('s2f-storm0-sample-'));
    const p = r.projects.find((x) => x.folder === 'page-views')!;
    expect(fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8')).toMatch(
      /<artifactId>storm-kafka<\/artifactId>\s*<version>0\.10\.2<\/version>\s*<outputDirectory>/,
    );
    await mvn(p.dir, ['-DskipTests', 'package']);
    const broker = await startBroker();
    try {
      const kafka = new Kafka({ clientId: 's2f-storm0-kafka', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'page-views', numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const views = fs
        .readFileSync(path.join(samples, 'data', 'page-views.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'page-views', messages: views.map((v) => ({ value: v })) });
      await producer.disconnect();
      const cp = [
        jarOf(p),
        await providedClasspath(p.dir, path.join(p.dir, 'target', 'provided.classpath')),
        await harnessClasspath(p.dir, path.join(p.dir, 'target', 'run-lib')),
      ].join(path.delimiter);
      const props = ['-Dstorm2flink.bounded=true', `-Dstorm2flink.kafka.bootstrap.servers=${broker.bootstrapServers}`];
      let log: string;
      try {
        const done = await run('java', [...HARNESS_JVM, ...props, '-cp', cp, 'JobHarness', mainFqcn(p)], {
          cwd: p.dir,
          timeout: 600_000,
          maxBuffer: 256 << 20,
        });
        log = done.stdout + done.stderr;
      } catch (e) {
        const x = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`page-views failed: ${x.message}\n${`${x.stdout ?? ''}${x.stderr ?? ''}`.slice(-6000)}`);
      }
      expect(log).not.toContain('s2f-job-failed');
      const metric = (op: string) => Number(new RegExp(`^s2f-metric\\t${op}\\tnumRecordsIn\\t(\\d+)$`, 'm').exec(log)?.[1] ?? -1);
      const errors = views.filter((v) => Number(v.split(/\s+/)[2]) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      expect(metric('bolt:parser'), log.slice(-4000)).toBe(views.length);
      expect(metric('bolt:url-counts')).toBe(views.length - errors.length);
    } finally {
      await broker.stop();
    }
  }, 1_500_000);
});
