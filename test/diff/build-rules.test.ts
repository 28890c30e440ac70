// The rules build.ts applies to old Storm projects, without a Maven build: exclusion of storm-core's tree,
// substitution of Storm artifacts that do not resolve, Maven's error lines, and the Storm 0.x relocation mapping
// (the Java tools run for real on small inputs).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildTools,
  storm1Classes,
  editArgs,
  initialEdits,
  isLegacyStorm,
  legacyMultilang,
  localRepoCoordinates,
  CHECK_PLUGINS,
  distributionBuilds,
  parsePluginFailure,
  refusedJavaLevel,
  parseResolutionFailure,
  removedFromJdk,
  pathInTree,
  substitutable,
  type PomProject,
} from '../../src/diff/build.js';
import { substituteVersions } from '../../src/translator/pom-deps.js';
import { tempDir } from '../helpers/tmp.js';

const dep = (g: string, a: string, v: string, scope = 'compile', type = 'jar') => ({
  groupId: g,
  artifactId: a,
  version: v,
  type,
  classifier: null,
  scope,
  optional: false,
});

const STARTER: PomProject = {
  groupId: 'org.apache.storm',
  artifactId: 'storm-starter',
  version: '1.2.2',
  packaging: 'jar',
  buildDirectory: '/x/target',
  sourceDirectory: '/x/src/jvm',
  resources: ['/x/multilang'],
  dependencies: [
    dep('junit', 'junit', '4.11', 'test'),
    dep('org.apache.storm', 'storm-core', '1.2.2', 'provided'),
    dep('org.apache.storm', 'storm-core', '1.2.2', 'test', 'test-jar'),
    dep('org.apache.storm', 'storm-hdfs', '1.2.2'),
    dep('org.apache.storm', 'storm-hbase', '1.2.2'),
    dep('com.google.guava', 'guava', '16.0.1'),
    dep('org.slf4j', 'slf4j-api', '1.7.21'),
  ],
  repositories: [],
};

const RUNNER = [
  '/m2/repository/org/apache/storm/storm-client/2.8.3/storm-client-2.8.3.jar',
  '/m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar',
  '/m2/repository/org/slf4j/log4j-over-slf4j/2.0.17/log4j-over-slf4j-2.0.17.jar',
  '/m2/repository/io/netty/netty-transport-native-epoll/4.1.1/netty-transport-native-epoll-4.1.1-linux-x86_64.jar',
  '/m2/repository/commons-io/commons-io/2.20.0/commons-io-2.20.0.jar',
];

