// npm run bench:analyze [-- <dir>] : analyzer speed and memory against a bare tree-sitter parse.
// Without a folder it generates a 2,000-file tree (bench/gen-tree.mjs). Each run is a fresh
// process; parse and analyze runs alternate so machine noise hits both alike.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTree } from './gen-tree.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
let dir = process.argv[2];
if (!dir) {
  dir = path.join(os.tmpdir(), 's2f-bench-tree');
  const g = generateTree(dir, 2000);
  console.log(`generated ${g.files} files (${(g.bytes / 1024 / 1024).toFixed(1)} MB) in ${dir}`);
}
const worker = path.join(import.meta.dirname, 'analyze-worker.mjs');
const run = (mode) => JSON.parse(execFileSync(process.execPath, [worker, mode, dir], { encoding: 'utf8', maxBuffer: 1 << 26 }));

run('parse'); // warm the file cache
const parse = [];
const analyze = [];
for (let i = 0; i < RUNS; i++) {
  parse.push(run('parse'));
  analyze.push(run('analyze'));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
const files = parse[0].files;
const mb = parse[0].bytes / 1024 / 1024;
const row = (name, rs) => {
  const ms = rs.map((r) => r.ms);
  const m = median(ms);
  return `${name.padEnd(16)} ${m.toFixed(0).padStart(7)} ms (${spread(ms)})  ${(files / (m / 1000)).toFixed(0).padStart(6)} files/s  ${(mb / (m / 1000)).toFixed(2).padStart(6)} MB/s  peak RSS ${median(rs.map((r) => r.maxRssMb)).toFixed(0)} MB`;
};
console.log(`${files} Java files, ${mb.toFixed(1)} MB, ${RUNS} runs each, median (min–max)`);
console.log(row('bare parse', parse));
console.log(row('full analysis', analyze));
console.log(`topologies found: ${analyze[0].topologies}`);
const ratios = analyze.map((a, i) => a.ms / parse[i].ms);
console.log(
  `ratio analysis / bare parse: ${median(ratios).toFixed(2)}× (per-run ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target ≤ 2×)`,
);
