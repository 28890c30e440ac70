// What a spout/bolt class declares: kind, superclass chain, features, output streams,
// component config, multilang command, window; per class and per instance (constructor args).
import * as path from 'node:path';
import { diagnostic } from '../../model/diagnostics.js';
import { FEATURES, type Feature, type MultilangInfo, type OutputStream, type WindowInfo } from '../../model/topology.js';
import { SHELL_COMPONENTS, TICK_KEY } from '../storm-vocabulary.js';
import type { ComponentClassInfo } from '../types.js';
import type { ClassDecl } from './extract.js';
import { BOLT_BASES, KNOWN_ANCESTORS, SPOUT_BASES, STORM_CLASSES } from './known.js';
import type { Evaluator } from './evaluate.js';
import { Program } from './program.js';
import { UNKNOWN, strings, type Instance, type Value } from './values.js';

export interface Chain {
  /** Fully qualified ancestors, nearest first. */
  names: string[];
  simples: Set<string>;
  /** The class and its analyzed ancestors, nearest first. */
  decls: ClassDecl[];
}

export interface ScriptFinder {
  find(script: string): { abs: string; display: string } | undefined;
}

const WINDOWED = ['BaseWindowedBolt', 'IWindowedBolt', 'BaseStatefulWindowedBolt', 'IStatefulWindowedBolt'];
const STATEFUL = ['BaseStatefulBolt', 'IStatefulBolt', 'BaseStatefulWindowedBolt', 'IStatefulWindowedBolt'];

export function sortFeatures(fs: Iterable<Feature>): Feature[] {
  const set = new Set(fs);
  return FEATURES.filter((f) => set.has(f));
}

export class ClassInfos {
  private readonly staticCache = new Map<ClassDecl, ComponentClassInfo>();

  constructor(
    readonly prog: Program,
    readonly ev: Evaluator,
  ) {}

  chain(decl: ClassDecl | null, simple: string, ns: string): Chain {
    const names: string[] = [];
    const decls: ClassDecl[] = [];
    const seen = new Set<string>();
    const push = (n: string): boolean => {
      if (seen.has(n)) return false;
      seen.add(n);
      names.push(n);
      return true;
    };
    const known = (s: string, depth: number): void => {
      if (depth > 8) return;
      for (const a of KNOWN_ANCESTORS[s] ?? []) {
        const rel = STORM_CLASSES[a];
        if (push(rel ? `${ns}.${rel}` : a)) known(a, depth + 1);
      }
    };
    const visit = (c: ClassDecl, depth: number): void => {
      if (decls.includes(c) || depth > 16) return;
      decls.push(c);
      const ctx = c.kind === 'anonymous' ? c.outer : c;
      const refs = [...(c.superclass ? [c.superclass] : []), ...c.interfaces].map((n) => this.prog.resolveType(n, ctx, c.file));
      const fresh = refs.filter((r) => r.decl !== c && push(r.fqcn));
      for (const r of fresh) {
        if (r.decl) visit(r.decl, depth + 1);
        else known(r.simple, 0);
      }
    };
    if (decl) visit(decl, 0);
    else known(simple, 0);
    const simples = new Set(names.map((n) => n.slice(n.lastIndexOf('.') + 1)));
    if (!decl) simples.add(simple);
    return { names, simples, decls };
  }

  kindOf(ch: Chain): 'spout' | 'bolt' | 'unknown' {
    if ([...ch.simples].some((s) => SPOUT_BASES.has(s))) return 'spout';
    if ([...ch.simples].some((s) => BOLT_BASES.has(s))) return 'bolt';
    return 'unknown';
  }

  /** Class-level info for the ClassResolver (no constructor arguments known). */
  forClass(decl: ClassDecl): ComponentClassInfo {
    const cached = this.staticCache.get(decl);
    if (cached) return cached;
    const inst = this.ev.newInstance(decl, decl.fqcn, decl.name, decl.methods.some((m) => m.isCtor && m.params.length === 0) ? [] : [], decl.file);
    const info = this.describe(decl, decl.fqcn, decl.name, inst, undefined);
    this.staticCache.set(decl, info);
    return info;
  }

