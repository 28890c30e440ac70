// Transpiles src/diff modules to plain JS so a child `node` (no TS loader) can run them, e.g. to kill -9 it.
// The copy lives under node_modules/.cache so bare imports (kafkajs) still resolve.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export function transpileDiff(files: string[]): string {
  const out = path.join(ROOT, 'node_modules', '.cache', 's2f-diff-test', String(process.pid), 'diff');
  fs.mkdirSync(out, { recursive: true });
  // The package scope stops at node_modules: declare ESM here.
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  // src/diff's modules import the diagnostic catalog (CouldNotRun takes its code from it): copied beside, as in src/.
  for (const f of [...files.map((x) => path.join('diff', x)), path.join('model', 'diagnostics.ts')]) {
    const src = fs.readFileSync(path.join(ROOT, 'src', f), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 }, fileName: f }).outputText;
    fs.mkdirSync(path.dirname(path.join(out, '..', f)), { recursive: true });
    fs.writeFileSync(path.join(out, '..', f.replace(/\.ts$/, '.js')), js);
  }
  return out;
}

export function removeTranspiled(): void {
  const base = path.join(ROOT, 'node_modules', '.cache', 's2f-diff-test');
  fs.rmSync(path.join(base, String(process.pid)), { recursive: true, force: true });
  if (fs.existsSync(base) && fs.readdirSync(base).length === 0) fs.rmdirSync(base);
}

export const DIFF_SRC = path.join(ROOT, 'src', 'diff');
