// An abstract interpreter of Java method bodies: locals, fields, constants, control flow, calls, constructors
// and inheritance. What a library class does (Storm's builder, declarers, Config) is the `Library`'s job.
import { diagnostic, type DiagnosticName } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/topology.js';
import { args, decodeString, field, fields, kids, simpleName, typeName, type JNode } from './ast.js';
import type { ClassDecl, FieldDecl, FileIndex, MethodDecl } from './extract.js';
import { Program, type ClassRef } from './program.js';
import { int, same, str, UNKNOWN, type HeapObj, type Instance, type Value } from './values.js';

export interface Frame<S = unknown> {
  cls: ClassDecl | null;
  file: FileIndex;
  method: MethodDecl | null;
  env: Map<string, Value>;
  self: Instance | null;
  loop: number;
  returns: Value[];
  /** What the library keeps for the frame (its `frameState()`). */
  own: S;
}

/**
 * What the classes the sources use but do not contain do. Each hook returns undefined when the library
 * gives the call or name no meaning; the interpreter then treats it as a call it cannot follow.
 */
export interface Library<S = unknown> {
  /** The library's state for a new frame (a method, initializer or constructor running). */
  frameState(): S;
  /** Whether `fqcn` is the library's own code (a Storm checkout among the sources keeps its library meaning). */
  isLibrary(fqcn: string): boolean;
  /** Whether creating an object of this simple type name is a side effect a static initializer must run for. */
  isTracked(simpleType: string): boolean;
  /** A call the library gives a meaning whatever receives it (submitTopology on any submitter). */
  anyCall(name: string, vals: Value[], fr: Frame<S>): Value | undefined;
  /** `new T(args)` of a library class (not in the sources, or the library's own). */
  create(tyText: string, ref: ClassRef, vals: Value[], n: JNode, fr: Frame<S>): Value | undefined;
  /** `T.name(args)`, `ref` possibly in the sources. */
  staticCall(ref: ClassRef, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame<S>): Value | undefined;
  /** `recv.name(args)` on a value that is not an instance of a class. */
  instanceCall(recv: Value, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame<S>): Value | undefined;
  /** `name(args)` inherited from a library superclass. */
  inheritedCall(name: string, vals: Value[], fr: Frame<S>): Value | undefined;
  /** `T.NAME` of a class not in the sources. */
  staticMember(ref: ClassRef, name: string): Value | undefined;
  /** Whether `T.NAME` is a known constant (for static wildcard imports). */
  hasConstant(simple: string, name: string): boolean;
  /** A bare name that is no local, field or import (a statically imported enum constant). */
  bareName(name: string): Value | undefined;
  /** `obj.name = v` on a library object. */
  assignField(o: HeapObj, name: string, v: Value): void;
  /** Fields an instance inherits from a library superclass. */
  inheritedFields(superclass: ClassRef, into: Map<string, Value>): void;
  /** A value stored in a field (`init`: by its initializer). */
  stored(v: Value, fieldName: string, fr: Frame<S>, init: boolean): void;
  /** What a method returned; the pick among differing values, if the library prefers one. */
  returned(vals: Value[]): Value | undefined;
  /** Values passed to a method the interpreter cannot follow. */
  escaped(vals: Value[], n: JNode, fr: Frame<S>): void;
  /** Where a diagnostic raised while interpreting goes. */
  report(d: Diagnostic, fr: Frame<S>): void;
}

const MAX_DEPTH = 24;
const LIST_TYPES = new Set(['ArrayList', 'LinkedList', 'Vector', 'HashSet', 'LinkedHashSet', 'TreeSet']);
/** Reads of a map-like configuration by key. */
const CONFIG_READS = new Set(['get', 'getProperty', 'getOrDefault', 'getString']);
const PRIMITIVES = new Set(['boolean', 'byte', 'char', 'short', 'int', 'long', 'float', 'double', 'void']);
const CLASS_NAME_METHODS = new Set(['getSimpleName', 'getName', 'getTypeName', 'getCanonicalName']);

/** `Class.getName()`: nested classes joined by `$` (from the declaration, or by naming convention for library classes). */
function jvmName(ref: ClassRef): string {
  if (ref.decl) {
    const nested: string[] = [];
    let d = ref.decl;
    for (; d.outer; d = d.outer) nested.unshift(d.name);
    return [d.fqcn, ...nested].join('$');
  }
  const parts = ref.fqcn.split('.');
  const top = parts.findIndex((p) => /^[A-Z]/.test(p));
  return top < 0 ? ref.fqcn : [parts.slice(0, top + 1).join('.'), ...parts.slice(top + 1)].join('$');
}

