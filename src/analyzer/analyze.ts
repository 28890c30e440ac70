// The analyzer entry: discover files, analyze Java then Flux, finalize into one model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseProperties } from 'dot-properties';
import { diagnostic, isDiagnostic, sortDiagnostics } from '../model/diagnostics.js';
import { MODEL_VERSION, type Analysis, type Diagnostic, type Topology } from '../model/topology.js';
import { discover, displayPath, errMessage, readSourceFile, DEFAULT_MAX_FILE_BYTES } from './discover.js';
import { assignIds, compareTopologies, finalizeTopology, linkTopologySources } from './finalize.js';
import { analyzeFlux, looksLikeFlux } from './flux/index.js';
import { analyzeJava, type JavaSource } from './java/index.js';
import { readMultilangScript } from './multilang/script.js';
import { otherJvmLanguage, scanOtherLanguage } from './other-languages.js';
import type { ClassResolver, SourceText } from './types.js';

export interface AnalyzeOptions {
  /** A Java .properties file for Flux ${prop} substitution. */
  filterFile?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  maxFileBytes?: number;
}

export async function analyzePaths(paths: string[], opts: AnalyzeOptions = {}): Promise<Analysis> {
  const cwd = opts.cwd ?? process.cwd();
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const found = discover(paths, cwd);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  let skipped = 0;
  let failed = 0;

  const read = (abs: string): SourceText | undefined => {
    const r = readSourceFile(abs, { maxBytes, cwd });
    diagnostics.push(...r.diagnostics);
    if (!r.file) skipped++;
    return r.file;
  };

  for (const abs of found.otherFiles) {
    const r = readSourceFile(abs, { maxBytes, cwd });
    diagnostics.push(...r.diagnostics.filter((d) => !isDiagnostic(d, 'not-utf8')));
    if (r.file) {
      diagnostics.push(diagnostic('no-topologies', { file: r.file.path }, 'not a Java or Flux YAML file; skipped'));
    }
    skipped++;
  }

  // Kotlin, Scala, Groovy, Clojure: a topology there is reported, not read. Files named on the command line say why they were skipped.
  for (const abs of found.otherJvmFiles) {
    const explicit = paths.some((p) => path.resolve(cwd, p) === abs);
    const r = readSourceFile(abs, { maxBytes, cwd });
    if (explicit) diagnostics.push(...r.diagnostics.filter((d) => !isDiagnostic(d, 'not-utf8')));
    const hit = r.file && scanOtherLanguage(r.file, otherJvmLanguage(abs)!);
    if (hit) {
      diagnostics.push(hit);
      skipped++;
    } else if (explicit) {
      if (r.file) diagnostics.push(diagnostic('no-topologies', { file: r.file.path }, 'not a Java or Flux YAML file; skipped'));
      skipped++;
    }
  }

  // Java files are read when the analyzer indexes them, one at a time, and again when it needs a
  // body from one: the first read reports what is wrong with the file.
  let javaFiles = 0;
  const javaSources: JavaSource[] = found.javaFiles.map((abs) => {
    let first = true;
    return {
      path: displayPath(abs, cwd),
      absPath: abs,
      read: () => {
        if (!first) return readSourceFile(abs, { maxBytes, cwd }).file?.text;
        first = false;
        const f = read(abs);
        if (f) javaFiles++;
        return f?.text;
      },
    };
  });

  let classes: ClassResolver = { resolve: () => undefined };
  const topologies: Topology[] = [];
  if (javaSources.length > 0) {
    try {
      const java = await analyzeJava(javaSources, { allFiles: found.allFiles, readMultilangScript });
      topologies.push(...java.topologies);
      diagnostics.push(...java.diagnostics);
      classes = java.classes;
    } catch (e) {
      failed += javaFiles;
      diagnostics.push(internalError(javaSources[0]!.path, e));
    }
  }

  const properties = loadFilter(opts.filterFile, cwd, diagnostics);
  const env = opts.env ?? process.env;
  const resourceRoots = resourceFolders(found.allFiles);
  let fluxFiles = 0;
  for (const abs of found.yamlFiles) {
    const f = read(abs);
    if (!f || !looksLikeFlux(f.text)) continue;
    try {
      const r = analyzeFlux(f, {
        properties,
        env,
        classes,
        readFile: (p) => {
          const res = readSourceFile(p, { maxBytes, cwd });
          return res.file ?? res.diagnostics[0] ?? diagnostic('file-unreadable', { file: displayPath(p, cwd) }, 'cannot read file');
        },
        findResource: (resource) => findResource(resource, resourceRoots),
      });
      if (!r.isFlux) continue;
      fluxFiles++;
      if (r.topology) topologies.push(withMultilangScripts(r.topology, resourceRoots, found.allFiles, cwd));
      // Diagnostics already attached to the topology stay there; the rest are batch-level.
      const key = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
      const inTopology = new Set((r.topology?.diagnostics ?? []).map(key));
      diagnostics.push(...r.diagnostics.filter((d) => !inTopology.has(key(d))));
    } catch (e) {
      failed++;
      diagnostics.push(internalError(f.path, e));
    }
  }

  if (topologies.length === 0 && found.diagnostics.every((d) => !isDiagnostic(d, 'path-not-found'))) {
    diagnostics.push(diagnostic('no-topologies', { file: paths.join(' ') || '.' }, 'no Storm topology found'));
  }

  const finalized = assignIds(linkTopologySources(topologies).map(finalizeTopology).sort(compareTopologies));
  return {
    version: MODEL_VERSION,
    topologies: finalized,
    diagnostics: sortDiagnostics(diagnostics),
    stats: {
      files: found.allFiles.length,
      javaFiles,
      fluxFiles,
      skipped,
      failed,
    },
  };
}

