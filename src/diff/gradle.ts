// Builds a Gradle project for verify's Storm side, the way build.ts builds a Maven one: in a copy under the cache
// folder (Gradle writes build/ and .gradle/; the user's tree is only read), keyed by a content hash, with the
// project's own wrapper (gradlew) or a `gradle` on PATH. What it compiled and what it depends on come from Gradle
// itself: an init script (the user's build file is not edited) adds a task that prints the main source set's
// output and its compile and runtime classpaths (compileOnly is Gradle's `provided`: Storm and often its connectors).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseProperties } from 'dot-properties';
import { listFiles } from '../model/files.js';
import { cacheRoot, CouldNotRun, hashFiles, publish, run, tail, uniqueTmp } from './jvm.js';

const FORMAT = 's2f-gradle-1';
const MANIFEST = '.s2f-gradle.json';
const MARK = 'S2F-CLASSPATH ';
const SETTINGS = ['settings.gradle', 'settings.gradle.kts'];

/** Groovy init script: works for Groovy and Kotlin build files alike, Gradle 4 to 9. */
export const INIT_SCRIPT = `allprojects {
  plugins.withId('java') {
    tasks.create('s2fClasspath') {
      dependsOn 'classes'
      doLast {
        def main = project.sourceSets.main
        def files = new LinkedHashSet<File>()
        files.addAll(main.output.files)
        files.addAll(main.compileClasspath.files)
        files.addAll(main.runtimeClasspath.files)
        println '${MARK}' + files.findAll { it.exists() }.collect { it.absolutePath }.join(File.pathSeparator)
      }
    }
  }
}
`;

export interface GradleBuild {
  /** The module's classes and resources (in the cache copy), then its dependency jars, as Gradle resolved them. */
  classpath: string[];
  /** The Gradle build's root (the folder of settings.gradle, else of the build file). */
  projectDir: string;
  cached: boolean;
}

/** How to run Gradle for a build root: its wrapper, else `gradle` from PATH, else null. */
export function gradleCommand(root: string, env: NodeJS.ProcessEnv = process.env): { cmd: string; args: string[]; what: string } | null {
  const wrapper = path.join(root, 'gradlew');
  if (fs.existsSync(wrapper)) return { cmd: 'sh', args: [wrapper], what: 'its wrapper (gradlew)' };
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const g = path.join(dir, 'gradle');
    try {
      fs.accessSync(g, fs.constants.X_OK);
      if (fs.statSync(g).isFile()) return { cmd: g, args: [], what: `${g}` };
    } catch {
      // Not there.
    }
  }
  return null;
}

/** The build root (nearest settings.gradle[.kts] at or above the build file's folder) and the module's Gradle path. */
export function gradleLayout(buildFile: string): { root: string; projectPath: string } {
  const moduleDir = path.dirname(path.resolve(buildFile));
  for (let dir = moduleDir; ; dir = path.dirname(dir)) {
    if (SETTINGS.some((s) => fs.existsSync(path.join(dir, s)))) {
      const rel = path.relative(dir, moduleDir);
      return { root: dir, projectPath: rel ? `:${rel.split(path.sep).join(':')}` : '' };
    }
    if (path.dirname(dir) === dir) return { root: moduleDir, projectPath: '' };
  }
}

const CLASSPATH_RECIPE =
  `Build it with your Gradle and pass what it compiled: add tasks.register("printClasspath") { doLast { println(sourceSets.main.get().runtimeClasspath.asPath) } } ` +
  `(Groovy: sourceSets.main.runtimeClasspath.asPath) to the build file, then ` +
  `--classpath "$(./gradlew -q printClasspath)"; Storm itself may stay compileOnly, verify supplies it`;

/**
 * Why the wrapper stopped before Gradle ran (it could not fetch its distribution: offline, a proxy, a mirror), in one
 * line from its properties and its exception; null when its output shows no failure of the wrapper's own.
 */
export function wrapperFetchFailure(output: string, root: string): string | null {
  if (!/^\s+at org\.gradle\.wrapper\.(Install|Download)\b/m.test(output)) return null;
  const exception = /^Exception in thread "main" (\S+?)(?::\s*(.*))?$/m.exec(output);
  const props = path.join(root, 'gradle', 'wrapper', 'gradle-wrapper.properties');
  const url = fs.existsSync(props) ? (parseProperties(fs.readFileSync(props, 'utf8')) as Record<string, string>).distributionUrl : undefined;
  const version = url ? /gradle-([^/]+?)-(?:bin|all)\.zip$/.exec(url)?.[1] : undefined;
  const what = version ? `Gradle ${version}` : 'its Gradle distribution';
  const cause = exception ? ` (${exception[1]}${exception[2] ? `: ${exception[2].trim()}` : ''})` : '';
  return `the Gradle wrapper (gradlew) could not download ${what}${url ? ` from ${url}` : ''}${cause}`;
}

/** The last line Gradle printed with the classpath mark, split; null when none. */
export function parseGradleClasspath(output: string): string[] | null {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(MARK));
  return line === undefined ? null : line.slice(MARK.length).trim().split(path.delimiter).filter(Boolean);
}

