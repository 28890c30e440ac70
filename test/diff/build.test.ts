// Building the user's Maven project for verify: real Maven on the samples, in a cache copy, never in the user's tree.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildUserProject, parseDependencyList } from '../../src/diff/build.js';
import { CouldNotRun } from '../../src/diff/jvm.js';
import { verifyPath as verify } from '../../src/cli/verify-path.js';
import { topologySourceProject } from '../helpers/topology-source.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const WORD_COUNT = path.join(SAMPLES, 'word-count');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const PKG = path.join('src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'wordcount');
let tmp: string;
let env: NodeJS.ProcessEnv;

/** Every file and folder under dir with its mtime: what "not written to" means. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string): void => {
    out[d] = fs.statSync(d).mtimeMs;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = fs.statSync(p).mtimeMs;
    }
  };
  walk(dir);
  return out;
}

/** A copy of the word-count sample without its build output, to edit. */
function copyWordCount(name: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(WORD_COUNT, dir, { recursive: true, filter: (src) => path.basename(src) !== 'target' });
  return dir;
}

/**
 * The exclamation sample as a Storm 1.x team has it: storm-core `core` (its Clojure dependencies are on Clojars, out
 * of reach here, and not needed to compile), raw Map in prepare/open, LocalCluster without close; `compiler` is the
 * maven-compiler-plugin element (the sample's Java 17 release property goes).
 */
function storm1Exclamation(name: string, core: string, compiler?: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(SAMPLES, 'exclamation'), dir, { recursive: true, filter: (src) => path.basename(src) !== 'target' });
  const pom = path.join(dir, 'pom.xml');
  let pomText = fs.readFileSync(pom, 'utf8');
  const deps = pomText.slice(pomText.indexOf('<dependencies>'), pomText.indexOf('</dependencies>') + '</dependencies>'.length);
  pomText = pomText.replace(
    deps,
    `<dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>${core}</version><scope>provided</scope>
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>1.7.36</version><scope>provided</scope></dependency>
  </dependencies>`,
  );
  if (compiler) pomText = withCompiler(pomText, compiler);
  fs.writeFileSync(pom, pomText);
  const java = path.join(dir, 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'exclamation');
  for (const f of fs.readdirSync(java)) {
    const src = fs.readFileSync(path.join(java, f), 'utf8');
    fs.writeFileSync(
      path.join(java, f),
      src
        .replaceAll('Map<String, Object>', 'Map')
        .replace(
          /try \(LocalCluster cluster = new LocalCluster\(\)\) \{([\s\S]*?)\n {12}\}/,
          'LocalCluster cluster = new LocalCluster();$1\n            cluster.shutdown();',
        ),
    );
  }
  expect(fs.readFileSync(path.join(java, 'ExclamationTopology.java'), 'utf8')).toContain('cluster.shutdown();');
  return dir;
}

/** A sample pom with its Java 17 release property gone and this maven-compiler-plugin element instead of its own. */
function withCompiler(pomText: string, compiler: string): string {
  const out = pomText
    .replace(/\s*<maven\.compiler\.release>17<\/maven\.compiler\.release>/, '')
    .replace(/<plugin>\s*<groupId>org\.apache\.maven\.plugins<\/groupId>\s*<artifactId>maven-compiler-plugin<\/artifactId>[\s\S]*?<\/plugin>/, compiler);
  expect(out).not.toContain('<maven.compiler.release>');
  expect(out).toContain(compiler);
  return out;
}

/** The class file format's major version (52 is Java 8). */
function classMajor(file: string): number {
  return fs.readFileSync(file).readUInt16BE(6);
}

async function rejection(p: Promise<unknown>): Promise<CouldNotRun> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CouldNotRun);
  return e as CouldNotRun;
}

