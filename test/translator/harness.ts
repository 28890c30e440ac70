// What the tests that run a translated project's fat jar share: Maven quietly, the jar a project builds, and the
// MiniCluster run classpath (the project's provided Flink jars without Storm's, slf4j, and JobHarness, which adds a
// metrics reporter printing each operator's record counts).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { projectModelReader } from '../../src/batch/translate-stage.js';
import { compatArtifact } from '../../src/diff/compat-jar.js';
import type { UserProjectModel } from '../../src/translator/project-model.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { translateAnalysis, type TranslatedProject, type TranslateResult } from '../../src/translator/translate.js';

export const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAVEN_TIMEOUT = 600_000;
/** Flink 1.20 logs through slf4j 1.7; its jars leave the API to the distribution, so the run adds it. */
const SLF4J = '1.7.36';

/** `mvn -B -q`, failing with its ERROR lines and stderr. */
export async function mvn(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run('mvn', ['-B', '-q', ...args], { cwd, timeout: MAVEN_TIMEOUT, maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    const errors = (x.stdout ?? '')
      .split('\n')
      .filter((l) => l.includes('ERROR'))
      .slice(0, 40)
      .join('\n');
    throw new Error(`mvn ${args.join(' ')} in ${cwd} failed: ${x.message}\n${errors}\n${x.stderr ?? ''}`.slice(0, 20_000));
  }
}

export const jarOf = (p: TranslatedProject) => path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`);
export const mainFqcn = (p: TranslatedProject) => `${p.plan.names.javaPackage}.${p.plan.names.mainClass}`;

/** The provided-scope classpath of a built project, Storm's and our own artifacts left out (Flink's jars). */
export async function providedClasspath(projectDir: string, file: string): Promise<string> {
  await mvn(projectDir, [
    'dependency:build-classpath',
    '-DincludeScope=provided',
    '-DexcludeGroupIds=org.apache.storm,dev.storm2flink',
    `-Dmdep.outputFile=${file}`,
  ]);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The classpath a fat jar runs on in a MiniCluster, without the jar: `projectDir`'s provided Flink jars, slf4j, and
 * JobHarness compiled into `lib`.
 */
export async function harnessClasspath(projectDir: string, lib: string): Promise<string> {
  const flinkCp = await providedClasspath(projectDir, path.join(lib, 'flink.classpath'));
  for (const a of ['slf4j-api', 'slf4j-simple']) await mvn(projectDir, ['dependency:copy', `-Dartifact=org.slf4j:${a}:${SLF4J}`, `-DoutputDirectory=${lib}`]);
  const harness = path.join(lib, 'harness');
  await run('javac', ['-nowarn', '-d', harness, '-cp', flinkCp, path.join(ROOT, 'test/translator/java/harness/JobHarness.java')]);
  // Flink finds metric reporter factories through the ServiceLoader only.
  fs.mkdirSync(path.join(harness, 'META-INF/services'), { recursive: true });
  fs.writeFileSync(path.join(harness, 'META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory'), 'JobHarness$Counters\n');
  return [flinkCp, path.join(lib, `slf4j-api-${SLF4J}.jar`), path.join(lib, `slf4j-simple-${SLF4J}.jar`), harness].join(path.delimiter);
}

/** JVM flags the harness runs with: Flink's serializers reflect into java.util and java.lang on JDK 17. */
export const HARNESS_JVM = ['-Xmx768m', '--add-opens=java.base/java.util=ALL-UNNAMED', '--add-opens=java.base/java.lang=ALL-UNNAMED'];

/** `storm2flink translate <dir>` as the CLI runs it (the user's poms read through Maven's model), Flink 1.20, YARN application. */
export async function translateFolder(dir: string, out: string, flink: FlinkLine = '1.20'): Promise<TranslateResult> {
  const analysis = await analyzePaths([dir]);
  const read = projectModelReader();
  const projects = new Map<string, UserProjectModel>();
  for (const t of analysis.topologies) if (!t.blocked) for (const [d, m] of (await read(t, process.cwd())).models) projects.set(d, m);
  return translateAnalysis(analysis, { out, flink, target: 'yarn-application', compat: await compatArtifact(), projects });
}