/** `file:line: message` of javac's first error as Gradle prints it, the path mapped back to the user's tree. */
export function firstGradleCompilerError(output: string, copyRoot: string, userRoot: string): string | null {
  const m = /^(\/.+?\.java):(\d+): error: (.*)$/m.exec(output);
  if (!m) return null;
  let file = m[1]!;
  const rel = path.relative(copyRoot, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) file = path.join(userRoot, rel);
  return `${file}:${m[2]}: ${m[3]!.trim()}`;
}

/**
 * groupId:artifactId of a jar in Gradle's module cache (`…/files-2.1/<group>/<artifact>/<version>/<hash>/<file>`)
 * or a Maven local repository (`…/<group path>/<artifact>/<version>/<file>`), else null.
 */
export function jarCoordinates(jar: string): string | null {
  const parts = path.resolve(jar).split(path.sep);
  const at = parts.lastIndexOf('files-2.1');
  if (at >= 0 && parts.length - at === 6) return `${parts[at + 1]}:${parts[at + 2]}`;
  const m = parts.length >= 4 ? parts.at(-1)!.startsWith(`${parts.at(-3)}-${parts.at(-2)}`) : false;
  if (!m) return null;
  const repo = parts.indexOf('repository');
  if (repo < 0) return null;
  return `${parts.slice(repo + 1, -3).join('.')}:${parts.at(-3)}`;
}

/**
 * Builds the Gradle project of `buildFile` in a cached copy; throws CouldNotRun (exit 2) when there is no Gradle to run
 * (with the `--classpath` recipe) or the build fails (the first javac error, mapped to the user's file).
 */
export async function buildGradleProject(buildFile: string, opts: { env?: NodeJS.ProcessEnv; skip?: string[]; supplied: Set<string> }): Promise<GradleBuild> {
  const env = opts.env ?? process.env;
  const { root, projectPath } = gradleLayout(buildFile);
  const gradle = gradleCommand(root, env);
  if (!gradle) {
    throw new CouldNotRun(
      'verify-no-build',
      `${buildFile} is a Gradle build, and there is neither a wrapper (gradlew) in ${root} nor a gradle on PATH to build it with. ${CLASSPATH_RECIPE}`,
    );
  }
  const skip = (opts.skip ?? []).map((p) => path.resolve(p));
  const skipped = (p: string) => skip.some((s) => p === s || p.startsWith(s + path.sep));
  // Gradle's own folders stay out (build/, .gradle/); gradle/wrapper/ is kept, the wrapper needs it.
  const files = listFiles(root, {
    skipDir: (name, p) => skipped(p) || name.startsWith('.') || name === 'build' || name === 'node_modules' || name === 'data',
    accept: (_n, p) => !skipped(p),
  }).sort();
  const key = hashFiles(files, `${FORMAT}\0${projectPath}\0${env.JAVA_HOME ?? ''}`);
  const dir = path.join(cacheRoot(env), 'projects', `${path.basename(root) || 'project'}-gradle-${key}`);
  const manifest = path.join(dir, MANIFEST);
  let cached = true;
  if (!fs.existsSync(manifest)) {
    cached = false;
    const tmp = uniqueTmp(dir);
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const f of files) {
      const to = path.join(tmp, path.relative(root, f));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(f, to);
    }
    const init = path.join(tmp, '.s2f-init.gradle');
    fs.writeFileSync(init, INIT_SCRIPT);
    const args = [...gradle.args, '-q', '--console=plain', '-p', tmp, '--init-script', init, `${projectPath}:s2fClasspath`];
    const r = await run(gradle.cmd, args, { cwd: tmp, env, timeoutMs: 20 * 60_000 });
    const out = r.stdout + r.stderr;
    const cp = r.code === 0 ? parseGradleClasspath(r.stdout) : null;
    if (!cp) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const fetch = wrapperFetchFailure(out, root);
      if (fetch) throw new CouldNotRun('verify-no-build', `${fetch}. ${CLASSPATH_RECIPE}`);
      const javac = firstGradleCompilerError(out, tmp, root);
      const why =
        r.code === null
          ? `could not run Gradle (${gradle.what})`
          : javac
            ? `the topology does not compile: ${javac}`
            : `Gradle (${gradle.what}) could not build ${buildFile}`;
      throw new CouldNotRun('verify-build-failed', why, tail(out));
    }
    // Paths inside the copy are kept relative, so the published folder's are right.
    const rel = cp.map((p) => (p.startsWith(tmp + path.sep) ? { inCopy: path.relative(tmp, p) } : { abs: p }));
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify({ classpath: rel }, null, 2));
    publish(tmp, dir, MANIFEST);
  }
  const entries = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { classpath: ({ inCopy: string } | { abs: string })[] }).classpath;
  const classpath: string[] = [];
  for (const e of entries) {
    const p = 'inCopy' in e ? path.join(dir, e.inCopy) : e.abs;
    // Storm's runtime comes from the runner (Storm 2.8, first on the classpath), as for Maven builds.
    const ga = jarCoordinates(p);
    if (ga && (opts.supplied.has(ga) || ga === 'org.apache.storm:storm-core')) continue;
    classpath.push(p);
  }
  return { classpath, projectDir: root, cached };
}
