// Every message the tool reports comes from the catalog (src/model/diagnostics.ts): no diagnostic code is spelled
// out elsewhere in src/ (code compares names through the catalog), and no catalog entry is left unused. verify's
// could-not-run reasons are catalog entries too: CouldNotRun takes one (a type error without it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/model/diagnostics.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'target' && e.name !== 'compat') out.push(...tsFiles(abs));
    } else if (e.name.endsWith('.ts')) out.push(abs);
  }
  return out;
}

/** The string and template literal texts of a file, with their line numbers (comments are not literals). */
function literals(file: string): Array<{ text: string; line: number }> {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ text: string; line: number }> = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      out.push({ text: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

const outsideModel = tsFiles(SRC).filter((f) => !path.relative(SRC, f).startsWith(`model${path.sep}`));

describe('diagnostic catalog', () => {
  it('no S2F code is written as a literal outside src/model', () => {
    const found: string[] = [];
    for (const f of outsideModel) {
      for (const l of literals(f)) if (/S2F\d{3}/.test(l.text)) found.push(`${path.relative(ROOT, f)}:${l.line}: ${l.text.slice(0, 80)}`);
    }
    expect(found).toEqual([]);
  });

  // A could-not-run reason (verify's exit 2) is typed by its entry (`CouldNotRunName`): `verify-*` names, 7xx codes.
  it('every could-not-run entry is a 7xx error with help', () => {
    const entries = [...CATALOG.values()].filter((e) => e.name.startsWith('verify-'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => !/^S2F7\d\d$/.test(e.code) || e.severity !== 'error' || !e.help).map((e) => e.name)).toEqual([]);
    expect([...CATALOG.values()].filter((e) => /^S2F7/.test(e.code) && !e.name.startsWith('verify-')).map((e) => e.name)).toEqual([]);
  });

  it('every catalog entry is used by name somewhere in src/', () => {
    const used = new Set<string>();
    for (const f of outsideModel) for (const l of literals(f)) used.add(l.text);
    // The model's own helpers may name entries too (diagnostics.ts itself only declares them).
    for (const f of tsFiles(path.join(SRC, 'model')).filter((f) => !f.endsWith('diagnostics.ts'))) for (const l of literals(f)) used.add(l.text);
    expect([...CATALOG.keys()].filter((name) => !used.has(name))).toEqual([]);
  });
});
