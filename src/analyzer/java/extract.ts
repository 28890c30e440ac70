// Per-file index: package, imports, classes with their fields, methods and facts.
// Method bodies are copied (compactly) only when the evaluator or the fact collector needs them.
import type { Node, Tree } from 'web-tree-sitter';
import { diagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/topology.js';
import { args, column, convert, field, kids, typeName, walk, type ConvertContext, type JNode } from './ast.js';

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
  /** Simple names of the types instantiated in the body. */
  created: string[];
  l: number;
  c: number;
  cls: ClassDecl;
}

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
  clinit: ({ field: FieldDecl } | { block: JNode; created: string[] })[];
}

// Methods whose bodies the topology evaluator may run.
const TOPO_RE =
  /TopologyBuilder|setSpout|setBolt|submit|StormSubmitter|LocalCluster|Config|Conf\b|ZkHosts|Kafka|Trident|DRPC|StreamBuilder|Transactional|createTopology|Fields|Properties|Count\.of|Duration|Window|new\s+[\w.]+\s*(?:<[^;{}]*>)?\s*\([^;{}]*\)\s*\{/;
// Static mains are roots even when they only call into other classes. Kept in user code only (Storm's
// own library code in a checkout is not followed for them): calls to super methods (an override that
// sets state and calls the inherited builder code), reflection (it may choose a component class).
const USER_KEEP_RE = /\b(?:forName|newInstance|loadClass)\s*\(|\bsuper\s*\.\s*\w+\s*\(/;
const STORM_LIB_PKG = /^(org\.apache\.storm|backtype\.storm)\.(?!starter\b|.*examples?\b|perf\b)/;
// Methods with collector calls or tick handling: facts only.
const FACT_RE =
  /\b(?:emit|emitDirect|ack|fail|reportError|resetTimeout|registerMetric|isTick|isTickTuple)\s*\(|SYSTEM_TICK_STREAM_ID|SYSTEM_COMPONENT_ID|__tick|__system/;
const ALWAYS_KEEP = new Set(['declareOutputFields', 'getComponentConfiguration']);
const MAX_SYNTAX = 3;

export class Extractor {
  classes: ClassDecl[] = [];

  extract(tree: Tree, path: string, absPath: string, text: string): FileIndex {
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
        if (id) file.pkg = id.text;
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
    const name = (isStatic ? txt.slice(7) : txt).replace(/\s/g, '');
    if (name.endsWith('.*')) {
      (isStatic ? file.imports.staticWildcards : file.imports.wildcards).push(name.slice(0, -2));
    } else {
      const i = name.lastIndexOf('.');
      if (i < 0) return;
      if (isStatic) file.imports.staticSingle.set(name.slice(i + 1), name.slice(0, i));
      else file.imports.single.set(name.slice(i + 1), name);
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
    const name = nameNode?.text ?? '?';
    const fqcn = outer ? `${outer.fqcn}.${name}` : file.pkg ? `${file.pkg}.${name}` : name;
    let superclass: string | null = null;
    const interfaces: string[] = [];
    let mods = '';
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'modifiers') mods = c.text;
      else if (c.type === 'superclass') {
        const ty = c.namedChildren[0];
        if (ty) superclass = typeName(ty.text);
      } else if (c.type === 'super_interfaces' || c.type === 'extends_interfaces') {
        const list = c.namedChildren[0];
        for (const ty of list?.namedChildren ?? []) if (ty) interfaces.push(typeName(ty.text));
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
          `${decl.name}$${anonCount}`,
          `${decl.fqcn}$${pos.row + 1}:${pos.column + 1}`,
          'anonymous',
          type,
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
    const type = typeName(m.childForFieldName('type')?.text ?? '');
    for (const d of m.childrenForFieldName('declarator')) {
      if (!d) continue;
      const nameNode = d.childForFieldName('name');
      const value = d.childForFieldName('value');
      if (!nameNode) continue;
      const pos = nameNode.startPosition;
      let init: JNode | null = null;
      const created = new Set<string>();
      if (value && value.endIndex - value.startIndex < 4000) init = convert(value, this.convertCtx(decl, ctx, created));
      const fd: FieldDecl = {
        name: nameNode.text,
        type: type + (d.childForFieldName('dimensions')?.text ?? ''),
        isStatic: iface || /\bstatic\b/.test(mods),
        isFinal: iface || /\bfinal\b/.test(mods),
        init,
        created: [...created].sort(),
        l: pos.row + 1,
        c: column(ctx, pos.row, pos.column, nameNode.startIndex),
      };
      decl.fields.set(nameNode.text, fd);
      if (fd.isStatic && init) decl.clinit.push({ field: fd });
    }
  }

  private method(m: Node, decl: ClassDecl, ctx: { text: string; astral: boolean }): void {
    const isCtor = m.type !== 'method_declaration';
    const nameNode = m.childForFieldName('name');
    const name = isCtor ? '<init>' : (nameNode?.text ?? '?');
    const mods = m.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
    const params: Param[] = [];
    let varargs = false;
    for (const p of m.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'formal_parameter') {
        params.push({ name: p.childForFieldName('name')?.text ?? '?', type: typeName(p.childForFieldName('type')?.text ?? '') });
      } else if (p.type === 'spread_parameter') {
        varargs = true;
        const ty = p.namedChildren.find((c) => c && c.type !== 'modifiers' && c.type !== 'variable_declarator');
        const vd = p.namedChildren.find((c) => c?.type === 'variable_declarator');
        params.push({ name: vd?.childForFieldName('name')?.text ?? '?', type: typeName(ty?.text ?? '') + '[]' });
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
      returnType: typeName(m.childForFieldName('type')?.text ?? ''),
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
      (USER_KEEP_RE.test(text) && !STORM_LIB_PKG.test(decl.file.pkg));
    const facts = FACT_RE.test(text);
    if (!keep && !facts) return;
    const created = new Set<string>();
    const jbody = convert(body, this.convertCtx(decl, ctx, created));
    if (facts) collectFacts(jbody, params, decl.facts);
    if (keep) {
      md.body = jbody;
      md.created = [...created].sort();
    }
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
