// Abstract values of the evaluator. Mutable Storm objects live behind `ref` so that
// side effects (setBolt, conf.put) are shared between aliases and branches.
import type { Diagnostic, Edge, Grouping, KafkaSpoutInfo, OutputStream } from '../../model/topology.js';
import type { ClassDecl, FileIndex, MethodDecl } from './extract.js';

export type Value =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | {
      k: 'unknown';
      why?: 'reflection' | 'lambda';
      l?: number;
      c?: number;
      /** Lambdas: number of parameters; method references: undefined. */
      arity?: number;
      /** Method references: their text (`this::process`). */
      ref?: string;
      /** A value read from the configuration under this key (conf.get("spout.class")), or a class named by it. */
      cfgKey?: string;
      /** A lambda that adds components or subscriptions: not run, so what it adds is missing. */
      builds?: true;
    }
  | { k: 'gsid'; comp: Value; stream: Value }
  | { k: 'grouping'; kind: Grouping | null; fields?: Value; custom?: Value }
  | { k: 'list'; items: Value[] }
  | {
      k: 'class';
      name: string;
      /** `getSimpleName()`; absent for arrays. */
      simple?: string;
      /** `getName()` (nested classes joined by `$`); absent when the package is a guess. */
      jvmName?: string;
    }
  | { k: 'enum'; owner: string; name: string }
  | { k: 'window'; count?: number; ms?: number }
  | { k: 'pattern'; v: string }
  | { k: 'fields'; list: string[] | null }
  | { k: 'topology'; rec: TopoRec | null }
  | { k: 'ref'; o: HeapObj };

export type TopoKind = 'storm' | 'trident' | 'drpc' | 'streams' | 'transactional';

export interface CompRec {
  id: string;
  type: 'spout' | 'bolt';
  inst: Value;
  parallelism: number | null;
  numTasks: number | null;
  config: Record<string, unknown>;
  resources: { memoryOnHeapMb?: number; memoryOffHeapMb?: number; cpu?: number };
  custom: boolean;
  /** Storm 2 lambda components: which functional interface the lambda implements. */
  lambda?: 'supplier' | 'bi-consumer' | 'consumer';
  /** Output fields of a bi-consumer lambda bolt (null when not constant). */
  lambdaFields?: string[] | null;
  file: FileIndex;
  l: number;
  c: number;
}

export interface TopoRec {
  kind: TopoKind;
  file: FileIndex;
  l: number;
  c: number;
  /** The builder's creation site (file:line:col), shared by the subclasses it is evaluated for. */
  site: string;
  /** The concrete class the builder is built for (a subclass when the code is inherited). */
  entryClass: ClassDecl | null;
  /** The method whose code creates the builder (`<init>` / `<clinit>` for initializers). */
  entryMethod: MethodDecl | null;
  /** The field the builder is stored in by the code that creates it. */
  field: string | null;
  components: CompRec[];
  edges: Edge[];
  diags: Diagnostic[];
  files: Set<FileIndex>;
  name: string | null;
  config: MapObj | null;
  /** First Config created in the method that created the builder. */
  localConfig: MapObj | null;
  submitted: boolean;
  returned: boolean;
  /** Trident: which streams the builder makes (newStream: spouts; newDRPCStream: DRPC requests). */
  tridentStreams?: { spouts: boolean; drpc: boolean };
}

export interface MapObj {
  h: 'map';
  kind: 'config' | 'map';
  entries: Map<string, Value>;
  diags: Diagnostic[];
}

export interface Instance {
  h: 'instance';
  cls: ClassDecl | null;
  className: string | null;
  simple: string;
  args: Value[];
  /** Builder-style calls on the instance: withWindow, withTopicSelector… */
  calls: { name: string; args: Value[] }[];
  fields: Map<string, Value> | null;
  superArgs: Value[] | null;
  /** Assigned public fields of library objects (spoutConfig.scheme = …). */
  props: Map<string, Value>;
  file: FileIndex;
}

export interface KafkaObj {
  h: 'kafka';
  info: KafkaSpoutInfo;
}

export type HeapObj =
  | { h: 'builder'; topo: TopoRec | null }
  | { h: 'declarer'; topo: TopoRec | null; comp: CompRec | null }
  | MapObj
  | Instance
  | KafkaObj
  | { h: 'zkhosts'; hosts: string | null }
  | { h: 'ofd'; streams: OutputStream[]; unresolved: boolean };

export const UNKNOWN: Value = { k: 'unknown' };

export function same(a: Value | undefined, b: Value | undefined): boolean {
  if (!a || !b || a.k !== b.k) return false;
  switch (a.k) {
    case 'str':
    case 'num':
    case 'bool':
    case 'pattern':
      return a.v === (b as typeof a).v;
    case 'null':
      return true;
    case 'ref':
      return a.o === (b as typeof a).o;
    case 'topology':
      return a.rec === (b as typeof a).rec;
    case 'class':
      return a.name === (b as typeof a).name;
    case 'enum':
      return a.name === (b as typeof a).name && a.owner === (b as typeof a).owner;
    case 'list':
      return a.items === (b as typeof a).items;
    case 'fields':
      return JSON.stringify(a.list) === JSON.stringify((b as typeof a).list);
    case 'window':
      return a.count === (b as typeof a).count && a.ms === (b as typeof a).ms;
    default:
      return false;
  }
}

export function str(v: Value | undefined): string | null {
  if (!v) return null;
  if (v.k === 'str') return v.v;
  return null;
}

export function int(v: Value | undefined): number | null {
  return v && v.k === 'num' && Number.isFinite(v.v) ? Math.trunc(v.v) : null;
}

/** Strings of a varargs/list/array value. Null when some element is unknown. */
export function strings(vals: Value[]): string[] | null {
  const out: string[] = [];
  for (const v of vals) {
    if (v.k === 'str') out.push(v.v);
    else if (v.k === 'list') {
      const inner = strings(v.items);
      if (!inner) return null;
      out.push(...inner);
    } else if (v.k === 'fields' && v.list) out.push(...v.list);
    else return null;
  }
  return out;
}
