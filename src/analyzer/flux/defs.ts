// Flux's bean model (flux-core org.apache.storm.flux.model.*) read from a positioned tree,
// checking shapes the way SnakeYAML's bean constructor would (unknown keys and wrong types fail in Flux).
import type { Diagnostic } from '../../model/topology.js';
import { diagnostic } from '../../model/diagnostics.js';
import { get, plain, type Loc, type PNode, type PPair } from './tree.js';

export type Arg = { kind: 'ref'; id: string; loc: Loc } | { kind: 'reflist'; ids: { id: string; loc: Loc }[]; loc: Loc } | { kind: 'value'; node: PNode };

export interface PropertyDefP {
  name: string;
  value?: PNode;
  ref?: { id: string; loc: Loc };
  loc: Loc;
}
export interface ConfigMethodDefP {
  name: string;
  args: Arg[];
  loc: Loc;
}
export interface ObjectDefP {
  className: string | null;
  loc: Loc;
  constructorArgs: Arg[];
  properties: PropertyDefP[];
  configMethods: ConfigMethodDefP[];
  factory: string | null;
  factoryArgs: Arg[];
}
export interface BeanDefP extends ObjectDefP {
  id: string;
  idLoc: Loc;
}
export interface VertexDefP extends BeanDefP {
  parallelism: number;
  numTasks: number | null;
  onHeapMemoryLoad: number | null;
  offHeapMemoryLoad: number | null;
  cpuLoad: number | null;
  config: PPair[];
}
export interface GroupingDefP {
  type: { v: string; loc: Loc } | null;
  streamId: string | null;
  args: string[] | null;
  customClass: ObjectDefP | null;
  loc: Loc;
}
export interface StreamDefP {
  from: { v: string; loc: Loc } | null;
  to: { v: string; loc: Loc } | null;
  grouping: GroupingDefP | null;
  loc: Loc;
}
export interface IncludeDefP {
  resource: boolean;
  override: boolean;
  file: string | null;
  loc: Loc;
}
export interface TopologySourceDefP extends ObjectDefP {
  methodName: string;
}
export interface FileDef {
  file: string;
  root: PNode;
  name: { v: string; loc: Loc } | null;
  config: PPair[];
  components: BeanDefP[];
  spouts: VertexDefP[];
  bolts: VertexDefP[];
  streams: StreamDefP[];
  includes: IncludeDefP[];
  topologySource: TopologySourceDefP | null;
  /** True when the file has one of the keys that make it a topology. */
  topologyKeys: boolean;
}

export const TOPOLOGY_KEYS = ['spouts', 'bolts', 'streams', 'topologySource'] as const;

const OBJECT_KEYS = ['className', 'constructorArgs', 'properties', 'configMethods', 'factory', 'factoryArgs'];
const BEAN_KEYS = ['id', ...OBJECT_KEYS];
const VERTEX_KEYS = [...BEAN_KEYS, 'parallelism', 'numTasks', 'onHeapMemoryLoad', 'offHeapMemoryLoad', 'cpuLoad', 'config'];
const TOP_KEYS = ['name', 'config', 'components', 'includes', 'topologySource', 'spouts', 'bolts', 'streams', 'workerHooks'];

