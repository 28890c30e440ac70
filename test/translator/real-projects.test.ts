// Translating real published projects, as their authors laid them out (test/helpers/maven.ts): storm-starter 1.2.2
// (sources in src/jvm, multilang scripts in multilang/, a parent POM from Central) and storm-perf 2.6.0. The user's
// pom is read through Maven's effective model, each project gets only the sources its topology reaches, and a few
// generated projects must build with `mvn package` as generated.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveModel } from '../../src/diff/build.js';
import { listFiles } from '../../src/model/files.js';
import type { TranslateResult } from '../../src/translator/translate.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';
import { translateFolder } from './harness.js';

const run = promisify(execFile);

async function mvnPackage(project: string): Promise<string> {
  try {
    await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(
      `mvn package failed in ${project}:\n${(err.stdout ?? '')
        .split('\n')
        .filter((l) => l.includes('ERROR'))
        .slice(0, 20)
        .join('\n')}${err.stderr ?? ''}`,
    );
  }
  const jar = path.join(project, 'target', `${path.basename(project)}-1.0.0.jar`);
  expect(fs.existsSync(jar)).toBe(true);
  return jar;
}

async function jarEntries(jar: string): Promise<string[]> {
  const { stdout } = await run('jar', ['tf', jar], { maxBuffer: 64 << 20 });
  return stdout.split('\n');
}

const javaFiles = (project: string) =>
  listFiles(path.join(project, 'src', 'main', 'java'), { accept: (n) => n.endsWith('.java') })
    .map((f) =>
      path
        .relative(path.join(project, 'src', 'main', 'java'), f)
        .split(path.sep)
        .join('/'),
    )
    .filter((f) => !f.startsWith('storm2flink/'))
    .sort();

describe.sequential('translate on published projects', () => {
  let starterOut: string;
  let perfOut: string;
  let starter: TranslateResult;
  let perf: TranslateResult;

  beforeAll(async () => {
    const starterDir = (await publishedProject('org.apache.storm:storm-starter:1.2.2', { model: (d) => effectiveModel(d, process.env) })).dir;
    const perfDir = (await publishedProject('org.apache.storm:storm-perf:2.6.0', { model: (d) => effectiveModel(d, process.env) })).dir;
    starterOut = tempDir('s2f-real-starter-');
    perfOut = tempDir('s2f-real-perf-');
    starter = await translateFolder(starterDir, starterOut);
    perf = await translateFolder(perfDir, perfOut);
  }, 600_000);

  it('reads the poms through Maven (no S2F412) and copies only the sources each topology reaches', () => {
    expect(starter.diagnostics.filter((d) => d.code === 'S2F412' || d.code === 'S2F009')).toEqual([]);
    expect(perf.diagnostics.filter((d) => d.code === 'S2F412' || d.code === 'S2F009')).toEqual([]);
    const test = path.join(starterOut, 'test');
    expect(javaFiles(test)).toEqual(['org/apache/storm/starter/ExclamationTopology.java']);
    const migration = fs.readFileSync(path.join(test, 'MIGRATION.md'), 'utf8');
    expect(migration).toContain("read through Maven's effective model");
    expect(migration).toMatch(/`org\.apache\.storm:storm-hdfs` `1\.2\.2`: none of the copied sources uses org\.apache\.storm\.hdfs/);
    expect(migration).toMatch(/`apache\.snapshots` \(`http:\/\/repository\.apache\.org\/snapshots`\): plain http/);
    const pom = fs.readFileSync(path.join(test, 'pom.xml'), 'utf8');
    // Storm 1.2.2 code compiles against its storm-core (provided, none of its tree) and the Storm 1.x bridge.
    expect(pom).toMatch(
      /<artifactId>storm-core<\/artifactId>\s*<version>1\.2\.2<\/version>\s*<scope>provided<\/scope>\s*<exclusions>\s*<exclusion><groupId>\*<\/groupId><artifactId>\*<\/artifactId><\/exclusion>/,
    );
    expect(pom).toContain('<artifactId>storm2flink-storm1</artifactId>');
    expect(pom).not.toContain('storm-hbase');
    expect(pom).toContain('<url>https://clojars.org/repo/</url>');
    // storm-starter's multilang folder is its resource folder: copied whole into the standard layout.
    expect(fs.existsSync(path.join(starterOut, 'word-count-2', 'src', 'main', 'resources', 'resources', 'splitsentence.py'))).toBe(true);
    const rolling = javaFiles(path.join(starterOut, 'rollingtopwords'));
    expect(rolling).toContain('org/apache/storm/starter/bolt/RollingCountBolt.java');
    expect(rolling).not.toContain('org/apache/storm/starter/WordCountTopology.java');
  });

  it('storm-starter 1.2.2 ExclamationTopology builds as generated', async () => {
    await mvnPackage(path.join(starterOut, 'test'));
  }, 600_000);

  it('storm-starter 1.2.2 WordCountTopology builds, its Python script and storm.py in the jar', async () => {
    const project = path.join(starterOut, 'word-count-2');
    expect(fs.readFileSync(path.join(project, 'MIGRATION.md'), 'utf8')).toContain('WordCountTopology');
    const entries = await jarEntries(await mvnPackage(project));
    expect(entries).toContain('resources/splitsentence.py');
    expect(entries).toContain('resources/storm.py'); // from multilang-python
  }, 600_000);

  it('storm-starter 1.2.2 RollingTopWords (log4j 1.x API) builds', async () => {
    const project = path.join(starterOut, 'rollingtopwords');
    expect(fs.readFileSync(path.join(project, 'pom.xml'), 'utf8')).toContain('<artifactId>log4j-1.2-api</artifactId>');
    await mvnPackage(project);
  }, 600_000);

  it('storm-perf 2.6.0 ConstSpoutIdBoltNullBoltTopo builds', async () => {
    const project = path.join(perfOut, 'constspoutidboltnullbolttopo');
    expect(javaFiles(project)).toContain('org/apache/storm/perf/ConstSpoutIdBoltNullBoltTopo.java');
    expect(javaFiles(project)).not.toContain('org/apache/storm/perf/HdfsSpoutNullBoltTopo.java');
    await mvnPackage(project);
  }, 600_000);
});
