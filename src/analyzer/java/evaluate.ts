// A small abstract interpreter over method bodies: follows the TopologyBuilder through locals,
// fields, helper methods and constants, and records components, edges and config.
import { diagnostic, type DiagnosticName } from '../../model/diagnostics.js';
import type { Diagnostic, Grouping } from '../../model/topology.js';
import { args, decodeString, field, kids, simpleName, typeName, type JNode } from './ast.js';
import { CONFIG_KEYS } from './config-keys.js';
import type { ClassDecl, FieldDecl, FileIndex, MethodDecl } from './extract.js';
import { EXTERNAL_CONSTANTS, FIRST_POLL, GUARANTEES } from './known.js';
import { Program, type ClassRef } from './program.js';
import {
  int,
  same,
  str,
  strings,
  UNKNOWN,
  type CompRec,
  type HeapObj,
  type Instance,
  type KafkaObj,
  type MapObj,
  type TopoKind,
  type TopoRec,
  type Value,
} from './values.js';

interface Frame {
  cls: ClassDecl | null;
  file: FileIndex;
  method: MethodDecl | null;
  env: Map<string, Value>;
  self: Instance | null;
  loop: number;
  returns: Value[];
  createdConfigs: MapObj[];
  created: TopoRec[];
}

const GROUPING_METHODS: Record<string, Grouping> = {
  shuffleGrouping: 'shuffle',
  fieldsGrouping: 'fields',
  allGrouping: 'all',
  globalGrouping: 'global',
  noneGrouping: 'none',
  localOrShuffleGrouping: 'local-or-shuffle',
  directGrouping: 'direct',
  customGrouping: 'custom',
  partialKeyGrouping: 'partial-key',
};

const CONFIG_SETTERS: Record<string, string> = {
  setNumWorkers: 'topology.workers',
  setDebug: 'topology.debug',
  setMessageTimeoutSecs: 'topology.message.timeout.secs',
  setMaxSpoutPending: 'topology.max.spout.pending',
  setNumAckers: 'topology.acker.executors',
  setMaxTaskParallelism: 'topology.max.task.parallelism',
  setStatsSampleRate: 'topology.stats.sample.rate',
  setFallBackOnJavaSerialization: 'topology.fall.back.on.java.serialization',
  setTopologyWorkerMaxHeapSize: 'topology.worker.max.heap.size.mb',
  setTopologyStrategy: 'topology.scheduler.strategy',
  setNumEventLoggers: 'topology.eventlogger.executors',
  setSkipMissingKryoRegistrations: 'topology.skip.missing.kryo.registrations',
  setTopologyPriority: 'topology.priority',
  setTopologyVersion: 'topology.version',
  setClasspath: 'topology.classpath',
  setEnvironment: 'topology.environment',
  setKryoFactory: 'topology.kryo.factory',
  setTopologyConstraintsMaxStateSearch: 'topology.ras.constraint.max.state.search',
};

const MAP_TYPES = new Set(['Config', 'HashMap', 'TreeMap', 'LinkedHashMap', 'Properties', 'ConcurrentHashMap', 'Hashtable', 'Map']);
const LIST_TYPES = new Set(['ArrayList', 'LinkedList', 'Vector', 'HashSet', 'LinkedHashSet', 'TreeSet']);
const SITE_TYPES: Record<string, TopoKind> = {
  TopologyBuilder: 'storm',
  TridentTopology: 'trident',
  LinearDRPCTopologyBuilder: 'drpc',
  StreamBuilder: 'streams',
  TransactionalTopologyBuilder: 'transactional',
};
const SITE_DIAG: Record<TopoKind, DiagnosticName | null> = {
  storm: null,
  trident: 'trident',
  drpc: 'drpc',
  streams: 'streams-api',
  transactional: 'transactional',
};
const TIME_UNITS: Record<string, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};
const MAX_DEPTH = 24;
const KNOWN_STATIC = new Set(['ConfigurableTopology.start', 'KafkaSpoutConfig.builder', 'Count.of']);
/** Reads of a map-like configuration by key. */
const CONFIG_READS = new Set(['get', 'getProperty', 'getOrDefault', 'getString']);
/** Members of Storm's Thrift Grouping union, by static factory name. */
const THRIFT_GROUPINGS: Record<string, Grouping> = {
  shuffle: 'shuffle',
  fields: 'fields',
  all: 'all',
  none: 'none',
  direct: 'direct',
  local_or_shuffle: 'local-or-shuffle',
  custom_object: 'custom',
  custom_serialized: 'custom',
};
const STORM_LIB = /^(org\.apache\.storm|backtype\.storm|storm\.(kafka|trident))\.(?!starter\.|.*examples?\.)/;

export class Evaluator {
  readonly topologies: TopoRec[] = [];
  private readonly sites = new Map<string, TopoRec>();
  private readonly staticCache = new Map<FieldDecl, Value>();
  private readonly evaluating = new Set<FieldDecl>();
  private readonly stack: MethodDecl[] = [];
  /** Diagnostics raised during the current root evaluation that belong to no builder yet. */
  pending: Diagnostic[] = [];
  /** Static fields assigned or initialized with mutable objects; one JVM per root, so reset per root. */
  private statics = new Map<FieldDecl, Value>();
  private clinitDone = new Set<ClassDecl>();
  private readonly pseudo = new Map<string, MethodDecl>();
  /** Set while a class's entry methods are re-run: a statement that re-adds the same component is not a duplicate. */
  dedupe = false;

  constructor(readonly prog: Program) {}

  siteKey(file: FileIndex, n: JNode): string {
    return `${file.path}:${n.l}:${n.c}`;
  }

  hasSite(file: FileIndex, l: number, c: number): boolean {
    return this.sites.has(`${file.path}:${l}:${c}`);
  }

  // ---- entry points -------------------------------------------------------------

  /** A fresh JVM for the next root: no static state. */
  resetRoot(): void {
    this.rootRecs = [];
    this.pending = [];
    this.statics = new Map();
    this.clinitDone = new Set();
    this.dedupe = false;
  }

  /** `<init>` (field initializers) or `<clinit>` (static initializers) of a class, as a method. */
  pseudoMethod(cls: ClassDecl, name: '<init>' | '<clinit>'): MethodDecl {
    const key = `${cls.id}:${name}`;
    let m = this.pseudo.get(key);
    if (!m) {
      const ctor = name === '<init>' ? cls.methods.find((x) => x.isCtor) : undefined;
      m = {
        name,
        params: [],
        varargs: false,
        isStatic: name === '<clinit>',
        isCtor: name === '<init>',
        returnType: 'void',
        body: null,
        created: [],
        l: ctor?.l ?? cls.l,
        c: ctor?.c ?? cls.c,
        cls,
      };
      this.pseudo.set(key, m);
    }
    return m;
  }

  /**
   * Whether the class's static initialization creates a topology builder; then it runs in full, once
   * per root. Other static fields are left to lazy constant reads.
   */
  needsClinit(cls: ClassDecl): boolean {
    let v = this.clinitNeeded.get(cls);
    if (v === undefined) {
      v = cls.clinit.some((x) => ('block' in x ? x.created : x.field.created).some((t) => SITE_TYPES[t] !== undefined));
      this.clinitNeeded.set(cls, v);
    }
    return v;
  }
  private readonly clinitNeeded = new Map<ClassDecl, boolean>();

  /** Runs the static initializers of a class once per root, in source order. */
  ensureClinit(cls: ClassDecl): void {
    if (this.clinitDone.has(cls) || !this.needsClinit(cls)) return;
    this.clinitDone.add(cls);
    const m = this.pseudoMethod(cls, '<clinit>');
    for (const item of cls.clinit) {
      const fr = this.frame(cls, m, null);
      if ('block' in item) {
        this.stack.push(m);
        try {
          this.exec(item.block, fr);
        } finally {
          this.stack.pop();
        }
      } else if (!this.statics.has(item.field) && item.field.init) {
        const v = this.eval(item.field.init, fr);
        this.statics.set(item.field, v);
        this.noteField(v, item.field.name, fr, true);
      }
    }
  }

  /** Records the field a builder is stored in, when the code storing it created it. */
  private noteField(v: Value, name: string, fr: Frame, init: boolean): void {
    const rec = v.k === 'ref' && v.o.h === 'builder' ? v.o.topo : null;
    if (rec && rec.field === null && (init || fr.created.includes(rec))) rec.field = name;
  }

  /** The concrete class code runs for: the receiver's class when it extends the code's class. */
  private dynClass(fr: Frame): ClassDecl | null {
    const selfCls = fr.self?.cls;
    if (!selfCls || !fr.cls || selfCls === fr.cls) return fr.cls;
    return this.prog.classChain(selfCls).includes(fr.cls) ? selfCls : fr.cls;
  }

  runMethod(m: MethodDecl, self: Instance | null, argVals: Value[]): Value {
    return this.invoke(m, argVals, self, null);
  }

  newInstance(cls: ClassDecl | null, className: string | null, simple: string, argVals: Value[], file: FileIndex): Instance {
    return { h: 'instance', cls, className, simple, args: argVals, calls: [], fields: null, superArgs: null, props: new Map(), file };
  }