export class Interpreter<S = unknown> {
  private readonly staticCache = new Map<FieldDecl, Value>();
  private readonly evaluating = new Set<FieldDecl>();
  private readonly stack: MethodDecl[] = [];
  /** Static fields assigned or initialized with mutable objects; one JVM per root, so reset per root. */
  private statics = new Map<FieldDecl, Value>();
  private clinitDone = new Set<ClassDecl>();
  private readonly pseudo = new Map<string, MethodDecl>();
  private readonly clinitNeeded = new Map<ClassDecl, boolean>();

  constructor(
    readonly prog: Program,
    private readonly lib: Library<S>,
  ) {}

  // ---- entry points -------------------------------------------------------------

  /** A fresh JVM for the next root: no static state. */
  resetRoot(): void {
    this.statics = new Map();
    this.clinitDone = new Set();
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
   * Whether the class's static initialization creates an object the library tracks; then it runs in full, once
   * per root. Other static fields are left to lazy constant reads.
   */
  needsClinit(cls: ClassDecl): boolean {
    let v = this.clinitNeeded.get(cls);
    if (v === undefined) {
      v = cls.clinit.some((x) => ('block' in x ? x.created : x.field.created).some((t) => this.lib.isTracked(t)));
      this.clinitNeeded.set(cls, v);
    }
    return v;
  }

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
        this.lib.stored(v, item.field.name, fr, true);
      }
    }
  }

  /** The concrete class code runs for: the receiver's class when it extends the code's class. */
  dynClass(fr: Frame<S>): ClassDecl | null {
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
    if (topSuper) this.lib.inheritedFields(topSuper, inst.fields);
    for (const c of [...chain].reverse()) {
      for (const f of c.fields.values()) {
        if (f.isStatic || !f.init) continue;
        const fr = this.frame(c, f.created.length ? this.pseudoMethod(c, '<init>') : null, inst);
        const v = this.eval(f.init, fr);
        inst.fields.set(f.name, v);
        this.lib.stored(v, f.name, fr, true);
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

  frame(cls: ClassDecl | null, method: MethodDecl | null, self: Instance | null, file?: FileIndex): Frame<S> {
    return {
      cls,
      file: file ?? cls?.file ?? method!.cls.file,
      method,
      env: new Map(),
      self,
      loop: 0,
      returns: [],
      own: this.lib.frameState(),
    };
  }

  invoke(m: MethodDecl, argVals: Value[], self: Instance | null, caller: Frame<S> | null): Value {
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
    const picked = this.lib.returned(fr.returns);
    if (fr.returns.length === 0) return UNKNOWN;
    const first = fr.returns[0]!;
    // A class or value read from one config key stays one, whatever the helper returning it.
    if (first.k === 'unknown' && first.cfgKey !== undefined && fr.returns.every((r) => r.k === 'unknown' && r.cfgKey === first.cfgKey && r.why === first.why))
      return first;
    return fr.returns.every((r) => same(r, first)) ? first : (picked ?? UNKNOWN);
  }

  // ---- statements ---------------------------------------------------------------

  private exec(n: JNode, fr: Frame<S>): void {
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
  private branch(fr: Frame<S>, alternatives: JNode[][]): void {
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

  private ctorCall(n: JNode, fr: Frame<S>): void {
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

  eval(n: JNode, fr: Frame<S>): Value {
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
        if (!ty?.x) return UNKNOWN;
        if (PRIMITIVES.has(ty.x)) return { k: 'class', name: ty.x, simple: ty.x, jvmName: ty.x };
        const ref = this.prog.resolveType(ty.x, fr.cls, fr.file);
        if (ty.x.endsWith(']')) return { k: 'class', name: ref.fqcn };
        return { k: 'class', name: ref.fqcn, simple: ref.simple, ...(ref.guessed ? {} : { jvmName: jvmName(ref) }) };
      }
      case 'lambda_expression':
        return { k: 'unknown', why: 'lambda', l: n.l, c: n.c, ...(n.x !== undefined ? { arity: Number(n.x) } : {}), ...(n.builds ? { builds: true } : {}) };
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

  unknownAt(n: JNode): Value {
    return { k: 'unknown', l: n.l, c: n.c };
  }

  private lookup(name: string, fr: Frame<S>, n: JNode): Value {
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
      if (!ref.decl && this.lib.hasConstant(ref.simple, name)) return this.staticMember(ref, name, n);
    }
    return this.lib.bareName(name) ?? this.unknownAt(n);
  }

  private classRefFromName(fqcn: string, fr: Frame<S>): ClassRef {
    const decl = this.prog.byFqcn.get(fqcn);
    if (decl) return { fqcn, simple: simpleName(fqcn), decl };
    return this.prog.resolveType(fqcn, fr.cls, fr.file);
  }

  private fieldValue(f: FieldDecl, owner: ClassDecl, fr: Frame<S>): Value {
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
        this.lib.stored(v, f.name, fr, true);
      }
      return v;
    } finally {
      this.evaluating.delete(f);
    }
  }

  /** Treats an expression as a class name when it is not a variable or field. */
  private asClassRef(n: JNode, fr: Frame<S>): ClassRef | null {
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

  private fieldAccess(n: JNode, fr: Frame<S>): Value {
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
    const known = this.lib.staticMember(ref, name);
    if (known) return known;
    if (ref.simple === 'TimeUnit') return { k: 'enum', owner: 'TimeUnit', name };
    // An upper-case member of a class named like an enum is taken for one of its constants.
    if (/^[A-Z][A-Z0-9_]*$/.test(name) && /(Strategy|Guarantee|Type|Mode|Unit|Kind|Level|Policy)$/.test(ref.simple)) {
      return { k: 'enum', owner: ref.fqcn, name };
    }
    return this.unknownAt(n);
  }

  private binary(n: JNode, fr: Frame<S>): Value {
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

  private assign(n: JNode, fr: Frame<S>): Value {
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
        if (f) this.lib.stored(v, name, fr, false);
      }
      return v;
    }
    if (left.t === 'field_access') {
      const obj = field(left, 'object');
      const name = field(left, 'field')?.x ?? '';
      if (obj?.t === 'this') {
        if (fr.self) this.instanceFields(fr.self).set(name, v);
        this.lib.stored(v, name, fr, false);
        return v;
      }
      const cref = obj ? this.asClassRef(obj, fr) : null;
      if (cref?.decl) {
        const f = this.prog.findField(cref.decl, name);
        if (f?.field.isStatic) {
          this.statics.set(f.field, v);
          this.lib.stored(v, name, fr, false);
        }
        return v;
      }
      if (obj && !cref) {
        const recv = this.eval(obj, fr);
        if (recv.k === 'ref') {
          if (recv.o.h === 'instance') {
            if (recv.o.cls) this.instanceFields(recv.o).set(name, v);
            else recv.o.props.set(name, v);
          } else this.lib.assignField(recv.o, name, v);
        }
      }
    }
    return v;
  }

  // ---- object creation ----------------------------------------------------------

  private creation(n: JNode, fr: Frame<S>): Value {
    const tyText = typeName(field(n, 'type')?.x ?? 'Object');
    const simple = simpleName(tyText);
    const vals = args(n).map((a) => this.eval(a, fr));
    const ref = this.prog.resolveType(tyText, fr.cls, fr.file);
    if (n.anon !== undefined) {
      const cls = this.prog.classes[n.anon] ?? null;
      return { k: 'ref', o: this.newInstance(cls, cls ? cls.fqcn.replace(/\$\d+:\d+$/, '') + '$' + cls.name.split('$').pop() : null, simple, vals, fr.file) };
    }
    if ((!ref.decl || this.lib.isLibrary(ref.fqcn)) && LIST_TYPES.has(simple)) return { k: 'list', items: vals[0]?.k === 'list' ? [...vals[0].items] : [] };
    const made = this.lib.create(tyText, ref, vals, n, fr);
    if (made) return made;
    return { k: 'ref', o: this.newInstance(ref.decl ?? null, ref.fqcn, simple, vals, fr.file) };
  }

  // ---- calls --------------------------------------------------------------------

  private call(n: JNode, fr: Frame<S>): Value {
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
    this.unfollowed(vals, name, fr);
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
    return this.lib.inheritedCall(name, vals, fr) ?? this.escape(vals, n, fr);
  }

  /** Lambdas are not run: one that adds components or subscriptions leaves them out of the graph, and the user is told. */
  private unfollowed(vals: Value[], name: string, fr: Frame<S>): void {
    for (const v of vals) {
      if (v.k !== 'unknown' || !v.builds || v.l === undefined || v.c === undefined) continue;
      const what = `the lambda passed to ${name}() adds components or subscriptions (setSpout, setBolt, a grouping); lambdas are not followed, so these are missing from the graph`;
      this.report(name === 'forEach' ? 'component-in-loop' : 'builder-escapes', fr, { t: 'lambda_expression', l: v.l, c: v.c }, what);
    }
  }

  /** A call we cannot follow: what is passed to it may change in ways we never see. */
  escape(vals: Value[], n: JNode, fr: Frame<S>): Value {
    this.lib.escaped(vals, n, fr);
    // Utils.getString(conf.get(KEY), default), String.valueOf(conf.get(KEY)): still the value of KEY.
    const first = vals[0];
    if (first?.k === 'unknown' && first.cfgKey !== undefined && first.why === undefined) return { k: 'unknown', l: n.l, c: n.c, cfgKey: first.cfgKey };
    return this.unknownAt(n);
  }

  /** Class.forName(x) / loader.loadClass(x) / Utils.newInstance(x): a class chosen at run time. */
  private reflect(arg: Value | undefined, what: string, n: JNode, fr: Frame<S>): Value {
    const key = arg?.k === 'unknown' ? arg.cfgKey : undefined;
    // The library's own code among the sources (a Storm checkout) is not the user's choice of class.
    if (fr.cls && this.lib.isLibrary(fr.cls.fqcn)) return { k: 'unknown', why: 'reflection', l: n.l, c: n.c };
    if (key !== undefined) {
      this.report('class-from-config', fr, n, `${what} loads the class named by config key "${key}"; it is known only at run time`);
      return { k: 'unknown', why: 'reflection', l: n.l, c: n.c, cfgKey: key };
    }
    this.report('reflection', fr, n, `${what} creates a class by reflection`);
    return { k: 'unknown', why: 'reflection', l: n.l, c: n.c };
  }

  private staticCall(ref: ClassRef, name: string, argNodes: JNode[], n: JNode, fr: Frame<S>): Value {
    const vals = argNodes.map((a) => this.eval(a, fr));
    this.unfollowed(vals, name, fr);
    const any = this.lib.anyCall(name, vals, fr);
    if (any) return any;
    if (!ref.decl && name === 'newInstance' && vals.length === 1 && (vals[0]!.k === 'str' || (vals[0]!.k === 'unknown' && vals[0]!.cfgKey !== undefined))) {
      return this.reflect(vals[0], `${ref.simple}.newInstance`, n, fr);
    }
    const known = this.lib.staticCall(ref, name, vals, argNodes, n, fr);
    if (known) return known;
    if (ref.decl) {
      const m = this.prog.findMethod(ref.decl, name, vals.length, false);
      if (m) return this.invoke(m, vals, null, fr);
      return this.escape(vals, n, fr);
    }
    switch (`${ref.simple}.${name}`) {
      case 'Arrays.asList':
      case 'List.of':
      case 'Set.of':
      case 'Collections.singletonList':
      case 'Lists.newArrayList':
      case 'Stream.of':
      case 'ImmutableList.of':
        return { k: 'list', items: vals.length === 1 && vals[0]!.k === 'list' ? vals[0]!.items : vals };
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
    return this.escape(vals, n, fr);
  }

  private instanceCall(recv: Value, name: string, argNodes: JNode[], n: JNode, fr: Frame<S>): Value {
    const vals = argNodes.map((a) => this.eval(a, fr));
    this.unfollowed(vals, name, fr);
    const any = this.lib.anyCall(name, vals, fr);
    if (any) return any;
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
    // Foo.class.getSimpleName() names components: constant once the class resolves.
    if (recv.k === 'class' && vals.length === 0) {
      const v =
        name === 'getSimpleName'
          ? recv.simple
          : name === 'getName' || name === 'getTypeName'
            ? recv.jvmName
            : name === 'getCanonicalName' && recv.jvmName
              ? recv.name
              : undefined;
      if (CLASS_NAME_METHODS.has(name)) return v !== undefined ? { k: 'str', v } : this.unknownAt(n);
    }
    if (recv.k === 'str' && vals.length === 0 && (name === 'toLowerCase' || name === 'toUpperCase' || name === 'trim')) {
      return {
        k: 'str',
        v: name === 'trim' ? recv.v.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '') : name === 'toLowerCase' ? recv.v.toLowerCase() : recv.v.toUpperCase(),
      };
    }
    if (recv.k === 'list') {
      if (name === 'add') recv.items.push(vals[vals.length - 1] ?? UNKNOWN);
      else if (name === 'addAll' && vals[0]?.k === 'list') recv.items.push(...vals[0].items);
      return UNKNOWN;
    }
    if (recv.k === 'ref' && recv.o.h === 'instance') {
      const o = recv.o;
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
    return this.lib.instanceCall(recv, name, vals, argNodes, n, fr) ?? this.escape(vals, n, fr);
  }

  // ---- diagnostics --------------------------------------------------------------

  diag(name: DiagnosticName, file: FileIndex, at: { l: number; c: number }, message: string): Diagnostic {
    return diagnostic(name, { file: file.path, line: at.l, column: at.c }, message);
  }

  report(name: DiagnosticName, fr: Frame<S>, at: JNode, message: string): void {
    this.lib.report(this.diag(name, fr.file, at, message), fr);
  }
}
