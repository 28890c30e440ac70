// A Gradle project translated: its build file's declared dependencies (read from its text, Gradle is not run) become
// the generated pom's, said with S2F416, and the project builds with `mvn package`. Before, a Gradle project got the
// Storm modules alone, silently, and a bolt on Jedis did not compile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromGradleText } from '../../src/translator/gradle-model.js';
import { tempDir } from '../helpers/tmp.js';
import { jarOf, mvn, run, translateFolder } from './harness.js';

const GROOVY = `// the build of a course project
buildscript {
  repositories { mavenCentral() }
  dependencies { classpath 'com.github.jengelman.gradle.plugins:shadow:6.1.0' }
}
plugins { id 'java' }
ext { jedisVersion = '3.6.0' }
def stormVersion = "2.4.0"
repositories {
  mavenCentral()
  maven { url 'https://repo.example.org/releases' } // their own
}
dependencies {
  compileOnly "org.apache.storm:storm-client:\${stormVersion}"
  implementation "redis.clients:jedis:$jedisVersion"
  implementation group: 'com.google.guava', name: 'guava', version: guavaVersion
  compile 'org.json:json:20230227', 'commons-lang:commons-lang:2.6'
  implementation project(':common')
  implementation platform('org.apache.logging.log4j:log4j-bom:2.20.0')
  testImplementation 'junit:junit:4.13.2'
  /* implementation 'com.example:commented-out:1.0' */
}
`;

const KOTLIN = `plugins { java }
val stormVersion = "2.4.0"
repositories { mavenCentral(); maven("https://repo.example.org/kts") }
dependencies {
    compileOnly("org.apache.storm:storm-client:$stormVersion")
    implementation("redis.clients:jedis:3.6.0")
    runtimeOnly(group = "org.slf4j", name = "slf4j-simple", version = "1.7.36")
    implementation(libs.guava)
}
`;

const BOLT = `package demo;

import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;
import redis.clients.jedis.Jedis;

public class RedisTopology {
  public static class Store extends BaseBasicBolt {
    private transient Jedis jedis;
    @Override
    public void execute(Tuple t, BasicOutputCollector c) {
      if (jedis != null) jedis.incr(t.getString(0));
    }
    @Override
    public void declareOutputFields(OutputFieldsDeclarer d) {}
  }

  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout());
    b.setBolt("store", new Store()).shuffleGrouping("words");
    StormSubmitter.submitTopology("redis-words", new java.util.HashMap<>(), b.createTopology());
  }
}
`;

function project(files: Record<string, string>): string {
  const dir = tempDir('s2f-gradle-project-');
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const gav = (d: { groupId: string; artifactId: string; version: string | null; scope: string | null }) =>
  `${d.groupId}:${d.artifactId}:${d.version}${d.scope ? `:${d.scope}` : ''}`;

describe('fromGradleText', () => {
  it('Groovy DSL: string and map notation, several per line, variables from ext, def and gradle.properties; buildscript, comments, project() and platform() not taken as dependencies', () => {
    const dir = project({ 'build.gradle': GROOVY, 'gradle.properties': 'guavaVersion=31.1-jre\n', 'settings.gradle': "include 'common'\n" });
    const m = fromGradleText(path.join(dir, 'build.gradle'));
    expect(m.dependencies.map(gav)).toEqual([
      'org.apache.storm:storm-client:2.4.0:provided',
      'redis.clients:jedis:3.6.0',
      'com.google.guava:guava:31.1-jre',
      'org.json:json:20230227',
      'commons-lang:commons-lang:2.6',
      'junit:junit:4.13.2:test',
    ]);
    expect(m.unread).toEqual(["implementation project(':common')", "implementation platform('org.apache.logging.log4j:log4j-bom:2.20.0')"]);
    expect(m.repositories.map((r) => r.url)).toEqual(['https://repo.example.org/releases']);
    // The dependencies block outside buildscript, where the file has it.
    expect(m.at).toEqual({ line: GROOVY.split('\n').findIndex((l) => l.startsWith('dependencies {')) + 1, column: 1 });
  });

  it('Kotlin DSL: calls with string and named arguments, val variables, maven("…"); a catalog alias is reported unread', () => {
    const dir = project({ 'build.gradle.kts': KOTLIN });
    const m = fromGradleText(path.join(dir, 'build.gradle.kts'));
    expect(m.dependencies.map(gav)).toEqual([
      'org.apache.storm:storm-client:2.4.0:provided',
      'redis.clients:jedis:3.6.0',
      'org.slf4j:slf4j-simple:1.7.36:runtime',
    ]);
    expect(m.unread).toEqual(['implementation(libs.guava)']);
    expect(m.repositories.map((r) => r.url)).toEqual(['https://repo.example.org/kts']);
  });
});

describe('a Gradle project translated', () => {
  it('carries the dependencies its build file declares, says how they were read, and builds with mvn package', async () => {
    const dir = project({
      'build.gradle': `plugins { id 'java' }\nrepositories { mavenCentral() }\ndependencies {\n  compileOnly 'org.apache.storm:storm-client:2.4.0'\n  implementation "redis.clients:jedis:\${jedisVersion}"\n}\n`,
      'gradle.properties': 'jedisVersion=3.6.0\n',
      'src/main/java/demo/RedisTopology.java': BOLT,
    });
    const r = await translateFolder(dir, tempDir('s2f-gradle-out-'));
    expect(r.projects).toHaveLength(1);
    const p = r.projects[0]!;
    const warned = r.diagnostics.filter((d) => d.code === 'S2F416');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.file).toMatch(/build\.gradle$/);
    expect([warned[0]!.line, warned[0]!.column]).toEqual([3, 1]);
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<groupId>redis\.clients<\/groupId>\s*<artifactId>jedis<\/artifactId>\s*<version>3\.6\.0<\/version>/);
    expect(fs.readFileSync(path.join(p.dir, 'MIGRATION.md'), 'utf8')).toContain('was read as written, not through Gradle');
    await mvn(p.dir, ['-DskipTests', 'package']);
    const entries = (await run('jar', ['tf', jarOf(p)], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries).toContain('demo/RedisTopology$Store.class');
    expect(entries).toContain('redis/clients/jedis/Jedis.class');
  }, 900_000);
});