  /** Fields of an analyzed instance, running initializers and the matching constructor once. */
  instanceFields(inst: Instance): Map<string, Value> {
    if (inst.fields) return inst.fields;
    inst.fields = new Map();
    if (!inst.cls) return inst.fields;
    const chain = this.prog.classChain(inst.cls);
    const top = chain[chain.length - 1]!;
    const topSuper = this.prog.superclassDecl(top);
    if (topSuper && topSuper.simple === 'ConfigurableTopology') inst.fields.set('conf', { k: 'ref', o: this.newMap('config') });
    for (const c of [...chain].reverse()) {
      for (const f of c.fields.values()) {
        if (f.isStatic || !f.init) continue;
        const fr = this.frame(c, f.created.length ? this.pseudoMethod(c, '<init>') : null, inst);
        const v = this.eval(f.init, fr);
        inst.fields.set(f.name, v);
        this.noteField(v, f.name, fr, true);
      }
    }
    this.construct(inst.cls, inst, inst.args);
    return inst.fields;
  }

  private construct(cls: ClassDecl, inst: Instance, argVals: Value[]): void {
    const ctors = cls.methods.filter((m) => m.isCtor);
    const ctor = ctors.find((m) => m.params.length === argVals.length) ?? ctors.find((m) => m.varargs);
    if (!ctor) {
      const sup = this.prog.superclassDecl(cls);
      if (sup?.decl) this.construct(sup.decl, inst, []);
      return;
    }
    this.invoke(ctor, argVals, inst, null);
  }

  frame(cls: ClassDecl | null, method: MethodDecl | null, self: Instance | null, file?: FileIndex): Frame {
    return {
      cls,
      file: file ?? cls?.file ?? method!.cls.file,
      method,
      env: new Map(),
      self,
      loop: 0,
      returns: [],
      createdConfigs: [],
      created: [],
    };
  }

  private invoke(m: MethodDecl, argVals: Value[], self: Instance | null, caller: Frame | null): Value {
    if (m.isStatic || m.isCtor) this.ensureClinit(m.cls);
    if (!m.body || this.stack.includes(m) || this.stack.length >= MAX_DEPTH) return UNKNOWN;
    const fr = this.frame(m.cls, m, self);
    if (caller) fr.loop = caller.loop;
    m.params.forEach((p, i) => {
      if (m.varargs && i === m.params.length - 1) {
        const rest = argVals.slice(i);
        fr.env.set(p.name, rest.length === 1 && rest[0]!.k === 'list' ? rest[0]! : { k: 'list', items: rest });
      } else fr.env.set(p.name, argVals[i] ?? UNKNOWN);
    });
    this.stack.push(m);
    try {
      this.exec(m.body, fr);
    } finally {
      this.stack.pop();
    }
    for (const r of fr.returns) {
      const rec = r.k === 'topology' ? r.rec : r.k === 'ref' && r.o.h === 'builder' ? r.o.topo : null;
      if (rec) rec.returned = true;
    }
    if (fr.returns.length === 0) return UNKNOWN;
    const first = fr.returns[0]!;
    // A class or value read from one config key stays one, whatever the helper returning it.
    if (first.k === 'unknown' && first.cfgKey !== undefined && fr.returns.every((r) => r.k === 'unknown' && r.cfgKey === first.cfgKey && r.why === first.why))
      return first;
    return fr.returns.every((r) => same(r, first)) ? first : (fr.returns.find((r) => r.k === 'topology') ?? UNKNOWN);
  }

  // ---- statements ---------------------------------------------------------------

  private exec(n: JNode, fr: Frame): void {
    switch (n.t) {
      case 'block':
      case 'constructor_body':
      case 'switch_block_statement_group':
      case 'switch_rule':
        for (const s of kids(n)) this.exec(s, fr);
        return;
      case 'local_variable_declaration':
        for (const d of kids(n)) {
          if (d.t !== 'variable_declarator') continue;
          const name = field(d, 'name')?.x;
          const value = field(d, 'value');
          if (name) fr.env.set(name, value ? this.eval(value, fr) : UNKNOWN);
        }
        return;
      case 'expression_statement':
        for (const e of kids(n)) this.eval(e, fr);
        return;
      case 'if_statement': {
        const cond = field(n, 'condition');
        if (cond) this.eval(cond, fr);
        const branches = [field(n, 'consequence'), field(n, 'alternative')];
        this.branch(
          fr,
          branches.map((b) => (b ? [b] : [])),
        );
        return;
      }
      case 'for_statement':
      case 'enhanced_for_statement':
      case 'while_statement':
      case 'do_statement': {
        for (const init of fields(n, 'init')) this.exec(init.t.endsWith('declaration') ? init : { ...init, t: 'expression_statement', k: [init] }, fr);
        if (n.t === 'enhanced_for_statement') {
          const v = field(n, 'value');
          if (v) this.eval(v, fr);
        }
        const before = new Map(fr.env);
        fr.loop++;
        const name = n.t === 'enhanced_for_statement' ? field(n, 'name')?.x : undefined;
        if (name) fr.env.set(name, UNKNOWN);
        const body = field(n, 'body');
        if (body) this.exec(body, fr);
        fr.loop--;
        // Anything assigned in the loop is unknown after it.
        for (const [k, v] of before) if (!same(fr.env.get(k), v)) before.set(k, UNKNOWN);
        fr.env = before;
        return;
      }
      case 'try_statement':
      case 'try_with_resources_statement': {
        for (const c of kids(n)) {
          if (c.t === 'resource_specification') {
            for (const r of kids(c)) {
              const name = field(r, 'name')?.x;
              const value = field(r, 'value');
              if (name && value) fr.env.set(name, this.eval(value, fr));
            }
          }
        }
        const body = field(n, 'body');
        if (body) this.exec(body, fr);
        const catches = kids(n)
          .filter((c) => c.t === 'catch_clause')
          .map((c) => kids(c).filter((k) => k.t === 'block'));
        if (catches.length) this.branch(fr, [[], ...catches]);
        const fin = kids(n).find((c) => c.t === 'finally_clause');
        if (fin) for (const b of kids(fin)) this.exec(b, fr);
        return;
      }
      case 'switch_expression': {
        const v = field(n, 'condition');
        if (v) this.eval(v, fr);
        const body = field(n, 'body');
        this.branch(fr, [[], ...kids(body).map((g) => [g])]);
        return;
      }
      case 'return_statement': {
        const e = kids(n)[0];
        fr.returns.push(e ? this.eval(e, fr) : UNKNOWN);
        return;
      }
      case 'synchronized_statement':
      case 'labeled_statement':
        for (const c of kids(n)) if (c.t === 'block' || c.t.endsWith('statement')) this.exec(c, fr);
        return;
      case 'explicit_constructor_invocation':
        this.ctorCall(n, fr);
        return;
      default:
        return;
    }
  }

  /** Runs alternative statement lists from the same state and merges what they assign. */
  private branch(fr: Frame, alternatives: JNode[][]): void {
    const base = fr.env;
    const results: Map<string, Value>[] = [];
    for (const alt of alternatives) {
      fr.env = new Map(base);
      for (const s of alt) this.exec(s, fr);
      results.push(fr.env);
    }
    const merged = new Map(base);
    for (const k of base.keys()) {
      const vals = results.map((r) => r.get(k));
      const first = vals[0];
      merged.set(k, vals.every((v) => same(v, first)) ? first! : UNKNOWN);
    }
    fr.env = merged;
  }

  private ctorCall(n: JNode, fr: Frame): void {
    const ctor = field(n, 'constructor');
    const vals = args(n).map((a) => this.eval(a, fr));
    if (!fr.self || !fr.cls) return;
    if (ctor?.t === 'this') {
      const target = fr.cls.methods.find((m) => m.isCtor && m !== fr.method && m.params.length === vals.length);
      if (target) this.invoke(target, vals, fr.self, fr);
      return;
    }
    const sup = this.prog.superclassDecl(fr.cls);
    if (sup?.decl) this.construct(sup.decl, fr.self, vals);
    else fr.self.superArgs = vals;
  }

  // ---- expressions --------------------------------------------------------------

