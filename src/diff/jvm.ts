// JVM and Maven plumbing for verify: find java/javac, resolve jars through Maven, compile helpers once.
// Everything is cached under one folder keyed by a content hash, so a warm run starts no Maven at all.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG, type CouldNotRunName } from '../model/diagnostics.js';

/**
 * The run cannot go on for a reason outside the tool's control (exit 2). `kind` is its catalog entry (so every
 * reason carries a code a CI log can be grepped for); the message is the reason's detail shown to the user.
 */
export class CouldNotRun extends Error {
  /** The catalog code of `kind` (S2F7xx). */
  readonly code: string;

  constructor(
    readonly kind: CouldNotRunName,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CouldNotRun';
    this.code = CATALOG.get(kind)!.code;
  }
}

/** Folder of a Java/Maven resource shipped beside this module (works from src/ and from dist/). */
export function resourceDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  // S2F_DIFF_RESOURCES: the src/diff folder, for copies of this module that live elsewhere (tests).
  if (env.S2F_DIFF_RESOURCES) return path.join(env.S2F_DIFF_RESOURCES, name);
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/diff/<name> when running from sources; dist/diff -> ../../src/diff/<name> when built.
  const candidates = [path.join(here, name), path.join(here, '..', '..', 'src', 'diff', name)];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`storm2flink resource folder ${name} not found near ${here}`);
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.S2F_CACHE_DIR) return env.S2F_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'storm2flink');
}

export interface JavaTools {
  java: string;
  javac: string;
}

/** java/javac from JAVA_HOME when set (and then it must be valid), else from PATH. */
export function javaTools(env: NodeJS.ProcessEnv = process.env): JavaTools {
  const home = env.JAVA_HOME;
  if (home) {
    const java = path.join(home, 'bin', 'java');
    if (!fs.existsSync(java)) {
      throw new CouldNotRun(
        'verify-tool-missing',
        `JAVA_HOME is set to ${home} but ${java} does not exist`,
        'Point JAVA_HOME at a JDK 17 or newer, or unset it to use java from PATH.',
      );
    }
    return { java, javac: path.join(home, 'bin', 'javac') };
  }
  return { java: 'java', javac: 'javac' };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing output. Spawn failures become a result with code null. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(e) });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function hashFiles(files: string[], extra = '', base?: string): string {
  const h = createHash('sha256');
  h.update(extra);
  for (const f of [...files].sort()) {
    h.update((base ? path.relative(base, f) : f).replace(/\\/g, '/'));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** The deepest folder holding every one of `files`. */
export function commonDir(files: string[]): string {
  if (files.length === 0) return '';
  let dir = path.dirname(path.resolve(files[0]!));
  while (!files.every((f) => path.resolve(f).startsWith(dir + path.sep)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** A scratch path beside `target`, unique across processes and across concurrent builds in this one. */
export function uniqueTmp(target: string): string {
  return `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Moves a finished folder into place. A complete copy already there (another run won the race with the same
 * content, and may be reading it) is kept; an incomplete one (left by a killed run) is moved aside first. The
 * rename is the only step that makes `dir` appear, so a complete copy is never removed under a reader: a
 * second run that lost the race finds the first's folder and drops its own.
 */
export function publish(tmp: string, dir: string, marker: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (fs.existsSync(path.join(dir, marker))) break;
    try {
      fs.renameSync(tmp, dir);
      return;
    } catch {
      // dir appeared: complete (the next check keeps it) or incomplete (moved aside, then tried again).
      if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, marker))) {
        const aside = uniqueTmp(dir);
        try {
          fs.renameSync(dir, aside);
          fs.rmSync(aside, { recursive: true, force: true });
        } catch {
          // Another run moved it first.
        }
      }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Last lines of a tool's output, for a one-screen error message. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Strips Maven's ANSI colour codes. */
function plain(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Classpath of a pom, resolved by Maven ('compile' scope also holds provided jars, e.g. Flink itself) (downloads into ~/.m2 once) and cached by the pom's hash.
 */
export async function mavenClasspath(pomDir: string, env: NodeJS.ProcessEnv = process.env, scope: 'runtime' | 'compile' = 'runtime'): Promise<string> {
  const pom = path.join(pomDir, 'pom.xml');
  const key = hashFiles([pom], scope);
  const dir = path.join(cacheRoot(env), 'classpath', `${path.basename(pomDir)}-${key}`);
  const out = path.join(dir, 'classpath.txt');
  if (fs.existsSync(out)) return fs.readFileSync(out, 'utf8').trim();
  fs.mkdirSync(dir, { recursive: true });
  const tmp = uniqueTmp(out);
  const r = await run(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      pom,
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath',
      `-Dmdep.outputFile=${tmp}`,
      `-Dmdep.includeScope=${scope}`,
    ],
    { env, timeoutMs: 15 * 60_000 },
  );
  if (r.code !== 0 || !fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    const why = r.code === null ? 'could not run mvn (is Maven installed and on PATH?)' : 'Maven could not resolve the dependencies';
    throw new CouldNotRun(r.code === null ? 'verify-tool-missing' : 'verify-dependency-unresolved', `${why} of ${pom}`, tail(plain(r.stdout + r.stderr)));
  }
  fs.renameSync(tmp, out); // atomic: concurrent runs never read a half-written file
  return fs.readFileSync(out, 'utf8').trim();
}

/** Compiles Java sources once into a cached folder; returns the classes folder. */
export async function compileJava(name: string, sources: string[], classpath: string, tools: JavaTools, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  // Names relative to the sources' common folder: the same job sources compiled for another --out (every migrate
  // and verify run writes its project to a folder of its own) are the same classes, and javac runs once for them.
  const key = hashFiles(sources, classpath, commonDir(sources));
  const dir = path.join(cacheRoot(env), 'classes', `${name}-${key}`);
  if (fs.existsSync(path.join(dir, '.done'))) return dir;
  const tmp = uniqueTmp(dir);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const args = ['-d', tmp, '--release', '17', '-nowarn'];
  if (classpath) args.push('-cp', classpath);
  const r = await run(tools.javac, [...args, ...sources], { env, timeoutMs: 5 * 60_000 });
  if (r.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const why = r.code === null ? `could not run ${tools.javac} (a JDK, not a JRE, is needed)` : `javac failed on ${name}`;
    throw new CouldNotRun(r.code === null ? 'verify-tool-missing' : 'verify-tooling-failed', why, tail(r.stdout + r.stderr));
  }
  fs.writeFileSync(path.join(tmp, '.done'), '');
  publish(tmp, dir, '.done');
  return dir;
}
