// Post-processing shared by the Java and Flux analyzers: effective tick frequencies,
// derived features, graph checks, the blocked flag, unique ids, stable ordering.
import { diagnostic, isDiagnostic, sortDiagnostics } from '../model/diagnostics.js';
import { FEATURES, type Component, type Diagnostic, type Feature, type Topology } from '../model/topology.js';
import { TICK_KEY } from './storm-vocabulary.js';

function tickOf(config: Record<string, unknown> | undefined): number | null {
  const v = config?.[TICK_KEY];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

const featureOrder = new Map<Feature, number>(FEATURES.map((f, i) => [f, i]));

export function sortFeatures(features: Iterable<Feature>): Feature[] {
  return [...new Set(features)].sort((a, b) => featureOrder.get(a)! - featureOrder.get(b)!);
}

export function finalizeTopology(t: Topology): Topology {
  const topoTick = tickOf(t.config);
  const diagnostics: Diagnostic[] = [...t.diagnostics];
  const byId = new Map<string, Component>();
  for (const c of t.components) if (!byId.has(c.id)) byId.set(c.id, c);

  const components = t.components.map((c) => {
    const features = new Set<Feature>(c.features);
    const componentTick = tickOf(c.config);
    // Spouts never receive tick tuples; component config overrides the topology's.
    const tick = c.type === 'spout' ? null : (componentTick ?? topoTick);
    if (c.type === 'bolt' && componentTick !== null) features.add('tick');
    if (c.config && Object.keys(c.config).length > 0) features.add('component-config');
    if (c.outputStreams.some((s) => s.direct)) features.add('direct-stream');
    if (c.outputStreams.some((s) => s.id !== 'default')) features.add('multiple-streams');
    if (t.edges.some((e) => e.to === c.id && e.grouping === 'custom')) features.add('custom-grouping');
    return { ...c, tickFrequencySecs: tick, features: sortFeatures(features) };
  });

  for (const e of t.edges) {
    const loc = e.source ?? t.source;
    const from = byId.get(e.from);
    if (!from) {
      const already = diagnostics.some((d) => isDiagnostic(d, 'unknown-source-component') && d.line === loc.line && d.file === loc.file);
      if (!already) {
        diagnostics.push(diagnostic('unknown-source-component', loc, `bolt "${e.to}" subscribes to "${e.from}", which this topology does not declare`));
      }
      continue;
    }
    // Only judge streams of classes whose declareOutputFields was read.
    const known = from.classSource !== undefined && from.outputStreams.length > 0 && from.outputStreams.every((s) => s.resolved !== false);
    if (known && !from.outputStreams.some((s) => s.id === e.stream)) {
      diagnostics.push(
        diagnostic(
          'undeclared-stream',
          loc,
          `bolt "${e.to}" subscribes to stream "${e.stream}" of "${e.from}", which declares only ${from.outputStreams.map((s) => `"${s.id}"`).join(', ')}`,
        ),
      );
    }
  }

  const sorted = sortDiagnostics(diagnostics);
  return {
    ...t,
    components,
    diagnostics: sorted,
    blocked: sorted.some((d) => d.blocker === true),
    files: [...new Set(t.files)].sort(),
  };
}

/**
 * A Flux `topologySource` names the method that builds the graph (Flux instantiates the class and calls it). When
 * the Java analysis read that method, its graph becomes the Flux topology's, with its diagnostics, and the method
 * is no longer listed as a topology of its own: Flux is how it runs.
 */
export function linkTopologySources(topologies: Topology[]): Topology[] {
  const key = (t: Topology) => `${t.entry?.className}#${t.entry?.method}`;
  const java = new Map(topologies.filter((t) => t.kind === 'java' && t.entry?.className).map((t) => [key(t), t] as const));
  const linked = new Set<Topology>();
  const out = topologies.map((t) => {
    const built = t.kind === 'flux' && t.components.length === 0 && t.entry?.className ? java.get(key(t)) : undefined;
    if (!built) return t;
    linked.add(built);
    const seen = new Set(t.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}:${d.code}`));
    return {
      ...t,
      namespace: built.namespace,
      components: built.components,
      edges: built.edges,
      // The Flux file's config is what Flux submits with; the method's own Config calls are not.
      files: [...new Set([...t.files, ...built.files])],
      diagnostics: [...t.diagnostics, ...built.diagnostics.filter((d) => !seen.has(`${d.file}:${d.line}:${d.column}:${d.code}`))],
    };
  });
  return out.filter((t) => !linked.has(t));
}

function slug(s: string): string {
  const out = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return out.slice(0, 60) || 'topology';
}

/** Unique, stable ids: name, else entry class, else file name; suffixed on collision. */
export function assignIds(topologies: Topology[]): Topology[] {
  const used = new Map<string, number>();
  return topologies.map((t) => {
    const simpleClass = t.entry?.className?.split('.').pop();
    const base = slug(
      t.name ??
        simpleClass ??
        t.source.file
          .split('/')
          .pop()
          ?.replace(/\.(java|ya?ml)$/i, '') ??
        'topology',
    );
    const base2 = t.kind === 'flux' && !base.endsWith('flux') ? `${base}-flux` : base;
    const n = (used.get(base2) ?? 0) + 1;
    used.set(base2, n);
    return { ...t, id: n === 1 ? base2 : `${base2}-${n}` };
  });
}

export function compareTopologies(a: Topology, b: Topology): number {
  return (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) || a.source.line - b.source.line || a.source.column - b.source.column;
}
