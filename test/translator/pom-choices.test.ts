// The generated pom's version choices build as generated (our own fixtures, test/translator/fixtures.ts, in the
// shapes manoharvare/storm-poc and eakonovalov/apache-storm-course have): Lombok older than JDK 17's javac takes
// raised, and a Storm 1.x connector pinned to one 2.x release rather than a range whose every version Maven would
// collect. Translated as the CLI does, `mvn package`d. About 2 minutes on 2 shared cores.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TranslatedProject, TranslateResult } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';
import { HDFS_1X_FILES, HDFS_1X_POM, LOMBOK_FILES, LOMBOK_POM } from './fixtures.js';
import { jarOf, mvn, run, translateFolder } from './harness.js';

function fixture(pom: string, files: Record<string, string>): string {
  const dir = tempDir('s2f-pom-choice-');
  fs.writeFileSync(path.join(dir, 'pom.xml'), pom);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'src/main/java', rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/main/java', rel), text);
  }
  return dir;
}

const only = (r: TranslateResult): TranslatedProject => {
  expect(r.projects.length, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(1);
  return r.projects[0]!;
};

const dependency = (pom: string, groupId: string, artifactId: string) =>
  new RegExp(`<groupId>${groupId}</groupId>\\s*<artifactId>${artifactId}</artifactId>\\s*<version>([^<]*)</version>(?:\\s*<scope>([^<]*)</scope>)?`).exec(pom);

describe('the generated pom’s version choices build', () => {
  it('Lombok 1.16 is raised to the oldest release that runs in javac 17, provided, with S2F415; the project builds', async () => {
    const r = await translateFolder(fixture(LOMBOK_POM, LOMBOK_FILES), tempDir('s2f-lombok-'));
    const p = only(r);
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    expect(dependency(pom, 'org.projectlombok', 'lombok')?.slice(1)).toEqual(['1.18.22', 'provided']);
    expect(r.diagnostics.filter((d) => d.code === 'S2F415').map((d) => path.basename(d.file))).toEqual(['pom.xml']);
    expect(fs.readFileSync(path.join(p.dir, 'MIGRATION.md'), 'utf8')).toMatch(/S2F415.*org\.projectlombok:lombok 1\.16\.18 is taken at 1\.18\.22/);
    await mvn(p.dir, ['-DskipTests', 'package']);
    // Lombok's generated accessors are in the class; Lombok itself stays out of the jar.
    expect((await run('javap', ['-cp', jarOf(p), 'one.Reading'])).stdout).toContain('public java.lang.String getSensor()');
    const entries = (await run('jar', ['tf', jarOf(p)], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries.filter((e) => e.startsWith('lombok/'))).toEqual([]);
  }, 900_000);

  it('storm-hdfs 1.2.2 is taken at one 2.x release, not a range, and the project builds from Central alone', async () => {
    const p = only(await translateFolder(fixture(HDFS_1X_POM, HDFS_1X_FILES), tempDir('s2f-hdfs-')));
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    expect(dependency(pom, 'org.apache.storm', 'storm-hdfs')?.[1]).toBe(p.plan.stormVersion);
    expect(pom).not.toMatch(/<version>\[/);
    await mvn(p.dir, ['-DskipTests', 'package']);
    expect((await run('jar', ['tf', jarOf(p)], { maxBuffer: 64 << 20 })).stdout).toContain('org/apache/storm/hdfs/bolt/HdfsBolt.class');
  }, 900_000);
});
