// A Gradle project's dependencies and repositories as data, read from its build file's text (Groovy or Kotlin DSL)
// and gradle.properties, for the generated pom: Gradle itself is not run (its wrapper usually downloads Gradle, and a
// build's plugins, version catalogs and platforms are beyond a text reading), so what is read is said to the user
// (gradle-read-as-text). Declarations read: string notation ('g:a:v[:classifier][@type]'), map notation
// (group/name/version), in `dependencies { }` blocks outside `buildscript { }`; `$x`/`${x}` from gradle.properties and
// literal assignments (ext, def, val, extra). No processes here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseProperties } from 'dot-properties';
import type { PomDependency } from './pom-deps.js';

export const GRADLE_BUILD_FILES = ['build.gradle', 'build.gradle.kts'];

/** Gradle configurations → the Maven scope of the generated pom (null: compile). Others (custom, kapt…) are skipped. */
const SCOPES: Record<string, string | null> = {
  compile: null,
  implementation: null,
  api: null,
  runtime: 'runtime',
  runtimeOnly: 'runtime',
  compileOnly: 'provided',
  compileOnlyApi: 'provided',
  provided: 'provided',
  annotationProcessor: 'provided',
  testCompile: 'test',
  testImplementation: 'test',
  testRuntimeOnly: 'test',
  testCompileOnly: 'test',
};

export interface GradleModel {
  dependencies: PomDependency[];
  repositories: { id: string; url: string }[];
  /** Declarations not read as coordinates (project(':x'), files(...), platform(...), catalog aliases), as written. */
  unread: string[];
  /** Line and column of the first `dependencies {` read (1-based; the file's start when there is none). */
  at: { line: number; column: number };
}

/** The build file of the Gradle project in `dir`, if any. */
export function gradleBuildFile(dir: string): string | undefined {
  return GRADLE_BUILD_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

/** Comments blanked (newlines kept, so offsets stay the file's), strings kept (a URL's `//` is not a comment). */
function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop;
    } else if (text.startsWith('//', i) || text.startsWith('/*', i)) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 2;
      const stop = end < 2 || end < i ? text.length : end;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The bodies of `name { … }` blocks (braces balanced; strings have no braces in practice). */
function blocks(text: string, name: string): { start: number; lead: number; end: number; body: string }[] {
  const out: { start: number; lead: number; end: number; body: string }[] = [];
  for (const m of text.matchAll(new RegExp(`(^|[^\\w.])${name}\\s*\\{`, 'g'))) {
    const open = m.index! + m[0].length - 1;
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        out.push({ start: m.index!, lead: m[1]!.length, end: i + 1, body: text.slice(open + 1, i) });
        break;
      }
    }
  }
  return out;
}

function interpolate(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\{?([A-Za-z_][\w.]*)\}?/g, (all, k: string) => vars[k] ?? vars[k.replace(/^(project|rootProject|ext)\./, '')] ?? all);
}

