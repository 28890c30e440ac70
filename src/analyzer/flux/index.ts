// Flux YAML → topology model, with Storm Flux's semantics (FluxParser + FluxBuilder) and YAML positions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../model/topology.js';
import { diagnostic, sortDiagnostics } from '../../model/diagnostics.js';
import type { FluxAnalysisResult, FluxOptions, SourceText } from '../types.js';
import { buildTopology, type MergedDef } from './build.js';
import { readFileDef, TOPOLOGY_KEYS, type FileDef } from './defs.js';
import { get, parseFluxYaml, plain, type Loc, type PNode } from './tree.js';

const FLUX_KEY_LINE = /^["']?(spouts|bolts|streams|topologySource|includes)["']?[ \t]*:/m;

/** Cheap pre-check on the text: a top-level Flux key (spouts, bolts, streams, topologySource, includes). */
export function looksLikeFlux(text: string): boolean {
  return FLUX_KEY_LINE.test(text);
}

export function analyzeFlux(file: SourceText, opts: FluxOptions): FluxAnalysisResult {
  if (!looksLikeFlux(file.text)) return { isFlux: false, diagnostics: [] };
  try {
    return analyze(file, opts);
  } catch (e) {
    // A throw here is a bug in storm2flink, never the user's file.
    const msg = e instanceof Error ? e.message : String(e);
    return {
      isFlux: true,
      diagnostics: [diagnostic('internal-error', { file: file.path }, `Flux analysis failed: ${msg}`)],
    };
  }
}

function analyze(file: SourceText, opts: FluxOptions): FluxAnalysisResult {
  const subst = { properties: opts.properties ?? {}, env: opts.env ?? {} };
  const parsed = parseFluxYaml(file, subst);
  if (!parsed.root) {
    // Broken YAML whose text looks like Flux: report it; anything else is not ours.
    return { isFlux: true, diagnostics: sortDiagnostics(parsed.diagnostics) };
  }
  const root = parsed.root;
  if (root.t !== 'map' || !isFluxRoot(root)) return { isFlux: false, diagnostics: [] };

  const diags: Diagnostic[] = [...parsed.diagnostics];
  const rootDef = readFileDef(file.path, root, diags);
  const merged = initMerged(rootDef, diags);
  merged.files.add(file.path);
  let anyTopologyKeys = rootDef.topologyKeys;

  // FluxParser.processIncludes: one level only, in order; override decides who wins.
  const rootAbs = path.resolve(file.absPath);
  for (const inc of rootDef.includes) {
    if (inc.file === null) continue;
    const abs = resolveInclude(inc.file, inc.resource, file, opts);
    if (abs === undefined) {
      diags.push(diagnostic('flux-include-not-found', inc.loc, `Included ${inc.resource ? 'resource' : 'file'} '${inc.file}' was not found.`));
      continue;
    }
    if (path.resolve(abs) === rootAbs) {
      diags.push(diagnostic('flux-include-cycle', inc.loc, `'${inc.file}' includes the file itself; the include was skipped.`));
      continue;
    }
    const read = opts.readFile(abs);
    if (!('text' in read)) {
      const where = inc.resource
        ? ''
        : ` (looked for at ${path.relative(path.dirname(rootAbs), abs).split(path.sep).join('/')} from this file: Flux opens a file include relative to the folder it runs in, the project folder)`;
      diags.push(diagnostic('flux-include-not-found', inc.loc, `Included file '${inc.file}' could not be read${where}: ${read.message}`));
      continue;
    }
    const p = parseFluxYaml(read, subst);
    diags.push(...p.diagnostics);
    if (!p.root) continue;
    const incDef = readFileDef(read.path, p.root, diags);
    for (const nested of incDef.includes) {
      const nestedAbs = nested.file === null ? undefined : resolveInclude(nested.file, nested.resource, read, opts);
      const back = nestedAbs !== undefined && [rootAbs, path.resolve(read.absPath)].includes(path.resolve(nestedAbs));
      diags.push(
        back
          ? diagnostic('flux-include-cycle', nested.loc, `'${nested.file}' includes back into '${file.path}'; Flux ignores includes of included files.`)
          : diagnostic('flux-nested-include', nested.loc, `Include '${nested.file ?? ''}' of an included file is ignored by Flux.`),
      );
    }
    merged.files.add(read.path);
    anyTopologyKeys ||= incDef.topologyKeys;
    mergeInclude(merged, incDef, inc.override, diags);
  }

  if (!anyTopologyKeys && !includeOnlyFlux(root)) return { isFlux: false, diagnostics: [] };

  const topology = buildTopology(merged, opts.classes, diags);
  const sorted = sortDiagnostics(diags);
  topology.diagnostics = sorted;
  return { isFlux: true, topology, diagnostics: sorted };
}

function isFluxRoot(root: PNode): boolean {
  return TOPOLOGY_KEYS.some((k) => get(root, k) !== undefined) || includeOnlyFlux(root);
}

/** A file with only Flux top-level keys and Flux-shaped includes (Storm's include_test.yaml). */
function includeOnlyFlux(root: PNode): boolean {
  if (root.t !== 'map') return false;
  const inc = get(root, 'includes');
  if (!inc || inc.v.t !== 'seq' || inc.v.items.length === 0) return false;
  const allowed = new Set(['name', 'config', 'components', 'includes', 'workerHooks']);
  return (
    root.pairs.every((p) => allowed.has(p.k)) &&
    inc.v.items.every((i) => i.t === 'map' && get(i, 'file') !== undefined && i.pairs.every((p) => ['file', 'resource', 'override'].includes(p.k)))
  );
}

/**
 * A `resource: false` include is a file path that Flux opens as given (FluxParser.parseFile: `new File(path)`), so
 * relative to the working directory of the JVM: the project folder, where the user runs `storm jar` and where
 * verify's engines and the Flink job run the topology (the nearest pom.xml or Gradle build at or above the Flux
 * file; without one, the Flux file's folder).
 */
function resolveInclude(name: string, resource: boolean, from: SourceText, opts: FluxOptions): string | undefined {
  if (resource) return opts.findResource(name, from.absPath);
  return path.resolve(projectFolder(path.dirname(from.absPath)), name);
}

function projectFolder(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (['pom.xml', 'build.gradle', 'build.gradle.kts'].some((f) => fs.existsSync(path.join(dir, f)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

function initMerged(def: FileDef, diags: Diagnostic[]): MergedDef {
  const m: MergedDef = {
    rootFile: def.file,
    rootLoc: { file: def.file, line: 1, column: 1 },
    name: def.name,
    config: new Map(),
    components: new Map(),
    spouts: new Map(),
    bolts: new Map(),
    streams: [...def.streams],
    topologySource: def.topologySource,
    files: new Set(),
  };
  for (const p of def.config) m.config.set(p.k, { value: plain(p.v), loc: p.kloc });
  // Within one file a repeated id replaces the earlier one in place (LinkedHashMap in TopologyDef).
  const fill = <T extends { id: string; idLoc: Loc }>(into: Map<string, T>, items: T[], what: string): void => {
    for (const it of items) {
      if (into.has(it.id)) {
        diags.push(
          diagnostic('flux-duplicate-id', it.idLoc, `The ${what} id '${it.id}' is declared twice; Flux keeps this later definition.`, {
            severity: 'warning',
          }),
        );
      }
      into.set(it.id, it);
    }
  };
  fill(m.components, def.components, 'component');
  fill(m.spouts, def.spouts, 'spout');
  fill(m.bolts, def.bolts, 'bolt');
  return m;
}

function mergeInclude(m: MergedDef, inc: FileDef, override: boolean, diags: Diagnostic[]): void {
  if (inc.name && (m.name === null || override)) m.name = inc.name;
  for (const p of inc.config) {
    if (override || !m.config.has(p.k)) m.config.set(p.k, { value: plain(p.v), loc: p.kloc });
  }
  const incMerged = initMerged(inc, diags); // duplicate ids inside the included file
  const add = <T>(into: Map<string, T>, from: Map<string, T>): void => {
    for (const [id, v] of from) if (!into.has(id) || override) into.set(id, v);
  };
  add(m.components, incMerged.components);
  add(m.bolts, incMerged.bolts);
  add(m.spouts, incMerged.spouts);
  m.streams.push(...inc.streams); // Flux appends included streams whatever override says
}
