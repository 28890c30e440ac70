import { test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeJava, getJavaParser } from '../../../src/analyzer/java/index.js';
function walk(d: string, out: string[] = []): string[] { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p, out); else out.push(p); } return out; }
test('bench', async () => {
  const all = walk('/tmp/storm-all');
  const files = all.filter((f) => f.endsWith('.java')).map((f) => ({ path: path.relative('/tmp/storm-all', f), absPath: f, text: fs.readFileSync(f, 'utf8') }));
  const p = await getJavaParser();
  for (let run = 0; run < 3; run++) {
    let t0 = performance.now();
    for (const f of files) p.parse(f.text)!.delete();
    const bare = performance.now() - t0;
    t0 = performance.now();
    const r = await analyzeJava(files, { allFiles: all });
    const full = performance.now() - t0;
    console.log(`files ${files.length} bare ${bare.toFixed(0)}ms full ${full.toFixed(0)}ms ratio ${(full / bare).toFixed(2)} topologies ${r.topologies.length} internal ${r.diagnostics.filter((d) => d.code === 'S2F009').length} rss ${(process.memoryUsage().rss / 1e6).toFixed(0)}MB`);
  }
}, 600000);