/** The build's root: the nearest folder at or above `dir` with a settings.gradle[.kts], else `dir`. */
function buildRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (['settings.gradle', 'settings.gradle.kts'].some((f) => fs.existsSync(path.join(d, f)))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

/** Reads the build file at `file`, with the gradle.properties of its folder and of the build's root. */
export function fromGradleText(file: string): GradleModel {
  const root = buildRoot(path.dirname(file));
  const text = stripComments(fs.readFileSync(file, 'utf8'));
  const vars: Record<string, string> = {};
  for (const dir of [...new Set([root, path.dirname(file)])]) {
    const props = path.join(dir, 'gradle.properties');
    if (fs.existsSync(props)) Object.assign(vars, parseProperties(fs.readFileSync(props, 'utf8')) as Record<string, string>);
  }
  // Literal assignments: ext.x = '1', def x = "1", val x = "1", x = '1' (in ext { }), extra["x"] = "1", set("x", "1").
  for (const m of text.matchAll(/(?:\bext\.|\bdef\s+|\bval\s+|\bvar\s+|^\s*)([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*(['"])([^'"\n]*)\2/gm)) vars[m[1]!] = m[3]!;
  for (const b of blocks(text, 'ext')) for (const m of b.body.matchAll(/([A-Za-z_]\w*)\s*=\s*(['"])([^'"\n]*)\2/g)) vars[m[1]!] = m[3]!;
  for (const m of text.matchAll(/\bextra\[\s*"([\w.]+)"\s*\]\s*=\s*"([^"\n]*)"/g)) vars[m[1]!] = m[2]!;
  for (const m of text.matchAll(/\bset\(\s*"([\w.]+)"\s*,\s*"([^"\n]*)"\s*\)/g)) vars[m[1]!] = m[2]!;

  const buildscript = blocks(text, 'buildscript');
  const outside = (b: { start: number }) => !buildscript.some((s) => b.start > s.start && b.start < s.end);
  const dependencies: PomDependency[] = [];
  const unread: string[] = [];
  const seen = new Set<string>();
  const add = (config: string, g: string, a: string, v: string | null, classifier: string | null, type: string | null) => {
    const key = `${g}:${a}:${classifier ?? ''}:${config}`;
    if (seen.has(key)) return;
    seen.add(key);
    dependencies.push({ groupId: g, artifactId: a, version: v, scope: SCOPES[config]!, type, classifier, exclusions: [] });
  };
  const configs = Object.keys(SCOPES).join('|');
  for (const block of blocks(text, 'dependencies').filter(outside)) {
    for (const line of block.body.split('\n')) {
      const decl = new RegExp(`^\\s*(${configs})\\b\\s*\\(?\\s*(.*)$`).exec(line);
      if (!decl) continue;
      const [, config, rest] = decl as unknown as [string, string, string];
      // 'g:a:v' (several, comma-separated, in Groovy's list form).
      const strings = /^(['"])[^'"]+\1(\s*,\s*(['"])[^'"]+\3)*/.exec(rest);
      if (strings) {
        for (const q of strings[0].matchAll(/(['"])([^'"]+)\1/g)) {
          const coords = interpolate(q[2]!, vars);
          const [gav, type = null] = coords.split('@') as [string, string | undefined];
          const [g, a, v = null, classifier = null] = gav.split(':');
          if (g && a && !gav.includes('$')) add(config, g, a, v, classifier, type);
          else unread.push(line.trim());
        }
        continue;
      }
      // A value quoted, or a variable's name (version: guavaVersion).
      const named = (k: string) => {
        const m = new RegExp(`\\b${k}\\s*[:=]\\s*(?:(['"])([^'"]+)\\1|([A-Za-z_][\\w.]*))`).exec(rest);
        return m?.[2] ?? (m?.[3] !== undefined ? (vars[m[3]] ?? `$${m[3]}`) : undefined);
      };
      const g = named('group');
      const a = named('name');
      if (g && a) {
        const [gi, ai, vi] = [g, a, named('version')].map((x) => (x === undefined ? null : interpolate(x, vars)));
        if ([gi, ai, vi].some((x) => x?.includes('$'))) unread.push(line.trim());
        else add(config, gi!, ai!, vi ?? null, named('classifier') ?? null, named('ext') ?? null);
        continue;
      }
      if (rest.trim() !== '') unread.push(line.trim());
    }
  }
  const repositories: { id: string; url: string }[] = [];
  for (const block of blocks(text, 'repositories').filter(outside))
    for (const m of block.body.matchAll(/maven\s*(?:\{[^}]*?\burl\s*(?:=\s*)?(?:uri\s*\(\s*)?|\(\s*(?:url\s*=\s*)?(?:uri\s*\(\s*)?)(['"])([^'"]+)\1/g)) {
      const url = interpolate(m[2]!, vars);
      if (!repositories.some((r) => r.url === url)) repositories.push({ id: `gradle-${repositories.length + 1}`, url });
    }
  const first = blocks(text, 'dependencies').find(outside);
  const before = first ? text.slice(0, first.start + first.lead) : '';
  const at = first ? { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') } : { line: 1, column: 1 };
  return { dependencies, repositories, unread, at };
}
