// Slow tier: builds the compat runtime, translates every sample, `mvn package`s each generated
// project (compat carried in lib/repo) and runs jobs to completion on a local Flink MiniCluster
// from the built fat jar, in the compat runtime's bounded mode (-Dstorm2flink.bounded=true).
// Needs JDK 17 and Maven (Central reachable on first use); ~5-8 minutes on 2 cores.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { locateCompat } from '../../src/translator/compat.js';
import { translateAnalysis, type TranslatedProject } from '../../src/translator/translate.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAVEN_TIMEOUT = 600_000;

async function mvn(cwd: string, args: string[]): Promise<string> {
  try {
    const r = await run('mvn', ['-B', '-q', ...args], { cwd, timeout: MAVEN_TIMEOUT, maxBuffer: 64 << 20 });
    return r.stdout;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`mvn ${args.join(' ')} in ${cwd} failed: ${x.message}\n${x.stdout ?? ''}\n${x.stderr ?? ''}`.slice(0, 20_000));
  }
}

function mainFqcn(p: TranslatedProject): string {
  return `${p.plan.names.javaPackage}.${p.plan.names.mainClass}`;
}

function jarOf(p: TranslatedProject): string {
  return path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`);
}

describe('generated projects build and run', () => {
  let out: string;
  let projects: TranslatedProject[] = [];
  const built = new Set<string>();

  beforeAll(async () => {
    // Build the compat runtime here, so the tier never depends on an earlier build.
    await mvn(ROOT, ['-f', 'src/compat/pom.xml', '-DskipTests', 'package']);
    const compat = locateCompat(process.env.S2F_COMPAT_JAR);
    expect(compat.jarPath, 'compat jar built').toBeTruthy();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-package-'));
    const analysis = await analyzePaths([path.join(ROOT, 'samples')]);
    const r = await translateAnalysis(analysis, { out, cwd: ROOT, flink: '1.20', target: 'yarn-application', compat });
    projects = r.projects;
  }, 900_000);

  afterAll(() => {
    if (out && !process.env.S2F_KEEP) fs.rmSync(out, { recursive: true, force: true });
  });

  it('mvn package turns each sample project into a job jar with its main class', async () => {
    expect(projects.map((p) => p.folder)).toEqual(expect.arrayContaining(['word-count', 'word-count-flux']));
    const failures: string[] = [];
    for (const p of projects) {
      try {
        await mvn(p.dir, ['-DskipTests', 'package']);
      } catch (e) {
        failures.push(`${p.folder}: ${(e as Error).message}`);
        continue;
      }
      const jar = jarOf(p);
      if (!fs.existsSync(jar)) {
        failures.push(`${p.folder}: no ${jar}`);
        continue;
      }
      const entries = (await run('jar', ['tf', jar], { maxBuffer: 64 << 20 })).stdout.split('\n');
      if (!entries.includes(`${mainFqcn(p).replace(/\./g, '/')}.class`)) failures.push(`${p.folder}: ${mainFqcn(p)} not in the jar`);
      // Manifest lines wrap at 72 bytes with a leading space on the continuation.
      const manifest = (await run('unzip', ['-p', jar, 'META-INF/MANIFEST.MF'])).stdout.replace(/\r?\n /g, '');
      if (!manifest.includes(`Main-Class: ${mainFqcn(p)}`)) failures.push(`${p.folder}: Main-Class is not ${mainFqcn(p)}`);
      built.add(p.folder);
    }
    expect(failures).toEqual([]);
  }, 1_800_000);

  /** Runs a built job on a MiniCluster: fat jar + Flink's provided jars (without Storm's) + a logging backend. */
  async function runBounded(folder: string, data: string): Promise<string> {
    const p = projects.find((x) => x.folder === folder);
    expect(p, folder).toBeDefined();
    expect(built.has(folder), `${folder} was built`).toBe(true);
    const cpFile = path.join(p!.dir, 'target', 'flink.classpath');
    await mvn(p!.dir, ['dependency:build-classpath', '-DincludeScope=provided', '-DexcludeGroupIds=org.apache.storm,dev.storm2flink', `-Dmdep.outputFile=${cpFile}`]);
    const flinkCp = fs.readFileSync(cpFile, 'utf8').trim();
    // ReportBolt logs through slf4j; Flink's provided jars carry no backend. Same API line as Flink's slf4j.
    const slf4j = /slf4j-api-([\d.]+)\.jar/.exec(flinkCp)?.[1] ?? '1.7.36';
    const libDir = path.join(p!.dir, 'target', 'run-lib');
    await mvn(p!.dir, ['dependency:copy', `-Dartifact=org.slf4j:slf4j-simple:${slf4j}`, `-DoutputDirectory=${libDir}`]);
    const cp = [jarOf(p!), flinkCp, path.join(libDir, `slf4j-simple-${slf4j}.jar`)].join(path.delimiter);
    try {
      const r = await run('java', [
        '-Xmx1g',
        '--add-opens=java.base/java.util=ALL-UNNAMED',
        '--add-opens=java.base/java.lang=ALL-UNNAMED',
        '-Dstorm2flink.bounded=true',
        `-Dstorm2flink.sample.data=${path.join(ROOT, data)}`,
        '-cp', cp, mainFqcn(p!),
      ], { cwd: p!.dir, timeout: 240_000, maxBuffer: 64 << 20 });
      return r.stdout + r.stderr;
    } catch (e) {
      const x = e as { stdout?: string; stderr?: string; message: string; code?: unknown };
      throw new Error(`${folder} did not finish cleanly (${String(x.code)}): ${x.message}\n${(x.stderr ?? '').slice(-8000)}`);
    }
  }

  // The sample data has "the" 20 times among 131 distinct words; ReportBolt logs the totals in cleanup.
  it('word-count (Java builder entry) runs to completion on a MiniCluster and counts the sample data', async () => {
    const log = await runBounded('word-count', 'samples/word-count/data/sentences.txt');
    expect(log).toContain('word-count report: 131 distinct words');
    expect(log).toMatch(/ReportBolt - the 20$/m);
  }, 600_000);

  it('word-count-flux (Flux entry) runs to completion on a MiniCluster and counts the sample data', async () => {
    const log = await runBounded('word-count-flux', 'samples/word-count/data/sentences.txt');
    expect(log).toContain('word-count report: 131 distinct words');
    expect(log).toMatch(/ReportBolt - the 20$/m);
  }, 600_000);
});
