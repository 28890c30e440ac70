// YAML → a small positioned tree (PNode) with Flux's ${...} substitution applied to scalars.
// Working on our own tree keeps every value's line:column and bounds alias expansion.
import {
  Document,
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  isNode,
  parse as parseYamlValue,
  type Node as YamlNode,
  Scalar,
} from 'yaml';
import type { Diagnostic, SourceLocation } from '../../model/topology.js';
import { diagnostic } from '../../model/diagnostics.js';

export type Loc = SourceLocation;

export type PNode = { t: 'scalar'; v: unknown; loc: Loc } | { t: 'seq'; items: PNode[]; loc: Loc } | { t: 'map'; pairs: PPair[]; loc: Loc };
export interface PPair {
  k: string;
  kloc: Loc;
  v: PNode;
}

/** Aliases a Flux file may expand (yaml's own guard, checked before we walk the tree). */
export const MAX_ALIAS_COUNT = 1000;
/** Nodes our walk may create, aliases expanded; a second guard against amplification. */
const MAX_NODES = 200_000;

export interface SubstitutionContext {
  properties: Record<string, string>;
  env: Record<string, string | undefined>;
}

export interface ParsedYaml {
  /** Undefined when the document could not be read (diagnostics say why). */
  root?: PNode;
  diagnostics: Diagnostic[];
}

class BudgetExceeded extends Error {}

/** Flux's per-line property pattern (FluxParser.propertyPattern): one ${...} per line, the last one. */
const FLUX_LINE_PATTERN = /^.*\$\{(ENV-(.+)|(.+)\[(\d+)\]|.+)\}.*$/;

interface LineSubst {
  token: string;
  value: string | undefined;
}

function lineSubstitution(line: string, ctx: SubstitutionContext): LineSubst | undefined {
  const m = FLUX_LINE_PATTERN.exec(line);
  if (!m) return undefined;
  const v = m[1]!;
  const token = '${' + v + '}';
  if (m[4] !== undefined) {
    const list = ctx.properties[m[3]!];
    return { token, value: list === undefined ? undefined : listElement(list, Number(m[4])) };
  }
  if (m[2] !== undefined) return { token, value: ctx.env[m[2]] };
  return { token, value: ctx.properties[v] };
}

// FluxParser.parseListAndExtractElem: strip [ ], split on commas, trim, strip the quotes.
function listElement(list: string, index: number): string | undefined {
  const items = list.slice(1, -1).split(',');
  const item = items[index];
  if (item === undefined) return undefined;
  const trimmed = item.trim();
  return trimmed.slice(1, -1);
}

/** Flux's own text substitution, line by line (used only when the raw file does not parse as YAML). */
export function substituteText(text: string, ctx: SubstitutionContext): string {
  return text
    .split('\n')
    .map((line) => {
      const s = lineSubstitution(line, ctx);
      return s && s.value !== undefined ? line.split(s.token).join(s.value) : line;
    })
    .join('\n');
}

const TOKEN = /\$\{([^}]*)\}/g;

