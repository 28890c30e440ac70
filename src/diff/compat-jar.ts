// The compat runtime jar that generated projects carry, on any machine: the one in src/compat/target when it is
// current (a developer's build), else built from the package's own sources on first use. The classes are the ones
// verify compiles anyway (javac, cached by content); the jar is reproducible (fixed entry dates), so the same
// sources give the same bytes, and so the same content-derived version, on every machine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateCompat } from '../translator/compat.js';
import type { CompatArtifact } from '../translator/emit.js';
import { compatClasspath } from './flink-side.js';
import { cacheRoot, CouldNotRun, javaTools, publish, run, tail, uniqueTmp } from './jvm.js';
import { storm1Bridge } from './storm1-jar.js';

/**
 * `--compat-jar` when given; else the current target/ jar; else one built from the sources (cached). When that
 * build cannot run (no JDK or Maven), the target/ lookup as it stands, with the reason in `unavailable`.
 */
export async function compatArtifact(jar?: string, env: NodeJS.ProcessEnv = process.env): Promise<CompatArtifact> {
  // Projects of Storm 0.x/1.x code carry the Storm 1.x bridge too: built when the first such project needs it.
  let bridge: Promise<CompatArtifact> | undefined;
  const storm1 = () => (bridge ??= storm1Bridge(env));
  if (jar) return { ...locateCompat(jar), storm1 };
  const found = locateCompat();
  if (found.jarPath && !found.newerSource) return { ...found, storm1 };
  try {
    return { ...locateCompat(await buildCompatJar(env)), storm1 };
  } catch (e) {
    if (e instanceof CouldNotRun) return { ...found, unavailable: `${e.message}${e.detail ? `\n${e.detail}` : ''}`, storm1 };
    throw e;
  }
}

/** Packs the compiled compat classes into `<cache>/compat-jar/<classes key>/<artifactId>-<version>.jar`. */
export async function buildCompatJar(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const [classes] = await compatClasspath(env);
  const coords = locateCompat();
  const dir = path.join(cacheRoot(env), 'compat-jar', path.basename(classes!));
  const jar = path.join(dir, `${coords.artifactId}-${coords.version}.jar`);
  if (fs.existsSync(jar)) return jar;
  const tmp = uniqueTmp(dir);
  fs.mkdirSync(tmp, { recursive: true });
  const tools = javaTools(env);
  const jarTool = path.isAbsolute(tools.javac) ? path.join(path.dirname(tools.javac), 'jar') : 'jar';
  // Top-level package folders only: the cache's .done marker stays out.
  const roots = fs
    .readdirSync(classes!)
    .filter((n) => !n.startsWith('.'))
    .sort();
  const args = ['--create', '--file', path.join(tmp, path.basename(jar)), '--date', '1980-01-01T00:00:02Z', ...roots.flatMap((r) => ['-C', classes!, r])];
  const r = await run(jarTool, args, { env, timeoutMs: 120_000 });
  if (r.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new CouldNotRun(
      'verify-tooling-failed',
      `could not pack the compat runtime jar (${jarTool} ${r.code === null ? 'did not run' : `exit ${r.code}`})`,
      tail(r.stdout + r.stderr),
    );
  }
  publish(tmp, dir, path.basename(jar));
  return jar;
}
