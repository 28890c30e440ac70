// Building real published Storm projects for verify's Storm side (Storm 2.8): storm-starter 1.2.2 and 0.10.0 and
// storm-perf 2.6.0 from Maven Central, laid out as their authors had them (test/helpers/maven.ts), nothing edited.
// The classes must load against the Storm runner's classpath; Storm 0.x classes must be relocated.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildUserProject, effectiveModel, type BuildResult } from '../../src/diff/build.js';
import { stormRunnerClasspath } from '../../src/diff/storm.js';
import { listFiles } from '../../src/model/files.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';

let env: NodeJS.ProcessEnv;
let loader: string;
const timings: Record<string, number> = {};

/** Loads each class by name against the classpath (initialized: no; members resolved: yes) and prints OK or the error. */
const LOADER = `
public class LoadClasses {
    public static void main(String[] args) throws Exception {
        ClassLoader cl = LoadClasses.class.getClassLoader();
        int bad = 0;
        for (String name : args) {
            try {
                Class<?> c = Class.forName(name, false, cl);
                c.getDeclaredMethods();
                c.getDeclaredFields();
                c.getDeclaredConstructors();
                System.out.println("OK " + name + " " + c.getSuperclass().getName());
            } catch (Throwable t) {
                bad++;
                System.out.println("FAIL " + name + " " + t);
            }
        }
        System.exit(bad == 0 ? 0 : 1);
    }
}
`;