export function parseFluxYaml(file: { path: string; text: string }, ctx: SubstitutionContext): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  let text = file.text;
  let textSubstituted = false;
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { lineCounter, version: '1.1', prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0 && text.includes('${')) {
    // Flux substitutes before parsing, so "${x}" in a flow collection can be valid Flux yet invalid YAML.
    const substituted = substituteText(text, ctx);
    const lc = new LineCounter();
    const d = parseDocument(substituted, { lineCounter: lc, version: '1.1', prettyErrors: true, uniqueKeys: false });
    if (d.errors.length === 0) {
      text = substituted;
      textSubstituted = true;
      lineCounter = lc;
      doc = d;
    }
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 20)) {
      const pos = e.linePos?.[0];
      diagnostics.push(diagnostic('yaml-syntax-error', { file: file.path, line: pos?.line ?? 1, column: pos?.col ?? 1 }, firstLine(e.message)));
    }
    return { diagnostics };
  }
  const locOf = (offset: number | undefined): Loc => {
    const p = lineCounter.linePos(offset ?? 0);
    return { file: file.path, line: p.line, column: p.col };
  };
  if (!doc.contents) return { diagnostics };

  // yaml's alias guard: its toJS counts expansions and throws long before memory grows.
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      const alias = firstAmplifyingAlias(doc);
      const loc = locOf(alias?.range?.[0]);
      if (/excessive alias/i.test(e.message)) {
        diagnostics.push(diagnostic('yaml-alias-limit', loc, `YAML aliases expand beyond ${MAX_ALIAS_COUNT} nodes; the file was not analyzed.`));
      } else {
        diagnostics.push(diagnostic('yaml-syntax-error', loc, firstLine(e.message)));
      }
      return { diagnostics };
    }
    diagnostics.push(diagnostic('yaml-syntax-error', locOf(0), firstLine(String((e as Error)?.message ?? e))));
    return { diagnostics };
  }

  // Lines keep their numbers through text substitution; Flux chose its ${...} on the original ones.
  const lines = file.text.split('\n');
  const lineSubsts = new Map<number, LineSubst | undefined>();
  const substAt = (line: number): LineSubst | undefined => {
    if (!lineSubsts.has(line)) lineSubsts.set(line, lineSubstitution(lines[line - 1] ?? '', ctx));
    return lineSubsts.get(line);
  };

  const anchors = anchorTargets(doc);
  let budget = MAX_NODES;
  const reported = new Set<string>();

  const substitute = (node: Scalar, value: string, loc: Loc): { value: unknown; changed: boolean } => {
    if (!value.includes('${')) return { value, changed: false };
    const startLine = loc.line;
    const endLine = node.range ? lineCounter.linePos(node.range[1]).line : startLine;
    const active = new Map<string, string>();
    if (!textSubstituted)
      for (let l = startLine; l <= Math.max(startLine, endLine); l++) {
        const s = substAt(l);
        if (s && s.value !== undefined) active.set(s.token, s.value);
      }
    let out = value;
    for (const [token, v] of active) out = out.split(token).join(v);
    for (const m of value.matchAll(TOKEN)) {
      const token = m[0];
      if (active.has(token)) continue;
      const key = `${loc.line}:${loc.column}:${token}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const name = m[1] ?? '';
      const chosen = substAt(startLine);
      const msg =
        chosen && chosen.token !== token && chosen.value !== undefined
          ? `'${token}' is not substituted: Flux replaces only one \${...} per line ('${chosen.token}' here).`
          : name.startsWith('ENV-')
            ? `Environment variable '${name.slice(4)}' is not set; '${token}' is left as is.`
            : `Property '${name.replace(/\[\d+\]$/, '')}' is not defined; '${token}' is left as is.`;
      diagnostics.push(diagnostic('flux-unresolved-property', loc, msg));
    }
    if (out === value) return { value, changed: false };
    // Flux substitutes text before parsing: an unquoted value is read again as YAML (numbers, lists…).
    if (node.type === 'PLAIN' && startLine === endLine) {
      try {
        const reparsed: unknown = parseYamlValue(out, { version: '1.1', maxAliasCount: 0 });
        return { value: reparsed, changed: true };
      } catch {
        return { value: out, changed: true };
      }
    }
    return { value: out, changed: true };
  };

  const fromJs = (v: unknown, loc: Loc): PNode => {
    if (--budget < 0) throw new BudgetExceeded();
    if (Array.isArray(v)) return { t: 'seq', items: v.map((x) => fromJs(x, loc)), loc };
    if (v !== null && typeof v === 'object') {
      return { t: 'map', pairs: Object.entries(v).map(([k, x]) => ({ k, kloc: loc, v: fromJs(x, loc) })), loc };
    }
    return { t: 'scalar', v, loc };
  };

  const convert = (node: unknown, fallback: Loc, depth: number): PNode => {
    if (--budget < 0 || depth > 200) throw new BudgetExceeded();
    if (isAlias(node)) {
      const target = anchors.get(node);
      if (!target) {
        diagnostics.push(diagnostic('yaml-syntax-error', locOf(node.range?.[0]), `Unresolved alias *${node.source}.`));
        return { t: 'scalar', v: null, loc: locOf(node.range?.[0]) };
      }
      return convert(target, locOf(node.range?.[0]), depth + 1);
    }
    const loc = isNode(node) && node.range ? locOf(node.range[0]) : fallback;
    if (isScalar(node)) {
      let v: unknown = node.value;
      // SnakeYAML (YAML 1.1) reads y/n as strings; the yaml package's 1.1 schema would make them booleans.
      if (node.type === 'PLAIN' && typeof node.source === 'string' && /^[yYnN]$/.test(node.source)) v = node.source;
      if (typeof node.source === 'string' && typeof v === 'string') {
        const s = substitute(node, v, loc);
        if (s.changed) return fromJs(s.value, loc);
      }
      if (typeof v === 'bigint') v = Number(v);
      return { t: 'scalar', v, loc };
    }
    if (isSeq(node)) {
      return { t: 'seq', items: node.items.map((it) => convert(it, loc, depth + 1)), loc };
    }
    if (isMap(node)) {
      const pairs: PPair[] = [];
      const merges: PNode[] = [];
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const keyNode = p.key;
        const kloc = isNode(keyNode) && keyNode.range ? locOf(keyNode.range[0]) : loc;
        let k: string;
        if (isScalar(keyNode)) {
          const src = typeof keyNode.source === 'string' ? keyNode.source : undefined;
          if (src === '<<' && keyNode.type === 'PLAIN') {
            merges.push(convert(p.value, kloc, depth + 1));
            continue;
          }
          k = src ?? String(keyNode.value);
          if (k.includes('${')) {
            const s = substitute(keyNode, k, kloc);
            if (s.changed) k = String(s.value);
          }
        } else {
          k = keyNode == null ? '' : JSON.stringify(plain(convert(keyNode, kloc, depth + 1)));
        }
        const vloc = isNode(p.value) && p.value.range ? locOf(p.value.range[0]) : kloc;
        pairs.push({ k, kloc, v: p.value == null ? { t: 'scalar', v: null, loc: vloc } : convert(p.value, vloc, depth + 1) });
      }
      // YAML 1.1 merge keys (SnakeYAML honours them): explicit keys win.
      for (const m of merges) {
        const sources = m.t === 'seq' ? m.items : [m];
        for (const s of sources) {
          if (s.t !== 'map') continue;
          for (const sp of s.pairs) if (!pairs.some((p) => p.k === sp.k)) pairs.push(sp);
        }
      }
      return { t: 'map', pairs, loc };
    }
    return { t: 'scalar', v: null, loc };
  };

  try {
    const root = convert(doc.contents, locOf(0), 0);
    return { root, diagnostics };
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      diagnostics.push(diagnostic('yaml-alias-limit', locOf(0), `The document expands to more than ${MAX_NODES} nodes; the file was not analyzed.`));
      return { diagnostics };
    }
    throw e;
  }
}

/** Alias → the node it names (the last anchor of that name before it), in one pass. */
function anchorTargets(doc: Document): Map<YamlNode, YamlNode> {
  const current = new Map<string, YamlNode>();
  const out = new Map<YamlNode, YamlNode>();
  const walk = (n: unknown): void => {
    if (isAlias(n)) {
      const t = current.get(n.source);
      if (t) out.set(n, t);
      return;
    }
    if (isNode(n) && n.anchor) current.set(n.anchor, n);
    if (isScalar(n)) return;
    if (isMap(n) || isSeq(n)) {
      for (const it of n.items) {
        if (isPair(it)) {
          walk(it.key);
          walk(it.value);
        } else walk(it);
      }
    }
  };
  walk(doc.contents);
  return out;
}

/** The first alias whose anchor itself holds aliases (where the amplification is), else the first alias. */
function firstAmplifyingAlias(doc: Document): YamlNode | undefined {
  const targets = anchorTargets(doc);
  let first: YamlNode | undefined;
  for (const [alias, target] of targets) {
    first ??= alias;
    if ((isMap(target) || isSeq(target)) && containsAlias(target)) return alias;
  }
  return first;
}

function containsAlias(n: unknown): boolean {
  if (isAlias(n)) return true;
  if (isMap(n) || isSeq(n)) {
    for (const it of n.items) {
      if (isPair(it) ? containsAlias(it.key) || containsAlias(it.value) : containsAlias(it)) return true;
    }
  }
  return false;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The plain JavaScript value of a node. */
export function plain(n: PNode): unknown {
  switch (n.t) {
    case 'scalar':
      return n.v;
    case 'seq':
      return n.items.map(plain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of n.pairs) o[p.k] = plain(p.v);
      return o;
    }
  }
}

export function get(n: PNode | undefined, key: string): PPair | undefined {
  if (!n || n.t !== 'map') return undefined;
  let found: PPair | undefined;
  for (const p of n.pairs) if (p.k === key) found = p; // last wins, as in SnakeYAML
  return found;
}
