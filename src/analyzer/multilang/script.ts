// Reads a Node.js multilang script (Storm's storm.js: Spout/BasicBolt subclasses calling
// `this.emit({tuple: [...], stream: 's'}, cb)`) and lists what it emits, per stream.
//
// Field names: Storm takes names from the Java/YAML declaration, never from the script, so what
// matters is the arity. Each position is named after what the tuple array holds there when every
// emit agrees (an identifier `word` → "word", a property `tup.values.id` → "id"), else "field<i>".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, Project, SyntaxKind, type CallExpression, type Expression, type SourceFile } from 'ts-morph';
import type { Diagnostic } from '../../model/topology.js';
import { diagnostic } from '../../model/diagnostics.js';
import type { MultilangScriptResult } from '../types.js';

export interface MultilangStream {
  id: string;
  fields: string[];
  direct: boolean;
}

/** The contract's result plus every stream the script emits to (in first-emit order). */
export interface MultilangScriptStreams extends MultilangScriptResult {
  streams: MultilangStream[];
}

const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const MAX_SCRIPT_BYTES = 2 * 1024 * 1024;

let project: Project | undefined;
function getProject(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noLib: true, noResolve: true },
  });
  return project;
}

export function readMultilangScript(absPath: string, displayPath: string): MultilangScriptStreams {
  const ext = path.extname(absPath).toLowerCase();
  if (!SCRIPT_EXTENSIONS.has(ext)) {
    return {
      streams: [],
      diagnostics: [
        diagnostic(
          'multilang-dynamic-fields',
          { file: displayPath },
          `Only JavaScript and TypeScript multilang scripts are read; the fields emitted by ${path.basename(absPath)} are not known.`,
        ),
      ],
    };
  }
  let text: string;
  try {
    const stat = fs.statSync(absPath);
    if (!stat.isFile() || stat.size > MAX_SCRIPT_BYTES) throw new Error(stat.isFile() ? 'too large' : 'not a file');
    text = fs.readFileSync(absPath, 'utf8');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { streams: [], diagnostics: [diagnostic('multilang-script-not-found', { file: displayPath }, `The multilang script could not be read: ${why}`)] };
  }
  const p = getProject();
  const sf = p.createSourceFile(`/script${ext}`, text, { overwrite: true });
  try {
    return analyzeScript(sf, displayPath);
  } finally {
    p.removeSourceFile(sf);
  }
}

interface Emit {
  stream: string | null; // null: computed at run time
  direct: boolean;
  names: (string | null)[] | null; // null: shape computed at run time
  call: CallExpression;
}