  eval(n: JNode, fr: Frame): Value {
    switch (n.t) {
      case 'string_literal':
      case 'text_block':
      case 'character_literal':
        return { k: 'str', v: decodeString(n.x ?? '""') };
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'octal_integer_literal':
      case 'binary_integer_literal': {
        const t = (n.x ?? '0').replace(/[_lL]/g, '');
        const v =
          t.startsWith('0x') || t.startsWith('0X')
            ? parseInt(t.slice(2), 16)
            : t.startsWith('0b') || t.startsWith('0B')
              ? parseInt(t.slice(2), 2)
              : /^0[0-7]+$/.test(t)
                ? parseInt(t, 8)
                : Number(t);
        return Number.isFinite(v) ? { k: 'num', v } : UNKNOWN;
      }
      case 'decimal_floating_point_literal': {
        const v = Number((n.x ?? '').replace(/[_fFdD]/g, ''));
        return Number.isFinite(v) ? { k: 'num', v } : UNKNOWN;
      }
      case 'true':
        return { k: 'bool', v: true };
      case 'false':
        return { k: 'bool', v: false };
      case 'null_literal':
        return { k: 'null' };
      case 'this':
        return fr.self ? { k: 'ref', o: fr.self } : UNKNOWN;
      case 'identifier':
        return this.lookup(n.x ?? '', fr, n);
      case 'parenthesized_expression':
      case 'cast_expression': {
        const e = field(n, 'value') ?? kids(n)[kids(n).length - 1];
        return e ? this.eval(e, fr) : UNKNOWN;
      }
      case 'field_access':
        return this.fieldAccess(n, fr);
      case 'binary_expression':
        return this.binary(n, fr);
      case 'unary_expression': {
        const v = this.eval(field(n, 'operand') ?? kids(n)[0]!, fr);
        if (n.x === '-' && v.k === 'num') return { k: 'num', v: -v.v };
        if (n.x === '+' && v.k === 'num') return v;
        if (n.x === '!' && v.k === 'bool') return { k: 'bool', v: !v.v };
        return UNKNOWN;
      }
      case 'ternary_expression': {
        const c = this.eval(field(n, 'condition')!, fr);
        const a = field(n, 'consequence');
        const b = field(n, 'alternative');
        if (c.k === 'bool') return this.eval((c.v ? a : b)!, fr);
        const va = a ? this.eval(a, fr) : UNKNOWN;
        const vb = b ? this.eval(b, fr) : UNKNOWN;
        return same(va, vb) ? va : this.unknownAt(n);
      }
      case 'assignment_expression':
        return this.assign(n, fr);
      case 'object_creation_expression':
        return this.creation(n, fr);
      case 'method_invocation':
        return this.call(n, fr);
      case 'array_creation_expression': {
        const init = field(n, 'value') ?? kids(n).find((k) => k.t === 'array_initializer');
        return init ? this.eval(init, fr) : { k: 'list', items: [] };
      }
      case 'array_initializer':
        return { k: 'list', items: kids(n).map((k) => this.eval(k, fr)) };
      case 'class_literal': {
        const ty = kids(n)[0];
        return ty?.x ? { k: 'class', name: this.prog.resolveType(ty.x, fr.cls, fr.file).fqcn } : UNKNOWN;
      }
      case 'lambda_expression':
        return { k: 'unknown', why: 'lambda', l: n.l, c: n.c, ...(n.x !== undefined ? { arity: Number(n.x) } : {}) };
      case 'method_reference':
        return { k: 'unknown', why: 'lambda', l: n.l, c: n.c, ...(n.x !== undefined ? { ref: n.x } : {}) };
      case 'update_expression': {
        const target = kids(n)[0];
        if (target?.t === 'identifier' && fr.env.has(target.x!)) fr.env.set(target.x!, this.unknownAt(n));
        return this.unknownAt(n);
      }
      default:
        return this.unknownAt(n);
    }
  }

  private unknownAt(n: JNode): Value {
    return { k: 'unknown', l: n.l, c: n.c };
  }

  private lookup(name: string, fr: Frame, n: JNode): Value {
    const local = fr.env.get(name);
    if (local) return local;
    if (fr.self && fr.cls) {
      const fields = this.instanceFields(fr.self);
      const v = fields.get(name);
      if (v) return v;
    }
    if (fr.cls) {
      const f = this.prog.findField(fr.cls, name);
      if (f) return this.fieldValue(f.field, f.owner, fr);
    }
    const owner = fr.file.imports.staticSingle.get(name);
    if (owner) return this.staticMember(this.classRefFromName(owner, fr), name, n);
    for (const w of fr.file.imports.staticWildcards) {
      const ref = this.classRefFromName(w, fr);
      if (ref.decl && this.prog.findField(ref.decl, name)) return this.staticMember(ref, name, n);
      if (!ref.decl && EXTERNAL_CONSTANTS[ref.simple]?.[name] !== undefined) return this.staticMember(ref, name, n);
    }
    if (FIRST_POLL.has(name) || GUARANTEES.has(name)) return { k: 'enum', owner: '', name };
    return this.unknownAt(n);
  }

  private classRefFromName(fqcn: string, fr: Frame): ClassRef {
    const decl = this.prog.byFqcn.get(fqcn);
    if (decl) return { fqcn, simple: simpleName(fqcn), decl };
    return this.prog.resolveType(fqcn, fr.cls, fr.file);
  }

  private fieldValue(f: FieldDecl, owner: ClassDecl, fr: Frame): Value {
    if (f.isStatic) {
      this.ensureClinit(owner);
      const s = this.statics.get(f);
      if (s) return s;
    }
    if (!f.init) return UNKNOWN;
    if (!f.isStatic && !f.isFinal) return UNKNOWN;
    const cached = this.staticCache.get(f);
    if (cached) return cached;
    if (this.evaluating.has(f)) return UNKNOWN;
    this.evaluating.add(f);
    try {
      const v = this.eval(f.init, this.frame(owner, f.isStatic && f.created.length ? this.pseudoMethod(owner, '<clinit>') : null, null));
      // Immutable values are shared across roots; a static field's object is shared within one root (one JVM).
      if (v.k !== 'ref') this.staticCache.set(f, v);
      else if (f.isStatic) {
        this.statics.set(f, v);
        this.noteField(v, f.name, fr, true);
      }
      void fr;
      return v;
    } finally {
      this.evaluating.delete(f);
    }
  }

  /** Treats an expression as a class name when it is not a variable or field. */
  private asClassRef(n: JNode, fr: Frame): ClassRef | null {
    if (n.t === 'identifier') {
      const name = n.x ?? '';
      if (fr.env.has(name)) return null;
      if (fr.self?.fields?.has(name)) return null;
      if (fr.cls && this.prog.findField(fr.cls, name)) return null;
      if (!/^[A-Z]/.test(name)) return null;
      return this.prog.resolveType(name, fr.cls, fr.file);
    }
    if (n.t === 'field_access' || n.t === 'scoped_identifier') {
      const parts: string[] = [];
      let cur: JNode | undefined = n;
      while (cur && (cur.t === 'field_access' || cur.t === 'scoped_identifier')) {
        const f = cur.t === 'field_access' ? field(cur, 'field') : field(cur, 'name');
        if (!f?.x) return null;
        parts.unshift(f.x);
        cur = cur.t === 'field_access' ? field(cur, 'object') : field(cur, 'scope');
      }
      if (!cur || cur.t !== 'identifier') return null;
      parts.unshift(cur.x ?? '');
      const text = parts.join('.');
      if (this.prog.byFqcn.has(text)) return this.classRefFromName(text, fr);
      const head = this.asClassRef(cur, fr);
      if (head) {
        if (!/^[A-Z]/.test(parts[parts.length - 1] ?? '')) return null;
        const nested = `${head.fqcn}.${parts.slice(1).join('.')}`;
        return { fqcn: nested, simple: simpleName(nested), decl: this.prog.byFqcn.get(nested) };
      }
      // a.b.C: lower-case package segments then a class name
      if (/^[a-z]/.test(parts[0]!) && /^[A-Z]/.test(parts[parts.length - 1]!) && !fr.env.has(parts[0]!)) {
        return { fqcn: text, simple: simpleName(text), decl: this.prog.byFqcn.get(text) };
      }
    }
    return null;
  }

  private fieldAccess(n: JNode, fr: Frame): Value {
    const obj = field(n, 'object');
    const name = field(n, 'field')?.x ?? '';
    if (!obj) return this.unknownAt(n);
    if (obj.t === 'this') {
      if (fr.self) {
        const v = this.instanceFields(fr.self).get(name);
        if (v) return v;
      }
      if (fr.cls) {
        const f = this.prog.findField(fr.cls, name);
        if (f) return this.fieldValue(f.field, f.owner, fr);
      }
      return this.unknownAt(n);
    }
    const ref = this.asClassRef(obj, fr);
    if (ref) return this.staticMember(ref, name, n);
    const recv = this.eval(obj, fr);
    if (recv.k === 'ref' && recv.o.h === 'instance') {
      if (recv.o.cls) {
        const v = this.instanceFields(recv.o).get(name);
        if (v) return v;
      }
      return recv.o.props.get(name) ?? this.unknownAt(n);
    }
    if (name === 'length' && recv.k === 'list') return { k: 'num', v: recv.items.length };
    return this.unknownAt(n);
  }

  private staticMember(ref: ClassRef, name: string, n: JNode): Value {
    if (ref.decl) {
      const f = this.prog.findField(ref.decl, name);
      if (f) return this.fieldValue(f.field, f.owner, this.frame(f.owner, null, null));
      if (ref.decl.kind === 'enum') return { k: 'enum', owner: ref.fqcn, name };
      return this.unknownAt(n);
    }
    if (ref.simple === 'Config' && /^[A-Z][A-Z0-9_]*$/.test(name)) {
      return { k: 'str', v: CONFIG_KEYS[name] ?? name.toLowerCase().replace(/_/g, '.') };
    }
    const ext = EXTERNAL_CONSTANTS[ref.simple]?.[name];
    if (typeof ext === 'string') return { k: 'str', v: ext };
    if (typeof ext === 'number') return { k: 'num', v: ext };
    if (ref.simple === 'TimeUnit') return { k: 'enum', owner: 'TimeUnit', name };
    if (/^[A-Z][A-Z0-9_]*$/.test(name) && /(Strategy|Guarantee|Type|Mode|Unit|Kind|Level|Policy)$/.test(ref.simple)) {
      return { k: 'enum', owner: ref.fqcn, name };
    }
    return this.unknownAt(n);
  }

