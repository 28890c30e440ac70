// All indexed files together: class lookup and Java name resolution.
import { simpleName, typeName } from './ast.js';
import type { ClassDecl, FieldDecl, FileIndex, MethodDecl } from './extract.js';
import { STORM_CLASSES } from './known.js';

const JAVA_LANG = new Set([
  'String',
  'Integer',
  'Long',
  'Double',
  'Float',
  'Short',
  'Byte',
  'Boolean',
  'Character',
  'Object',
  'Math',
  'System',
  'Class',
  'Thread',
  'Runtime',
  'Number',
  'StringBuilder',
  'Exception',
  'RuntimeException',
  'Iterable',
]);

export interface ClassRef {
  fqcn: string;
  simple: string;
  decl?: ClassDecl;
  /** The package is a guess (no import names the class and the sources do not declare it). */
  guessed?: true;
}

export class Program {
  readonly byFqcn = new Map<string, ClassDecl>();
  readonly bySimple = new Map<string, ClassDecl[]>();

  constructor(
    readonly files: FileIndex[],
    readonly classes: ClassDecl[],
  ) {
    for (const c of classes) {
      if (c.kind === 'anonymous') continue;
      if (!this.byFqcn.has(c.fqcn)) this.byFqcn.set(c.fqcn, c);
      const list = this.bySimple.get(c.name) ?? [];
      list.push(c);
      this.bySimple.set(c.name, list);
    }
  }

  static namespaceOf(file: FileIndex): string {
    return file.backtype ? 'backtype.storm' : 'org.apache.storm';
  }

  /** Resolves a type name as written in `from` (a class, or a file at top level). */
  resolveType(raw: string, from: ClassDecl | null, file: FileIndex): ClassRef {
    const name = typeName(raw).replace(/\[\]$/g, '');
    const dot = name.indexOf('.');
    if (dot > 0) {
      if (this.byFqcn.has(name)) return this.ref(name);
      // a.b.C is already qualified; only Outer.Inner needs resolving.
      if (/^[a-z_]/.test(name)) return this.ref(name);
      const head = this.resolveType(name.slice(0, dot), from, file);
      const fq = `${head.fqcn}${name.slice(dot)}`;
      if (head.decl || head.fqcn !== name.slice(0, dot)) return { ...this.ref(fq), ...(head.guessed ? { guessed: true } : {}) };
      return { fqcn: name, simple: simpleName(name), decl: this.byFqcn.get(name), guessed: true };
    }
    // nested classes of the enclosing classes and their analyzed superclasses
    for (let c: ClassDecl | null = from; c; c = c.outer) {
      if (c.name === name && c.kind !== 'anonymous') return this.ref(c.fqcn);
      const nested = this.nestedIn(c, name, 0);
      if (nested) return this.ref(nested.fqcn);
    }
    const imp = file.imports.single.get(name);
    if (imp) return this.ref(imp);
    for (const c of file.classes) if (!c.outer && c.name === name) return this.ref(c.fqcn);
    const samePkg = file.pkg ? `${file.pkg}.${name}` : name;
    if (this.byFqcn.has(samePkg)) return this.ref(samePkg);
    for (const w of file.imports.wildcards) if (this.byFqcn.has(`${w}.${name}`)) return this.ref(`${w}.${name}`);
    if (JAVA_LANG.has(name)) return { fqcn: `java.lang.${name}`, simple: name };
    const known = STORM_CLASSES[name];
    if (known) {
      for (const w of file.imports.wildcards) {
        for (const ns of ['org.apache.storm', 'backtype.storm']) {
          const fq = `${ns}.${known}`;
          if (fq.slice(0, fq.lastIndexOf('.')) === w) return { fqcn: fq, simple: name };
        }
      }
    }
    const wild = file.imports.wildcards.filter((w) => !w.startsWith('java.') && !w.startsWith('javax.'));
    if (file.imports.wildcards.length === 0) return { fqcn: samePkg, simple: name, guessed: true };
    if (wild.length === 1) return { fqcn: `${wild[0]}.${name}`, simple: name, guessed: true };
    if (known) return { fqcn: `${Program.namespaceOf(file)}.${known}`, simple: name, guessed: true };
    return { fqcn: name, simple: name, guessed: true };
  }

  private ref(fqcn: string): ClassRef {
    return { fqcn, simple: simpleName(fqcn), decl: this.byFqcn.get(fqcn) };
  }

