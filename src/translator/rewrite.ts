// Source edits over tree-sitter ranges in the copied user sources: backtype.storm → org.apache.storm,
// StormSubmitter.submitTopology* → the generated capturing class, and a Kafka consumer's poll(long), which
// kafka-clients 4.0 removed, → poll(Duration) when the job's kafka-clients is 4.x. Plus the facts about the
// entry class the plan needs (is there a main? what does the builder method return?).
import type { Node, Parser } from 'web-tree-sitter';
import { getJavaParser } from '../analyzer/java/parser.js';

export interface SourceEdit {
  file: string;
  line: number;
  column: number;
  before: string;
  after: string;
  kind: 'namespace' | 'moved-api' | 'submit-redirect' | 'kafka-api';
}

export interface EntryFacts {
  hasMain: boolean;
  /** The builder method named by the model, when found in the class. */
  method?: { isStatic: boolean; params: number; returnType: string; isPublic?: boolean };
  /** The class is declared public (the generated job, in another package, can name it). */
  classIsPublic?: boolean;
}

const SUBMIT_METHODS = new Set(['submitTopology', 'submitTopologyWithProgressBar', 'submitTopologyAs']);
const SUBMITTERS = new Set(['StormSubmitter', 'org.apache.storm.StormSubmitter', 'backtype.storm.StormSubmitter']);
const OLD_PREFIXES: [string, string][] = [
  ['backtype.storm', 'org.apache.storm'],
  ['storm.trident', 'org.apache.storm.trident'],
  // storm-kafka before 1.0 (with Storm 0.9/0.10); 1.x, which the generated pom brings, has it under org.apache.storm.
  ['storm.kafka', 'org.apache.storm.kafka'],
];

/**
 * Classes Storm 2.0 moved, API unchanged (the bytecode pass, Relocate's MOVED_CLASSES, has the same table): Storm 1.x
 * code compiles against the 2.x connector the job carries. By fully qualified name, and by the outer class's simple
 * name where the file imports it (or its package, or is in it).
 */
const MOVED_CLASSES: [string, string][] = [
  ['org.apache.storm.kafka.spout.KafkaSpoutConfig.FirstPollOffsetStrategy', 'org.apache.storm.kafka.spout.FirstPollOffsetStrategy'],
];

/** `Outer.Nested` spellings of a moved class that this file's imports (or package) make mean it. */
function movedSpellings(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [from, to] of MOVED_CLASSES) {
    out.push([from, to]);
    const parts = from.split('.');
    const nested = parts.slice(-2).join('.');
    const pkg = parts.slice(0, -2).join('.');
    const q = pkg.replace(/\./g, '\\.');
    const visible = new RegExp(`^\\s*(?:import\\s+${q}\\.(?:\\*|${parts.at(-2)})\\s*;|package\\s+${q}\\s*;)`, 'm').test(text);
    if (visible) out.push([nested, to]);
  }
  return out;
}

function moved(text: string, spellings: [string, string][]): string | undefined {
  for (const [from, to] of spellings) {
    if (text === from || text.startsWith(`${from}.`)) return to + text.slice(from.length);
  }
  return undefined;
}

function renamed(text: string): string | undefined {
  for (const [from, to] of OLD_PREFIXES) {
    if (text === from || text.startsWith(`${from}.`)) return to + text.slice(from.length);
  }
  return undefined;
}

interface RawEdit {
  start: number;
  end: number;
  text: string;
  kind: SourceEdit['kind'];
  node: Node;
}

function lineCol(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: [...text.slice(last + 1, index)].length + 1 };
}

export interface RewriteResult {
  text: string;
  edits: SourceEdit[];
  submitCalls: number;
  mentionsLocalCluster: boolean;
}

/** Kafka's consumer types (org.apache.kafka.clients.consumer): what a `poll(long)` receiver is declared as. */
const KAFKA_CONSUMERS = /^(?:org\.apache\.kafka\.clients\.consumer\.)?(?:KafkaConsumer|Consumer|MockConsumer)\b/;
const NUMERIC_TYPES = new Set(['long', 'int', 'short', 'Long', 'Integer', 'Short']);
const NUMERIC_LITERALS = new Set(['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal']);

