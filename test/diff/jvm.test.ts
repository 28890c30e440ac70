// compileJava's cache: keyed by the sources' content and names within their folder, not by where they are, so a job
// written to another --out (each migrate or verify run has its own) is not compiled again.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commonDir, compileJava, javaTools } from '../../src/diff/jvm.js';
import { race } from './helpers/publish-race.mjs';
import { removeTranspiled, transpileDiff } from './helpers/transpile.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-jvm-test-'));
const env = { ...process.env, S2F_CACHE_DIR: path.join(tmp, 'cache') };
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  removeTranspiled();
});

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

describe('publish', () => {
  // Two runs sharing ~/.cache (a test suite and a migrate) built the compat jar at once: the loser removed the
  // winner's folder before renaming its own into place, and 15 translations found no jar to copy (ENOENT).
  test('runs publishing the same folder at once: a published folder is never removed under a reader', async () => {
    const jvm = path.join(transpileDiff(['jvm.ts']), 'jvm.js');
    const base = path.join(tmp, 'race');
    expect(await race(jvm, base, 4, 200)).toBe(0);
    const left = fs.readdirSync(base);
    expect(left).toHaveLength(200);
    expect(left.every((d) => fs.readdirSync(path.join(base, d)).join() === 'lib.jar')).toBe(true);
  });

  test('an incomplete folder left by a killed run is replaced; a complete one is kept', async () => {
    const { publish } = await import('../../src/diff/jvm.js');
    const dir = path.join(tmp, 'pub', 'x');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'half'), '');
    const a = path.join(tmp, 'pub', 'a.tmp');
    fs.mkdirSync(a);
    fs.writeFileSync(path.join(a, 'lib.jar'), 'a');
    publish(a, dir, 'lib.jar');
    expect(fs.readdirSync(dir)).toEqual(['lib.jar']);
    const b = path.join(tmp, 'pub', 'b.tmp');
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(b, 'lib.jar'), 'b');
    publish(b, dir, 'lib.jar');
    expect(fs.readFileSync(path.join(dir, 'lib.jar'), 'utf8')).toBe('a');
    expect(fs.readdirSync(path.join(tmp, 'pub')).sort()).toEqual(['x']);
  });
});