export function readFileDef(file: string, root: PNode, diags: Diagnostic[]): FileDef {
  const def: FileDef = {
    file,
    root,
    name: null,
    config: [],
    components: [],
    spouts: [],
    bolts: [],
    streams: [],
    includes: [],
    topologySource: null,
    topologyKeys: false,
  };
  if (root.t !== 'map') {
    // Only reached for files that looked like Flux: say why nothing was read.
    diags.push(diagnostic('flux-invalid', root.loc, 'A Flux file must be a YAML mapping at the top level.'));
    return def;
  }
  def.topologyKeys = TOPOLOGY_KEYS.some((k) => get(root, k) !== undefined);
  const bad = (loc: Loc, msg: string): void => void diags.push(diagnostic('flux-invalid', loc, msg));
  checkKeys(root, TOP_KEYS, 'the topology', diags);

  const name = get(root, 'name');
  if (name) {
    const s = scalarString(name.v);
    if (s !== null) def.name = { v: s, loc: name.v.loc };
    else if (!isNull(name.v)) bad(name.v.loc, "'name' must be a string.");
  }
  const config = get(root, 'config');
  if (config) {
    if (config.v.t === 'map') def.config = config.v.pairs;
    else if (!isNull(config.v)) bad(config.v.loc, "'config' must be a map of Storm config keys to values.");
  }
  for (const item of list(root, 'components', diags)) {
    const b = readBean(item, BEAN_KEYS, 'component', diags);
    if (b) def.components.push(b);
  }
  for (const item of list(root, 'spouts', diags)) {
    const v = readVertex(item, 'spout', diags);
    if (v) def.spouts.push(v);
  }
  for (const item of list(root, 'bolts', diags)) {
    const v = readVertex(item, 'bolt', diags);
    if (v) def.bolts.push(v);
  }
  for (const item of list(root, 'streams', diags)) {
    const s = readStream(item, diags);
    if (s) def.streams.push(s);
  }
  for (const item of list(root, 'includes', diags)) {
    if (item.t !== 'map') {
      bad(item.loc, 'An include must be a map with file, resource and override.');
      continue;
    }
    checkKeys(item, ['resource', 'override', 'file'], 'an include', diags);
    const file = get(item, 'file');
    const fileName = file ? scalarString(file.v) : null;
    if (fileName === null) bad(file?.v.loc ?? item.loc, "An include needs a 'file'.");
    def.includes.push({
      resource: bool(get(item, 'resource'), diags),
      override: bool(get(item, 'override'), diags),
      file: fileName,
      loc: item.loc,
    });
  }
  const ts = get(root, 'topologySource');
  if (ts && !isNull(ts.v)) {
    const o = readObject(ts.v, [...OBJECT_KEYS, 'methodName'], 'topologySource', diags);
    if (o) {
      const m = get(ts.v, 'methodName');
      const methodName = m ? scalarString(m.v) : null;
      if (m && methodName === null) bad(m.v.loc, "'methodName' must be a string.");
      def.topologySource = { ...o, methodName: methodName ?? 'getTopology' };
    }
  }
  return def;
}

function list(root: PNode, key: string, diags: Diagnostic[]): PNode[] {
  const p = get(root, key);
  if (!p || isNull(p.v)) return [];
  if (p.v.t !== 'seq') {
    diags.push(diagnostic('flux-invalid', p.v.loc, `'${key}' must be a list.`));
    return [];
  }
  return p.v.items;
}

function checkKeys(n: PNode, allowed: string[], what: string, diags: Diagnostic[]): void {
  if (n.t !== 'map') return;
  for (const p of n.pairs) {
    if (!allowed.includes(p.k)) {
      diags.push(diagnostic('flux-invalid', p.kloc, `Unknown key '${p.k}' in ${what}; Flux rejects the file.`));
    }
  }
}

function readObject(n: PNode, keys: string[], what: string, diags: Diagnostic[]): ObjectDefP | null {
  if (n.t !== 'map') {
    diags.push(diagnostic('flux-invalid', n.loc, `A ${what} must be a map.`));
    return null;
  }
  checkKeys(n, keys, `a ${what}`, diags);
  const cls = get(n, 'className');
  const className = cls ? scalarString(cls.v) : null;
  if (cls && className === null && !isNull(cls.v)) {
    diags.push(diagnostic('flux-invalid', cls.v.loc, "'className' must be a string."));
  }
  const factory = get(n, 'factory');
  return {
    className: className && className.trim() !== '' ? className.trim() : null,
    loc: n.loc,
    constructorArgs: args(get(n, 'constructorArgs'), diags),
    properties: readProperties(get(n, 'properties'), diags),
    configMethods: readConfigMethods(get(n, 'configMethods'), diags),
    factory: factory ? scalarString(factory.v) : null,
    factoryArgs: args(get(n, 'factoryArgs'), diags),
  };
}

function readBean(n: PNode, keys: string[], what: string, diags: Diagnostic[]): BeanDefP | null {
  const o = readObject(n, keys, what, diags);
  if (!o) return null;
  const idp = get(n, 'id');
  const id = idp ? scalarString(idp.v) : null;
  if (id === null || id === '') {
    diags.push(diagnostic('flux-invalid', idp?.v.loc ?? n.loc, `A ${what} needs an 'id'.`));
    return null;
  }
  if (o.className === null) {
    diags.push(diagnostic('flux-missing-class', n.loc, `The ${what} '${id}' has no className.`));
  }
  return { ...o, id, idLoc: idp!.v.loc };
}

