// The newcomer's path, as the README gives it: the package as a fresh clone has it (no src/compat/target, an empty
// tool cache), `storm2flink translate`, then `mvn package` of a generated project with no storm2flink artifact in
// the local Maven repository: the project must carry the compat runtime itself.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a clone holds of the package's runtime files (package.json "files"), minus build output. */
function freshCopy(): string {
  const dir = tempDir('s2f-fresh-clone-');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of [...pkg.files, 'package.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !/[\\/](target|node_modules)([\\/]|$)/.test(path.relative(ROOT, src)),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('a fresh clone', () => {
  it('translate writes projects that mvn package builds, the compat runtime carried inside', async () => {
    const clone = freshCopy();
    expect(fs.existsSync(path.join(clone, 'src', 'compat', 'target'))).toBe(false);
    const out = tempDir('s2f-fresh-out-');
    const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-fresh-cache-') };
    const r = await run('node', [path.join(clone, 'bin', 'storm2flink.js'), 'translate', path.join(ROOT, 'samples', 'word-count'), '--out', out], {
      env,
      maxBuffer: 16 << 20,
    });
    expect(r.stderr).not.toMatch(/S2F406|S2F411/);
    const project = path.join(out, 'word-count');
    const repo = path.join(project, 'lib', 'repo', 'dev', 'storm2flink', 'storm2flink-compat');
    const [version] = fs.readdirSync(repo);
    expect(version).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    expect(fs.readdirSync(path.join(repo, version!))).toContain(`storm2flink-compat-${version}.jar`);
    // Nothing of ours in the local Maven repository for this version: Maven must take it from the project.
    fs.rmSync(path.join(os.homedir(), '.m2', 'repository', 'dev', 'storm2flink', 'storm2flink-compat', version!), { recursive: true, force: true });
    await run('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 });
    expect(fs.existsSync(path.join(project, 'target', 'word-count-1.0.0.jar'))).toBe(true);
    // Offline (-o, air-gapped CI), with everything else now in ~/.m2: the compat jar still comes from lib/repo, whose
    // file:// repository Maven's offline mode refuses unless the project's .mvn/maven.config allows it.
    fs.rmSync(path.join(os.homedir(), '.m2', 'repository', 'dev', 'storm2flink', 'storm2flink-compat', version!), { recursive: true, force: true });
    fs.rmSync(path.join(project, 'target'), { recursive: true, force: true });
    await run('mvn', ['-B', '-q', '-o', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 });
    expect(fs.existsSync(path.join(project, 'target', 'word-count-1.0.0.jar'))).toBe(true);
  }, 900_000);
});