  describe(
    decl: ClassDecl | null,
    className: string | null,
    simple: string,
    inst: Instance | null,
    type: 'spout' | 'bolt' | undefined,
    scripts?: ScriptFinder,
  ): ComponentClassInfo & { files: Set<string>; backtype: boolean } {
    const file = decl?.file ?? inst?.file;
    const ns = file && Program.namespaceOf(file) === 'backtype.storm' ? 'backtype.storm' : 'org.apache.storm';
    const ch = this.chain(decl, simple, ns);
    const kind = this.kindOf(ch);
    const role = type ?? (kind === 'unknown' ? undefined : kind);
    const features = new Set<Feature>();
    const diagnostics: ComponentClassInfo['diagnostics'] = [];
    const has = (names: string[]): boolean => names.some((n) => ch.simples.has(n));
    const loc = { file: decl?.file.path ?? file?.path ?? '', line: decl?.l ?? 0, column: decl?.c ?? 0 };

    if (has(['BaseBasicBolt', 'IBasicBolt'])) features.add('basic-bolt');
    else if (role === 'bolt' && has(['BaseRichBolt', 'IRichBolt'])) features.add('rich-bolt');
    if (has(WINDOWED)) features.add('windowed');
    if (has(STATEFUL)) {
      features.add('stateful');
      diagnostics.push(diagnostic('stateful-bolt', loc, `${className ?? simple} is a stateful bolt`));
    }
    if (has(['KafkaSpout'])) features.add('kafka-spout');
    if (has(['KafkaBolt'])) features.add('kafka-bolt');

    // Facts of the class and its analyzed superclasses (inherited methods run too).
    const declared = new Set<string>();
    for (const d of ch.decls) {
      const f = d.facts;
      if (f.tick) features.add('tick');
      if (f.calls.has('ack')) features.add('ack');
      if (f.calls.has('fail')) features.add('fail');
      if (f.calls.has('reportError')) features.add('report-error');
      if (f.calls.has('resetTimeout')) features.add('reset-timeout');
      if (f.calls.has('registerMetric')) features.add('metrics');
      if (f.calls.has('emitDirect')) features.add('emit-direct');
      for (const m of f.declared) declared.add(m);
      for (const e of f.emits) {
        const k = e.kinds;
        if (role === 'spout') {
          if (!e.direct && ((k.length === 2 && k[0] !== 'string') || k.length >= 3)) features.add('reliable-spout');
          if (e.direct && k.length >= 3 && k[k.length - 2] === 'values') features.add('reliable-spout');
        } else if (role === 'bolt' && !features.has('basic-bolt')) {
          if (!e.direct && ((k.length === 2 && k[0] !== 'string' && k[0] !== 'values') || k.length >= 3)) features.add('anchoring');
          if (e.direct && (k.length >= 4 || (k.length === 3 && k[1] !== 'string'))) features.add('anchoring');
        }
      }
    }
    if (role === 'spout' && (declared.has('ack') || declared.has('fail'))) features.add('spout-ack-fail');

    const savedPending = this.ev.pending;
    this.ev.pending = [];
    const self = inst ?? (decl ? this.ev.newInstance(decl, className, simple, [], decl.file) : null);
    let outputStreams: OutputStream[] = [];
    let componentConfig: Record<string, unknown> = {};
    const ofdOwner = ch.decls.find((d) => d.methods.some((m) => m.name === 'declareOutputFields' && m.params.length === 1 && m.body));
    if (ofdOwner && self) {
      const m = ofdOwner.methods.find((x) => x.name === 'declareOutputFields' && x.params.length === 1)!;
      const ofd = { h: 'ofd' as const, streams: [] as OutputStream[], unresolved: false };
      this.safely(() => this.ev.runMethod(m, self, [{ k: 'ref', o: ofd }]));
      outputStreams = ofd.streams;
    }
    const gccOwner = ch.decls.find((d) => d.methods.some((m) => m.name === 'getComponentConfiguration' && m.params.length === 0 && m.body));
    if (gccOwner && self) {
      const m = gccOwner.methods.find((x) => x.name === 'getComponentConfiguration' && x.params.length === 0)!;
      const r = this.safely(() => this.ev.runMethod(m, self, []));
      const j = r ? this.ev.toJson(r) : null;
      if (j && typeof j === 'object' && !Array.isArray(j)) componentConfig = j as Record<string, unknown>;
    }
    if (Object.keys(componentConfig).length) features.add('component-config');
    if (TICK_KEY in componentConfig) features.add('tick');
    if (outputStreams.some((s) => s.direct)) features.add('direct-stream');
    if (outputStreams.length > 1 || outputStreams.some((s) => s.id !== 'default')) features.add('multiple-streams');

    let multilang: MultilangInfo | undefined;
    if (has([...SHELL_COMPONENTS])) {
      features.add('multilang');
      let cmdArgs: Value[] = [];
      if (decl && self) {
        this.safely(() => this.ev.instanceFields(self));
        cmdArgs = self.superArgs ?? [];
      } else if (inst) cmdArgs = inst.args;
      const command = strings(cmdArgs) ?? [];
      multilang = { command };
      const script = [...command].reverse().find((c) => /\.[A-Za-z0-9]+$/.test(c) && !c.startsWith('-'));
      if (script && scripts) {
        const found = scripts.find(script);
        if (found) multilang.script = found.display;
      }
      diagnostics.push(diagnostic('multilang', loc, `${className ?? simple} runs ${command.length ? JSON.stringify(command.join(' ')) : 'a child process'}`));
    }

    diagnostics.push(...this.ev.pending);
    this.ev.pending = savedPending;
    let window: WindowInfo | undefined;
    if (inst) window = windowOf(inst);

    const superclasses = decl ? ch.names : [];
    const info: ComponentClassInfo & { files: Set<string>; backtype: boolean } = {
      className: className ?? simple,
      kind,
      features: sortFeatures(features),
      outputStreams,
      componentConfig,
      superclasses,
      source: loc,
      diagnostics,
      files: new Set(ch.decls.map((d) => d.file.path)),
      backtype: ch.decls.some((d) => d.file.backtype),
    };
    if (multilang) info.multilang = multilang;
    if (window) info.window = window;
    return info;
  }