function readVertex(n: PNode, what: string, diags: Diagnostic[]): VertexDefP | null {
  const b = readBean(n, VERTEX_KEYS, what, diags);
  if (!b) return null;
  const int = (key: string): number | null => {
    const p = get(n, key);
    if (!p || isNull(p.v)) return null;
    if (p.v.t === 'scalar' && typeof p.v.v === 'number' && Number.isInteger(p.v.v)) return p.v.v;
    diags.push(diagnostic('flux-invalid', p.v.loc, `'${key}' must be an integer.`));
    return null;
  };
  const parallelism = int('parallelism');
  const cfg = get(n, 'config');
  let config: PPair[] = [];
  if (cfg && cfg.v.t === 'map') config = cfg.v.pairs;
  else if (cfg && !isNull(cfg.v)) diags.push(diagnostic('flux-invalid', cfg.v.loc, "'config' must be a map."));
  const nonNegative = (v: number | null): number | null => (v === null || v < 0 ? null : v);
  return {
    ...b,
    parallelism: parallelism ?? 1, // VertexDef defaults to 1
    numTasks: nonNegative(int('numTasks')),
    onHeapMemoryLoad: nonNegative(int('onHeapMemoryLoad')),
    offHeapMemoryLoad: nonNegative(int('offHeapMemoryLoad')),
    cpuLoad: nonNegative(int('cpuLoad')),
    config,
  };
}

function readStream(n: PNode, diags: Diagnostic[]): StreamDefP | null {
  if (n.t !== 'map') {
    diags.push(diagnostic('flux-invalid', n.loc, 'A stream must be a map with from, to and grouping.'));
    return null;
  }
  checkKeys(n, ['name', 'from', 'to', 'grouping'], 'a stream', diags);
  const end = (key: 'from' | 'to'): { v: string; loc: Loc } | null => {
    const p = get(n, key);
    const s = p ? scalarString(p.v) : null;
    if (s === null) {
      diags.push(diagnostic('flux-invalid', p?.v.loc ?? n.loc, `A stream needs '${key}'.`));
      return null;
    }
    return { v: s, loc: p!.v.loc };
  };
  const from = end('from');
  const to = end('to');
  const g = get(n, 'grouping');
  let grouping: GroupingDefP | null = null;
  if (!g || isNull(g.v)) {
    diags.push(diagnostic('flux-bad-grouping', n.loc, 'The stream has no grouping.'));
  } else if (g.v.t !== 'map') {
    diags.push(diagnostic('flux-bad-grouping', g.v.loc, 'The grouping must be a map with a type.'));
  } else {
    checkKeys(g.v, ['type', 'streamId', 'args', 'customClass'], 'a grouping', diags);
    const type = get(g.v, 'type');
    const typeS = type ? scalarString(type.v) : null;
    const streamId = get(g.v, 'streamId');
    const argsP = get(g.v, 'args');
    let argList: string[] | null = null;
    if (argsP && argsP.v.t === 'seq') argList = argsP.v.items.map((i) => String(plain(i)));
    else if (argsP && !isNull(argsP.v)) diags.push(diagnostic('flux-invalid', argsP.v.loc, "Grouping 'args' must be a list of field names."));
    const cc = get(g.v, 'customClass');
    grouping = {
      type: typeS === null ? null : { v: typeS, loc: type!.v.loc },
      streamId: streamId ? scalarString(streamId.v) : null,
      args: argList,
      customClass: cc && !isNull(cc.v) ? readObject(cc.v, OBJECT_KEYS, 'customClass', diags) : null,
      loc: g.v.loc,
    };
    if (typeS === null) diags.push(diagnostic('flux-bad-grouping', type?.v.loc ?? g.v.loc, 'The grouping has no type.'));
  }
  return { from, to, grouping, loc: n.loc };
}