  private nestedIn(c: ClassDecl, name: string, depth: number): ClassDecl | undefined {
    if (depth > 10) return undefined;
    const direct = this.byFqcn.get(`${c.fqcn}.${name}`);
    if (direct) return direct;
    const sup = this.superDecls(c);
    for (const s of sup) {
      const n = this.nestedIn(s, name, depth + 1);
      if (n) return n;
    }
    return undefined;
  }

  private readonly superDeclsCache = new Map<ClassDecl, ClassDecl[]>();
  private readonly superclassCache = new Map<ClassDecl, ClassRef | null>();
  private readonly chainCache = new Map<ClassDecl, ClassDecl[]>();

  /** Analyzed superclass and interfaces of a class. */
  superDecls(c: ClassDecl): ClassDecl[] {
    const cached = this.superDeclsCache.get(c);
    if (cached) return cached;
    const out: ClassDecl[] = [];
    const names = [...(c.superclass ? [c.superclass] : []), ...c.interfaces];
    for (const n of names) {
      const r = this.resolveType(n, c.outer ?? null, c.file);
      if (r.decl && r.decl !== c) out.push(r.decl);
    }
    this.superDeclsCache.set(c, out);
    return out;
  }

  superclassDecl(c: ClassDecl): ClassRef | null {
    if (!c.superclass) return null;
    const cached = this.superclassCache.get(c);
    if (cached !== undefined) return cached;
    const r = this.resolveType(c.superclass, c.kind === 'anonymous' ? c.outer : (c.outer ?? null), c.file);
    const out = r.decl === c ? { fqcn: r.fqcn, simple: r.simple } : r;
    this.superclassCache.set(c, out);
    return out;
  }

  /** A field declared by the class, its superclasses, interfaces or enclosing classes. */
  findField(c: ClassDecl, name: string, seen = new Set<ClassDecl>()): { field: FieldDecl; owner: ClassDecl } | undefined {
    for (let cur: ClassDecl | null = c; cur; cur = cur.outer) {
      const f = this.findInherited(cur, name, seen);
      if (f) return f;
    }
    return undefined;
  }

  private findInherited(c: ClassDecl, name: string, seen: Set<ClassDecl>): { field: FieldDecl; owner: ClassDecl } | undefined {
    if (seen.has(c)) return undefined;
    seen.add(c);
    const f = c.fields.get(name);
    if (f) return { field: f, owner: c };
    for (const s of this.superDecls(c)) {
      const r = this.findInherited(s, name, seen);
      if (r) return r;
    }
    return undefined;
  }

  /** A method by name and arity in the class, its superclasses, then its enclosing classes. */
  findMethod(c: ClassDecl, name: string, arity: number, outer = true): MethodDecl | undefined {
    for (let cur: ClassDecl | null = c; cur; cur = outer ? cur.outer : null) {
      const seen = new Set<ClassDecl>();
      const stack = [cur];
      while (stack.length) {
        const k = stack.shift()!;
        if (seen.has(k)) continue;
        seen.add(k);
        const m = k.methods.find((m) => !m.isCtor && m.name === name && (m.params.length === arity || (m.varargs && arity >= m.params.length - 1)));
        if (m) return m;
        stack.push(...this.superDecls(k));
      }
    }
    return undefined;
  }

  private subs: Map<ClassDecl, ClassDecl[]> | null = null;

  /** Analyzed classes that extend the class, directly or not (anonymous ones excluded). */
  subclassesOf(c: ClassDecl): ClassDecl[] {
    if (!this.subs) {
      this.subs = new Map();
      for (const k of this.classes) {
        if (k.kind !== 'class' && k.kind !== 'enum') continue;
        const sup = k.superclass ? this.superclassDecl(k)?.decl : undefined;
        if (!sup || sup === k) continue;
        const list = this.subs.get(sup) ?? [];
        list.push(k);
        this.subs.set(sup, list);
      }
    }
    const out: ClassDecl[] = [];
    const stack = [...(this.subs.get(c) ?? [])];
    while (stack.length) {
      const k = stack.shift()!;
      if (out.includes(k) || k === c) continue;
      out.push(k);
      stack.push(...(this.subs.get(k) ?? []));
    }
    return out;
  }

  /** Chain of analyzed classes from the class up its superclasses (not interfaces). */
  classChain(c: ClassDecl): ClassDecl[] {
    const cached = this.chainCache.get(c);
    if (cached) return cached;
    const out: ClassDecl[] = [];
    this.chainCache.set(c, out);
    for (let cur: ClassDecl | undefined = c; cur && !out.includes(cur);) {
      out.push(cur);
      cur = this.superclassDecl(cur)?.decl;
    }
    return out;
  }
}
