// The Storm 1.x bridge that translated projects of Storm 0.x/1.x code carry beside the compat runtime: verify's own
// bytecode pass (storm-runner's Relocate: Storm 0.x packages, Storm2Calls) for the project's build to run on its
// classes, and the Storm 1.x classes Storm 2 dropped (storm-runner/src/storm1) for the job jar. Packed from the
// classes verify compiles anyway (build.ts); the jar is reproducible, so its content gives its version.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompatArtifact } from '../translator/emit.js';
import { STORM1_BRIDGE } from '../translator/versions.js';
import { buildTools, storm1Classes } from './build.js';
import { cacheRoot, CouldNotRun, javaTools, publish, run, tail, uniqueTmp } from './jvm.js';

/** Relocate and its nested classes, inside the build tools' classes folder. */
const RELOCATE_DIR = path.join('dev', 'storm2flink', 'verify', 'build');

/** The bridge jar with its coordinates (version `<base>-<content hash>`), built once per content and cached. */
export async function storm1Bridge(env: NodeJS.ProcessEnv = process.env): Promise<CompatArtifact> {
  const storm1 = await storm1Classes(env);
  const tools = (await buildTools(env)).split(path.delimiter)[0]!;
  const dir = path.join(cacheRoot(env), 'storm1-jar', `${path.basename(storm1)}-${path.basename(tools)}`);
  const jar = path.join(dir, `${STORM1_BRIDGE.artifactId}.jar`);
  if (!fs.existsSync(jar)) {
    const tmp = uniqueTmp(dir);
    fs.mkdirSync(tmp, { recursive: true });
    const relocate = fs
      .readdirSync(path.join(tools, RELOCATE_DIR))
      .filter((n) => /^Relocate(\$.*)?\.class$/.test(n))
      .sort();
    const roots = fs
      .readdirSync(storm1)
      .filter((n) => !n.startsWith('.'))
      .sort();
    const tool = javaTools(env).javac;
    const jarTool = path.isAbsolute(tool) ? path.join(path.dirname(tool), 'jar') : 'jar';
    const args = [
      '--create',
      '--file',
      path.join(tmp, path.basename(jar)),
      '--date',
      '1980-01-01T00:00:02Z',
      ...roots.flatMap((r) => ['-C', storm1, r]),
      ...relocate.flatMap((n) => ['-C', tools, path.join(RELOCATE_DIR, n).split(path.sep).join('/')]),
    ];
    const r = await run(jarTool, args, { env, timeoutMs: 120_000 });
    if (r.code !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new CouldNotRun(
        'verify-tooling-failed',
        `could not pack the Storm 1.x bridge jar (${jarTool} ${r.code === null ? 'did not run' : `exit ${r.code}`})`,
        tail(r.stdout + r.stderr),
      );
    }
    publish(tmp, dir, path.basename(jar));
  }
  const version = `${STORM1_BRIDGE.version}-${createHash('sha256').update(fs.readFileSync(jar)).digest('hex').slice(0, 12)}`;
  return { ...STORM1_BRIDGE, version, jarPath: jar };
}