function readProperties(p: PPair | undefined, diags: Diagnostic[]): PropertyDefP[] {
  if (!p || isNull(p.v)) return [];
  if (p.v.t !== 'seq') {
    diags.push(diagnostic('flux-invalid', p.v.loc, "'properties' must be a list of {name, value | ref}."));
    return [];
  }
  const out: PropertyDefP[] = [];
  for (const item of p.v.items) {
    if (item.t !== 'map') {
      diags.push(diagnostic('flux-invalid', item.loc, 'A property must be a map with name and value or ref.'));
      continue;
    }
    checkKeys(item, ['name', 'value', 'ref'], 'a property', diags);
    const name = get(item, 'name');
    const n = name ? scalarString(name.v) : null;
    if (n === null) {
      diags.push(diagnostic('flux-invalid', item.loc, "A property needs a 'name'."));
      continue;
    }
    const ref = get(item, 'ref');
    const refId = ref ? scalarString(ref.v) : null;
    const prop: PropertyDefP = { name: n, loc: item.loc };
    const value = get(item, 'value');
    if (value) prop.value = value.v;
    if (refId !== null) prop.ref = { id: refId, loc: ref!.v.loc };
    out.push(prop);
  }
  return out;
}

function readConfigMethods(p: PPair | undefined, diags: Diagnostic[]): ConfigMethodDefP[] {
  if (!p || isNull(p.v)) return [];
  if (p.v.t !== 'seq') {
    diags.push(diagnostic('flux-invalid', p.v.loc, "'configMethods' must be a list of {name, args}."));
    return [];
  }
  const out: ConfigMethodDefP[] = [];
  for (const item of p.v.items) {
    if (item.t !== 'map') {
      diags.push(diagnostic('flux-invalid', item.loc, 'A config method must be a map with name and args.'));
      continue;
    }
    checkKeys(item, ['name', 'args'], 'a config method', diags);
    const name = get(item, 'name');
    const n = name ? scalarString(name.v) : null;
    if (n === null) {
      diags.push(diagnostic('flux-invalid', item.loc, "A config method needs a 'name'."));
      continue;
    }
    out.push({ name: n, args: args(get(item, 'args'), diags), loc: item.loc });
  }
  return out;
}

// ObjectDef.setConstructorArgs / ConfigMethodDef.setArgs: a one-key map {ref} or {reflist} is a reference.
function args(p: PPair | undefined, diags: Diagnostic[]): Arg[] {
  if (!p || isNull(p.v)) return [];
  if (p.v.t !== 'seq') {
    diags.push(diagnostic('flux-invalid', p.v.loc, `'${p.k}' must be a list.`));
    return [];
  }
  return p.v.items.map((item): Arg => {
    if (item.t === 'map' && item.pairs.length === 1) {
      const only = item.pairs[0]!;
      if (only.k === 'ref') {
        const id = scalarString(only.v);
        if (id !== null) return { kind: 'ref', id, loc: only.v.loc };
      }
      if (only.k === 'reflist' && only.v.t === 'seq') {
        return {
          kind: 'reflist',
          ids: only.v.items.map((i) => ({ id: String(plain(i)), loc: i.loc })),
          loc: only.v.loc,
        };
      }
      if (only.k === 'refList') {
        diags.push(
          diagnostic('flux-invalid', only.kloc, "Flux recognizes 'reflist' (lower case); 'refList' is passed as a plain map.", {
            severity: 'warning',
          }),
        );
      }
    }
    return { kind: 'value', node: item };
  });
}

function bool(p: PPair | undefined, diags: Diagnostic[]): boolean {
  if (!p || isNull(p.v)) return false;
  if (p.v.t === 'scalar' && typeof p.v.v === 'boolean') return p.v.v;
  diags.push(diagnostic('flux-invalid', p.v.loc, `'${p.k}' must be true or false.`));
  return false;
}

export function isNull(n: PNode): boolean {
  return n.t === 'scalar' && (n.v === null || n.v === undefined);
}

/** A scalar as a string (numbers and booleans as written), else null. */
export function scalarString(n: PNode): string | null {
  if (n.t !== 'scalar' || n.v === null || n.v === undefined) return null;
  if (typeof n.v === 'string') return n.v;
  if (typeof n.v === 'number' || typeof n.v === 'boolean') return String(n.v);
  return null;
}
