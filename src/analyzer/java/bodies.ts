// Method bodies, field initializers and static blocks of indexed files, converted when first read.
// The file is read again and, when it parsed without errors, only the block or field declaration
// is parsed (tree-sitter's included ranges: same nodes, same positions); otherwise the whole file,
// whose tree is kept for the next few reads. Converted nodes stay in a cache of bounded size, so
// memory holds the declarations of the tree, a few files' trees and a bounded set of bodies.
import { createHash } from 'node:crypto';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { convert, type JNode } from './ast.js';
import type { BodySource, ClassDecl, FileIndex, NodeRange } from './extract.js';

/** A file the analyzer reads when it needs it: once to index it, again when a body in it is read. */
export interface JavaSource {
  path: string;
  absPath: string;
  read(): string | undefined;
}

/** Converted nodes kept at once (about 100 bytes each). */
const CACHE_NODES = 150_000;
/** Whole-file trees kept at once (native memory, a few times the file's size). */
const TREES = 4;

interface Parsed {
  text: string;
  tree: Tree;
}

export class BodyStore implements BodySource {
  private readonly cache = new Map<object, { node: JNode; size: number }>();
  private cached = 0;
  private readonly trees = new Map<FileIndex, Parsed>();
  private readonly sources = new Map<FileIndex, { source: JavaSource; hash: string }>();
  /** The last file read: bodies are often read several from one file in a row. */
  private last: { file: FileIndex; text: string } | null = null;
  /** Parses and conversions made, for the benchmark's reading. */
  readonly stats = { fileParses: 0, partParses: 0, converted: 0 };

  constructor(
    private readonly parser: Parser,
    private readonly budget = CACHE_NODES,
  ) {}

  /** Remembers where an indexed file came from, and a digest of what was indexed. */
  add(file: FileIndex, source: JavaSource, text: string): void {
    this.sources.set(file, { source, hash: digest(text) });
  }

  load(key: object, owner: ClassDecl, range: NodeRange): JNode {
    const hit = this.cache.get(key);
    if (hit) {
      // most recently used last
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.node;
    }
    const file = owner.file;
    let parsed = this.trees.get(file);
    let part: Tree | null = null;
    try {
      let node: Node | null = null;
      if (!parsed && range.unit) {
        const text = this.read(file);
        part = this.parser.parse(text, null, { includedRanges: [range.unit] });
        this.stats.partParses++;
        node = part && nodeAt(part, range);
        if (node && part) parsed = { text, tree: part };
      }
      if (!node) {
        parsed = this.fileTree(file);
        node = nodeAt(parsed.tree, range);
      }
      if (!node || !parsed) throw new Error(`${file.path}: no ${range.type} at ${range.from}–${range.to} when reading it again`);
      const jnode = this.convert(node, parsed.text, owner);
      this.remember(key, jnode.size, jnode.node);
      return jnode.node;
    } finally {
      part?.delete();
    }
  }

  /** Frees the trees kept. */
  release(): void {
    for (const p of this.trees.values()) p.tree.delete();
    this.trees.clear();
    this.last = null;
  }

  private convert(node: Node, text: string, owner: ClassDecl): { node: JNode; size: number } {
    const anons = new Map<string, number>();
    for (const c of owner.file.classes) if (c.kind === 'anonymous' && c.outer === owner) anons.set(c.fqcn, c.id);
    let size = 0;
    const jnode = convert(node, {
      text,
      astral: /[\uD800-\uDFFF]/.test(text),
      // The index numbered the anonymous classes; find them by the name it gave them.
      onAnon: (creation: Node) => {
        const pos = creation.startPosition;
        const id = anons.get(`${owner.fqcn}$${pos.row + 1}:${pos.column + 1}`);
        if (id === undefined) throw new Error(`${owner.file.path}: anonymous class at ${pos.row + 1}:${pos.column + 1} not indexed`);
        return id;
      },
      onNode: () => size++,
      detach: true,
    });
    this.stats.converted++;
    return { node: jnode, size };
  }

  private remember(key: object, size: number, node: JNode): void {
    this.cache.set(key, { node, size });
    this.cached += size;
    while (this.cached > this.budget && this.cache.size > 1) {
      const [k, v] = this.cache.entries().next().value!;
      this.cache.delete(k);
      this.cached -= v.size;
    }
  }

  private fileTree(file: FileIndex): Parsed {
    const kept = this.trees.get(file);
    if (kept) {
      this.trees.delete(file);
      this.trees.set(file, kept);
      return kept;
    }
    const text = this.read(file);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('parser returned no tree');
    this.stats.fileParses++;
    const parsed = { text, tree };
    this.trees.set(file, parsed);
    if (this.trees.size > TREES) {
      const [f, p] = this.trees.entries().next().value!;
      p.tree.delete();
      this.trees.delete(f);
    }
    return parsed;
  }

  private read(file: FileIndex): string {
    if (this.last?.file === file) return this.last.text;
    const src = this.sources.get(file);
    const text = src?.source.read();
    if (!src || text === undefined || digest(text) !== src.hash) throw new Error(`${file.path} changed or became unreadable during analysis`);
    this.last = { file, text };
    return text;
  }
}

/** The outermost node of the recorded type spanning exactly the recorded range. */
function nodeAt(tree: Tree, range: NodeRange): Node | null {
  let found: Node | null = null;
  for (let n = tree.rootNode.descendantForIndex(range.from, range.to); n; n = n.parent) {
    if (n.startIndex < range.from || n.endIndex > range.to) break;
    if (n.startIndex === range.from && n.endIndex === range.to && n.type === range.type) found = n;
  }
  return found;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