  private binary(n: JNode, fr: Frame): Value {
    const a = this.eval(field(n, 'left')!, fr);
    const b = this.eval(field(n, 'right')!, fr);
    const op = n.x;
    const text = (v: Value): string | null =>
      v.k === 'str' ? v.v : v.k === 'num' ? String(v.v) : v.k === 'bool' ? String(v.v) : v.k === 'null' ? 'null' : null;
    if (op === '+' && (a.k === 'str' || b.k === 'str')) {
      const sa = text(a);
      const sb = text(b);
      return sa !== null && sb !== null ? { k: 'str', v: sa + sb } : this.unknownAt(n);
    }
    if (a.k === 'num' && b.k === 'num') {
      switch (op) {
        case '+':
          return { k: 'num', v: a.v + b.v };
        case '-':
          return { k: 'num', v: a.v - b.v };
        case '*':
          return { k: 'num', v: a.v * b.v };
        case '/':
          return b.v === 0 ? this.unknownAt(n) : { k: 'num', v: Number.isInteger(a.v) && Number.isInteger(b.v) ? Math.trunc(a.v / b.v) : a.v / b.v };
        case '%':
          return b.v === 0 ? this.unknownAt(n) : { k: 'num', v: a.v % b.v };
        default:
          return this.unknownAt(n);
      }
    }
    return this.unknownAt(n);
  }

