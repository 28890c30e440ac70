// The sources a topology reaches: from its entry class and component classes, every class of the same source
// tree they name (imports, same-package simple names, fully qualified names, class names in string literals),
// transitively. A conservative over-approximation: a name that might be a class of the tree brings its file.
import type { Parser } from 'web-tree-sitter';

export interface JavaFacts {
  /** Package, '' for the default package. */
  pkg: string;
  /** Top-level type names the file declares. */
  types: string[];
  imports: { name: string; isStatic: boolean; star: boolean }[];
  /** Simple names (identifiers, type identifiers) used anywhere in the file. */
  names: Set<string>;
  /** Dotted names (scoped identifiers, field accesses, class names in string literals). */
  dotted: Set<string>;
}

const TOP_LEVEL = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'annotation_type_declaration']);
const DOTTED = /[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)+/g;

/** What one Java file declares and names (tree-sitter; an unparseable file names everything its text holds). */
export function javaFacts(parser: Parser, text: string): JavaFacts {
  const facts: JavaFacts = { pkg: '', types: [], imports: [], names: new Set(), dotted: new Set() };
  const tree = parser.parse(text);
  if (!tree) {
    for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) facts.names.add(m[0]);
    for (const m of text.matchAll(DOTTED)) facts.dotted.add(m[0].replace(/\s+/g, ''));
    facts.pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(text)?.[1] ?? '';
    return facts;
  }
  try {
    for (const n of tree.rootNode.namedChildren) {
      if (!n) continue;
      if (n.type === 'package_declaration')
        facts.pkg = n.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier')?.text.replace(/\s+/g, '') ?? '';
      else if (n.type === 'import_declaration') {
        const body = n.text.replace(/\s+/g, ' ').replace(/^import\s+|\s*;\s*$/g, '');
        const isStatic = body.startsWith('static ');
        const name = (isStatic ? body.slice(7) : body).replace(/\s+/g, '');
        const star = name.endsWith('.*');
        facts.imports.push({ name: star ? name.slice(0, -2) : name, isStatic, star });
      } else if (TOP_LEVEL.has(n.type)) {
        const name = n.childForFieldName('name')?.text;
        if (name) facts.types.push(name);
      }
    }
    const cursor = tree.walk();
    try {
      for (;;) {
        const type = cursor.nodeType;
        if (type === 'identifier' || type === 'type_identifier') facts.names.add(cursor.nodeText);
        else if (type === 'scoped_identifier' || type === 'scoped_type_identifier' || type === 'field_access')
          facts.dotted.add(cursor.nodeText.replace(/\s+/g, ''));
        else if (type === 'string_literal' || type === 'text_block') {
          for (const m of cursor.nodeText.matchAll(DOTTED)) facts.dotted.add(m[0].replace(/\s+/g, ''));
          for (const m of cursor.nodeText.matchAll(/[A-Za-z_$][\w$]*/g)) facts.names.add(m[0]);
        }
        if (type !== 'string_literal' && type !== 'text_block' && type !== 'line_comment' && type !== 'block_comment' && cursor.gotoFirstChild()) continue;
        let up = false;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) {
            up = true;
            break;
          }
        }
        if (up) break;
      }
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
  return facts;
}

export interface SourceIndex {
  /** Fully qualified top-level type name -> file key. */
  byType: Map<string, string>;
  /** Package -> its files' keys. */
  byPackage: Map<string, string[]>;
  facts: Map<string, JavaFacts>;
}

export function indexSources(files: { key: string; facts: JavaFacts }[]): SourceIndex {
  const byType = new Map<string, string>();
  const byPackage = new Map<string, string[]>();
  const facts = new Map<string, JavaFacts>();
  for (const { key, facts: f } of files) {
    facts.set(key, f);
    for (const t of f.types) {
      const fqn = f.pkg ? `${f.pkg}.${t}` : t;
      if (!byType.has(fqn)) byType.set(fqn, key);
    }
    const list = byPackage.get(f.pkg) ?? [];
    list.push(key);
    byPackage.set(f.pkg, list);
  }
  return { byType, byPackage, facts };
}

/** The file declaring `name` (a.b.C, a.b.C.Nested, a.b.C$Nested, or a longer dotted name starting with one), if in the index. */
export function fileOfClass(index: SourceIndex, name: string): string | undefined {
  const segs = name.replace(/\$/g, '.').split('.');
  for (let i = segs.length; i >= 1; i--) {
    const hit = index.byType.get(segs.slice(0, i).join('.'));
    if (hit) return hit;
  }
  return undefined;
}

/** The files reached from `seeds` (file keys) through references between files of the index. */
export function reachableFiles(index: SourceIndex, seeds: Iterable<string>): Set<string> {
  const reached = new Set<string>();
  const queue: string[] = [];
  const add = (k: string | undefined) => {
    if (k !== undefined && index.facts.has(k) && !reached.has(k)) {
      reached.add(k);
      queue.push(k);
    }
  };
  for (const s of seeds) add(s);
  while (queue.length > 0) {
    const f = index.facts.get(queue.pop()!)!;
    const inPackage = (pkg: string) => {
      for (const k of index.byPackage.get(pkg) ?? []) if (index.facts.get(k)!.types.some((t) => f.names.has(t))) add(k);
    };
    // Same package: any simple name that is a type of the package.
    inPackage(f.pkg);
    for (const imp of f.imports) {
      if (imp.star) {
        inPackage(imp.name); // a.b.*: the package's types this file names
        add(fileOfClass(index, imp.name)); // a.b.C.* (nested types, static members): C
      } else add(fileOfClass(index, imp.name));
    }
    for (const d of f.dotted) add(fileOfClass(index, d));
  }
  return reached;
}

/** A package (or one of its subpackages) named by the files' imports or dotted names. */
export function usesPackage(facts: Iterable<JavaFacts>, prefix: string): boolean {
  const hit = (n: string) => n === prefix || n.startsWith(`${prefix}.`);
  for (const f of facts) {
    if (f.pkg && hit(f.pkg)) return true;
    if (f.imports.some((i) => hit(i.name))) return true;
    for (const d of f.dotted) if (hit(d)) return true;
  }
  return false;
}
