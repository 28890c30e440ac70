// Translated projects of Storm 1.x and 0.x code build as generated and run: storm-starter 1.2.2 and 0.10.0 from
// Maven Central (test/helpers/maven.ts, nothing of theirs committed), translated as the CLI does (the compat
// runtime and the Storm 1.x bridge carried in lib/repo), `mvn package`d, and one job run on a MiniCluster from its
// fat jar until its bolts have taken tuples. The sources compile against their own storm-core; the bridge's pass
// (verify's Relocate) moves the classes onto Storm 2 before they are jarred. About 3-5 minutes on 2 shared cores.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveModel } from '../../src/diff/build.js';
import type { TranslatedProject, TranslateResult } from '../../src/translator/translate.js';
import { runCli } from '../helpers/cli.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';
import { HARNESS_JVM, harnessClasspath, jarOf, mainFqcn, mvn, run, translateFolder } from './harness.js';

async function jarEntries(jar: string): Promise<string[]> {
  return (await run('jar', ['tf', jar], { maxBuffer: 64 << 20 })).stdout.split('\n');
}

/** The project translated from the topology whose entry is `cls`. */
function projectOf(r: TranslateResult, cls: string): TranslatedProject {
  const entryClass = (x: TranslatedProject) => ('className' in x.plan.entry ? x.plan.entry.className : undefined);
  const p = r.projects.find((x) => entryClass(x) === cls);
  if (!p) throw new Error(`no project for ${cls}: ${r.projects.map(entryClass).join(', ')}`);
  return p;
}

/**
 * Runs a built job's main on a MiniCluster (JobHarness, the package tier's harness, printing each operator's record
 * counts every second) until `done` holds for the counts seen, then stops it. The spouts here never end.
 */
async function runUntil(
  p: TranslatedProject,
  done: (counts: Map<string, number>) => boolean,
  limitMs: number,
): Promise<{ counts: Map<string, number>; log: string }> {
  const cp = [jarOf(p), await harnessClasspath(p.dir, path.join(p.dir, 'target', 'run-lib'))].join(path.delimiter);
  const child = spawn('java', [...HARNESS_JVM, '-Ds2f.harness.everyMs=1000', '-cp', cp, 'JobHarness', mainFqcn(p)], {
    cwd: p.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const counts = new Map<string, number>();
  let log = '';
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ counts, log });
    };
    const timer = setTimeout(stop, limitMs);
    const read = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-200_000);
      for (const m of chunk.toString().matchAll(/^s2f-live\t(.+)\t(numRecords(?:In|Out))\t(\d+)$/gm)) counts.set(`${m[1]}\t${m[2]}`, Number(m[3]));
      if (done(counts)) stop();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => stop());
  });
}

