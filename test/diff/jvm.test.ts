// compileJava's cache: keyed by the sources' content and names within their folder, not by where they are, so a job
// written to another --out (each migrate or verify run has its own) is not compiled again.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commonDir, compileJava, javaTools } from '../../src/diff/jvm.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-jvm-test-'));
const env = { ...process.env, S2F_CACHE_DIR: path.join(tmp, 'cache') };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function job(folder: string, body: string): string[] {
  const dir = path.join(tmp, folder, 'src', 'main', 'java', 'job');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Main.java'), `package job;\npublic class Main { ${body} }\n`);
  fs.writeFileSync(path.join(dir, 'Other.java'), 'package job;\nclass Other {}\n');
  return [path.join(dir, 'Main.java'), path.join(dir, 'Other.java')];
}

describe('compileJava', () => {
  test('the same sources in another folder reuse the classes; other content or names compile anew', async () => {
    const a = await compileJava('job', job('out-a', 'int x;'), '', javaTools(env), env);
    expect(fs.existsSync(path.join(a, 'job', 'Main.class'))).toBe(true);
    const before = fs.statSync(path.join(a, 'job', 'Main.class')).mtimeMs;
    const b = await compileJava('job', job('out-b', 'int x;'), '', javaTools(env), env);
    expect(b).toBe(a);
    expect(fs.statSync(path.join(b, 'job', 'Main.class')).mtimeMs).toBe(before);
    const c = await compileJava('job', job('out-c', 'int y;'), '', javaTools(env), env);
    expect(c).not.toBe(a);
    // Same content under another name is another source set.
    const moved = job('out-d', 'int x;');
    const renamed = path.join(path.dirname(moved[1]!), 'Third.java');
    fs.renameSync(moved[1]!, renamed);
    expect(await compileJava('job', [moved[0]!, renamed], '', javaTools(env), env)).not.toBe(a);
    // The classpath is part of the key.
    expect(await compileJava('job', job('out-e', 'int x;'), tmp, javaTools(env), env)).not.toBe(a);
  }, 120_000);

  test('commonDir: the deepest folder holding every file', () => {
    expect(commonDir(['/a/b/c/X.java', '/a/b/c/Y.java'])).toBe('/a/b/c');
    expect(commonDir(['/a/b/c/X.java', '/a/b/d/Y.java'])).toBe('/a/b');
    expect(commonDir(['/a/bc/X.java', '/a/b/Y.java'])).toBe('/a');
    expect(commonDir([])).toBe('');
  });
});