function loadClasses(classpath: string[], runner: string[], names: string[]): string {
  try {
    return execFileSync('java', ['-cp', [loader, ...runner, ...classpath].join(path.delimiter), 'LoadClasses', ...names], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`classes did not load:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

async function timed(name: string, f: () => Promise<BuildResult>): Promise<BuildResult> {
  const t0 = Date.now();
  const r = await f();
  timings[name] = Date.now() - t0;
  console.log(`build ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s (cached: ${r.cached})`);
  return r;
}

describe.sequential('buildUserProject on published projects', () => {
  beforeAll(() => {
    const tmp = tempDir('s2f-build-published-');
    env = { ...process.env, S2F_CACHE_DIR: path.join(tmp, 'cache') };
    loader = path.join(tmp, 'loader');
    fs.mkdirSync(loader);
    fs.writeFileSync(path.join(loader, 'LoadClasses.java'), LOADER);
    execFileSync('javac', ['-d', loader, path.join(loader, 'LoadClasses.java')]);
  });

  test('storm-perf 2.6.0 (Storm 2.x): storm-core-free, so its pom is used as written until something does not resolve; classes load', async () => {
    const project = await publishedProject('org.apache.storm:storm-perf:2.6.0', { model: (d) => effectiveModel(d, env) });
    expect(project.pom).toBe('authors');
    const r = await timed('storm-perf 2.6.0', () => buildUserProject(project.dir, { env }));
    expect(r.relocated).toBeUndefined();
    console.log(`storm-perf 2.6.0 substitutions:\n${r.substitutions.join('\n')}\nskipped plugins:\n${(r.skippedPlugins ?? []).join('\n')}`);
    // storm-hdfs 2.6.0 needs io.confluent:kafka-avro-serializer from Confluent's plain-http repository.
    expect(r.substitutions.map((x) => x.split(' (')[0])).toEqual(['org.apache.storm:storm-hdfs 2.6.0 -> 2.8.3']);
    // Storm's parent pom runs checkstyle with org.apache.storm:storm-checkstyle, which Central does not serve.
    expect((r.skippedPlugins ?? []).map((x) => x.split(' (')[0])).toEqual(['org.apache.maven.plugins:maven-checkstyle-plugin']);
    expect(r.skippedPlugins![0]).toContain('org.apache.storm:storm-checkstyle:jar:2.6.0');
    const jars = r.classpath.slice(1).map((j) => path.basename(j));
    expect(jars.filter((j) => /^storm-(core|client|server)-/.test(j))).toEqual([]);
    expect(jars).toContain('storm-kafka-client-2.6.0.jar');
    const runner = await stormRunnerClasspath(env);
    const out = loadClasses(r.classpath, runner, [
      'org.apache.storm.perf.ConstSpoutNullBoltTopo',
      'org.apache.storm.perf.bolt.DevNullBolt',
      'org.apache.storm.perf.KafkaClientSpoutNullBoltTopo',
      'org.apache.storm.perf.HdfsSpoutNullBoltTopo',
    ]);
    expect(out).toMatch(/^OK org\.apache\.storm\.perf\.bolt\.DevNullBolt org\.apache\.storm\.topology\.base\.BaseRichBolt$/m);
  }, 1_200_000);

  test('storm-starter 1.2.2: storm-core without its tree, unresolvable Storm connectors at Storm 2.x, classes load', async () => {
    const project = await publishedProject('org.apache.storm:storm-starter:1.2.2', { model: (d) => effectiveModel(d, env) });
    expect(project.pom).toBe('authors');
    expect(fs.existsSync(path.join(project.dir, 'src', 'jvm', 'org', 'apache', 'storm', 'starter', 'WordCountTopology.java'))).toBe(true);
    expect(fs.existsSync(path.join(project.dir, 'multilang', 'resources', 'splitsentence.py'))).toBe(true);
    const r = await timed('storm-starter 1.2.2', () => buildUserProject(project.dir, { env }));
    expect(r.relocated).toBeUndefined();
    console.log(`storm-starter 1.2.2 substitutions:\n${r.substitutions.join('\n')}`);
    // Every substitution names a Storm artifact, its published version and what it was built at instead.
    for (const s of r.substitutions) expect(s).toMatch(/^org\.apache\.storm:[\w-]+ 1\.2\.2 -> 2\.\d+\.\d+ \(1\.2\.2 did not resolve: .+\)$/);
    expect(r.substitutions.some((s) => s.startsWith('org.apache.storm:storm-hbase 1.2.2 -> 2.'))).toBe(true);
    const jars = r.classpath.slice(1).map((j) => path.basename(j));
    expect(jars.filter((j) => /^storm-(core|client|server)-/.test(j))).toEqual([]);
    expect(jars.some((j) => /^(clojure|ring-cors)-/.test(j))).toBe(false);
    const classes = r.classpath[0]!;
    expect(fs.existsSync(path.join(classes, 'resources', 'splitsentence.py'))).toBe(true); // the multilang folder
    const runner = await stormRunnerClasspath(env);
    const out = loadClasses(r.classpath, runner, [
      'org.apache.storm.starter.WordCountTopology',
      'org.apache.storm.starter.WordCountTopology$SplitSentence',
      'org.apache.storm.starter.ExclamationTopology$ExclamationBolt',
      'org.apache.storm.starter.RollingTopWords',
      'org.apache.storm.starter.bolt.RollingCountBolt',
    ]);
    expect(out).toMatch(/^OK org\.apache\.storm\.starter\.ExclamationTopology\$ExclamationBolt org\.apache\.storm\.topology\.base\.BaseRichBolt$/m);
  }, 1_200_000);

  test('storm-starter 0.10.0 (backtype.storm): compiled as the pom says, relocated to org.apache.storm, classes load', async () => {
    const project = await publishedProject('org.apache.storm:storm-starter:0.10.0', { model: (d) => effectiveModel(d, env) });
    expect(project.pom).toBe('authors');
    const r = await timed('storm-starter 0.10.0', () => buildUserProject(project.dir, { env }));
    expect(r.relocated).toBe(true);
    const classes = r.classpath[0]!;
    expect(classes).not.toMatch(/target[/\\]classes$/);
    const classFiles = listFiles(classes, { accept: (n) => n.endsWith('.class') });
    expect(classFiles.length).toBeGreaterThan(30);
    // No constant pool of the relocated classes names a Storm 0.x package.
    const names = classFiles.map((f) =>
      path
        .relative(classes, f)
        .replace(/\.class$/, '')
        .split(path.sep)
        .join('.'),
    );
    const javap = execFileSync('javap', ['-v', '-cp', classes, ...names], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(javap).toContain('org/apache/storm/topology/TopologyBuilder');
    expect(
      javap
        .split('\n')
        .filter((l) => /backtype[/.]storm|= Utf8 storm\/trident|Lstorm\/trident\//.test(l))
        .slice(0, 5),
    ).toEqual([]);
    // The relocated copy is in the cache; the user's tree has no target/.
    expect(classes.startsWith(path.join(env.S2F_CACHE_DIR!, 'projects'))).toBe(true);
    expect(fs.existsSync(path.join(project.dir, 'target'))).toBe(false);
    const runner = await stormRunnerClasspath(env);
    const out = loadClasses(r.classpath, runner, [
      'storm.starter.WordCountTopology',
      'storm.starter.WordCountTopology$SplitSentence',
      'storm.starter.ExclamationTopology$ExclamationBolt',
      'storm.starter.trident.TridentWordCount',
      'storm.starter.bolt.RollingCountBolt',
    ]);
    expect(out).toMatch(/^OK storm\.starter\.ExclamationTopology\$ExclamationBolt org\.apache\.storm\.topology\.base\.BaseRichBolt$/m);
    // Warm: the same classpath without Maven.
    const warm = await timed('storm-starter 0.10.0 (warm)', () => buildUserProject(project.dir, { env }));
    expect(warm.cached).toBe(true);
    expect(warm.classpath).toEqual(r.classpath);
    expect(warm.relocated).toBe(true);
    console.log(`timings (ms): ${JSON.stringify(timings)}; ${os.cpus().length} cores`);
  }, 1_200_000);
});