describe('build rules', () => {
  test('runner jars as coordinates (the local repository root is what they share)', () => {
    expect(localRepoCoordinates(RUNNER)).toEqual([
      { groupId: 'org.apache.storm', artifactId: 'storm-client', version: '2.8.3' },
      { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: '2.0.17' },
      { groupId: 'org.slf4j', artifactId: 'log4j-over-slf4j', version: '2.0.17' },
      { groupId: 'io.netty', artifactId: 'netty-transport-native-epoll', version: '4.1.1', classifier: 'linux-x86_64' },
      { groupId: 'commons-io', artifactId: 'commons-io', version: '2.20.0' },
    ]);
  });

  test('storm-core brings none of its tree; the runtime libraries stand in, not Storm, not what the project declares', () => {
    const e = initialEdits(STARTER, localRepoCoordinates(RUNNER))!;
    expect(e.excludeAll).toEqual(['org.apache.storm:storm-core']);
    expect(e.add).toEqual(['org.slf4j:log4j-over-slf4j:2.0.17', 'io.netty:netty-transport-native-epoll:4.1.1:linux-x86_64', 'commons-io:commons-io:2.20.0']);
    expect(e.versions).toEqual({});
    expect(editArgs({ ...e, versions: { 'org.apache.storm:storm-hbase': '2.8.3' }, dropPlugins: ['com.theoryinpractise:clojure-maven-plugin'] })).toEqual([
      '--drop-test',
      '--exclude-all',
      'org.apache.storm:storm-core',
      '--version',
      'org.apache.storm:storm-hbase=2.8.3',
      '--add',
      'org.slf4j:log4j-over-slf4j:2.0.17:provided',
      '--add',
      'io.netty:netty-transport-native-epoll:4.1.1:provided:linux-x86_64',
      '--add',
      'commons-io:commons-io:2.20.0:provided',
      '--drop-plugin',
      'com.theoryinpractise:clojure-maven-plugin',
    ]);
    // storm-core 2.x (rahulpakhare/examples): its API is storm-client's, storm-server's and storm-shaded-deps', in its
    // tree; the runner's Storm jars stand in, with the rest of the runtime.
    const core2 = initialEdits({ ...STARTER, dependencies: [dep('org.apache.storm', 'storm-core', '2.0.0', 'provided')] }, [
      ...localRepoCoordinates(RUNNER),
      { groupId: 'org.apache.storm', artifactId: 'storm-server', version: '2.8.3' },
    ])!;
    expect(core2.excludeAll).toEqual(['org.apache.storm:storm-core']);
    expect(core2.add.filter((a) => a.startsWith('org.apache.storm:'))).toEqual(['org.apache.storm:storm-client:2.8.3', 'org.apache.storm:storm-server:2.8.3']);
    // A Storm 2.x project (storm-client, no storm-core) builds as written.
    expect(initialEdits({ ...STARTER, dependencies: [dep('org.apache.storm', 'storm-client', '2.6.0', 'provided')] }, localRepoCoordinates(RUNNER))).toBeNull();
    // storm-core only as a test dependency: nothing to change for a main-code compile.
    expect(initialEdits({ ...STARTER, dependencies: [dep('org.apache.storm', 'storm-core', '1.2.2', 'test')] }, [])).toBeNull();
  });

  test('substitute versions: the runtime Storm version, then the newest of its major version up to it', () => {
    expect(substituteVersions('2.8.3')).toEqual(['2.8.3', '[2.0.0,2.8.3]']);
  });

  test("Maven's resolution errors: the failing path, the artifact, the repository", () => {
    const collect =
      '[ERROR] Failed to execute goal on project storm-starter: Could not resolve dependencies for project org.apache.storm:storm-starter:jar:1.2.2: ' +
      'Failed to collect dependencies at org.apache.storm:storm-hdfs:jar:1.2.2 -> io.confluent:kafka-avro-serializer:jar:1.0: Failed to read artifact descriptor for ' +
      'io.confluent:kafka-avro-serializer:jar:1.0: Could not transfer artifact io.confluent:kafka-avro-serializer:pom:1.0 from/to maven-default-http-blocker (http://0.0.0.0/): ' +
      'Blocked mirror for repositories: [confluent (http://packages.confluent.io/maven, default, releases+snapshots)] -> [Help 1]';
    const f = parseResolutionFailure(`[INFO] x\n${collect}\n[ERROR] \n`)!;
    expect(f.project).toBe('org.apache.storm:storm-starter');
    expect(f.chain).toEqual(['org.apache.storm:storm-hdfs:jar:1.2.2', 'io.confluent:kafka-avro-serializer:jar:1.0']);
    expect(f.artifacts).toEqual(['io.confluent:kafka-avro-serializer:jar:1.0']);
    expect(f.repository).toBe('blocked plain-http repositories: confluent (http://packages.confluent.io/maven, default, releases+snapshots)');
    expect(substitutable(f, [STARTER])?.dep.artifactId).toBe('storm-hdfs');

    const absent =
      '[ERROR] Failed to execute goal on project storm-starter: Could not resolve dependencies for project org.apache.storm:storm-starter:jar:1.2.2: ' +
      'Could not find artifact org.apache.storm:storm-hbase:jar:2.8.3 in central (https://repo.maven.apache.org/maven2) -> [Help 1]';
    const g = parseResolutionFailure(absent)!;
    expect(g.chain).toEqual([]);
    expect(g.artifacts).toEqual(['org.apache.storm:storm-hbase:jar:2.8.3']);
    expect(g.repository).toBe('central (https://repo.maven.apache.org/maven2)');
    expect(substitutable(g, [STARTER])?.dep.artifactId).toBe('storm-hbase');

    // An unreachable repository: the cause Maven gives follows the repository.
    const host =
      '[ERROR] Failed to execute goal on project t: Could not resolve dependencies for project t:t:jar:1: Failed to collect dependencies at org.apache.storm:storm-hdfs:jar:2.6.0 -> ' +
      'io.confluent:kafka-avro-serializer:jar:1.0: Failed to read artifact descriptor for io.confluent:kafka-avro-serializer:jar:1.0: Could not transfer artifact ' +
      'io.confluent:kafka-avro-serializer:pom:1.0 from/to clojars (https://clojars.org/repo/): transfer failed for https://clojars.org/repo/io/confluent/kafka-avro-serializer/1.0/kafka-avro-serializer-1.0.pom: ' +
      'Unknown host clojars.org -> [Help 1]';
    expect(parseResolutionFailure(host)!.repository).toBe('clojars (https://clojars.org/repo/): Unknown host clojars.org');

    // Maven 3.8's wording for a miss an earlier build cached (manoharvare/storm-poc, chenjinxin1124/storm): the same
    // miss, so the same retry at the next version.
    const cachedMiss =
      '[ERROR] Failed to execute goal on project storm-example: Could not resolve dependencies for project com.yogesh:storm-example:jar:1.0.0: ' +
      'org.apache.storm:storm-hbase:jar:2.8.3 was not found in https://repo.maven.apache.org/maven2 during a previous attempt. This failure was cached in ' +
      'the local repository and resolution is not reattempted until the update interval of central has elapsed or updates are forced -> [Help 1]';
    const c = parseResolutionFailure(cachedMiss)!;
    expect(c.artifacts).toEqual(['org.apache.storm:storm-hbase:jar:2.8.3']);
    expect(c.repository).toBe('https://repo.maven.apache.org/maven2 (a miss an earlier build cached in the local repository)');
    expect(substitutable(c, [{ ...STARTER, groupId: 'com.yogesh', artifactId: 'storm-example' }])?.dep.artifactId).toBe('storm-hbase');
    const cachedTransfer = cachedMiss.replace('was not found in', 'failed to transfer from');
    expect(parseResolutionFailure(cachedTransfer)!.artifacts).toEqual(['org.apache.storm:storm-hbase:jar:2.8.3']);

    // Not a Storm artifact, or storm-core, or another project: no substitution (a could-not-run names it).
    const guava = absent.replace('org.apache.storm:storm-hbase:jar:2.8.3', 'com.google.guava:guava:jar:16.0.1');
    expect(substitutable(parseResolutionFailure(guava)!, [STARTER])).toBeNull();
    const core = collect.replace('org.apache.storm:storm-hdfs:jar:1.2.2 ->', 'org.apache.storm:storm-core:jar:1.2.2 ->');
    expect(substitutable(parseResolutionFailure(core)!, [STARTER])).toBeNull();
    expect(parseResolutionFailure('[ERROR] COMPILATION ERROR :\n')).toBeNull();
  });

  test('a failing artifact without a path (a system-scope jar): the tree says which direct dependency brings it', () => {
    const sys =
      '[ERROR] Failed to execute goal on project storm-starter: Could not resolve dependencies for project org.apache.storm:storm-starter:jar:1.2.2: ' +
      'Could not find artifact jdk.tools:jdk.tools:jar:1.7 at specified path /usr/lib/jvm/java-17-openjdk-amd64/../lib/tools.jar -> [Help 1]';
    const f = parseResolutionFailure(sys)!;
    expect(f.artifacts).toEqual(['jdk.tools:jdk.tools:jar:1.7']);
    expect(f.repository).toBe('its system-scope path /usr/lib/jvm/java-17-openjdk-amd64/../lib/tools.jar');
    expect(substitutable(f, [STARTER])).toBeNull();
    const tree = [
      'org.apache.storm:storm-starter:jar:1.2.2',
      '+- org.apache.storm:storm-core:jar:1.2.2:provided',
      '+- org.apache.storm:storm-hbase:jar:1.2.2:compile',
      '|  +- org.apache.hbase:hbase-server:jar:0.98.4-hadoop2:compile',
      '|  |  \\- org.apache.hadoop:hadoop-annotations:jar:2.2.0:compile',
      '|  |     \\- jdk.tools:jdk.tools:jar:1.7:system',
      '|  \\- org.apache.hbase:hbase-client:jar:0.98.4-hadoop2:compile',
      '\\- com.google.guava:guava:jar:16.0.1:compile',
      '',
    ].join('\n');
    f.chain = pathInTree(tree, f.artifacts[0]!);
    expect(f.chain).toEqual([
      'org.apache.storm:storm-hbase:jar:1.2.2',
      'org.apache.hbase:hbase-server:jar:0.98.4-hadoop2',
      'org.apache.hadoop:hadoop-annotations:jar:2.2.0',
      'jdk.tools:jdk.tools:jar:1.7',
    ]);
    expect(substitutable(f, [STARTER])?.dep.artifactId).toBe('storm-hbase');
    expect(pathInTree(tree, 'org.nope:nope:jar:1')).toEqual([]);
  });

  test('a check-only plugin that cannot be resolved is named, with the project it failed on', () => {
    const out =
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.0.0:check (validate) on project storm-perf: Execution validate of goal ' +
      'org.apache.maven.plugins:maven-checkstyle-plugin:3.0.0:check failed: Plugin org.apache.maven.plugins:maven-checkstyle-plugin:3.0.0 or one of its dependencies ' +
      'could not be resolved: org.apache.storm:storm-checkstyle:jar:2.6.0 was not found in https://repo.maven.apache.org/maven2 -> [Help 1]';
    const f = parsePluginFailure(`[INFO] x\n${out}\n`)!;
    expect(f.plugin).toBe('org.apache.maven.plugins:maven-checkstyle-plugin');
    expect(CHECK_PLUGINS.has(f.plugin)).toBe(true);
    expect(f.project).toBe('storm-perf');
    expect(f.message).toMatch(/storm-checkstyle:jar:2\.6\.0 was not found in https:\/\/repo\.maven\.apache\.org\/maven2$/);
    expect(parseResolutionFailure(out)).toBeNull();
    // A plugin that makes classes is not a check plugin: that failure stays a could-not-run.
    expect(CHECK_PLUGINS.has('org.apache.maven.plugins:maven-compiler-plugin')).toBe(false);
    expect(
      parsePluginFailure(
        '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) on project x: Compilation failure',
      ),
    ).toBeNull();
  });

  test("Storm 0.x's multilang libraries are taken at the runtime's version (their protocol predates Storm 1.0's); 1.x ones stay", () => {
    const old: PomProject = {
      ...STARTER,
      version: '0.10.0',
      dependencies: [
        dep('org.apache.storm', 'storm-core', '0.10.0', 'provided'),
        dep('org.apache.storm', 'multilang-javascript', '0.10.0'),
        dep('org.apache.storm', 'multilang-python', '0.10.0'),
        dep('org.apache.storm', 'multilang-ruby', '0.10.0', 'test'),
      ],
    };
    const m = legacyMultilang(old, '2.8.3');
    expect(m.versions).toEqual({ 'org.apache.storm:multilang-javascript': '2.8.3', 'org.apache.storm:multilang-python': '2.8.3' });
    expect(m.lines[0]).toMatch(/^org\.apache\.storm:multilang-javascript 0\.10\.0 -> 2\.8\.3 \(.*protocol of Storm 1\.0\+/);
    expect(legacyMultilang({ ...STARTER, dependencies: [dep('org.apache.storm', 'multilang-python', '1.2.2')] }, '2.8.3').lines).toEqual([]);
  });

  test("a distribution's build of an Apache artifact is taken at its Apache release; Apache's own versions and other groups stay", () => {
    const hdp: PomProject = {
      ...STARTER,
      dependencies: [
        dep('org.apache.storm', 'storm-core', '1.1.0.2.6.1.9-1', 'provided'),
        dep('org.apache.storm', 'flux-core', '1.1.0.2.6.1.9-1'),
        dep('org.apache.kafka', 'kafka-clients', '1.0.0.2.6.5.0-292'),
        dep('org.apache.storm', 'storm-kafka-client', '1.2.2'),
        dep('com.acme', 'lib', '1.0.0.2.6.1.9-1'),
        dep('org.apache.hadoop', 'hadoop-client', '2.7.3.2.6.1.9-1', 'test'),
      ],
    };
    const d = distributionBuilds(hdp);
    expect(d.versions).toEqual({
      'org.apache.storm:storm-core': '1.1.0',
      'org.apache.storm:flux-core': '1.1.0',
      'org.apache.kafka:kafka-clients': '1.0.0',
    });
    expect(d.lines[0]).toBe(
      "org.apache.storm:storm-core 1.1.0.2.6.1.9-1 -> 1.1.0 (a distribution's build of 1.1.0, served by its vendor's repository, not Maven Central)",
    );
    expect(distributionBuilds(STARTER).lines).toEqual([]);
  });

  test("the Java level javac refused, and the project Maven names, from its output (JDK 17's wording, old and new compiler plugins)", () => {
    const old = [
      '[ERROR] COMPILATION ERROR : ',
      '[ERROR] error: Source option 6 is no longer supported. Use 7 or later.',
      '[ERROR] error: Target option 6 is no longer supported. Use 7 or later.',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.0:compile (default-compile) on project storm-benchmark: Compilation failure: Compilation failure: ',
    ].join('\n');
    expect(refusedJavaLevel(old)).toEqual({ level: '6', project: 'storm-benchmark' });
    const release = [
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) on project app: Fatal error compiling: error: release version 5 not supported -> [Help 1]',
    ].join('\n');
    expect(refusedJavaLevel(release)).toEqual({ level: '5', project: 'app' });
    expect(refusedJavaLevel('[ERROR] /x/A.java:[3,8] error: cannot find symbol')).toBeNull();
  });

  test("a package JDK 11 removed (CORBA, JAXB, JAX-WS, JavaFX) is said to be the code's own age; others are not", () => {
    expect(removedFromJdk('/u/KfkHBaseQuery.java:7:20: error: package org.omg.CORBA does not exist')).toMatch(
      /^ \(org\.omg\.CORBA was part of JDK 8 and left the JDK in 11/,
    );
    expect(removedFromJdk('/u/A.java:3:1: package javax.xml.bind.annotation does not exist')).toContain('javax.xml.bind.annotation was part of JDK 8');
    expect(removedFromJdk('/u/A.java:3:1: package org.apache.hadoop.hbase does not exist')).toBe('');
    expect(removedFromJdk('/u/A.java:3:1: package javax.xml.bindings does not exist')).toBe('');
    expect(removedFromJdk('/u/A.java:3:1: cannot find symbol')).toBe('');
  });

  test('Storm 0.x in a dependency list', () => {
    expect(isLegacyStorm([{ groupId: 'org.apache.storm', version: '0.10.0' }])).toBe(true);
    expect(isLegacyStorm([{ groupId: 'storm', version: '0.8.2' }])).toBe(true);
    expect(
      isLegacyStorm([
        { groupId: 'org.apache.storm', version: '1.2.2' },
        { groupId: 'org.foo', version: '0.1' },
      ]),
    ).toBe(false);
  });
});

describe('build tools (Java)', () => {
  let cp: string;
  let tmp: string;
  beforeAll(async () => {
    cp = await buildTools(process.env);
    tmp = tempDir('s2f-build-rules-');
  });
  const java = (main: string, args: string[]) => execFileSync('java', ['-cp', cp, `dev.storm2flink.verify.build.${main}`, ...args], { encoding: 'utf8' });

  test("relocation mapping: Storm 1.0's package rename; whole-value class-name strings, not prose", () => {
    const names = [
      'backtype.storm.Config',
      'backtype/storm/tuple/Tuple',
      'Lbacktype/storm/tuple/Tuple;',
      '[[Lstorm/trident/TridentTopology;',
      'storm.trident.operation.BaseFunction',
      'org.apache.thrift7.TBase',
      'backtype/storm/Foo$Bar.class',
      'backtype.storm',
      'storm.starter.WordCountTopology',
      'storm.tridentx.Foo',
      'uses backtype.storm.Config',
      'org.apache.storm.Config',
    ];
    expect(
      java('Relocate', ['--map', ...names])
        .trim()
        .split('\n'),
    ).toEqual([
      'org.apache.storm.Config',
      'org/apache/storm/tuple/Tuple',
      'Lorg/apache/storm/tuple/Tuple;',
      '[[Lorg/apache/storm/trident/TridentTopology;',
      'org.apache.storm.trident.operation.BaseFunction',
      'org.apache.storm.thrift.TBase',
      'org/apache/storm/Foo$Bar.class',
      'org.apache.storm',
      'storm.starter.WordCountTopology',
      'storm.tridentx.Foo',
      'uses backtype.storm.Config',
      'org.apache.storm.Config',
    ]);
  });

  test('relocating compiled classes: supertypes, signatures, class-name constants; a jar with services and signatures', () => {
    const src = path.join(tmp, 'src');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.writeFileSync(path.join(src, rel), text);
    };
    write(
      'backtype/storm/topology/base/BaseBasicBolt.java',
      'package backtype.storm.topology.base;\npublic abstract class BaseBasicBolt implements java.io.Serializable {}\n',
    );
    write('storm/trident/tuple/TridentTuple.java', 'package storm.trident.tuple;\npublic interface TridentTuple extends java.util.List<Object> {}\n');
    write(
      'my/Bolt.java',
      'package my;\nimport backtype.storm.topology.base.BaseBasicBolt;\nimport storm.trident.tuple.TridentTuple;\n' +
        'public class Bolt extends BaseBasicBolt {\n  public java.util.List<TridentTuple> seen;\n' +
        '  public static final String FACTORY = "backtype.storm.serialization.DefaultKryoFactory";\n' +
        '  public static final String NOTE = "was backtype.storm.Config";\n  public Class<?> type() { return TridentTuple.class; }\n}\n',
    );
    const classes = path.join(tmp, 'classes');
    execFileSync('javac', [
      '-d',
      classes,
      ...['backtype/storm/topology/base/BaseBasicBolt.java', 'storm/trident/tuple/TridentTuple.java', 'my/Bolt.java'].map((f) => path.join(src, f)),
    ]);
    fs.mkdirSync(path.join(classes, 'META-INF', 'services'), { recursive: true });
    fs.writeFileSync(path.join(classes, 'META-INF', 'services', 'backtype.storm.Plugin'), '# plugins\nbacktype.storm.impl.PluginImpl\n');
    fs.writeFileSync(path.join(classes, 'META-INF', 'MANIFEST.MF'), 'Manifest-Version: 1.0\n');
    fs.writeFileSync(path.join(classes, 'META-INF', 'SIGNER.SF'), 'x');
    const jar = path.join(tmp, 'old.jar');
    execFileSync('jar', ['cf', jar, '-C', classes, '.']);

    const outDir = path.join(tmp, 'relocated');
    const outJar = path.join(tmp, 'relocated.jar');
    const report = java('Relocate', [classes, outDir, jar, outJar]).trim().split('\n');
    expect(report[0]).toMatch(new RegExp(`^relocated ${classes} 3 \\d+$`));
    expect(report[1]).toMatch(new RegExp(`^relocated ${jar} 3 \\d+$`));
    expect(fs.existsSync(path.join(outDir, 'org', 'apache', 'storm', 'topology', 'base', 'BaseBasicBolt.class'))).toBe(true);
    expect(fs.existsSync(path.join(outDir, 'org', 'apache', 'storm', 'trident', 'tuple', 'TridentTuple.class'))).toBe(true);
    expect(fs.existsSync(path.join(outDir, 'backtype'))).toBe(false);
    expect(fs.readFileSync(path.join(outDir, 'META-INF', 'services', 'org.apache.storm.Plugin'), 'utf8')).toBe('# plugins\norg.apache.storm.impl.PluginImpl\n');
    const javap = execFileSync('javap', ['-v', '-p', '-cp', outDir, 'my.Bolt'], { encoding: 'utf8' });
    expect(javap).toContain('extends org.apache.storm.topology.base.BaseBasicBolt');
    expect(javap).toContain('java.util.List<org.apache.storm.trident.tuple.TridentTuple>');
    expect(javap).toContain('org.apache.storm.serialization.DefaultKryoFactory');
    expect(javap).toContain('was backtype.storm.Config'); // prose stays as written
    expect(javap.split('\n').filter((l) => /backtype\/storm|storm\/trident/.test(l) && !/org\/apache\/storm\/trident/.test(l))).toEqual([]);
    const entries = execFileSync('jar', ['tf', outJar], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(entries).toContain('org/apache/storm/topology/base/BaseBasicBolt.class');
    expect(entries).toContain('META-INF/services/org.apache.storm.Plugin');
    expect(entries).not.toContain('META-INF/SIGNER.SF');
    expect(entries.filter((e) => e.startsWith('backtype/') || e.startsWith('storm/'))).toEqual([]);
    // Nothing to relocate: 0 changes (build.ts then keeps the original jar).
    const plain = path.join(tmp, 'plain');
    fs.writeFileSync(path.join(src, 'P.java'), 'public class P {}\n');
    execFileSync('javac', ['-d', plain, path.join(src, 'P.java')]);
    expect(java('Relocate', [plain, path.join(tmp, 'plain-out')]).trim()).toBe(`relocated ${plain} 1 0`);
  });

  test('Storm 1.x call sites run on Storm 2.8 as the build moves them: LocalCluster.submitTopology, Config.setTopologyStrategy(Class), Utils config readers; a 0.x ShellSpout keeps 0.x activate', () => {
    // The user's code compiled against the Storm 1.x / 0.x API (just the signatures it calls), then bridged by the
    // build's pass and run on the runner's real Storm 2.8 jars.
    const api = path.join(tmp, 'api1');
    const src = path.join(tmp, 'src1');
    const write = (root: string, rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write(
      api,
      'org/apache/storm/Config.java',
      'package org.apache.storm;\npublic class Config extends java.util.HashMap<String, Object> {\n  public static final String TOPOLOGY_SCHEDULER_STRATEGY = "topology.scheduler.strategy";\n  public void setTopologyStrategy(Class<?> c) {}\n}\n',
    );
    write(
      api,
      'org/apache/storm/utils/Utils.java',
      'package org.apache.storm.utils;\npublic class Utils {\n  public static Integer getInt(Object o) { return null; }\n  public static boolean getBoolean(Object o, boolean d) { return d; }\n}\n',
    );
    write(
      api,
      'org/apache/storm/LocalCluster.java',
      'package org.apache.storm;\npublic class LocalCluster {\n  public void submitTopology(String n, java.util.Map c, org.apache.storm.generated.StormTopology t) {}\n}\n',
    );
    write(api, 'org/apache/storm/generated/StormTopology.java', 'package org.apache.storm.generated;\npublic class StormTopology {}\n');
    write(
      api,
      'backtype/storm/spout/ShellSpout.java',
      'package backtype.storm.spout;\npublic class ShellSpout {\n  public ShellSpout(String... command) {}\n  public void activate() {}\n  public void deactivate() {}\n}\n',
    );
    write(src, 'my/Strategy.java', 'package my;\npublic class Strategy {}\n');
    write(
      src,
      'my/Spout.java',
      'package my;\npublic class Spout extends backtype.storm.spout.ShellSpout {\n  public Spout() { super("node", "spout.js"); }\n}\n',
    );
    write(
      src,
      'my/Main.java',
      'package my;\nimport org.apache.storm.Config;\nimport org.apache.storm.utils.Utils;\npublic class Main {\n  public static void main(String[] a) {\n' +
        '    Config c = new Config();\n    c.setTopologyStrategy(Strategy.class);\n    System.out.println(c.get(Config.TOPOLOGY_SCHEDULER_STRATEGY));\n' +
        '    System.out.println(Utils.getInt("7") + 1);\n    System.out.println(Utils.getBoolean(null, true));\n  }\n' +
        '  static void submit(org.apache.storm.LocalCluster l) { l.submitTopology("t", new Config(), null); }\n}\n',
    );
    const apiClasses = path.join(tmp, 'api1-classes');
    execFileSync('javac', [
      '-d',
      apiClasses,
      ...[
        'org/apache/storm/Config.java',
        'org/apache/storm/utils/Utils.java',
        'org/apache/storm/LocalCluster.java',
        'org/apache/storm/generated/StormTopology.java',
        'backtype/storm/spout/ShellSpout.java',
      ].map((f) => path.join(api, f)),
    ]);
    const classes = path.join(tmp, 'user1-classes');
    execFileSync('javac', ['-cp', apiClasses, '-d', classes, ...['my/Strategy.java', 'my/Spout.java', 'my/Main.java'].map((f) => path.join(src, f))]);
    // The strategy class is not there when the job runs (a Flink job has no storm-server): only its name is used.
    fs.rmSync(path.join(classes, 'my', 'Strategy.class'));
    const out = path.join(tmp, 'user1-bridged');
    expect(java('Relocate', [classes, out]).trim()).toMatch(new RegExp(`^relocated ${classes} 2 [1-9]\\d*$`));

    const run = execFileSync('java', ['-cp', `${out}${path.delimiter}${cp}`, 'my.Main'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(run).toEqual(['my.Strategy', '8', 'true']);
    const javap = execFileSync('javap', ['-c', '-p', '-cp', `${out}${path.delimiter}${cp}`, 'my.Main', 'my.Spout'], { encoding: 'utf8' });
    expect(javap).toContain(
      'Method org/apache/storm/LocalCluster.submitTopology:(Ljava/lang/String;Ljava/util/Map;Lorg/apache/storm/generated/StormTopology;)Lorg/apache/storm/LocalCluster$LocalTopology;',
    );
    expect(javap).toContain('Method org/apache/storm/utils/ObjectReader.getInt:(Ljava/lang/Object;)Ljava/lang/Integer;');
    // Storm 2.8's ShellSpout.activate would send the script an `activate` command a 0.x script never answers.
    expect(javap).toMatch(/public void activate\(\);\s+Code:\s+0: return/);
    expect(javap).toMatch(/public void deactivate\(\);\s+Code:\s+0: return/);
  });

  test("Storm 1.x's NimbusClient.getClient() (a Nimbus.Client) gets a Thrift client over Storm 2's Nimbus.Iface, which local mode's is not", async () => {
    const api = path.join(tmp, 'api-nimbus');
    const write = (root: string, rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write(
      api,
      'org/apache/storm/generated/Nimbus.java',
      'package org.apache.storm.generated;\npublic class Nimbus {\n  public static class Client { public String getNimbusConf() { return null; } }\n}\n',
    );
    write(
      api,
      'org/apache/storm/utils/NimbusClient.java',
      'package org.apache.storm.utils;\npublic class NimbusClient {\n  public org.apache.storm.generated.Nimbus.Client getClient() { return null; }\n}\n',
    );
    write(
      api,
      'my/Polls.java',
      'package my;\npublic class Polls {\n  public static String conf(org.apache.storm.utils.NimbusClient n) throws Exception {\n    org.apache.storm.generated.Nimbus.Client c = n.getClient();\n    return c.getNimbusConf();\n  }\n}\n',
    );
    const apiClasses = path.join(tmp, 'api-nimbus-classes');
    execFileSync('javac', [
      '-d',
      apiClasses,
      ...['org/apache/storm/generated/Nimbus.java', 'org/apache/storm/utils/NimbusClient.java', 'my/Polls.java'].map((f) => path.join(api, f)),
    ]);
    const user = path.join(tmp, 'user-nimbus');
    fs.mkdirSync(path.join(user, 'my'), { recursive: true });
    fs.copyFileSync(path.join(apiClasses, 'my', 'Polls.class'), path.join(user, 'my', 'Polls.class'));
    const bridged = path.join(tmp, 'user-nimbus-bridged');
    java('Relocate', [user, bridged]);
    // Storm 2.8 for real: a Nimbus.Iface as local mode has one, behind NimbusClient's local override.
    const harness = path.join(tmp, 'harness');
    write(
      harness,
      'Harness.java',
      'import org.apache.storm.generated.Nimbus;\nimport org.apache.storm.utils.NimbusClient;\npublic class Harness {\n  public static void main(String[] a) throws Exception {\n' +
        '    Nimbus.Iface iface = (Nimbus.Iface) java.lang.reflect.Proxy.newProxyInstance(Nimbus.Iface.class.getClassLoader(), new Class<?>[] {Nimbus.Iface.class},\n' +
        '        (p, m, args) -> m.getName().equals("getNimbusConf") ? "{\\"from\\":\\"iface\\"}" : null);\n' +
        '    try (NimbusClient.LocalOverride o = new NimbusClient.LocalOverride(iface)) {\n      System.out.println(my.Polls.conf(NimbusClient.getConfiguredClient(new java.util.HashMap<>())));\n    }\n  }\n}\n',
    );
    const storm1 = await storm1Classes(process.env);
    const runCp = [bridged, storm1, cp].join(path.delimiter);
    execFileSync('javac', ['-nowarn', '-cp', runCp, '-d', harness, path.join(harness, 'Harness.java')], { stdio: 'pipe' });
    expect(
      execFileSync('java', ['-cp', `${harness}${path.delimiter}${runCp}`, 'Harness'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .at(-1),
    ).toBe('{"from":"iface"}');
  });

  test("PomTool: a project's effective pom made standalone, edited", () => {
    const eff = path.join(tmp, 'effective.xml');
    fs.writeFileSync(
      eff,
      `<?xml version="1.0" encoding="UTF-8"?>
<projects>
  <project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent><groupId>org.apache.storm</groupId><artifactId>storm</artifactId><version>1.2.2</version></parent>
    <groupId>org.apache.storm</groupId><artifactId>storm-starter</artifactId><version>1.2.2</version>
    <dependencies>
      <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>1.2.2</version><scope>provided</scope>
        <exclusions><exclusion><groupId>org.clojure</groupId><artifactId>clojure</artifactId></exclusion></exclusions></dependency>
      <dependency><groupId>org.apache.storm</groupId><artifactId>storm-hbase</artifactId><version>1.2.2</version></dependency>
      <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.11</version><scope>test</scope></dependency>
    </dependencies>
    <repositories>
      <repository><id>central</id><url>http://repo1.maven.org/maven2/</url></repository>
      <repository><id>clojars</id><url>https://clojars.org/repo/</url></repository>
      <repository><id>apache.snapshots</id><url>http://repository.apache.org/snapshots</url></repository>
    </repositories>
    <build><directory>/x/target</directory><sourceDirectory>/x/src/jvm</sourceDirectory>
      <resources><resource><directory>/x/multilang</directory></resource></resources>
      <plugins><plugin><groupId>com.theoryinpractise</groupId><artifactId>clojure-maven-plugin</artifactId></plugin>
        <plugin><artifactId>maven-compiler-plugin</artifactId></plugin></plugins></build>
  </project>
  <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>t</groupId><artifactId>other</artifactId><version>1</version></project>
</projects>
`,
    );
    java('PomTool', ['model', eff, path.join(tmp, 'model.json')]);
    const model = JSON.parse(fs.readFileSync(path.join(tmp, 'model.json'), 'utf8')) as PomProject[];
    expect(model.map((p) => `${p.groupId}:${p.artifactId}`)).toEqual(['org.apache.storm:storm-starter', 't:other']);
    expect(model[0]).toMatchObject({ sourceDirectory: '/x/src/jvm', resources: ['/x/multilang'], buildDirectory: '/x/target', packaging: 'jar' });
    expect(model[0]!.dependencies.map((d) => `${d.artifactId}:${d.scope}`)).toEqual(['storm-core:provided', 'storm-hbase:compile', 'junit:test']);

    const out = path.join(tmp, 'pom.xml');
    java('PomTool', [
      'rewrite',
      eff,
      'org.apache.storm:storm-starter',
      out,
      '--drop-test',
      '--exclude-all',
      'org.apache.storm:storm-core',
      '--version',
      'org.apache.storm:storm-hbase=2.8.3',
      '--add',
      'org.slf4j:slf4j-api:2.0.17:provided',
      '--drop-plugin',
      'com.theoryinpractise:clojure-maven-plugin',
    ]);
    const pom = fs.readFileSync(out, 'utf8').replace(/>\s+</g, '><');
    expect(pom).not.toContain('<parent>');
    expect(pom).not.toContain('junit');
    expect(pom).not.toContain('clojure');
    expect(pom).toContain('maven-compiler-plugin');
    expect(pom).toContain(
      '<artifactId>storm-core</artifactId><version>1.2.2</version><scope>provided</scope><exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>',
    );
    expect(pom).toContain('<artifactId>storm-hbase</artifactId><version>2.8.3</version>');
    expect(pom).toContain('<groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version><scope>provided</scope><exclusions>');
    // Plain-http repositories are blocked by Maven 3.8.1+: dropped, and an http central becomes https Central.
    expect(pom).toContain('<id>central</id><url>https://repo.maven.apache.org/maven2</url>');
    expect(pom).toContain('https://clojars.org/repo/');
    expect(pom).not.toMatch(/<url>http:/);

    // --java-level: the compiler plugin's levels below it are raised (its own and its executions'), higher ones
    // kept; the maven.compiler.* properties too, added when the pom sets none (the plugin's default is what failed).
    const levels = path.join(tmp, 'levels.xml');
    fs.writeFileSync(
      levels,
      `<project><groupId>t</groupId><artifactId>old</artifactId><version>1</version>
  <properties><maven.compiler.release>7</maven.compiler.release></properties>
  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId>
    <configuration><source>1.6</source><target>1.6</target><testSource>11</testSource></configuration>
    <executions><execution><id>x</id><configuration><source>5</source></configuration></execution></executions>
  </plugin></plugins></build></project>`,
    );
    const raised = path.join(tmp, 'raised.xml');
    java('PomTool', ['rewrite', levels, 't:old', raised, '--java-level', '8']);
    const r = fs.readFileSync(raised, 'utf8').replace(/>\s+</g, '><');
    expect(r).toContain('<configuration><source>8</source><target>8</target><testSource>11</testSource></configuration>');
    expect(r).toContain('<execution><id>x</id><configuration><source>8</source></configuration></execution>');
    expect(r).toContain('<maven.compiler.release>8</maven.compiler.release>');
    expect(r).toContain('<maven.compiler.source>8</maven.compiler.source>');
    expect(r).toContain('<maven.compiler.target>8</maven.compiler.target>');
  });
});