describe.sequential('translated projects of Storm 1.x and 0.x code', () => {
  let starter1: TranslateResult;
  let starter0: TranslateResult;
  let starter1Dir: string;

  beforeAll(async () => {
    const model = (d: string) => effectiveModel(d, process.env);
    starter1Dir = (await publishedProject('org.apache.storm:storm-starter:1.2.2', { model })).dir;
    starter1 = await translateFolder(starter1Dir, tempDir('s2f-storm1-'));
    starter0 = await translateFolder((await publishedProject('org.apache.storm:storm-starter:0.10.0', { model })).dir, tempDir('s2f-storm0-'));
  }, 600_000);

  it('compile against their own storm-core and carry the bridge', () => {
    for (const r of [starter1, starter0]) expect(r.diagnostics.filter((d) => d.code === 'S2F009' || d.code === 'S2F406' || d.code === 'S2F412')).toEqual([]);
    const raet = projectOf(starter1, 'org.apache.storm.starter.ResourceAwareExampleTopology');
    const pom = fs.readFileSync(path.join(raet.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(/<artifactId>storm-core<\/artifactId>\s*<version>1\.2\.2<\/version>\s*<scope>provided<\/scope>/);
    expect(pom.indexOf('<artifactId>storm-core</artifactId>')).toBeLessThan(pom.indexOf('<artifactId>storm2flink-compat</artifactId>'));
    expect(fs.readdirSync(path.join(raet.dir, 'lib/repo/dev/storm2flink'))).toEqual(['storm2flink-compat', 'storm2flink-storm1']);
    // The sources are theirs, as written: no source edit moves the 1.x API call (the build's pass does).
    expect(fs.readFileSync(path.join(raet.dir, 'src/main/java/org/apache/storm/starter/ResourceAwareExampleTopology.java'), 'utf8')).toContain(
      'conf.setTopologyStrategy(org.apache.storm.scheduler.resource.strategies.scheduling.DefaultResourceAwareStrategy.class)',
    );
    const exclamation0 = projectOf(starter0, 'storm.starter.ExclamationTopology');
    expect(fs.readFileSync(path.join(exclamation0.dir, 'src/main/java/storm/starter/ExclamationTopology.java'), 'utf8')).toContain('import backtype.storm.');
  });

  it('ResourceAwareExampleTopology and ThroughputVsLatency (1.2.2) build as generated, bridged', async () => {
    const raet = projectOf(starter1, 'org.apache.storm.starter.ResourceAwareExampleTopology');
    // What the project carries in lib/repo must be what Maven uses: no copy of this version in the local repository.
    for (const a of fs.readdirSync(path.join(raet.dir, 'lib/repo/dev/storm2flink'))) {
      for (const v of fs.readdirSync(path.join(raet.dir, 'lib/repo/dev/storm2flink', a)))
        fs.rmSync(path.join(os.homedir(), '.m2', 'repository', 'dev', 'storm2flink', a, v), { recursive: true, force: true });
    }
    await mvn(raet.dir, ['-DskipTests', 'package']);
    const tvl = projectOf(starter1, 'org.apache.storm.starter.ThroughputVsLatency');
    await mvn(tvl.dir, ['-DskipTests', 'package']);
    const entries = await jarEntries(jarOf(tvl));
    expect(entries).toContain('org/apache/storm/metric/HttpForwardingMetricsServer.class');
    expect(entries).toContain('dev/storm2flink/storm1/NimbusClients.class');
    expect(entries.filter((e) => e.startsWith('dev/storm2flink/verify/'))).toEqual([]);
    // NimbusClient.getClient() (a Nimbus.Client in 1.x) goes through the bridge in the jarred class.
    const { stdout } = await run('javap', ['-c', '-p', '-cp', jarOf(tvl), 'org.apache.storm.starter.ThroughputVsLatency$C']);
    expect(stdout).toContain('dev/storm2flink/storm1/NimbusClients.client');
  }, 900_000);

  it('ExclamationTopology (0.10.0) builds as generated, relocated off backtype.storm', async () => {
    const p = projectOf(starter0, 'storm.starter.ExclamationTopology');
    await mvn(p.dir, ['-DskipTests', 'package']);
    const entries = await jarEntries(jarOf(p));
    expect(entries).toContain('storm/starter/ExclamationTopology.class');
    expect(entries.filter((e) => e.startsWith('backtype/'))).toEqual([]);
    const { stdout } = await run('javap', ['-c', '-p', '-cp', jarOf(p), 'storm.starter.ExclamationTopology']);
    expect(stdout).not.toContain('backtype/');
  }, 900_000);

  it("ResourceAwareExampleTopology's job runs on Flink: its spout's words reach both exclaim bolts", async () => {
    const raet = projectOf(starter1, 'org.apache.storm.starter.ResourceAwareExampleTopology');
    const took = (c: Map<string, number>, op: string) => c.get(`${op}\tnumRecordsIn`) ?? 0;
    const { counts, log } = await runUntil(raet, (c) => took(c, 'bolt:exclaim2') >= 100, 180_000);
    expect(log).not.toContain('s2f-job-failed');
    expect(counts.get('Source: spout:word\tnumRecordsOut') ?? 0, log.slice(-4000)).toBeGreaterThan(0);
    expect(took(counts, 'bolt:exclaim1')).toBeGreaterThan(0);
    expect(took(counts, 'bolt:exclaim2'), log.slice(-4000)).toBeGreaterThanOrEqual(100);
  }, 600_000);

  it('verify --translated checks the bridged project against Storm: ResourceAwareExampleTopology is equivalent', async () => {
    const raet = projectOf(starter1, 'org.apache.storm.starter.ResourceAwareExampleTopology');
    const source = path.join(starter1Dir, 'src/jvm/org/apache/storm/starter/ResourceAwareExampleTopology.java');
    const r = await runCli('verify', source, '--translated', raet.dir, '--capture', '30', '--format', 'json', '--out', tempDir('s2f-storm1-verify-'));
    const report = JSON.parse(r.out).reports[0];
    expect(report.status, `${report.reason ?? ''}\n${report.detail ?? ''}`).toBe('equivalent');
    expect(report.diff.streams.map((x: { component: string; storm: number; flink: number }) => [x.component, x.storm === x.flink && x.storm > 0])).toEqual([
      ['word', true],
      ['exclaim1', true],
      ['exclaim2', true],
    ]);
  }, 600_000);
});