function analyzeScript(sf: SourceFile, file: string): MultilangScriptStreams {
  const diagnostics: Diagnostic[] = [];
  const at = (n: Node): { file: string; line: number; column: number } => {
    const { line, column } = sf.getLineAndColumnAtPos(n.getStart());
    return { file, line, column };
  };
  const emits: Emit[] = [];
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const arg = call.getArguments()[0];
    if (!arg || !Node.isObjectLiteralExpression(arg)) continue; // not the multilang emit({tuple…}) shape
    // storm.js: `this.emit({tuple})`; a script speaking the protocol itself: `send({command: 'emit', tuple})`.
    const command = property(arg, 'command');
    const raw = command !== undefined && Node.isStringLiteral(command) && command.getLiteralValue() === 'emit';
    let method = Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    if (raw) method = property(arg, 'task') ? 'emitDirect' : 'emit';
    if (method !== 'emit' && method !== 'emitDirect') continue;
    const tupleProp = property(arg, 'tuple');
    if (!tupleProp) continue;
    const streamProp = property(arg, 'stream');
    let stream: string | null = 'default';
    if (streamProp) {
      stream = Node.isStringLiteral(streamProp) || Node.isNoSubstitutionTemplateLiteral(streamProp) ? streamProp.getLiteralValue() : null;
      if (stream === null) diagnostics.push(diagnostic('multilang-dynamic-fields', at(streamProp), 'The stream of this emit is computed at run time.'));
    }
    const names = tupleShape(tupleProp);
    if (names === null)
      diagnostics.push(diagnostic('multilang-dynamic-fields', at(tupleProp), 'The tuple of this emit is computed at run time; its arity is not known.'));
    emits.push({ stream, direct: method === 'emitDirect', names, call });
  }

  const byStream = new Map<string, Emit[]>();
  for (const e of emits) {
    if (e.stream === null) continue;
    const list = byStream.get(e.stream) ?? [];
    list.push(e);
    byStream.set(e.stream, list);
  }
  const streams: MultilangStream[] = [];
  let defaultFields: string[] | undefined;
  let defaultKnown = true;
  for (const [id, list] of byStream) {
    const shapes = list.map((e) => e.names);
    if (shapes.some((s) => s === null)) {
      if (id === 'default') defaultKnown = false;
      continue;
    }
    const arities = new Set(shapes.map((s) => s!.length));
    if (arities.size > 1) {
      diagnostics.push(
        diagnostic('multilang-dynamic-fields', at(list[0]!.call), `Emits to stream '${id}' have different arities (${[...arities].sort().join(', ')}).`),
      );
      if (id === 'default') defaultKnown = false;
      continue;
    }
    const arity = shapes[0]!.length;
    const fields: string[] = [];
    for (let i = 0; i < arity; i++) {
      const candidates = new Set(shapes.map((s) => s![i]));
      const only = candidates.size === 1 ? [...candidates][0] : null;
      fields.push(only ?? `field${i}`);
    }
    // Two positions with the same hint would make an invalid Fields declaration: fall back to positions.
    const unique = new Set(fields).size === fields.length ? fields : fields.map((_, i) => `field${i}`);
    streams.push({ id, fields: unique, direct: list.some((e) => e.direct) });
    if (id === 'default') defaultFields = unique;
  }
  const result: MultilangScriptStreams = { streams, diagnostics };
  if (defaultFields) result.emittedFields = defaultFields;
  // A script that never emits to the default stream emits nothing there: an empty, known shape.
  else if (defaultKnown && !byStream.has('default') && !emits.some((e) => e.stream === null)) result.emittedFields = [];
  return result;
}

function property(obj: Node, name: string): Expression | undefined {
  if (!Node.isObjectLiteralExpression(obj)) return undefined;
  const p = obj.getProperty(name);
  if (p && Node.isPropertyAssignment(p)) return p.getInitializer();
  if (p && Node.isShorthandPropertyAssignment(p)) return p.getNameNode();
  return undefined;
}

/** Names per position of the emitted tuple, or null when its shape is computed at run time. */
function tupleShape(expr: Expression, depth = 0): (string | null)[] | null {
  let e: Node = expr;
  while (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isTypeAssertion(e) || Node.isSatisfiesExpression(e)) {
    e = e.getExpression();
  }
  if (Node.isArrayLiteralExpression(e)) {
    const out: (string | null)[] = [];
    for (const el of e.getElements()) {
      if (Node.isSpreadElement(el) || Node.isOmittedExpression(el)) return null;
      out.push(nameHint(el));
    }
    return out;
  }
  // `var tup = [sentence]; … emit({tuple: tup})`: follow a local variable initialised with an array.
  if (Node.isIdentifier(e) && depth < 3) {
    const decl = findDeclaration(e);
    const init = decl?.getInitializer();
    if (decl && init && !isReassigned(decl.getName(), decl)) return tupleShape(init, depth + 1);
  }
  return null;
}

function nameHint(n: Node): string | null {
  if (Node.isIdentifier(n)) return n.getText();
  if (Node.isPropertyAccessExpression(n)) return n.getName();
  if (Node.isElementAccessExpression(n)) {
    const arg = n.getArgumentExpression();
    if (arg && Node.isStringLiteral(arg)) return arg.getLiteralValue();
  }
  return null;
}

function findDeclaration(id: Node) {
  const name = id.getText();
  for (let scope: Node | undefined = id.getParent(); scope; scope = scope.getParent()) {
    if (!(Node.isFunctionLikeDeclaration(scope) || Node.isSourceFile(scope) || Node.isBlock(scope))) continue;
    const decls = scope.getDescendantsOfKind(SyntaxKind.VariableDeclaration).filter((d) => d.getName() === name && d.getStart() < id.getStart());
    if (decls.length > 0) return decls[decls.length - 1];
  }
  return undefined;
}

function isReassigned(name: string, decl: Node): boolean {
  const scope = decl.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
  return scope.getDescendantsOfKind(SyntaxKind.BinaryExpression).some((b) => {
    const left = b.getLeft();
    return b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isIdentifier(left) && left.getText() === name;
  });
}