  private assign(n: JNode, fr: Frame): Value {
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) return UNKNOWN;
    let v = this.eval(right, fr);
    if (n.x && n.x !== '=') {
      const fake: JNode = {
        t: 'binary_expression',
        l: n.l,
        c: n.c,
        x: n.x.slice(0, -1),
        k: [
          { ...left, f: 'left' },
          { ...right, f: 'right' },
        ],
      };
      v = this.binary(fake, fr);
    }
    if (left.t === 'identifier') {
      const name = left.x ?? '';
      if (fr.env.has(name)) fr.env.set(name, v);
      else if (fr.cls) {
        const f = this.prog.findField(fr.cls, name);
        if (f && !f.field.isStatic && fr.self) this.instanceFields(fr.self).set(name, v);
        else if (f?.field.isStatic) this.statics.set(f.field, v);
        if (f) this.noteField(v, name, fr, false);
      }
      return v;
    }
    if (left.t === 'field_access') {
      const obj = field(left, 'object');
      const name = field(left, 'field')?.x ?? '';
      if (obj?.t === 'this') {
        if (fr.self) this.instanceFields(fr.self).set(name, v);
        this.noteField(v, name, fr, false);
        return v;
      }
      const cref = obj ? this.asClassRef(obj, fr) : null;
      if (cref?.decl) {
        const f = this.prog.findField(cref.decl, name);
        if (f?.field.isStatic) {
          this.statics.set(f.field, v);
          this.noteField(v, name, fr, false);
        }
        return v;
      }
      if (obj && !cref) {
        const recv = this.eval(obj, fr);
        if (recv.k === 'ref') {
          if (recv.o.h === 'instance') {
            if (recv.o.cls) this.instanceFields(recv.o).set(name, v);
            else recv.o.props.set(name, v);
          } else if (recv.o.h === 'kafka' && name === 'scheme') {
            const s = this.schemeName(v);
            if (s) recv.o.info.scheme = s;
          } else if (recv.o.h === 'kafka' && name === 'startOffsetTime') {
            recv.o.info.firstPollOffsetStrategy = this.describe(v) ?? undefined;
          }
        }
      }
    }
    return v;
  }

  private describe(v: Value): string | null {
    if (v.k === 'str') return v.v;
    if (v.k === 'num') return String(v.v);
    if (v.k === 'enum') return v.name;
    return null;
  }

  private schemeName(v: Value): string | null {
    if (v.k !== 'ref' || v.o.h !== 'instance') return null;
    if (v.o.simple === 'SchemeAsMultiScheme' || v.o.simple === 'KeyValueSchemeAsMultiScheme') {
      const inner = v.o.args[0];
      return inner ? this.schemeName(inner) : null;
    }
    return v.o.className;
  }

  private newMap(kind: 'config' | 'map'): MapObj {
    return { h: 'map', kind, entries: new Map(), diags: [] };
  }

  // ---- object creation ----------------------------------------------------------

  private creation(n: JNode, fr: Frame): Value {
    const tyText = typeName(field(n, 'type')?.x ?? 'Object');
    const simple = simpleName(tyText);
    const vals = args(n).map((a) => this.eval(a, fr));
    const ref = this.prog.resolveType(tyText, fr.cls, fr.file);
    if (n.anon !== undefined) {
      const cls = this.prog.classes[n.anon] ?? null;
      return { k: 'ref', o: this.newInstance(cls, cls ? cls.fqcn.replace(/\$\d+:\d+$/, '') + '$' + cls.name.split('$').pop() : null, simple, vals, fr.file) };
    }
    if (simple === 'GlobalStreamId' && ref.decl && /\.generated\.GlobalStreamId$/.test(ref.fqcn))
      return { k: 'gsid', comp: vals[0] ?? UNKNOWN, stream: vals[1] ?? UNKNOWN };
    // Storm's own classes may be among the analyzed sources; they keep their library meaning.
    if (!ref.decl || STORM_LIB.test(ref.fqcn)) {
      const kind = SITE_TYPES[simple];
      if (kind && (simple !== 'StreamBuilder' || /streams/.test(ref.fqcn) || ref.fqcn === simple)) return this.newSite(kind, n, fr);
      if (MAP_TYPES.has(simple)) {
        const m = this.newMap(simple === 'Config' ? 'config' : 'map');
        if (vals[0]?.k === 'ref' && vals[0].o.h === 'map') for (const [k, v] of vals[0].o.entries) m.entries.set(k, v);
        if (simple === 'Config') fr.createdConfigs.push(m);
        return { k: 'ref', o: m };
      }
      if (simple === 'Fields') return { k: 'fields', list: strings(vals) };
      if (simple === 'GlobalStreamId') return { k: 'gsid', comp: vals[0] ?? UNKNOWN, stream: vals[1] ?? UNKNOWN };
      if (simple === 'Values') return { k: 'list', items: vals };
      if (LIST_TYPES.has(simple)) return { k: 'list', items: vals[0]?.k === 'list' ? [...vals[0].items] : [] };
      if (simple === 'ZkHosts') return { k: 'ref', o: { h: 'zkhosts', hosts: str(vals[0]) } };
      if (simple === 'SpoutConfig' && vals.length >= 3) return { k: 'ref', o: this.zkSpoutConfig(vals) };
      if (simple === 'Builder' && /KafkaSpoutConfig/.test(tyText)) return { k: 'ref', o: this.kafkaClientConfig(vals) };
      if (simple === 'Count') return int(vals[0]) !== null ? { k: 'window', count: int(vals[0])! } : this.unknownAt(n);
      if (simple === 'Duration') {
        const v = int(vals[0]);
        const u = vals[1]?.k === 'enum' ? TIME_UNITS[vals[1].name] : undefined;
        return v !== null && u !== undefined ? { k: 'window', ms: v * u } : this.unknownAt(n);
      }
      if (simple === 'LocalDRPC')
        this.report('drpc', fr, n, `${simple} serves a DRPC topology in-process; a deployed Flink job takes its requests from Storm's DRPC server`);
    }
    return { k: 'ref', o: this.newInstance(ref.decl ?? null, ref.fqcn, simple, vals, fr.file) };
  }

  private newSite(kind: TopoKind, n: JNode, fr: Frame): Value {
    const site = this.siteKey(fr.file, n);
    // Inherited code builds one topology per concrete class it runs for.
    const dyn = this.dynClass(fr);
    const key = dyn && dyn !== fr.cls ? `${site}@${dyn.id}` : site;
    let rec: TopoRec | null = null;
    if (!this.sites.has(key)) {
      rec = {
        kind,
        file: fr.file,
        l: n.l,
        c: n.c,
        site,
        entryClass: dyn,
        entryMethod: fr.method,
        field: null,
        components: [],
        edges: [],
        diags: [],
        files: new Set([fr.file]),
        name: null,
        config: null,
        localConfig: null,
        submitted: false,
        returned: false,
      };
      this.sites.set(key, rec);
      this.topologies.push(rec);
      fr.created.push(rec);
      this.rootRecs.push(rec);
      const d = SITE_DIAG[kind];
      if (d) {
        const what =
          kind === 'streams'
            ? 'its operations become spouts and bolts when built, and run as such'
            : kind === 'drpc'
              ? 'its spouts and bolts run as built, taking requests from a DRPC server beside the Flink job'
              : kind === 'trident'
                ? 'it compiles to spouts and bolts when built, and runs as such; its transactional state needs a ZooKeeper on a cluster'
                : 'no automatic Flink translation';
        rec.diags.push(this.diag(d, fr.file, n, `${typeName(field(n, 'type')?.x ?? kind)} topology: ${what}`));
      }
      rec.diags.push(...this.pending);
      this.pending = [];
    }
    // A second evaluation of the same site (helper called twice) does not add a topology.
    return { k: 'ref', o: { h: 'builder', topo: rec } };
  }

  private zkSpoutConfig(vals: Value[]): KafkaObj {
    const hosts = vals[0]?.k === 'ref' && vals[0].o.h === 'zkhosts' ? vals[0].o.hosts : null;
    const topic = str(vals[1]);
    const info: KafkaObj['info'] = { kind: 'storm-kafka', topics: topic !== null ? [topic] : [] };
    if (hosts !== null) info.zkHosts = hosts;
    const root = str(vals[2]);
    if (root !== null) info.zkRoot = root;
    const id = str(vals[3]);
    if (id !== null) info.groupId = id;
    return { h: 'kafka', info };
  }

  private kafkaClientConfig(vals: Value[]): KafkaObj {
    const info: KafkaObj['info'] = { kind: 'storm-kafka-client', topics: [] };
    const servers = str(vals[0]);
    if (servers !== null) info.bootstrapServers = servers;
    for (const v of vals.slice(1)) {
      if (v.k === 'pattern') info.topicPattern = v.v;
      else {
        const s = strings([v]);
        if (s) info.topics.push(...s);
      }
    }
    return { h: 'kafka', info };
  }

  // ---- calls --------------------------------------------------------------------

  private call(n: JNode, fr: Frame): Value {
    const name = field(n, 'name')?.x ?? '';
    const objNode = field(n, 'object');
    const argNodes = args(n);
    if (objNode && objNode.t !== 'this' && objNode.t !== 'super') {
      const ref = this.asClassRef(objNode, fr);
      if (ref) return this.staticCall(ref, name, argNodes, n, fr);
      const recv = this.eval(objNode, fr);
      return this.instanceCall(recv, name, argNodes, n, fr);
    }
    const vals = argNodes.map((a) => this.eval(a, fr));
    if (objNode?.t === 'super' && fr.cls) {
      const sup = this.prog.superclassDecl(fr.cls);
      const m = sup?.decl ? this.prog.findMethod(sup.decl, name, vals.length, false) : undefined;
      return m ? this.invoke(m, vals, fr.self, fr) : this.escape(vals, n, fr);
    }
    if (fr.cls) {
      // Virtual dispatch: an overriding method of the receiver's class runs.
      const dyn = fr.self ? this.dynClass(fr) : null;
      const over = dyn && dyn !== fr.cls ? this.prog.findMethod(dyn, name, vals.length, false) : undefined;
      const m = over && !over.isStatic ? over : this.prog.findMethod(fr.cls, name, vals.length);
      if (m) return this.invoke(m, vals, m.isStatic ? null : fr.self, fr);
    }
    if (name === 'submit' && vals.length >= 2) {
      const [nameVal, conf, b] = vals.length >= 3 ? vals : [UNKNOWN, vals[0]!, vals[1]!];
      this.submit(nameVal!, conf!, b!, fr);
      return UNKNOWN;
    }
    if (name === 'getConf' && fr.self) return this.instanceFields(fr.self).get('conf') ?? UNKNOWN;
    return this.escape(vals, n, fr);
  }

  /** A call we cannot follow: a builder passed to it may gain components we never see. */
  private escape(vals: Value[], n: JNode, fr: Frame): Value {
    for (const v of vals) {
      if (v.k === 'ref' && v.o.h === 'builder' && v.o.topo && v.o.topo.kind === 'storm') {
        v.o.topo.diags.push(
          this.diag(
            'builder-escapes',
            fr.file,
            n,
            `The TopologyBuilder is passed to ${field(n, 'name')?.x ?? 'a method'}(), which is not in the analyzed sources`,
          ),
        );
      }
    }
    // Utils.getString(conf.get(KEY), default), String.valueOf(conf.get(KEY)): still the value of KEY.
    const first = vals[0];
    if (first?.k === 'unknown' && first.cfgKey !== undefined && first.why === undefined) return { k: 'unknown', l: n.l, c: n.c, cfgKey: first.cfgKey };
    return this.unknownAt(n);
  }

  /** Class.forName(x) / loader.loadClass(x) / Utils.newInstance(x): a class chosen at run time. */
  private reflect(arg: Value | undefined, what: string, n: JNode, fr: Frame): Value {
    const key = arg?.k === 'unknown' ? arg.cfgKey : undefined;
    // Storm's own library code among the sources (a Storm checkout) is not the user's choice of class.
    if (fr.cls && STORM_LIB.test(fr.cls.fqcn)) return { k: 'unknown', why: 'reflection', l: n.l, c: n.c };
    if (key !== undefined) {
      this.report('class-from-config', fr, n, `${what} loads the class named by config key "${key}"; it is known only at run time`);
      return { k: 'unknown', why: 'reflection', l: n.l, c: n.c, cfgKey: key };
    }
    this.report('reflection', fr, n, `${what} creates a class by reflection`);
    return { k: 'unknown', why: 'reflection', l: n.l, c: n.c };
  }

  private staticCall(ref: ClassRef, name: string, argNodes: JNode[], n: JNode, fr: Frame): Value {
    const vals = argNodes.map((a) => this.eval(a, fr));
    if (name.startsWith('submitTopology') && vals.length >= 3) {
      this.submit(vals[0]!, vals[1]!, vals[2]!, fr);
      return UNKNOWN;
    }
    // The Thrift Grouping union (also when its generated class is among the sources).
    if (ref.simple === 'Grouping' && (!ref.decl || /\.generated\.Grouping$/.test(ref.fqcn)) && THRIFT_GROUPINGS[name]) {
      const kind = THRIFT_GROUPINGS[name]!;
      return {
        k: 'grouping',
        kind,
        ...(name === 'fields' ? { fields: vals[0] ?? UNKNOWN } : {}),
        ...(kind === 'custom' ? { custom: vals[0] ?? UNKNOWN } : {}),
      };
    }
    if (!ref.decl && ref.simple === 'Utils') {
      if (name === 'getGlobalStreamId' && vals.length === 2)
        return { k: 'gsid', comp: vals[0]!, stream: vals[1]!.k === 'null' ? { k: 'str', v: 'default' } : vals[1]! };
      if (name === 'javaSerialize' && vals.length === 1) return vals[0]!;
    }
    if (!ref.decl && name === 'newInstance' && vals.length === 1 && (vals[0]!.k === 'str' || (vals[0]!.k === 'unknown' && vals[0]!.cfgKey !== undefined))) {
      return this.reflect(vals[0], `${ref.simple}.newInstance`, n, fr);
    }
    const libCall = STORM_LIB.test(ref.fqcn) && (KNOWN_STATIC.has(`${ref.simple}.${name}`) || ref.simple === 'Duration' || ref.simple === 'Config');
    if (ref.decl && !libCall) {
      const m = this.prog.findMethod(ref.decl, name, vals.length, false);
      if (m) return this.invoke(m, vals, null, fr);
      return this.escape(vals, n, fr);
    }
    switch (`${ref.simple}.${name}`) {
      case 'ConfigurableTopology.start': {
        const inst = vals[0];
        if (inst?.k === 'ref' && inst.o.h === 'instance' && inst.o.cls) {
          const run = this.prog.findMethod(inst.o.cls, 'run', 1, false);
          if (run) this.invoke(run, [vals[1] ?? UNKNOWN], inst.o, fr);
        }
        return UNKNOWN;
      }
      case 'KafkaSpoutConfig.builder':
        return { k: 'ref', o: this.kafkaClientConfig(vals) };
      case 'Arrays.asList':
      case 'List.of':
      case 'Set.of':
      case 'Collections.singletonList':
      case 'Lists.newArrayList':
      case 'Stream.of':
      case 'ImmutableList.of':
        return { k: 'list', items: vals.length === 1 && vals[0]!.k === 'list' ? vals[0]!.items : vals };
      case 'Count.of':
        return int(vals[0]) !== null ? { k: 'window', count: int(vals[0])! } : this.unknownAt(n);
      case 'Pattern.compile':
        return str(vals[0]) !== null ? { k: 'pattern', v: str(vals[0])! } : this.unknownAt(n);
      case 'Class.forName':
        return this.reflect(vals[0], 'Class.forName', n, fr);
      case 'Integer.parseInt':
      case 'Integer.valueOf':
      case 'Long.parseLong':
      case 'Long.valueOf': {
        const s = str(vals[0]);
        if (s !== null && /^-?\d+$/.test(s.trim())) return { k: 'num', v: Number(s.trim()) };
        const i = int(vals[0]);
        return i !== null ? { k: 'num', v: i } : this.unknownAt(n);
      }
      case 'String.valueOf': {
        const v = vals[0];
        if (v?.k === 'unknown' && v.cfgKey !== undefined && v.why === undefined) return { k: 'unknown', l: n.l, c: n.c, cfgKey: v.cfgKey };
        return v && (v.k === 'num' || v.k === 'str' || v.k === 'bool') ? { k: 'str', v: String(v.v) } : this.unknownAt(n);
      }
    }
    if (ref.simple === 'Duration' || ref.simple.endsWith('.Duration')) {
      const v = int(vals[0]);
      const unit: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, milliseconds: 1, of: 1 };
      if (v !== null && unit[name] !== undefined) return { k: 'window', ms: v * unit[name]! };
      return this.unknownAt(n);
    }
    if (ref.simple === 'Config' && vals[0]?.k === 'ref' && vals[0].o.h === 'map') {
      return this.mapCall(vals[0].o, name, vals.slice(1), argNodes.slice(1), n, fr);
    }
    return this.escape(vals, n, fr);
  }

  private instanceCall(recv: Value, name: string, argNodes: JNode[], n: JNode, fr: Frame): Value {
    const vals = argNodes.map((a) => this.eval(a, fr));
    if (name.startsWith('submitTopology') && vals.length >= 3) {
      this.submit(vals[0]!, vals[1]!, vals[2]!, fr);
      return UNKNOWN;
    }
    if (name === 'loadClass' && vals.length === 1) return this.reflect(vals[0], 'loadClass', n, fr);
    if (name === 'newInstance' || (recv.k === 'unknown' && recv.why === 'reflection')) {
      if (name === 'newInstance' && !(recv.k === 'unknown' && recv.why === 'reflection'))
        this.report('reflection', fr, n, 'newInstance creates an object by reflection');
      const key = recv.k === 'unknown' ? recv.cfgKey : undefined;
      return { k: 'unknown', why: 'reflection', l: n.l, c: n.c, ...(key !== undefined ? { cfgKey: key } : {}) };
    }
    if (recv.k === 'unknown' && recv.why === undefined) {
      // conf.get("spout.class").toString(), props.getProperty("bolt.class"): a config read by key.
      if (recv.cfgKey !== undefined && (name === 'toString' || name === 'trim' || name === 'intern'))
        return { k: 'unknown', l: n.l, c: n.c, cfgKey: recv.cfgKey };
      const k = str(vals[0]);
      if (k !== null && CONFIG_READS.has(name)) return { k: 'unknown', l: n.l, c: n.c, cfgKey: k };
    }
    if (recv.k === 'fields' && name === 'toList') return recv.list ? { k: 'list', items: recv.list.map((v) => ({ k: 'str', v })) } : this.unknownAt(n);
    if (recv.k === 'list') {
      if (name === 'add') recv.items.push(vals[vals.length - 1] ?? UNKNOWN);
      else if (name === 'addAll' && vals[0]?.k === 'list') recv.items.push(...vals[0].items);
      return UNKNOWN;
    }
    if (recv.k !== 'ref') return this.escape(vals, n, fr);
    const o = recv.o;
    switch (o.h) {
      case 'builder':
        return this.builderCall(o, recv, name, vals, argNodes, n, fr);
      case 'declarer':
        return this.declarerCall(o, recv, name, vals, argNodes, n, fr);
      case 'map':
        return this.mapCall(o, name, vals, argNodes, n, fr);
      case 'kafka':
        this.kafkaCall(o, name, vals);
        return recv;
      case 'ofd':
        this.declareCall(o, name, vals, argNodes, n, fr);
        return UNKNOWN;
      case 'instance': {
        if (o.cls) {
          const m = this.prog.findMethod(o.cls, name, vals.length, false);
          if (m) {
            const r = this.invoke(m, vals, o, fr);
            // Builder-style methods of analyzed classes usually return this.
            if (name.startsWith('with')) o.calls.push({ name, args: vals });
            return r.k === 'unknown' && name.startsWith('with') ? recv : r;
          }
        }
        if (name.startsWith('with')) {
          o.calls.push({ name, args: vals });
          return recv;
        }
        // Fluent setters of library components (new HdfsSpout().setHdfsUri(…).setSourceDir(…)) return the component.
        if (!o.cls && /^set[A-Z]/.test(name)) {
          this.escape(vals, n, fr);
          return recv;
        }
        return this.escape(vals, n, fr);
      }
      default:
        return this.escape(vals, n, fr);
    }
  }

  private submit(nameVal: Value, conf: Value, topo: Value, fr: Frame): void {
    let rec: TopoRec | null = null;
    if (topo.k === 'topology') rec = topo.rec;
    else if (topo.k === 'ref' && topo.o.h === 'builder') rec = topo.o.topo;
    if (!rec) return;
    rec.submitted = true;
    if (rec.name === null && nameVal.k === 'str') rec.name = nameVal.v;
    if (!rec.config && conf.k === 'ref' && conf.o.h === 'map') rec.config = conf.o;
    void fr;
  }

  private builderCall(o: { h: 'builder'; topo: TopoRec | null }, recv: Value, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const rec = o.topo;
    if (name === 'createTopology' || name === 'build' || name === 'createRemoteTopology' || name === 'createLocalTopology') {
      return { k: 'topology', rec };
    }
    if (rec && fr.createdConfigs.length && !rec.localConfig && fr.created.includes(rec)) rec.localConfig = fr.createdConfigs[0]!;
    if (rec?.kind === 'storm' && (name === 'setSpout' || name === 'setBolt' || name === 'setStateSpout')) {
      return this.addComponent(rec, name === 'setBolt' ? 'bolt' : 'spout', vals, argNodes, n, fr);
    }
    if (rec?.kind === 'trident' && (name === 'newStream' || name === 'newDRPCStream')) {
      rec.tridentStreams ??= { spouts: false, drpc: false };
      rec.tridentStreams[name === 'newStream' ? 'spouts' : 'drpc'] = true;
    }
    if (rec && rec.kind !== 'storm') return recv; // fluent Trident/DRPC calls
    if (!rec && (name === 'setSpout' || name === 'setBolt')) return { k: 'ref', o: { h: 'declarer', topo: null, comp: null } };
    return this.unknownAt(n);
  }

  private addComponent(rec: TopoRec, type: 'spout' | 'bolt', vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const at = field(n, 'name') ?? n;
    rec.files.add(fr.file);
    if (fr.loop > 0) {
      rec.diags.push(
        this.diag(
          'component-in-loop',
          fr.file,
          at,
          `set${type === 'spout' ? 'Spout' : 'Bolt'} is called inside a loop; the components are not expanded statically`,
        ),
      );
      return { k: 'ref', o: { h: 'declarer', topo: null, comp: null } };
    }
    const idVal = vals[0] ?? UNKNOWN;
    let id: string;
    if (idVal.k === 'str') id = idVal.v;
    else {
      const a = argNodes[0] ?? n;
      rec.diags.push(this.diag('dynamic-component-id', fr.file, a, `The ${type} id is not a constant`));
      id = this.dynamicId(idVal, a);
    }
    const again = rec.components.find((c) => c.id === id);
    if (again && this.dedupe && again.file === fr.file && again.l === at.l && again.c === at.c) {
      // The same statement run again for the same topology (a class's entry methods share a helper).
      return { k: 'ref', o: { h: 'declarer', topo: rec, comp: again } };
    }
    if (again) {
      rec.diags.push(this.diag('duplicate-component-id', fr.file, at, `Component id "${id}" is declared twice`));
    }
    const inst = vals[1] ?? UNKNOWN;
    const lambda = inst.k === 'unknown' && inst.why === 'lambda' ? this.lambdaKind(type, inst, vals, fr) : undefined;
    let parallelism: number | null = 1;
    // setBolt(id, lambda, "field", ...) has output fields, not a hint, after the bolt.
    if (argNodes.length >= 3 && vals[2]!.k !== 'str' && !(lambda === 'bi-consumer' && vals[2]!.k === 'list')) {
      parallelism = int(vals[2]);
      if (parallelism === null) rec.diags.push(this.diag('dynamic-parallelism', fr.file, argNodes[2]!, `The parallelism hint of "${id}" is not a constant`));
    }
    if (inst.k === 'ref' && inst.o.h === 'instance' && inst.o.simple === 'DRPCSpout') {
      rec.diags.push(this.diag('drpc', fr.file, argNodes[1] ?? n, 'DRPCSpout makes this a DRPC topology'));
    }
    const comp: CompRec = { id, type, inst, parallelism, numTasks: null, config: {}, resources: {}, custom: false, file: fr.file, l: at.l, c: at.c };
    if (lambda) {
      comp.lambda = lambda;
      if (lambda === 'bi-consumer') {
        const hinted = vals.length >= 3 && vals[2]!.k !== 'str' && vals[2]!.k !== 'list';
        comp.lambdaFields = strings(vals.slice(hinted ? 3 : 2));
        if (comp.lambdaFields === null)
          rec.diags.push(
            this.diag('dynamic-stream-or-fields', fr.file, argNodes[hinted ? 3 : 2] ?? at, `The output fields of the lambda bolt "${id}" are not constant`),
          );
      }
    }
    rec.components.push(comp);
    return { k: 'ref', o: { h: 'declarer', topo: rec, comp } };
  }

  /**
   * Which Storm 2 lambda overload a setSpout/setBolt call with a lambda or method reference picks:
   * spouts take a SerializableSupplier; bolts a SerializableBiConsumer<Tuple, BasicOutputCollector>
   * (two parameters, optional output fields) or a SerializableConsumer<Tuple> (one, no output).
   */
  private lambdaKind(type: 'spout' | 'bolt', fn: Extract<Value, { k: 'unknown' }>, vals: Value[], fr: Frame): CompRec['lambda'] {
    if (type === 'spout') return 'supplier';
    let arity = fn.arity;
    if (arity === undefined && fn.ref) arity = this.refArity(fn.ref, fr);
    if (arity === 2) return 'bi-consumer';
    if (arity === 1) return 'consumer';
    // Output fields only exist on the bi-consumer overload.
    const rest = vals.slice(2);
    if (rest.some((v) => v.k === 'str') || rest.length >= 2) return 'bi-consumer';
    return undefined;
  }

  /** Parameters a method reference's functional interface takes, when the method is in the sources. */
  private refArity(ref: string, fr: Frame): number | undefined {
    const i = ref.lastIndexOf('::');
    if (i < 0 || !fr.cls) return undefined;
    const owner = ref.slice(0, i);
    const name = ref.slice(i + 2);
    let cls: ClassDecl | undefined;
    let unbound = false;
    if (owner === 'this' || owner === 'super') cls = fr.cls;
    else if (/^[A-Z]/.test(simpleName(owner))) {
      cls = this.prog.resolveType(owner, fr.cls, fr.file).decl;
      unbound = true;
    }
    if (!cls) return undefined;
    const arities = new Set<number>();
    for (const c of this.prog.classChain(cls)) {
      for (const m of c.methods) if (m.name === name && !m.isCtor) arities.add(m.params.length + (unbound && !m.isStatic ? 1 : 0));
    }
    return arities.size === 1 ? [...arities][0] : undefined;
  }

  private dynamicId(v: Value, at: JNode): string {
    if (v.k === 'unknown' && v.l !== undefined) return `<dynamic:${v.l}:${v.c}>`;
    return `<dynamic:${at.l}:${at.c}>`;
  }

  private declarerCall(
    o: { h: 'declarer'; topo: TopoRec | null; comp: CompRec | null },
    recv: Value,
    name: string,
    vals: Value[],
    argNodes: JNode[],
    n: JNode,
    fr: Frame,
  ): Value {
    const { topo: rec, comp } = o;
    if (!rec || !comp) return recv;
    const at = field(n, 'name') ?? n;
    const grouping = GROUPING_METHODS[name];
    if (grouping) {
      const hasExtra = grouping === 'fields' || grouping === 'custom' || grouping === 'partial-key';
      const streamIdx = hasExtra ? (vals.length >= 3 ? 1 : -1) : vals.length >= 2 ? 1 : -1;
      const fromVal = vals[0] ?? UNKNOWN;
      let from: string;
      if (fromVal.k === 'str') from = fromVal.v;
      else {
        rec.diags.push(this.diag('dynamic-component-id', fr.file, argNodes[0] ?? at, `The source component id of ${name} is not a constant`));
        from = this.dynamicId(fromVal, argNodes[0] ?? at);
      }
      let stream = 'default';
      if (streamIdx > 0) {
        const s = vals[streamIdx]!;
        if (s.k === 'str') stream = s.v;
        else {
          rec.diags.push(this.diag('dynamic-stream-or-fields', fr.file, argNodes[streamIdx] ?? at, `The stream id of ${name} is not a constant`));
          stream = this.dynamicId(s, argNodes[streamIdx] ?? at);
        }
      }
      const edge: TopoRec['edges'][number] = { from, stream, to: comp.id, grouping, source: { file: fr.file.path, line: at.l, column: at.c } };
      if (grouping === 'fields' || grouping === 'partial-key') {
        const fv = vals[vals.length - 1];
        const list = fv && vals.length >= 2 ? (fv.k === 'fields' ? fv.list : strings([fv])) : null;
        if (list) edge.fields = list;
        else {
          edge.fields = [];
          if (vals.length >= 2 || grouping === 'fields') {
            rec.diags.push(this.diag('dynamic-stream-or-fields', fr.file, argNodes[argNodes.length - 1] ?? at, `The fields of ${name} are not constant`));
          }
        }
      }
      if (grouping === 'custom') {
        const g = vals[vals.length - 1];
        if (g?.k === 'ref' && g.o.h === 'instance' && g.o.className) edge.customClass = g.o.className;
        comp.custom = true;
      }
      if (
        this.dedupe &&
        rec.edges.some(
          (e) =>
            e.from === edge.from &&
            e.to === edge.to &&
            e.stream === edge.stream &&
            e.source?.line === at.l &&
            e.source?.column === at.c &&
            e.source?.file === fr.file.path,
        )
      )
        return recv;
      rec.edges.push(edge);
      rec.files.add(fr.file);
      return recv;
    }
    switch (name) {
      case 'setNumTasks':
        comp.numTasks = int(vals[0]);
        if (comp.numTasks === null)
          rec.diags.push(this.diag('dynamic-parallelism', fr.file, argNodes[0] ?? at, `The task count of "${comp.id}" is not a constant`));
        return recv;
      case 'addConfiguration': {
        const k = str(vals[0]);
        if (k === null) rec.diags.push(this.diag('dynamic-config-value', fr.file, argNodes[0] ?? at, 'The config key is not a constant'));
        else this.putJson(comp.config, k, vals[1] ?? UNKNOWN, rec.diags, fr, argNodes[1] ?? at);
        return recv;
      }
      case 'addConfigurations': {
        const m = vals[0];
        if (m?.k === 'ref' && m.o.h === 'map') {
          for (const [k, v] of m.o.entries) comp.config[k] = this.toJson(v);
          rec.diags.push(...m.o.diags);
        } else rec.diags.push(this.diag('dynamic-config-value', fr.file, at, 'The component configuration map is not constant'));
        return recv;
      }
      case 'setMemoryLoad': {
        const on = vals[0]?.k === 'num' ? vals[0].v : null;
        if (on !== null) comp.resources.memoryOnHeapMb = on;
        if (vals[1]?.k === 'num') comp.resources.memoryOffHeapMb = vals[1].v;
        return recv;
      }
      case 'setCPULoad':
        if (vals[0]?.k === 'num') comp.resources.cpu = vals[0].v;
        return recv;
      case 'setMaxTaskParallelism':
        this.putJson(comp.config, 'topology.max.task.parallelism', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'setDebug':
        this.putJson(comp.config, 'topology.debug', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'setMaxSpoutPending':
        this.putJson(comp.config, 'topology.max.spout.pending', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'grouping':
        if (vals.length === 2) {
          this.unionGrouping(rec, comp, vals[0]!, vals[1]!, argNodes, at, fr);
          return recv;
        }
        rec.diags.push(
          this.diag('unknown-grouping', fr.file, at, `${name}() is not a grouping storm2flink translates; the subscription is missing from the graph`),
        );
        return recv;
      default:
        if (name === 'grouping' || name.endsWith('Grouping')) {
          rec.diags.push(
            this.diag('unknown-grouping', fr.file, at, `${name}() is not a grouping storm2flink translates; the subscription is missing from the graph`),
          );
        }
        return recv;
    }
  }

  /** declarer.grouping(new GlobalStreamId(from, stream), Grouping.x(...)): Storm's Thrift form of a subscription. */
  private unionGrouping(rec: TopoRec, comp: CompRec, id: Value, g: Value, argNodes: JNode[], at: JNode, fr: Frame): void {
    const idNode = argNodes[0] ?? at;
    const gNode = argNodes[1] ?? at;
    if (id.k !== 'gsid') {
      rec.diags.push(this.diag('dynamic-component-id', fr.file, idNode, 'The GlobalStreamId of grouping() is not known statically'));
      return;
    }
    if (g.k !== 'grouping' || !g.kind) {
      rec.diags.push(
        this.diag('unknown-grouping', fr.file, gNode, 'The Grouping of grouping() is not known statically; the subscription is missing from the graph'),
      );
      return;
    }
    let from: string;
    if (id.comp.k === 'str') from = id.comp.v;
    else {
      rec.diags.push(this.diag('dynamic-component-id', fr.file, idNode, 'The source component id of grouping() is not a constant'));
      from = this.dynamicId(id.comp, idNode);
    }
    let stream: string;
    if (id.stream.k === 'str') stream = id.stream.v;
    else {
      rec.diags.push(this.diag('dynamic-stream-or-fields', fr.file, idNode, 'The stream id of grouping() is not a constant'));
      stream = this.dynamicId(id.stream, idNode);
    }
    let grouping: Grouping = g.kind;
    const edge: TopoRec['edges'][number] = { from, stream, to: comp.id, grouping, source: { file: fr.file.path, line: at.l, column: at.c } };
    if (g.kind === 'fields') {
      const list = g.fields ? (g.fields.k === 'fields' ? g.fields.list : strings([g.fields])) : null;
      // TopologyBuilder encodes globalGrouping as Grouping.fields(<empty list>).
      if (list && list.length === 0) grouping = 'global';
      else if (list) edge.fields = list;
      else {
        edge.fields = [];
        rec.diags.push(this.diag('dynamic-stream-or-fields', fr.file, gNode, 'The fields of Grouping.fields are not constant'));
      }
      edge.grouping = grouping;
    }
    if (g.kind === 'custom') {
      const c = g.custom;
      if (c?.k === 'ref' && c.o.h === 'instance') {
        // custom_object(new JavaObject("com.example.MyGrouping", args)) names the class; custom_serialized(Utils.javaSerialize(obj)) holds it.
        if (c.o.simple === 'JavaObject' && c.o.args[0]?.k === 'str') edge.customClass = c.o.args[0].v;
        else if (c.o.className && c.o.simple !== 'JavaObject') edge.customClass = c.o.className;
      }
      comp.custom = true;
    }
    if (
      this.dedupe &&
      rec.edges.some(
        (e) =>
          e.from === edge.from &&
          e.to === edge.to &&
          e.stream === edge.stream &&
          e.source?.line === at.l &&
          e.source?.column === at.c &&
          e.source?.file === fr.file.path,
      )
    )
      return;
    rec.edges.push(edge);
    rec.files.add(fr.file);
  }

  private putJson(target: Record<string, unknown>, key: string, v: Value, diags: Diagnostic[], fr: Frame, at: JNode): void {
    const j = this.toJson(v);
    target[key] = j;
    if (j === null && v.k !== 'null') diags.push(this.diag('dynamic-config-value', fr.file, at, `The value of "${key}" is computed at run time`));
  }

  private mapCall(m: MapObj, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const at = field(n, 'name') ?? n;
    const put = (key: string, v: Value, node: JNode): void => {
      m.entries.set(key, v);
      if (this.toJson(v) === null && v.k !== 'null')
        m.diags.push(this.diag('dynamic-config-value', fr.file, node, `The value of "${key}" is computed at run time`));
    };
    if (name === 'put' || name === 'setProperty' || name === 'putIfAbsent') {
      const k = str(vals[0]);
      if (k === null) m.diags.push(this.diag('dynamic-config-value', fr.file, argNodes[0] ?? at, 'The config key is computed at run time'));
      else put(k, vals[1] ?? UNKNOWN, argNodes[1] ?? at);
      return UNKNOWN;
    }
    if (name === 'putAll') {
      const src = vals[0];
      if (src?.k === 'ref' && src.o.h === 'map') for (const [k, v] of src.o.entries) m.entries.set(k, v);
      else m.diags.push(this.diag('dynamic-config-value', fr.file, at, 'putAll of a map computed at run time'));
      return UNKNOWN;
    }
    if (name === 'get' || name === 'getProperty' || name === 'getOrDefault') {
      const k = str(vals[0]);
      const v = k !== null ? m.entries.get(k) : undefined;
      if (v) return v;
      return k !== null ? { k: 'unknown', l: n.l, c: n.c, cfgKey: k } : this.unknownAt(n);
    }
    const key = CONFIG_SETTERS[name];
    if (key) {
      let v = vals[0] ?? UNKNOWN;
      if (name === 'setKryoFactory' && v.k === 'class') v = { k: 'str', v: v.name };
      put(key, v, argNodes[0] ?? at);
      return UNKNOWN;
    }
    const listKey: Record<string, string> = {
      registerSerialization: 'topology.kryo.register',
      registerDecorator: 'topology.kryo.decorators',
      registerMetricsConsumer: 'topology.metrics.consumer.register',
    };
    const lk = listKey[name];
    if (lk) {
      const cur = m.entries.get(lk);
      const list = cur?.k === 'list' ? cur : { k: 'list' as const, items: [] as Value[] };
      m.entries.set(lk, list);
      const cls = vals[0]?.k === 'class' ? vals[0].name : null;
      if (cls === null) {
        list.items.push(UNKNOWN);
        m.diags.push(this.diag('dynamic-config-value', fr.file, at, `${name} with a class computed at run time`));
      } else if (name === 'registerSerialization' && vals[1]?.k === 'class') {
        const entry = this.newMap('map');
        entry.entries.set(cls, { k: 'str', v: vals[1].name });
        list.items.push({ k: 'ref', o: entry });
      } else if (name === 'registerMetricsConsumer') {
        const entry = this.newMap('map');
        entry.entries.set('class', { k: 'str', v: cls });
        const p = vals.length >= 2 ? int(vals[vals.length - 1]) : 1;
        entry.entries.set('parallelism.hint', p !== null ? { k: 'num', v: p } : UNKNOWN);
        list.items.push({ k: 'ref', o: entry });
      } else list.items.push({ k: 'str', v: cls });
      return UNKNOWN;
    }
    return this.escape(vals, n, fr);
  }

  private kafkaCall(o: KafkaObj, name: string, vals: Value[]): void {
    const info = o.info;
    switch (name) {
      case 'setProp':
      case 'setProperty': {
        const k = str(vals[0]);
        const v = vals[1] ? this.describe(vals[1]) : null;
        if (k === 'group.id' && v !== null) info.groupId = v;
        if (k === 'bootstrap.servers' && v !== null) info.bootstrapServers = v;
        if (vals[0]?.k === 'ref' && vals[0].o.h === 'map') {
          const g = vals[0].o.entries.get('group.id');
          if (g?.k === 'str') info.groupId = g.v;
        }
        return;
      }
      case 'setGroupId': {
        const g = str(vals[0]);
        if (g !== null) info.groupId = g;
        return;
      }
      case 'setFirstPollOffsetStrategy': {
        const s = vals[0] ? this.describe(vals[0]) : null;
        if (s !== null) info.firstPollOffsetStrategy = s;
        return;
      }
      case 'setProcessingGuarantee': {
        const s = vals[0] ? this.describe(vals[0]) : null;
        if (s !== null) info.processingGuarantee = s;
        return;
      }
      case 'setRecordTranslator': {
        const t = vals[0];
        if (t?.k === 'ref' && t.o.h === 'instance' && t.o.className) info.scheme = t.o.className;
        return;
      }
      default:
        return;
    }
  }

  private declareCall(
    o: { h: 'ofd'; streams: { id: string; fields: string[]; direct: boolean; resolved?: boolean }[]; unresolved: boolean },
    name: string,
    vals: Value[],
    argNodes: JNode[],
    n: JNode,
    fr: Frame,
  ): void {
    if (name !== 'declare' && name !== 'declareStream') return;
    let rest = vals;
    let id = 'default';
    if (name === 'declareStream') {
      const s = str(vals[0]);
      if (s === null) {
        o.unresolved = true;
        this.pending.push(this.diag('dynamic-stream-or-fields', fr.file, argNodes[0] ?? n, 'The declared stream id is not a constant'));
        return;
      }
      id = s;
      rest = vals.slice(1);
    }
    let direct = false;
    if (rest.length >= 2 && rest[0]!.k === 'bool') {
      direct = rest[0]!.v;
      rest = rest.slice(1);
    }
    const f = rest[0];
    const list = f?.k === 'fields' ? f.list : f ? strings([f]) : null;
    const stream: { id: string; fields: string[]; direct: boolean; resolved?: boolean } = { id, fields: list ?? [], direct };
    if (!list) stream.resolved = false;
    const existing = o.streams.findIndex((s) => s.id === id);
    if (existing >= 0) o.streams[existing] = stream;
    else o.streams.push(stream);
  }

  // ---- helpers ------------------------------------------------------------------

  toJson(v: Value, depth = 0): unknown {
    if (depth > 8) return null;
    switch (v.k) {
      case 'str':
      case 'num':
      case 'bool':
        return v.v;
      case 'class':
        return v.name;
      case 'enum':
        return v.name;
      case 'pattern':
        return v.v;
      case 'fields':
        return v.list;
      case 'list': {
        const items = v.items.map((i) => this.toJson(i, depth + 1));
        return items.some((i) => i === null) ? null : items;
      }
      case 'ref':
        if (v.o.h === 'map') {
          const out: Record<string, unknown> = {};
          for (const [k, x] of v.o.entries) out[k] = this.toJson(x, depth + 1);
          return out;
        }
        return null;
      default:
        return null;
    }
  }

  diag(name: DiagnosticName, file: FileIndex, at: { l: number; c: number }, message: string): Diagnostic {
    return diagnostic(name, { file: file.path, line: at.l, column: at.c }, message);
  }

  /** A diagnostic for the topology being built by this root, or for the batch. */
  private report(name: DiagnosticName, fr: Frame, at: JNode, message: string): void {
    const d = this.diag(name, fr.file, at, message);
    const rec = fr.created[0] ?? this.rootRecs[this.rootRecs.length - 1];
    if (rec) rec.diags.push(d);
    else this.pending.push(d);
  }

  /** Topologies created during the current root evaluation. */
  rootRecs: TopoRec[] = [];
}

function fields(n: JNode, name: string): JNode[] {
  return kids(n).filter((c) => c.f === name);
}
