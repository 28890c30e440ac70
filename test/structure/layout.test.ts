// The code reads one way: cli → batch → report → diff → translator → analyzer → model (compat is Java, apart).
// A back-edge (a lower folder importing a higher one) fails here unless it is listed below with its reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** Top to bottom. report renders diff's data (the verify report), so it sits above diff; diff never imports report. */
const ORDER = ['cli', 'batch', 'report', 'diff', 'translator', 'analyzer', 'model'] as const;
/** Folders that are not TypeScript modules of this graph. */
const APART = new Set(['compat']);

/** Known back-edges, each with why it is there and what removes it. Keep this list short and shrinking. */
const ALLOWED_BACK_EDGES: Record<string, string> = {};

interface ImportEdge {
  from: string;
  to: string;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'target') out.push(...tsFiles(abs));
    } else if (e.name.endsWith('.ts')) out.push(abs);
  }
  return out;
}

/** Every relative import between files of src/ (static, dynamic, re-exports), as paths relative to src/. */
function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of tsFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (APART.has(rel.split('/')[0]!)) continue;
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = path
        .relative(SRC, path.resolve(path.dirname(file), ref.fileName))
        .split(path.sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      edges.push({ from: rel, to: target });
    }
  }
  return edges;
}

/** Edges that go up the order (or leave the known folders), as "from -> to". */
function backEdges(edges: ImportEdge[]): string[] {
  const rank = (p: string) => ORDER.indexOf(p.split('/')[0] as (typeof ORDER)[number]);
  return edges.filter((e) => rank(e.from) === -1 || rank(e.to) === -1 || rank(e.to) < rank(e.from)).map((e) => `${e.from} -> ${e.to}`);
}

describe('layout', () => {
  it('imports run one way: no back-edge beyond the listed ones, and each listed one still exists', () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(100);
    const back = backEdges(edges);
    expect(back.filter((e) => !(e in ALLOWED_BACK_EDGES))).toEqual([]);
    // A back-edge that was removed comes off the list.
    expect(Object.keys(ALLOWED_BACK_EDGES).filter((e) => !back.includes(e))).toEqual([]);
  });

  it('the check sees a back-edge (model importing the analyzer) and a folder outside the order', () => {
    expect(
      backEdges([
        { from: 'model/x.ts', to: 'analyzer/y.ts' },
        { from: 'cli/a.ts', to: 'model/b.ts' },
        { from: 'newdir/a.ts', to: 'model/b.ts' },
      ]),
    ).toEqual(['model/x.ts -> analyzer/y.ts', 'newdir/a.ts -> model/b.ts']);
  });

  it("every folder under src/ is in README's layout section and has a README saying what it owns and may import", () => {
    const folders = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect([...folders].sort()).toEqual([...ORDER, ...APART].sort());
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const layout = /## Layout\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    for (const f of folders) {
      expect(layout, `README layout lists src/${f}/`).toContain(`src/${f}/`);
      const own = path.join(SRC, f, 'README.md');
      expect(fs.existsSync(own), `src/${f}/README.md`).toBe(true);
      if (!APART.has(f)) expect(fs.readFileSync(own, 'utf8'), `src/${f}/README.md says what it may import`).toMatch(/^May import:/m);
    }
  });
});
