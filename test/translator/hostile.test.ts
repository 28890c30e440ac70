// Hostile names: ids, names, classes and config with quotes, backslashes, */, newlines, unicode and
// ${…} give Java that compiles (javac, real Flink + Storm jars) and YAML/shell that read back the same values.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EmittedFile } from '../../src/translator/emit.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { HOSTILE, HOSTILE_JAVA, hostileTopology } from './fixtures.js';
import { flinkClasspath, hasTool, project, text } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

const STUBS = path.join(process.cwd(), 'test', 'translator', 'java', 'stub');

function writeAll(dir: string, files: EmittedFile[]): void {
  for (const f of files) {
    const abs = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, 'copyFrom' in f ? fs.readFileSync(f.copyFrom) : f.content, { mode: 'mode' in f && f.mode ? f.mode : 0o644 });
  }
}

function javaFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.java')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

async function hostileProject(line: FlinkLine, method: string, target: 'yarn-application' | 'kubernetes' = 'yarn-application') {
  const src = tempDir('s2f-hostile-src-');
  fs.mkdirSync(path.join(src, 'src/main/java/p'), { recursive: true });
  fs.writeFileSync(path.join(src, 'src/main/java/p/Topo.java'), HOSTILE_JAVA);
  const files = await project(hostileTopology({ className: 'p.Topo', method }), `hostile ${HOSTILE}`, {
    flink: line,
    target,
    cwd: src,
    guarantee: 'at-least-once',
  });
  const out = tempDir('s2f-hostile-out-');
  writeAll(out, files);
  return { files, out };
}

describe('hostile names', () => {
  it('YAML reads back the same values', async () => {
    const { files } = await hostileProject('2.x', 'build', 'kubernetes');
    const dep = parse(text(files, 'deploy/flink-deployment.yaml'), { version: '1.1' }) as {
      metadata: { name: string };
      spec: { flinkConfiguration: Record<string, string> };
    };
    expect(dep.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    const conf = parse(text(files, 'deploy/config.yaml'), { version: '1.1' }) as Record<string, string>;
    expect(conf['env.java.opts.taskmanager']).toBe(`-Dname=${HOSTILE.replace(/\s/g, '_')}`);
    expect(dep.spec.flinkConfiguration['env.java.opts.taskmanager']).toBe(conf['env.java.opts.taskmanager']);
    const y = await hostileProject('1.20', 'build');
    const conf1 = parse(text(y.files, 'deploy/config.yaml'), { version: '1.1' }) as Record<string, string>;
    expect(conf1['yarn.application.name']).toBe(HOSTILE);
    // The line-format flink-conf.yaml cannot carry a newline: the key is left out, not broken.
    expect(text(y.files, 'deploy/flink-conf.yaml')).toContain('# yarn.application.name: omitted');
    for (const l of text(y.files, 'deploy/flink-conf.yaml').split('\n')) expect(l === '' || l.startsWith('#') || /^[a-z][\w.-]*: \S/.test(l)).toBe(true);
  });

  it('the submit script passes the values unchanged', async () => {
    const { out } = await hostileProject('1.20', 'build');
    const fakeHome = tempDir('s2f-fake-flink-');
    fs.mkdirSync(path.join(fakeHome, 'bin'));
    fs.writeFileSync(path.join(fakeHome, 'bin', 'flink'), '#!/usr/bin/env bash\nprintf "%s\\0" "$@"\n', { mode: 0o755 });
    const args = execFileSync('bash', [path.join(out, 'deploy', 'submit.sh'), HOSTILE], { env: { ...process.env, FLINK_HOME: fakeHome } })
      .toString()
      .split('\0');
    expect(args).toContain(`-Dyarn.application.name=${HOSTILE}`);
    expect(args[0]).toBe('run-application');
    expect(args.at(-2)).toBe(HOSTILE);
  });

  it('MIGRATION.md keeps one table row per line', async () => {
    const { files } = await hostileProject('1.20', 'build');
    const md = text(files, 'MIGRATION.md');
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    for (const r of rows) expect(r.endsWith('|')).toBe(true);
    expect(md).not.toContain('<script');
  });

  const javac = hasTool('javac') ? it : it.skip;
  for (const line of ['1.20', '2.x'] as const) {
    for (const method of ['build', 'main']) {
      javac(
        `generated Java compiles against Flink ${line} and Storm (entry ${method})`,
        async () => {
          const cp = flinkClasspath(line);
          const { out } = await hostileProject(line, method);
          const classes = tempDir('s2f-hostile-classes-');
          const sources = [...javaFiles(path.join(out, 'src/main/java')), ...javaFiles(STUBS)];
          try {
            execFileSync('javac', ['-nowarn', '-encoding', 'UTF-8', '--release', '17', '-d', classes, '-cp', cp, ...sources], { stdio: 'pipe' });
          } catch (e) {
            throw new Error(String((e as { stderr?: Buffer }).stderr ?? e));
          }
          const main = javaFiles(out).find((f) => f.endsWith('FlinkJob.java'))!;
          const body = fs.readFileSync(main, 'utf8');
          expect(/[^\x00-\x7f]/.test(body)).toBe(false);
          // The hostile config values reach the Storm Config unchanged: run stormConfig() and compare.
          if (method === 'build') {
            const fqcn = path
              .relative(path.join(out, 'src/main/java'), main)
              .replace(/\.java$/, '')
              .split(path.sep)
              .join('.');
            const probe = path.join(classes, 'Probe.java');
            fs.writeFileSync(
              probe,
              `public class Probe { public static void main(String[] a) throws Exception { java.lang.reflect.Method m = Class.forName("${fqcn}").getDeclaredMethod("stormConfig"); m.setAccessible(true); java.util.Map<?, ?> c = (java.util.Map<?, ?>) m.invoke(null); for (Object k : new java.util.TreeSet<Object>(c.keySet())) System.out.print(k + "\\u0000" + c.get(k) + "\\u0000"); } }`,
            );
            execFileSync('javac', ['-d', classes, '-cp', `${classes}:${cp}`, probe], { stdio: 'pipe' });
            // Hadoop's slf4j-log4j12 and Storm's log4j-over-slf4j refuse to load together.
            const runCp = cp
              .split(':')
              .filter((j) => !j.includes('slf4j-log4j12'))
              .join(':');
            const kv = execFileSync('java', ['-cp', `${classes}:${runCp}`, 'Probe'], { stdio: ['ignore', 'pipe', 'pipe'] })
              .toString('utf8')
              .split('\0');
            const conf = new Map<string, string>();
            for (let i = 0; i + 1 < kv.length; i += 2) conf.set(kv[i]!, kv[i + 1]!);
            expect(conf.get(HOSTILE)).toBe(HOSTILE);
            expect(conf.get('user.big')).toBe('12345678901');
            expect(conf.get('user.list')).toBe('[1, two, null, true, 2.5]');
          }
        },
        600_000,
      );
    }
  }
});
