// Per-file index: package, imports, classes with their fields, methods and facts.
// Method bodies are copied (compactly) only when the evaluator or the fact collector needs them.
// With a BodySource (index mode) nothing is copied: the declarations, which types each kept body
// instantiates and its anonymous classes are read with one tree-sitter query per file, and bodies,
// initializers and facts are loaded from the source when first read (bodies.ts).
import type { Node, Point, Tree } from 'web-tree-sitter';
import { diagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/topology.js';
import { args, column, convert, detached, field, kids, LEAF, simpleName, typeName, walk, type ConvertContext, type JNode } from './ast.js';

export interface Imports {
  /** simple name → fully qualified */
  single: Map<string, string>;
  wildcards: string[];
  /** static member → owner class (fully qualified) */
  staticSingle: Map<string, string>;
  staticWildcards: string[];
}

export interface FileIndex {
  path: string;
  absPath: string;
  pkg: string;
  imports: Imports;
  backtype: boolean;
  classes: ClassDecl[];
  syntax: Diagnostic[];
}

export interface FieldDecl {
  name: string;
  type: string;
  isStatic: boolean;
  isFinal: boolean;
  init: JNode | null;
  /** Simple names of the types instantiated in the initializer. */
  created: string[];
  l: number;
  c: number;
}

export interface Param {
  name: string;
  type: string;
}

export interface MethodDecl {
  name: string;
  params: Param[];
  varargs: boolean;
  isStatic: boolean;
  isCtor: boolean;
  returnType: string;
  body: JNode | null;
  /** Set by the index when the body is kept but loaded on first read; `hasBody` reads it without loading. */
  kept?: boolean;
  /** Simple names of the types instantiated in the body. */
  created: string[];
  l: number;
  c: number;
  cls: ClassDecl;
}

/** Whether the method has a body the evaluator may run, without loading it. */
export function hasBody(m: MethodDecl): boolean {
  return m.kept ?? m.body !== null;
}

export type ClinitItem = { field: FieldDecl } | { block: JNode; created: string[] };

/** Converts what index mode leaves out when it is first read: the node at `range` of a member of `owner`. */
export interface BodySource {
  /** Cached under `key` (the declaration asking). */
  load(key: object, owner: ClassDecl, range: NodeRange): JNode;
}

/** Where a node is in its file, and the smallest part of the file that parses to the same node on its own. */
export interface NodeRange {
  from: number;
  to: number;
  type: string;
  /** A block, or a field declaration (parsed as a local one); null: parse the whole file. */
  unit: { startIndex: number; endIndex: number; startPosition: Point; endPosition: Point } | null;
}
const rangeOf = (n: Node, unit: Node | null): NodeRange => ({
  from: n.startIndex,
  to: n.endIndex,
  type: n.type,
  unit: unit && { startIndex: unit.startIndex, endIndex: unit.endIndex, startPosition: unit.startPosition, endPosition: unit.endPosition },
});

export interface EmitFact {
  direct: boolean;
  /** Kind of each argument: string, values, tuple or other. */
  kinds: string[];
}

export interface ClassFacts {
  emits: EmitFact[];
  /** Collector-style calls seen: ack, fail, reportError, resetTimeout, registerMetric, emitDirect. */
  calls: Set<string>;
  tick: boolean;
  /** Names of declared methods. */
  declared: Set<string>;
}

export interface ClassDecl {
  id: number;
  name: string;
  fqcn: string;
  kind: 'class' | 'interface' | 'enum' | 'record' | 'anonymous';
  superclass: string | null;
  interfaces: string[];
  l: number;
  c: number;
  file: FileIndex;
  outer: ClassDecl | null;
  fields: Map<string, FieldDecl>;
  methods: MethodDecl[];
  facts: ClassFacts;
  isAbstract: boolean;
  /** Static field initializers and static blocks in source order (what the JVM runs as <clinit>). */
  clinit: ClinitItem[];
}

// Methods whose bodies the topology evaluator may run.
const TOPO_RE =
  /TopologyBuilder|setSpout|setBolt|submit|StormSubmitter|LocalCluster|Config|Conf\b|ZkHosts|Kafka|Trident|DRPC|StreamBuilder|Transactional|createTopology|Fields|Properties|Count\.of|Duration|Window|new\s+[\w.]+\s*(?:<[^;{}]*>)?\s*\([^;{}]*\)\s*\{/;
// Static mains are roots even when they only call into other classes. Kept in user code only (Storm's
// own library code in a checkout is not followed for them): calls to super methods (an override that
// sets state and calls the inherited builder code), reflection (it may choose a component class).
const USER_KEEP_RE = /\b(?:forName|newInstance|loadClass)\s*\(|\bsuper\s*\.\s*\w+\s*\(/;
// Short user methods are kept too (loaded only when called): the overrides a base-class topology asks for its
// name, parallelism or settings (`protected int parallelism() { return 3; }`) have no Storm word in them.
const SHORT_BODY = 160;
const STORM_LIB_PKG = /^(org\.apache\.storm|backtype\.storm)\.(?!starter\b|.*examples?\b|perf\b)/;
// Methods with collector calls or tick handling: facts only.
const FACT_RE =
  /\b(?:emit|emitDirect|ack|fail|reportError|resetTimeout|registerMetric|isTick|isTickTuple)\s*\(|SYSTEM_TICK_STREAM_ID|SYSTEM_COMPONENT_ID|__tick|__system/;
const ALWAYS_KEEP = new Set(['declareOutputFields', 'getComponentConfiguration']);
const MAX_SYNTAX = 3;

// Index-mode declarations: what the index leaves out is loaded through the BodySource when read.
// (Classes rather than per-object getters: objects keep V8's fast properties.)

export class LazyMethod implements MethodDecl {
  name: string;
  params: Param[];
  varargs: boolean;
  isStatic: boolean;
  isCtor: boolean;
  returnType: string;
  readonly kept = true;
  created: string[];
  l: number;
  c: number;
  cls: ClassDecl;
  constructor(
    m: MethodDecl,
    private readonly src: BodySource,
    private readonly range: NodeRange,
  ) {
    this.name = m.name;
    this.params = m.params;
    this.varargs = m.varargs;
    this.isStatic = m.isStatic;
    this.isCtor = m.isCtor;
    this.returnType = m.returnType;
    this.created = m.created;
    this.l = m.l;
    this.c = m.c;
    this.cls = m.cls;
  }
  get body(): JNode | null {
    return this.src.load(this, this.cls, this.range);
  }
}

export class LazyField implements FieldDecl {
  name: string;
  type: string;
  isStatic: boolean;
  isFinal: boolean;
  created: string[];
  l: number;
  c: number;
  constructor(
    f: FieldDecl,
    private readonly owner: ClassDecl,
    private readonly src: BodySource,
    private readonly range: NodeRange,
  ) {
    this.name = f.name;
    this.type = f.type;
    this.isStatic = f.isStatic;
    this.isFinal = f.isFinal;
    this.created = f.created;
    this.l = f.l;
    this.c = f.c;
  }
  get init(): JNode | null {
    return this.src.load(this, this.owner, this.range);
  }
}

export class LazyBlock {
  constructor(
    readonly created: string[],
    private readonly owner: ClassDecl,
    private readonly src: BodySource,
    private readonly range: NodeRange,
  ) {}
  get block(): JNode {
    return this.src.load(this, this.owner, this.range);
  }
}

/** Facts of the methods that match FACT_RE, collected when first read (then kept: they are small). */
class LazyFacts implements ClassFacts {
  readonly declared: Set<string>;
  private done: ClassFacts | null = null;
  constructor(
    private readonly owner: ClassDecl,
    private readonly src: BodySource,
    private readonly bodies: { params: Param[]; range: NodeRange }[],
  ) {
    this.declared = owner.facts.declared;
  }
  private get facts(): ClassFacts {
    if (!this.done) {
      const facts: ClassFacts = { emits: [], calls: new Set(), tick: false, declared: this.declared };
      for (const b of this.bodies) collectFacts(this.src.load(b, this.owner, b.range), b.params, facts);
      this.done = facts;
    }
    return this.done;
  }
  get emits(): EmitFact[] {
    return this.facts.emits;
  }
  get calls(): Set<string> {
    return this.facts.calls;
  }
  get tick(): boolean {
    return this.facts.tick;
  }
}

export class Extractor {
  classes: ClassDecl[] = [];
  /** Bodies of that file whose facts are collected on first read, by class. */
  private lazyFacts = new Map<ClassDecl, { params: Param[]; range: NodeRange }[]>();
  /** Whether the file being indexed parsed without errors (then its parts parse alone to the same nodes). */
  private clean = false;

  private readonly strings = new Map<string, string>();

  constructor(private readonly lazy: BodySource | null = null) {}

  /** A copy that does not keep the file's text alive (tree-sitter's text is a slice of it), shared by equal strings. */
  private readonly own = (s: string): string => {
    let v = this.strings.get(s);
    if (v === undefined) {
      v = detached(s);
      this.strings.set(v, v);
    }
    return v;
  };

  extract(tree: Tree, path: string, absPath: string, text: string): FileIndex {
    const src = this.lazy;
    if (!src) return this.extractFile(tree, path, absPath, text);
    this.clean = !tree.rootNode.hasError;
    try {
      const file = this.extractFile(tree, path, absPath, text);
      for (const [decl, bodies] of this.lazyFacts) decl.facts = new LazyFacts(decl, src, bodies);
      return file;
    } finally {
      this.lazyFacts = new Map();
    }
  }

  private extractFile(tree: Tree, path: string, absPath: string, text: string): FileIndex {
    const astral = /[\uD800-\uDFFF]/.test(text);
    const file: FileIndex = {
      path,
      absPath,
      pkg: '',
      imports: { single: new Map(), wildcards: [], staticSingle: new Map(), staticWildcards: [] },
      backtype: false,
      classes: [],
      syntax: [],
    };
    const root = tree.rootNode;
    for (const n of root.namedChildren) {
      if (!n) continue;
      if (n.type === 'package_declaration') {
        const id = n.namedChildren.find((c) => c && (c.type === 'scoped_identifier' || c.type === 'identifier'));
        if (id) file.pkg = this.own(id.text);
      } else if (n.type === 'import_declaration') this.addImport(file, n);
    }
    file.backtype =
      [...file.imports.single.values(), ...file.imports.wildcards, ...file.imports.staticSingle.values(), ...file.imports.staticWildcards].some(
        (s) => s.startsWith('backtype.storm.') || s.startsWith('storm.kafka') || s.startsWith('storm.trident'),
      ) && ![...file.imports.single.values(), ...file.imports.wildcards].some((s) => s.startsWith('org.apache.storm.'));
    const ctx = { text, astral };
    for (const n of root.namedChildren) if (n) this.declaration(n, file, null, ctx);
    if (root.hasError) this.syntaxErrors(root, file, ctx);
    return file;
  }

  private addImport(file: FileIndex, n: Node): void {
    const txt = n.text
      .replace(/^import\s+/, '')
      .replace(/;\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const isStatic = txt.startsWith('static ');
    const name = this.own((isStatic ? txt.slice(7) : txt).replace(/\s/g, ''));
    if (name.endsWith('.*')) {
      (isStatic ? file.imports.staticWildcards : file.imports.wildcards).push(this.own(name.slice(0, -2)));
    } else {
      const i = name.lastIndexOf('.');
      if (i < 0) return;
      if (isStatic) file.imports.staticSingle.set(this.own(name.slice(i + 1)), this.own(name.slice(0, i)));
      else file.imports.single.set(this.own(name.slice(i + 1)), name);
    }
  }

  private declaration(n: Node, file: FileIndex, outer: ClassDecl | null, ctx: { text: string; astral: boolean }): void {
    const kinds: Record<string, ClassDecl['kind']> = {
      class_declaration: 'class',
      interface_declaration: 'interface',
      enum_declaration: 'enum',
      record_declaration: 'record',
    };
    const kind = kinds[n.type];
    if (!kind) return;
    const nameNode = n.childForFieldName('name');
    const name = this.own(nameNode?.text ?? '?');
    const fqcn = this.own(outer ? `${outer.fqcn}.${name}` : file.pkg ? `${file.pkg}.${name}` : name);
    let superclass: string | null = null;
    const interfaces: string[] = [];
    let mods = '';
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'modifiers') mods = c.text;
      else if (c.type === 'superclass') {
        const ty = c.namedChildren[0];
        if (ty) superclass = this.own(typeName(ty.text));
      } else if (c.type === 'super_interfaces' || c.type === 'extends_interfaces') {
        const list = c.namedChildren[0];
        for (const ty of list?.namedChildren ?? []) if (ty) interfaces.push(this.own(typeName(ty.text)));
      }
    }
    const pos = (nameNode ?? n).startPosition;
    const decl = this.newClass(
      name,
      fqcn,
      kind,
      superclass,
      interfaces,
      file,
      outer,
      pos.row + 1,
      column(ctx, pos.row, pos.column, (nameNode ?? n).startIndex),
    );
    decl.isAbstract = kind === 'interface' || /\babstract\b/.test(mods);
    const body = n.childForFieldName('body');
    if (body) this.classBody(body, decl, ctx);
  }

  private newClass(
    name: string,
    fqcn: string,
    kind: ClassDecl['kind'],
    superclass: string | null,
    interfaces: string[],
    file: FileIndex,
    outer: ClassDecl | null,
    l: number,
    c: number,
  ): ClassDecl {
    const decl: ClassDecl = {
      id: this.classes.length,
      name,
      fqcn,
      kind,
      superclass,
      interfaces,
      l,
      c,
      file,
      outer,
      fields: new Map(),
      methods: [],
      facts: { emits: [], calls: new Set(), tick: false, declared: new Set() },
      isAbstract: false,
      clinit: [],
    };
    this.classes.push(decl);
    file.classes.push(decl);
    return decl;
  }

  private classBody(body: Node, decl: ClassDecl, ctx: { text: string; astral: boolean }): void {
    for (const m of body.namedChildren) {
      if (!m) continue;
      switch (m.type) {
        case 'field_declaration':
        case 'constant_declaration':
          this.fieldDecl(m, decl, ctx, m.type === 'constant_declaration' || decl.kind === 'interface');
          break;
        case 'method_declaration':
        case 'constructor_declaration':
        case 'compact_constructor_declaration':
          this.method(m, decl, ctx);
          break;
        case 'enum_body_declarations':
          this.classBody(m, decl, ctx);
          break;
        case 'static_initializer': {
          // Kept only when it may build a topology (the same test as method bodies).
          const block = m.namedChildren.find((c) => c?.type === 'block');
          if (block && TOPO_RE.test(block.text)) {
            if (this.lazy) {
              decl.clinit.push(new LazyBlock(this.scope(block, block.text, decl, ctx), decl, this.lazy, rangeOf(block, this.clean ? block : null)));
              break;
            }
            const created = new Set<string>();
            decl.clinit.push({ block: convert(block, this.convertCtx(decl, ctx, created)), created: [...created].sort() });
          }
          break;
        }
        case 'block':
          break;
        default:
          if (m.type.endsWith('_declaration')) this.declaration(m, decl.file, decl, ctx);
      }
    }
  }

  private convertCtx(decl: ClassDecl, ctx: { text: string; astral: boolean }, created?: Set<string>): ConvertContext {
    let anonCount = 0;
    return {
      text: ctx.text,
      astral: ctx.astral,
      created,
      onAnon: (creation: Node, type: string) => {
        anonCount++;
        const pos = creation.startPosition;
        const anon = this.newClass(
          this.own(`${decl.name}$${anonCount}`),
          this.own(`${decl.fqcn}$${pos.row + 1}:${pos.column + 1}`),
          'anonymous',
          this.own(type),
          [],
          decl.file,
          decl,
          pos.row + 1,
          column(ctx, pos.row, pos.column, creation.startIndex),
        );
        const body = creation.namedChildren.find((c) => c?.type === 'class_body');
        if (body) this.classBody(body, anon, ctx);
        return anon.id;
      },
    };
  }

  private fieldDecl(m: Node, decl: ClassDecl, ctx: { text: string; astral: boolean }, iface: boolean): void {
    const mods = m.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
    const type = this.own(typeName(m.childForFieldName('type')?.text ?? ''));
    for (const d of m.childrenForFieldName('declarator')) {
      if (!d) continue;
      const nameNode = d.childForFieldName('name');
      const value = d.childForFieldName('value');
      if (!nameNode) continue;
      const pos = nameNode.startPosition;
      let init: JNode | null = null;
      let created = new Set<string>();
      const hasInit = !!value && value.endIndex - value.startIndex < 4000;
      if (value && hasInit && this.lazy) created = new Set(this.scope(value, value.text, decl, ctx));
      else if (hasInit) init = convert(value, this.convertCtx(decl, ctx, created));
      let fd: FieldDecl = {
        name: this.own(nameNode.text),
        type: this.own(type + (d.childForFieldName('dimensions')?.text ?? '')),
        isStatic: iface || /\bstatic\b/.test(mods),
        isFinal: iface || /\bfinal\b/.test(mods),
        init,
        created: [...created].sort(),
        l: pos.row + 1,
        c: column(ctx, pos.row, pos.column, nameNode.startIndex),
      };
      if (value && hasInit && this.lazy) fd = new LazyField(fd, decl, this.lazy, rangeOf(value, this.clean ? m : null));
      decl.fields.set(fd.name, fd);
      if (fd.isStatic && hasInit) decl.clinit.push({ field: fd });
    }
  }

  private method(m: Node, decl: ClassDecl, ctx: { text: string; astral: boolean }): void {
    const isCtor = m.type !== 'method_declaration';
    const nameNode = m.childForFieldName('name');
    const name = isCtor ? '<init>' : this.own(nameNode?.text ?? '?');
    const mods = m.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
    const params: Param[] = [];
    let varargs = false;
    for (const p of m.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'formal_parameter') {
        params.push({ name: this.own(p.childForFieldName('name')?.text ?? '?'), type: this.own(typeName(p.childForFieldName('type')?.text ?? '')) });
      } else if (p.type === 'spread_parameter') {
        varargs = true;
        const ty = p.namedChildren.find((c) => c && c.type !== 'modifiers' && c.type !== 'variable_declarator');
        const vd = p.namedChildren.find((c) => c?.type === 'variable_declarator');
        params.push({ name: this.own(vd?.childForFieldName('name')?.text ?? '?'), type: this.own(typeName(ty?.text ?? '') + '[]') });
      }
    }
    decl.facts.declared.add(name);
    const body = m.childForFieldName('body');
    const pos = (nameNode ?? m).startPosition;
    const md: MethodDecl = {
      name,
      params,
      varargs,
      isStatic: /\bstatic\b/.test(mods),
      isCtor,
      returnType: this.own(typeName(m.childForFieldName('type')?.text ?? '')),
      body: null,
      created: [],
      l: pos.row + 1,
      c: column(ctx, pos.row, pos.column, (nameNode ?? m).startIndex),
      cls: decl,
    };
    decl.methods.push(md);
    if (!body) return;
    const text = body.text;
    const keep =
      isCtor ||
      ALWAYS_KEEP.has(name) ||
      TOPO_RE.test(text) ||
      (name === 'main' && md.isStatic) ||
      (!STORM_LIB_PKG.test(decl.file.pkg) && (USER_KEEP_RE.test(text) || text.length <= SHORT_BODY));
    const facts = FACT_RE.test(text);
    if (!keep && !facts) return;
    if (this.lazy) {
      const created = this.scope(body, text, decl, ctx);
      // A constructor body parses alone as a block only without `super(...)`/`this(...)`: parse the file.
      const range = rangeOf(body, this.clean && body.type === 'block' ? body : null);
      if (keep) {
        md.created = created;
        decl.methods[decl.methods.length - 1] = new LazyMethod(md, this.lazy, range);
      }
      if (facts) {
        const list = this.lazyFacts.get(decl) ?? [];
        list.push({ params, range });
        this.lazyFacts.set(decl, list);
      }
      return;
    }
    const created = new Set<string>();
    const jbody = convert(body, this.convertCtx(decl, ctx, created));
    if (facts) collectFacts(jbody, params, decl.facts);
    if (keep) {
      md.body = jbody;
      md.created = [...created].sort();
    }
  }

  /**
   * What converting `node` would find, without converting it: the simple names of the types it
   * instantiates and its anonymous classes, indexed in the order the converter meets them.
   */
  private scope(node: Node, text: string, decl: ClassDecl, ctx: { text: string; astral: boolean }): string[] {
    if (!/\bnew\b/.test(text)) return [];
    const created = new Set<string>();
    const anons: { creation: Node; body: Node; typeText: string | null }[] = [];
    for (const c of creationsIn(node)) {
      const ty = c.childForFieldName('type');
      const typeText = ty && LEAF.has(ty.type) ? ty.text : null;
      if (typeText !== null) created.add(simpleName(typeName(typeText)));
      const last = c.lastNamedChild;
      if (last?.type === 'class_body') anons.push({ creation: c, body: last, typeText });
    }
    // The converter meets an anonymous class at its body: one in another's arguments comes first.
    anons.sort((a, b) => a.body.startIndex - b.body.startIndex);
    const conv = this.convertCtx(decl, ctx);
    for (const a of anons) conv.onAnon(a.creation, typeName(a.typeText ?? 'Object'));
    return [...created].sort().map(this.own);
  }

  private syntaxErrors(root: Node, file: FileIndex, ctx: { text: string; astral: boolean }): void {
    const visit = (n: Node): void => {
      for (const ch of n.children) {
        if (!ch || file.syntax.length >= MAX_SYNTAX) return;
        const p = ch.startPosition;
        const loc = { file: file.path, line: p.row + 1, column: column(ctx, p.row, p.column, ch.startIndex) };
        if (ch.isMissing) {
          file.syntax.push(diagnostic('java-syntax-error', loc, `Syntax error: MISSING ${JSON.stringify(ch.type)}`));
        } else if (ch.isError) {
          const snippet = ch.text.split(/\r?\n/)[0]!.slice(0, 30);
          file.syntax.push(diagnostic('java-syntax-error', loc, `Syntax error: unexpected ${JSON.stringify(snippet)}`));
        } else if (ch.hasError) visit(ch);
      }
    };
    visit(root);
  }
}

/** Collector calls, emit shapes and tick handling in one method body. */
function collectFacts(body: JNode, params: Param[], facts: ClassFacts): void {
  const types = new Map<string, string>();
  for (const p of params) types.set(p.name, p.type);
  walk(body, (n) => {
    if (n.t === 'local_variable_declaration') {
      const ty = field(n, 'type')?.x ?? '';
      for (const d of kids(n)) if (d.t === 'variable_declarator') types.set(field(d, 'name')?.x ?? '', typeName(ty));
    }
    if (n.t === 'enhanced_for_statement') {
      const name = field(n, 'name')?.x;
      if (name) types.set(name, typeName(field(n, 'type')?.x ?? ''));
    }
  });
  const argKind = (a: JNode): string => {
    if (a.t === 'string_literal') return 'string';
    if (a.t === 'object_creation_expression') {
      const ty = typeName(field(a, 'type')?.x ?? '');
      return /Values$|List$/.test(ty) ? 'values' : 'other';
    }
    if (a.t === 'method_invocation') {
      const nm = field(a, 'name')?.x ?? '';
      if (nm === 'asList' || nm === 'of' || nm === 'singletonList') return 'values';
      return 'other';
    }
    if (a.t === 'identifier') {
      const ty = types.get(a.x ?? '');
      if (ty !== undefined) {
        if (ty === 'String') return 'string';
        if (/Tuple$/.test(ty) || /(List|Collection)<.*Tuple>/.test(ty)) return 'tuple';
        if (/Values$|List|Collection/.test(ty)) return 'values';
        return 'other';
      }
      if (/^[A-Z][A-Z0-9_]*$/.test(a.x ?? '')) return 'string';
      return 'other';
    }
    if (a.t === 'field_access') return /^[A-Z][A-Z0-9_]*$/.test(field(a, 'field')?.x ?? '') ? 'string' : 'other';
    return 'other';
  };
  // Declared types of tuple lists: List<Tuple> anchors
  walk(body, (n) => {
    if (n.t === 'method_invocation') {
      const name = field(n, 'name')?.x ?? '';
      const hasObject = !!field(n, 'object');
      if ((name === 'emit' || name === 'emitDirect') && hasObject) {
        facts.emits.push({ direct: name === 'emitDirect', kinds: args(n).map(argKind) });
        if (name === 'emitDirect') facts.calls.add('emitDirect');
      } else if (hasObject && (name === 'ack' || name === 'fail' || name === 'reportError' || name === 'resetTimeout' || name === 'registerMetric')) {
        facts.calls.add(name);
      } else if (!hasObject && name === 'registerMetric') facts.calls.add(name);
      if (name === 'isTick' || name === 'isTickTuple') facts.tick = true;
    } else if (n.t === 'identifier' && (n.x === 'SYSTEM_TICK_STREAM_ID' || n.x === 'SYSTEM_COMPONENT_ID')) {
      facts.tick = true;
    } else if (n.t === 'string_literal' && (n.x === '"__tick"' || n.x === '"__system"')) facts.tick = true;
  });
}

const SCAN_TYPES = ['object_creation_expression', 'lambda_expression', 'annotation', 'class_body'];

/** The class instance creations the converter would meet in `scope`: not inside lambdas, annotations or anonymous classes. */
function creationsIn(scope: Node): Node[] {
  if (scope.type === 'lambda_expression' || scope.type === 'annotation') return [];
  const found = scope.descendantsOfType(SCAN_TYPES);
  if (scope.type === 'object_creation_expression' && found[0]?.id !== scope.id) found.unshift(scope);
  // Pre-order, and containers nest like the tree: a stack of the open ones tells what is inside one.
  const open: number[] = [];
  const out: Node[] = [];
  for (const n of found) {
    if (!n) continue;
    const start = n.startIndex;
    while (open.length && open[open.length - 1]! <= start) open.pop();
    const t = n.type;
    if (t === 'object_creation_expression') {
      if (!open.length) out.push(n);
    } else if (t !== 'class_body' || n.parent?.type === 'object_creation_expression') open.push(n.endIndex);
  }
  return out;
}