describe.sequential('buildUserProject', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-build-test-'));
    env = { ...process.env, S2F_CACHE_DIR: path.join(tmp, 'cache') };
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('word-count: compiled classes + the jars Storm does not supply; cached; the sample untouched', async () => {
    const before = snapshot(WORD_COUNT);
    const t0 = Date.now();
    const cold = await buildUserProject(path.join(WORD_COUNT, PKG, 'WordCountTopology.java'), { env });
    const coldMs = Date.now() - t0;
    expect(cold.cached).toBe(false);
    expect(cold.projectDir).toBe(WORD_COUNT);
    const classes = cold.classpath[0]!;
    expect(classes.startsWith(path.join(tmp, 'cache', 'projects'))).toBe(true);
    expect(fs.existsSync(path.join(classes, 'dev', 'storm2flink', 'samples', 'wordcount', 'WordCountTopology.class'))).toBe(true);
    expect(fs.existsSync(path.join(classes, 'flux', 'word-count.yaml'))).toBe(true); // resources too (Flux)
    const jars = cold.classpath.slice(1).map((j) => path.basename(j));
    // storm-client/server/flux-core are `provided` in the sample and come from the runner; flux-wrappers is
    // provided too but the runner lacks it, so the user's copy stays.
    expect(jars.filter((j) => /^(storm-client|storm-server|storm-shaded-deps|flux-core)-/.test(j))).toEqual([]);
    expect(jars.some((j) => j.startsWith('flux-wrappers-'))).toBe(true);

    const t1 = Date.now();
    const warm = await buildUserProject(path.join(WORD_COUNT, PKG, 'WordCountTopology.java'), { env });
    const warmMs = Date.now() - t1;
    expect(warm.cached).toBe(true);
    expect(warm.classpath).toEqual(cold.classpath);
    expect({ warmFasterThanCold: warmMs < coldMs }).toEqual({ warmFasterThanCold: true });
    // The folder itself (as verify gets it) finds the same project and cache entry.
    expect((await buildUserProject(WORD_COUNT, { env })).classpath).toEqual(cold.classpath);

    expect(snapshot(WORD_COUNT)).toEqual(before);
  }, 600_000);

  test('a compile error names the user file and line', async () => {
    const dir = copyWordCount('broken');
    const bolt = path.join(dir, PKG, 'SplitSentenceBolt.java');
    const lines = fs.readFileSync(bolt, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('collector.emit(new Values(word));'));
    lines[at] = lines[at]!.replace('new Values(word)', 'new Values(wurd)');
    fs.writeFileSync(bolt, lines.join('\n'));
    const err = await rejection(buildUserProject(dir, { env }));
    expect([err.kind, err.code]).toEqual(['verify-build-failed', 'S2F711']);
    expect(err.message).toContain(`the topology's project does not build: ${bolt}:${at + 1}:`);
    expect(err.message).toMatch(/cannot find symbol/);
    expect(err.detail).toMatch(/ERROR/);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
    // A failed build leaves no cache entry behind.
    expect(fs.readdirSync(path.join(tmp, 'cache', 'projects')).filter((n) => n.startsWith('broken-'))).toEqual([]);
  }, 300_000);

  test('a module with a parent is built from its reactor root with its sibling', async () => {
    const root = path.join(tmp, 'multi');
    const pom = (body: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>${body}</project>\n`;
    const parentRef = '<parent><groupId>t</groupId><artifactId>parent</artifactId><version>1</version></parent>';
    fs.mkdirSync(path.join(root, 'common', 'src', 'main', 'java', 't'), { recursive: true });
    fs.mkdirSync(path.join(root, 'topo', 'src', 'main', 'java', 't'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'pom.xml'),
      pom(
        '<groupId>t</groupId><artifactId>parent</artifactId><version>1</version><packaging>pom</packaging>' +
          '<properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>' +
          '<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin></plugins></build>' +
          '<modules><module>common</module><module>topo</module></modules>',
      ),
    );
    fs.writeFileSync(path.join(root, 'common', 'pom.xml'), pom(`${parentRef}<artifactId>common</artifactId>`));
    fs.writeFileSync(
      path.join(root, 'common', 'src', 'main', 'java', 't', 'Words.java'),
      'package t;\npublic class Words { public static String[] split(String s) { return s.split(" "); } }\n',
    );
    fs.writeFileSync(
      path.join(root, 'topo', 'pom.xml'),
      pom(
        `${parentRef}<artifactId>topo</artifactId><dependencies>` +
          '<dependency><groupId>t</groupId><artifactId>common</artifactId><version>1</version></dependency>' +
          '<dependency><groupId>org.apache.storm</groupId><artifactId>storm-client</artifactId><version>2.8.3</version><scope>provided</scope></dependency>' +
          '</dependencies>',
      ),
    );
    const topo = path.join(root, 'topo', 'src', 'main', 'java', 't', 'Topo.java');
    fs.writeFileSync(
      topo,
      'package t;\nimport org.apache.storm.topology.TopologyBuilder;\npublic class Topo { public static TopologyBuilder build() { Words.split("a b"); return new TopologyBuilder(); } }\n',
    );
    const r = await buildUserProject(topo, { env });
    expect(r.projectDir).toBe(root);
    expect(fs.existsSync(path.join(r.classpath[0]!, 't', 'Topo.class'))).toBe(true);
    expect(r.classpath[0]!.endsWith(path.join('topo', 'target', 'classes'))).toBe(true);
    const common = r.classpath.find((p) => p.endsWith(path.join('common', 'target', 'classes')));
    expect(common && fs.existsSync(path.join(common, 't', 'Words.class'))).toBe(true);
    expect(r.classpath.some((p) => path.basename(p).startsWith('storm-client-'))).toBe(false);
  }, 300_000);

  test("a Storm connector whose substitute an earlier build missed (Maven's cached not-found wording) goes on to the next version", async () => {
    const dir = path.join(tmp, 'cached-miss');
    fs.cpSync(path.join(FIXTURES, 'cached-miss'), dir, { recursive: true });
    // The state any earlier lookup leaves for a day: storm-hbase stops at 2.5.0 on Central, so 2.8.3 (the runtime's
    // version, verify's first substitute) is a miss Maven caches and then reports in its "previous attempt" wording.
    const get = spawnSync(
      'mvn',
      ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get', '-Dartifact=org.apache.storm:storm-hbase:2.8.3:pom'],
      {
        env,
        encoding: 'utf8',
      },
    );
    const r = await buildUserProject(dir, { env });
    const hbase = r.substitutions.find((x) => x.startsWith('org.apache.storm:storm-hbase 1.1.1 -> '));
    expect(hbase).toBeDefined();
    expect(hbase).not.toMatch(/ -> 2\.8\.3 /);
    if (get.status !== 0) expect(hbase).toContain('2.8.3 did not resolve: org.apache.storm:storm-hbase:jar:2.8.3 from https://');
    const jar = r.classpath.find((j) => path.basename(j).startsWith('storm-hbase-'));
    expect(jar && fs.existsSync(jar)).toBe(true);
  }, 900_000);

  test("a reactor Maven cannot read (a sibling's bad artifactId, a module folder not checked in): the module is built on its own, and says so", async () => {
    const root = path.join(tmp, 'broken-sibling');
    fs.cpSync(path.join(FIXTURES, 'broken-sibling'), root, { recursive: true });
    const good = path.join(root, 'good');
    const r = await buildUserProject(good, { env });
    expect(r.moduleAlone?.pom).toBe(path.join(root, 'pom.xml'));
    expect(r.moduleAlone?.reason).toContain(`Child module ${path.join(root, 'not-checked-in')} of ${path.join(root, 'pom.xml')} does not exist`);
    expect(fs.existsSync(path.join(r.classpath[0]!, 'demo', 'WordsTopology.class'))).toBe(true);
    // A failure of the module built alone says it was built so (the report has no build to note it on).
    const topo = path.join(good, 'src', 'main', 'java', 'demo', 'WordsTopology.java');
    const text = fs.readFileSync(topo, 'utf8');
    fs.writeFileSync(topo, text.replace('new TestWordSpout()', 'new TestWordSpoot()'));
    const err = await rejection(buildUserProject(good, { env }));
    expect(err.code).toBe('S2F711');
    expect(err.message).toMatch(
      new RegExp(
        `^the topology's project does not build: .*WordsTopology\\.java:\\d+:\\d+: cannot find symbol \\(built on its own: Maven cannot read the reactor `,
      ),
    );
    fs.writeFileSync(topo, text);
    // A sound reactor is still built from its root (the sibling's folder in place, its artifactId valid).
    fs.mkdirSync(path.join(root, 'not-checked-in'));
    fs.writeFileSync(
      path.join(root, 'not-checked-in', 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><parent><groupId>demo</groupId><artifactId>root</artifactId><version>1.0</version></parent><artifactId>late</artifactId></project>\n',
    );
    const other = path.join(root, 'other', 'pom.xml');
    fs.writeFileSync(other, fs.readFileSync(other, 'utf8').replace('other module', 'other-module'));
    const whole = await buildUserProject(good, { env });
    expect(whole.moduleAlone).toBeUndefined();
    expect(fs.existsSync(path.join(whole.classpath[0]!, 'demo', 'WordsTopology.class'))).toBe(true);
  }, 900_000);

  test("lombok 1.16.18 (fails inside JDK 17's javac) is built at the translator's JDK-ready release; the pom untouched", async () => {
    const dir = copyWordCount('old-lombok');
    const pom = path.join(dir, 'pom.xml');
    const text = fs.readFileSync(pom, 'utf8');
    fs.writeFileSync(
      pom,
      text.replace(
        '<dependencies>',
        '<dependencies>\n    <dependency><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId><version>1.16.18</version><scope>provided</scope></dependency>',
      ),
    );
    fs.writeFileSync(
      path.join(dir, PKG, 'Counted.java'),
      'package dev.storm2flink.samples.wordcount;\n@lombok.Data\npublic class Counted { private String word; private long count; }\n',
    );
    const written = fs.readFileSync(pom, 'utf8');
    const r = await buildUserProject(dir, { env });
    expect(r.substitutions.filter((x) => x.startsWith('org.projectlombok:lombok ')).map((x) => x.split(' (')[0])).toEqual([
      'org.projectlombok:lombok 1.16.18 -> 1.18.22',
    ]);
    // The getter lombok generates is there: the processor ran.
    expect(execFileSync('javap', ['-cp', r.classpath[0]!, 'dev.storm2flink.samples.wordcount.Counted'], { encoding: 'utf8' })).toContain('getWord()');
    expect(fs.readFileSync(pom, 'utf8')).toBe(written);
  }, 900_000);

  test('no pom: a Flux file alone is a could-not-run asking for --classpath', async () => {
    const flux = path.join(tmp, 'alone', 'topo.flux.yaml');
    fs.mkdirSync(path.dirname(flux), { recursive: true });
    fs.writeFileSync(flux, 'name: x\n');
    const err = await rejection(buildUserProject(flux, { env }));
    expect(err.kind).toBe('verify-no-build');
    expect(err.message).toMatch(/no pom\.xml at or above the Flux file .*topo\.flux\.yaml: pass --classpath/);
  });

  test('no pom but a Gradle build: a could-not-run naming the build file and how to pass its classpath', async () => {
    const dir = path.join(tmp, 'gradle-project');
    fs.mkdirSync(path.join(dir, 'src/main/java/p'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'build.gradle.kts'), 'plugins { java }\n');
    const file = path.join(dir, 'src/main/java/p/Topo.java');
    fs.writeFileSync(file, 'package p;\npublic class Topo {}\n');
    const e = await rejection(buildUserProject(file, { env }));
    expect(e.message).toContain(path.join(dir, 'build.gradle.kts'));
    expect(e.message).toContain('printClasspath');
    expect(e.message).toContain('--classpath');
  });

  test('verify without --classpath builds (stage "build"); a Flux file outside any project asks for --classpath', async () => {
    const dir = path.join(tmp, 'flux-only');
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'src', 'diff', 'storm-runner', 'src', 'test', 'resources', 'wordcount.flux.yaml'), path.join(dir, 'wordcount.flux.yaml'));
    fs.writeFileSync(path.join(dir, 'data', 'sentences.txt'), 'the cow jumped\n');
    const r = await verify({ topology: path.join(dir, 'wordcount.flux.yaml'), env });
    expect(r.exitCode).toBe(2);
    expect(r.code).toBe('S2F709');
    expect(r.reason).toMatch(/no pom\.xml at or above the Flux file .*wordcount\.flux\.yaml: pass --classpath/);
    expect(r.timings.build).toBeDefined();
    expect(r.ran.storm).toBe(false);
  });

  test('Storm 0.x (backtype.storm, storm-kafka 0.10): built as the pom says, classes and the storm-kafka jar relocated', async () => {
    const r = await buildUserProject(path.join(SAMPLES, 'legacy-backtype'), { env });
    expect(r.relocated).toBe(true);
    expect(r.substitutions).toEqual([]);
    const classes = r.classpath[0]!;
    expect(classes.startsWith(path.join(tmp, 'cache', 'projects'))).toBe(true);
    const bolt = path.join(classes, 'com', 'example', 'legacy', 'UrlCountBolt.class');
    const javap = execFileSync('javap', ['-v', bolt], { encoding: 'utf8' });
    expect(javap).toContain('org/apache/storm/topology/base/BaseRichBolt');
    expect(javap).not.toMatch(/backtype[/.]storm/);
    // storm-kafka 0.10.2 (package storm.kafka, built on backtype.storm) is relocated into the cache copy, storm.kafka
    // to org.apache.storm.kafka as the bolt's references are.
    const topology = execFileSync('javap', ['-v', path.join(classes, 'com', 'example', 'legacy', 'PageViewTopology.class')], { encoding: 'utf8' });
    expect(topology).toContain('org/apache/storm/kafka/SpoutConfig');
    expect(topology).not.toMatch(/[^/]storm\/kafka\//);
    const kafka = r.classpath.find((j) => path.basename(j).includes('storm-kafka-0.10.2'))!;
    expect(kafka.startsWith(path.join(tmp, 'cache', 'projects'))).toBe(true);
    const spout = execFileSync('javap', ['-v', '-cp', kafka, 'org.apache.storm.kafka.KafkaSpout'], { encoding: 'utf8' });
    expect(spout).toContain('org/apache/storm/topology/base/BaseRichSpout');
    expect(spout).not.toMatch(/backtype[/.]storm/);
    // storm-core 0.10.2 itself is never on the classpath: Storm 2.8 comes from the runner.
    expect(r.classpath.some((j) => path.basename(j).startsWith('storm-core-'))).toBe(false);
  }, 600_000);

  test('a Storm 1.x project (storm-core 1.2.4, raw Map signatures) builds and verifies on Storm 2.8 and Flink', async () => {
    const dir = storm1Exclamation('exclamation-1x', '1.2.4');
    const r = await verify({ topology: dir, topologyId: 'exclamation', env });
    expect(r.reason ?? null).toBeNull();
    expect(r.status).toBe('equivalent');
    expect(r.diff!.streams.find((x) => x.component === 'exclaim2')).toMatchObject({ storm: 40, flink: 40 });
  }, 600_000);

  test("storm-core 2.x alone (its API is storm-client's, in storm-core's tree): built against the runner's Storm jars and verified", async () => {
    const dir = path.join(tmp, 'core-2x');
    fs.mkdirSync(path.join(dir, 'src/main/java/demo'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>demo</groupId><artifactId>core-2x</artifactId><version>1.0</version>
<properties><maven.compiler.source>1.8</maven.compiler.source><maven.compiler.target>1.8</maven.compiler.target></properties>
<dependencies><dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>2.0.0</version><scope>provided</scope></dependency></dependencies></project>
`,
    );
    fs.writeFileSync(
      path.join(dir, 'src/main/java/demo/CoreTopology.java'),
      `package demo;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
public class CoreTopology {
  public static void main(String[] args) throws Exception {
    TopologyBuilder builder = new TopologyBuilder();
    builder.setSpout("words", new TestWordSpout(), 1);
    builder.setBolt("count", new TestWordCounter(), 2).fieldsGrouping("words", new Fields("word"));
    try (LocalCluster cluster = new LocalCluster()) {
      cluster.submitTopology("core-2x", new Config(), builder.createTopology());
      Thread.sleep(5000);
    }
  }
}
`,
    );
    const r = await verify({ topology: dir, env });
    expect(r.reason ?? null).toBeNull();
    expect(r.status).toBe('equivalent');
    expect(r.diff!.streams.find((x) => x.component === 'count')!.storm).toBeGreaterThan(0);
  }, 600_000);

  test('a Flux topologySource: the graph from the Java method it names, verified equivalent on both engines', async () => {
    const r = await verify({ topology: topologySourceProject(), topologyId: 'exclamation-source-flux', env });
    expect(r.reason ?? null).toBeNull();
    expect(r.status).toBe('equivalent');
    expect(r.diff!.streams.map((x) => `${x.component} ${x.storm} ${x.flink}`)).toEqual(['words 40 40', 'exclaim1 40 40', 'exclaim2 40 40']);
  }, 600_000);

  test("a distribution's storm-core (HDP's 1.1.0.2.6.1.9-1, not on Central) at Java 1.6: built at the Apache release and at Java 8, both reported; the pom untouched", async () => {
    const compiler =
      '<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.1</version>' +
      '<configuration><source>1.6</source><target>1.6</target></configuration></plugin>';
    const dir = storm1Exclamation('hdp-java6', '1.1.0.2.6.1.9-1', compiler);
    const pom = fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8');
    const r = await buildUserProject(dir, { env });
    expect(r.stormCore).toBe('1.1.0');
    expect(r.substitutions.filter((x) => x.startsWith('org.apache.storm:storm-core '))).toEqual([
      "org.apache.storm:storm-core 1.1.0.2.6.1.9-1 -> 1.1.0 (a distribution's build of 1.1.0, served by its vendor's repository, not Maven Central)",
    ]);
    expect(r.javaLevel).toEqual([{ pom: path.join(dir, 'pom.xml'), from: '6', to: '8' }]);
    const topology = path.join(r.classpath[0]!, 'dev', 'storm2flink', 'samples', 'exclamation', 'ExclamationTopology.class');
    expect(classMajor(topology)).toBe(52);
    expect(fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8')).toBe(pom);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  }, 600_000);

  test("verify <repo> with the pom in repo/app, a data/ of docker volume folders, no compiler settings (maven-compiler-plugin 3.1's Java 5): builds app/, captures the spouts, says S2F901", async () => {
    const repo = path.join(tmp, 'repo-layout');
    const app = path.join(repo, 'app');
    fs.cpSync(path.join(SAMPLES, 'exclamation'), app, { recursive: true, filter: (src) => !['target', 'flux', 'data'].includes(path.basename(src)) });
    const compiler = '<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.1</version></plugin>';
    fs.writeFileSync(path.join(app, 'pom.xml'), withCompiler(fs.readFileSync(path.join(app, 'pom.xml'), 'utf8'), compiler));
    for (const v of ['zk', 'storm']) {
      fs.mkdirSync(path.join(repo, 'data', v), { recursive: true });
      fs.writeFileSync(path.join(repo, 'data', v, '.gitkeep'), '');
    }
    // From another folder: the model names source files relative to the cwd the analysis ran in.
    expect(path.relative(process.cwd(), repo).startsWith('..')).toBe(true);
    const r = await verify({ topology: repo, env });
    expect(r.reason ?? null).toBeNull();
    expect(r.status).toBe('equivalent');
    expect(r.input?.kind).toBe('captured');
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}: ${d.message}`)).toEqual([
      `S2F901 info ${path.relative(process.cwd(), path.join(app, 'pom.xml'))}: javac no longer accepts Java 5, the level this pom compiles at; verify built the module at Java 8`,
    ]);
  }, 900_000);

  test('dependency:list lines: classifiers, module suffixes, scopes', () => {
    const deps = parseDependencyList(
      [
        'The following files have been resolved:',
        '   org.apache.storm:storm-client:jar:2.8.3:provided:/m2/org/apache/storm/storm-client/2.8.3/storm-client-2.8.3.jar -- module storm.client (auto)',
        '   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.1:compile:/m2/io/netty/x.jar',
        '   junit:junit:jar:4.13.2:test:C:\\m2\\junit.jar',
        '',
      ].join('\n'),
    );
    expect(deps).toEqual([
      {
        groupId: 'org.apache.storm',
        artifactId: 'storm-client',
        version: '2.8.3',
        scope: 'provided',
        file: '/m2/org/apache/storm/storm-client/2.8.3/storm-client-2.8.3.jar',
      },
      { groupId: 'io.netty', artifactId: 'netty-transport-native-epoll', version: '4.1.1', scope: 'compile', file: '/m2/io/netty/x.jar' },
      { groupId: 'junit', artifactId: 'junit', version: '4.13.2', scope: 'test', file: 'C:\\m2\\junit.jar' },
    ]);
  });
});