function internalError(file: string, e: unknown): Diagnostic {
  const where = e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e);
  return diagnostic('internal-error', { file }, `internal error while analyzing: ${where}`);
}

function loadFilter(filterFile: string | undefined, cwd: string, diagnostics: Diagnostic[]): Record<string, string> {
  if (!filterFile) return {};
  try {
    const text = fs.readFileSync(path.resolve(cwd, filterFile), 'utf8');
    return parseProperties(text) as Record<string, string>;
  } catch (e) {
    diagnostics.push(diagnostic('filter-file-error', { file: filterFile }, `cannot read properties file: ${errMessage(e)}`));
    return {};
  }
}

/** Maven-style resource roots (…/src/main/resources, …/src/test/resources) seen in the tree. */
function resourceFolders(allFiles: string[]): string[] {
  const roots = new Set<string>();
  for (const f of allFiles) {
    const m = /^(.*[\\/]src[\\/](?:main|test)[\\/]resources)[\\/]/.exec(f);
    if (m) roots.add(m[1]!);
  }
  return [...roots].sort();
}

function findResource(resource: string, roots: string[]): string | undefined {
  const rel = resource.replace(/^\/+/, '');
  for (const root of roots) {
    const candidate = path.join(root, rel);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A `resources/<script>` anywhere in the tree, the shortest path first: a folder a pom declares as a resource root
 * (storm-starter's `multilang/`, whose `resources/` lands in the jar's) or a pom-less project's.
 */
function findResourcesScript(script: string, allFiles: string[]): string | undefined {
  const want = path.sep + path.join('resources', script);
  return allFiles.filter((f) => f.endsWith(want)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
}

/** Storm runs multilang scripts from the jar's resources/ folder: find them there and read JS/TS ones. */
function withMultilangScripts(t: Topology, roots: string[], allFiles: string[], cwd: string): Topology {
  const diagnostics = [...t.diagnostics];
  const components = t.components.map((c) => {
    if (!c.multilang || c.multilang.script) return c;
    const script = [...c.multilang.command].reverse().find((arg) => /\.[A-Za-z0-9]+$/.test(arg) && !arg.startsWith('-'));
    if (!script) return c;
    const abs = findResource(path.posix.join('resources', script), roots) ?? findResource(script, roots) ?? findResourcesScript(script, allFiles);
    if (!abs) {
      diagnostics.push(
        diagnostic('multilang-script-not-found', c.source, `the script "${script}" of "${c.id}" is not under a resources/ folder of the analyzed tree`),
      );
      return c;
    }
    const shown = displayPath(abs, cwd);
    const multilang = { ...c.multilang, script: shown };
    if (/\.(m|c)?[jt]s$/i.test(abs)) {
      const r = readMultilangScript(abs, shown);
      diagnostics.push(...r.diagnostics);
      if (r.emittedFields && multilang.emittedFields === undefined) multilang.emittedFields = r.emittedFields;
    }
    return { ...c, multilang };
  });
  return { ...t, components, diagnostics, files: [...t.files, ...components.flatMap((c) => (c.multilang?.script ? [c.multilang.script] : []))] };
}