/** Declared type of every variable, field and parameter name in the file (the last declaration of a name wins). */
function declaredTypes(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (n: Node) => {
    const type = n.childForFieldName('type');
    if (type && (n.type === 'local_variable_declaration' || n.type === 'field_declaration' || n.type === 'constant_declaration')) {
      for (const d of n.namedChildren) if (d?.type === 'variable_declarator') out.set(d.childForFieldName('name')?.text ?? '', type.text);
    } else if (type && (n.type === 'formal_parameter' || n.type === 'resource' || n.type === 'catch_formal_parameter')) {
      const name = n.childForFieldName('name');
      if (name) out.set(name.text, type.text);
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out;
}

/** The expression is a number of milliseconds by what the file shows: literals, numeric names, arithmetic of them. */
function isMillis(n: Node, types: Map<string, string>): boolean {
  if (NUMERIC_LITERALS.has(n.type)) return true;
  if (n.type === 'identifier') return NUMERIC_TYPES.has(types.get(n.text) ?? '');
  if (n.type === 'field_access') {
    const f = n.childForFieldName('field');
    return n.childForFieldName('object')?.type === 'this' && f !== null && NUMERIC_TYPES.has(types.get(f.text) ?? '');
  }
  if (n.type === 'parenthesized_expression' || n.type === 'unary_expression') return n.namedChildren.every((c) => c !== null && isMillis(c, types));
  if (n.type === 'binary_expression') return n.namedChildren.every((c) => c !== null && isMillis(c, types));
  if (n.type === 'cast_expression') return NUMERIC_TYPES.has(n.childForFieldName('type')?.text ?? '');
  return false;
}

/** `c.poll(<millis>)` or `this.c.poll(<millis>)` on a name the file declares as a Kafka consumer: its argument, else null. */
function kafkaPollArgument(n: Node, types: Map<string, string>): Node | null {
  if (n.childForFieldName('name')?.text !== 'poll') return null;
  const obj = n.childForFieldName('object');
  const receiver =
    obj?.type === 'identifier'
      ? obj.text
      : obj?.type === 'field_access' && obj.childForFieldName('object')?.type === 'this'
        ? obj.childForFieldName('field')?.text
        : undefined;
  if (!receiver || !KAFKA_CONSUMERS.test(types.get(receiver) ?? '')) return null;
  const args = n.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 1 && args[0] && isMillis(args[0], types) ? args[0] : null;
}

/**
 * Rewrites one file. `redirectTo` is the fully qualified capturing class, or null for no redirect. `kafkaDurationPoll`:
 * the job's kafka-clients is 4.x, which has no `poll(long)`; a consumer's `poll(<millis>)` becomes
 * `poll(java.time.Duration.ofMillis(<millis>))` (the same wait; `poll(Duration)` came in 2.0).
 */
export function rewriteJava(
  parser: Parser,
  file: string,
  text: string,
  redirectTo: string | null,
  opts: { namespaces?: boolean; kafkaDurationPoll?: boolean } = {},
): RewriteResult {
  // Off when the build relocates Storm 0.x bytecode instead (the sources compile against their own storm-core).
  const needsNs = opts.namespaces !== false && OLD_PREFIXES.some(([from]) => text.includes(from));
  const needsSubmit = redirectTo !== null && text.includes('StormSubmitter');
  const mentionsLocalCluster = /\bLocalCluster\b/.test(text);
  // Storm 2.0's moves apply to Storm 1.x code on either path (compiled against Storm 2 or against its own storm-core).
  const spellings = MOVED_CLASSES.some(([from]) => text.includes(from.split('.').slice(-2).join('.'))) ? movedSpellings(text) : [];
  const needsPoll = opts.kafkaDurationPoll === true && text.includes('org.apache.kafka.clients.consumer') && /\.poll\s*\(/.test(text);
  if (!needsNs && !needsSubmit && spellings.length === 0 && !needsPoll) return { text, edits: [], submitCalls: 0, mentionsLocalCluster };
  const tree = parser.parse(text);
  if (!tree) return { text, edits: [], submitCalls: 0, mentionsLocalCluster };
  const raw: RawEdit[] = [];
  let submitCalls = 0;
  try {
    const types = needsPoll ? declaredTypes(tree.rootNode) : undefined;
    const visit = (n: Node) => {
      const millis = types && n.type === 'method_invocation' ? kafkaPollArgument(n, types) : null;
      if (millis)
        raw.push({ start: millis.startIndex, end: millis.endIndex, text: `java.time.Duration.ofMillis(${millis.text})`, kind: 'kafka-api', node: millis });
      if (n.type === 'method_invocation' && redirectTo) {
        const obj = n.childForFieldName('object');
        const name = n.childForFieldName('name');
        if (obj && name && SUBMITTERS.has(obj.text) && SUBMIT_METHODS.has(name.text)) {
          raw.push({ start: obj.startIndex, end: obj.endIndex, text: redirectTo, kind: 'submit-redirect', node: obj });
          submitCalls++;
          for (const a of n.children) if (a && a !== obj) visit(a);
          return;
        }
      }
      if (n.type === 'scoped_identifier' || n.type === 'scoped_type_identifier' || n.type === 'field_access') {
        const name = n.text.replace(/\s+/g, '');
        const to = needsNs ? renamed(name) : undefined;
        // A moved class under an old namespace is only ever written in the new one (Storm 1.x API).
        const mv = spellings.length > 0 ? moved(to ?? name, spellings) : undefined;
        if (mv !== undefined) {
          raw.push({ start: n.startIndex, end: n.endIndex, text: mv, kind: 'moved-api', node: n });
          return;
        }
        if (to !== undefined && n.type !== 'field_access') {
          raw.push({ start: n.startIndex, end: n.endIndex, text: to, kind: 'namespace', node: n });
          return; // outermost match only
        }
      }
      for (const c of n.children) if (c) visit(c);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  raw.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  const edits: SourceEdit[] = [];
  for (const e of raw) {
    if (e.start < pos) continue;
    out += text.slice(pos, e.start) + e.text;
    const before = text.slice(e.start, e.end);
    edits.push({ file, ...lineCol(text, e.start), before, after: e.text, kind: e.kind });
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, edits, submitCalls, mentionsLocalCluster };
}

/** What the entry class declares, read from its source. */
export function entryFacts(parser: Parser, text: string, simpleClassName: string, method: string | null): EntryFacts {
  const tree = parser.parse(text);
  const facts: EntryFacts = { hasMain: false };
  if (!tree) return facts;
  try {
    const classes = tree.rootNode.descendantsOfType('class_declaration');
    const cls = classes.find((c) => c?.childForFieldName('name')?.text === simpleClassName);
    const body = cls?.childForFieldName('body');
    if (!body) return facts;
    facts.classIsPublic = /\bpublic\b/.test(cls?.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '');
    for (const m of body.namedChildren) {
      if (!m || m.type !== 'method_declaration') continue;
      const name = m.childForFieldName('name')?.text;
      const mods = m.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
      const isStatic = /\bstatic\b/.test(mods);
      const params = m.childForFieldName('parameters')?.namedChildren.filter((p) => p && /parameter/.test(p.type)).length ?? 0;
      const returnType = m.childForFieldName('type')?.text ?? 'void';
      if (name === 'main' && isStatic && /\bpublic\b/.test(mods) && returnType === 'void' && params === 1) facts.hasMain = true;
      if (method && name === method && !facts.method) facts.method = { isStatic, params, returnType, isPublic: /\bpublic\b/.test(mods) };
    }
  } finally {
    tree.delete();
  }
  return facts;
}

export { getJavaParser };