  private safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}

function span(v: Value | undefined): { count?: number; durationMs?: number } | null {
  if (!v || v.k !== 'window') return null;
  if (v.count !== undefined) return { count: v.count };
  if (v.ms !== undefined) return { durationMs: v.ms };
  return null;
}

function windowOf(inst: Instance): WindowInfo | undefined {
  let w: WindowInfo | undefined;
  for (const c of inst.calls) {
    if (c.name === 'withWindow') {
      w = { ...w, kind: 'sliding', length: span(c.args[0]), slide: c.args.length >= 2 ? span(c.args[1]) : { count: 1 } };
    } else if (c.name === 'withTumblingWindow') {
      const { slide: _s, ...rest } = w ?? { kind: 'tumbling', length: null };
      void _s;
      w = { ...rest, kind: 'tumbling', length: span(c.args[0]) };
    } else if (c.name === 'withTimestampField') {
      const f = c.args[0];
      w = { ...(w ?? { kind: 'sliding', length: null }), ...(f?.k === 'str' ? { timestampField: f.v } : {}) };
    } else if (c.name === 'withLag') {
      const s = span(c.args[0]);
      w = { ...(w ?? { kind: 'sliding', length: null }), ...(s?.durationMs !== undefined ? { lagMs: s.durationMs } : {}) };
    }
  }
  return w;
}

export function scriptFinder(allFiles: string[], base: string | null): ScriptFinder {
  const norm = allFiles.map((f) => f.replace(/\\/g, '/'));
  return {
    find(script: string) {
      const want = '/' + script.replace(/^\.?\//, '');
      const hits = norm
        .filter((f) => f.endsWith(want))
        .sort((a, b) => {
          const ra = a.includes('/resources/') ? 0 : 1;
          const rb = b.includes('/resources/') ? 0 : 1;
          return ra - rb || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
        });
      const abs = hits[0];
      if (!abs) return undefined;
      const display = base && abs.startsWith(base) ? abs.slice(base.length) : path.relative(process.cwd(), abs).replace(/\\/g, '/');
      return { abs, display: display.startsWith('..') ? abs : display };
    },
  };
}

export { UNKNOWN };
