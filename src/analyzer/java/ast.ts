// A compact, tree-independent copy of the parts of a Java syntax tree the analyzer evaluates,
// so tree-sitter trees can be freed right after each file is indexed.
import type { Node, TreeCursor } from 'web-tree-sitter';

export interface JNode {
  /** tree-sitter node type */
  t: string;
  /** 1-based line */
  l: number;
  /** 1-based column in characters (code points) */
  c: number;
  /** Source text for leaves; the operator for binary/unary/assignment expressions. */
  x?: string;
  /** Field name in the parent. */
  f?: string;
  k?: JNode[];
  /** Id of the anonymous class declared by an object creation. */
  anon?: number;
  /** A lambda whose body calls setSpout/setBolt or a grouping (lambdas are not evaluated; see `builds` in values.ts). */
  builds?: true;
}

// Nodes kept as leaves with their text; types are only ever read as names.
export const LEAF: ReadonlySet<string> = new Set([
  'identifier',
  'type_identifier',
  'scoped_identifier',
  'string_literal',
  'character_literal',
  'decimal_integer_literal',
  'hex_integer_literal',
  'octal_integer_literal',
  'binary_integer_literal',
  'decimal_floating_point_literal',
  'hex_floating_point_literal',
  'true',
  'false',
  'null_literal',
  'this',
  'super',
  'generic_type',
  'scoped_type_identifier',
  'array_type',
  'integral_type',
  'floating_point_type',
  'boolean_type',
  'void_type',
  'modifiers',
]);
// Not evaluated: keep a stub so positions and arity stay right.
const STUB = new Set(['lambda_expression', 'method_reference', 'switch_expression_arm_placeholder']);
// What a lambda body does to a topology (`sb -> builder.setBolt(…)`, `src -> declarer.globalGrouping(src)`).
const BUILDS_RE = /\.\s*(?:setSpout|setBolt|\w*[gG]rouping)\s*\(/;
const SKIP = new Set(['line_comment', 'block_comment', 'marker_annotation', 'annotation', 'type_arguments', 'dimensions']);

export interface ConvertContext {
  text: string;
  astral: boolean;
  /** Called for `new X() { ... }`; returns the id of the extracted anonymous class. */
  onAnon(creation: Node, typeName: string): number;
  /** Simple type names of `new X(...)` seen while converting. */
  created?: Set<string>;
  /** Called for each node made (the body cache counts them). */
  onNode?: () => void;
  /** Copies leaf texts, so nodes kept after the file do not keep its text alive (tree-sitter's text is a slice of it). */
  detach?: boolean;
}

/** A flat copy of a string: a slice of a file's text keeps the whole text alive. */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export function column(ctx: { text: string; astral: boolean }, row: number, col: number, index: number): number {
  void row;
  if (!ctx.astral) return col + 1;
  // tree-sitter columns count UTF-16 units here; report code points.
  let n = 0;
  for (let i = index - col; i < index; i++) {
    const ch = ctx.text.charCodeAt(i);
    if (ch < 0xdc00 || ch > 0xdfff) n++;
  }
  return n + 1;
}

export function convert(node: Node, ctx: ConvertContext): JNode {
  const cursor = node.walk();
  try {
    return convertAt(cursor, ctx) ?? { t: 'ERROR', l: node.startPosition.row + 1, c: node.startPosition.column + 1 };
  } finally {
    cursor.delete();
  }
}

function convertAt(cursor: TreeCursor, ctx: ConvertContext): JNode | null {
  const t = cursor.nodeType;
  if (SKIP.has(t)) return null;
  const pos = cursor.startPosition;
  const n: JNode = { t, l: pos.row + 1, c: column(ctx, pos.row, pos.column, cursor.startIndex) };
  ctx.onNode?.();
  if (LEAF.has(t)) {
    n.x = ctx.detach ? detached(cursor.nodeText) : cursor.nodeText;
    return n;
  }
  if (STUB.has(t)) {
    // Lambdas keep their arity (Storm 2 picks the setBolt/setSpout overload by it), method references their text.
    if (t === 'lambda_expression') {
      n.x = String(lambdaArity(cursor));
      if (BUILDS_RE.test(cursor.nodeText)) n.builds = true;
    } else if (t === 'method_reference') {
      const text = cursor.nodeText;
      if (text.length < 200) n.x = detached(text.replace(/\s+/g, ''));
    }
    return n;
  }
  if (cursor.gotoFirstChild()) {
    do {
      const fname = cursor.currentFieldName;
      if (!cursor.nodeIsNamed) {
        if (fname === 'operator') n.x = cursor.nodeType;
        continue;
      }
      if (t === 'object_creation_expression' && cursor.nodeType === 'class_body') {
        const typeNode = n.k?.find((c) => c.f === 'type');
        n.anon = ctx.onAnon(cursor.currentNode.parent ?? cursor.currentNode, typeName(typeNode?.x ?? 'Object'));
        continue;
      }
      const ch = convertAt(cursor, ctx);
      if (ch) {
        if (fname) ch.f = fname;
        (n.k ??= []).push(ch);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  if (t === 'object_creation_expression' && ctx.created) {
    const ty = n.k?.find((c) => c.f === 'type');
    if (ty?.x) ctx.created.add(simpleName(typeName(ty.x)));
  }
  return n;
}

/** Parameter count of the lambda under the cursor (walked with the cursor: no node objects). */
function lambdaArity(cursor: TreeCursor): number {
  if (!cursor.gotoFirstChild()) return 0;
  let arity = 0;
  const t = cursor.nodeType;
  if (t === 'identifier') arity = 1;
  else if ((t === 'formal_parameters' || t === 'inferred_parameters') && cursor.gotoFirstChild()) {
    do {
      const k = cursor.nodeType;
      if (k === 'identifier' || k === 'formal_parameter' || k === 'spread_parameter') arity++;
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  cursor.gotoParent();
  return arity;
}

export function field(n: JNode | undefined, name: string): JNode | undefined {
  return n?.k?.find((c) => c.f === name);
}

export function fields(n: JNode | undefined, name: string): JNode[] {
  return n?.k?.filter((c) => c.f === name) ?? [];
}

export function kids(n: JNode | undefined): JNode[] {
  return n?.k ?? [];
}

/** Arguments of a method invocation or object creation. */
export function args(n: JNode): JNode[] {
  return kids(field(n, 'arguments'));
}

/** `java.util.List<String>` → `java.util.List`; `String[]` kept as is. */
export function typeName(text: string): string {
  if (!/[<>\s]/.test(text)) return text;
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '<') depth++;
    else if (ch === '>') depth--;
    else if (depth === 0 && !/\s/.test(ch)) out += ch;
  }
  return out;
}

export function simpleName(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

export function walk(n: JNode, fn: (n: JNode) => boolean | void): void {
  if (fn(n) === false) return;
  for (const c of n.k ?? []) walk(c, fn);
}

/** Decodes a Java string or char literal (including text blocks). */
export function decodeString(lit: string): string {
  let body: string;
  if (lit.startsWith('"""')) {
    body = lit.slice(3, -3).replace(/^[ \t]*\r?\n/, '');
    const lines = body.split(/\r?\n/);
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length), Infinity);
    body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  } else body = lit.slice(1, -1);
  return body.replace(/\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.replace(/^u+/, ''), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    switch (e) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 's':
        return ' ';
      default:
        return e;
    }
  });
}
