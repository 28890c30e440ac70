// npm run bench:analyze [-- <folder>] : analyzer speed and memory against a bare tree-sitter parse.
// Without a folder it measures two trees: the Storm repository (a git directory named by
// S2F_BENCH_STORM_GIT, exported at its HEAD; without it, a generated tree of the same size, and it
// says so) and a generated 10,000-file tree (bench/gen-tree.mjs). Each run is a fresh process;
// parse and analyze runs alternate so machine noise hits both alike. S2F_BENCH_DIST names the
// builds to measure, comma-separated (default dist; e.g. a copy of dist/ from before a change,
// then dist: a before/after round whose runs alternate too).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTree } from './gen-tree.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STORM_FILES = 2044; // Java files in apache/storm at 73da988

function stormTree() {
  const gitDir = process.env.S2F_BENCH_STORM_GIT;
  const out = path.join(os.tmpdir(), 's2f-bench-storm');
  fs.rmSync(out, { recursive: true, force: true });
  if (gitDir) {
    fs.mkdirSync(out, { recursive: true });
    const rev = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', 'HEAD'], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', out], { input: tar });
    return { name: `apache/storm at ${rev}`, dir: out };
  }
  generateTree(out, STORM_FILES, 7);
  return { name: `generated, ${STORM_FILES} files (S2F_BENCH_STORM_GIT not set: no Storm checkout)`, dir: out };
}

function trees() {
  if (process.argv[2]) return [{ name: process.argv[2], dir: process.argv[2] }];
  const big = path.join(os.tmpdir(), 's2f-bench-tree');
  generateTree(big, 10000);
  return [stormTree(), { name: 'generated, 10,000 files', dir: big }];
}

const BUILDS = (process.env.S2F_BENCH_DIST ?? 'dist').split(',');
const worker = path.join(import.meta.dirname, 'analyze-worker.mjs');
const run = (mode, dir, build = BUILDS[0]) =>
  JSON.parse(
    execFileSync(process.execPath, [worker, mode, dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, S2F_BENCH_DIST: build },
    }),
  );
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => (ms / 1000).toFixed(1);
const spread = (xs) => `${sec(Math.min(...xs))}–${sec(Math.max(...xs))}`;
const ratio = (xs) => `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

console.log(`${RUNS} runs each, median (min–max); wall time, and CPU time (user + system), which load on the machine disturbs less`);
for (const tree of trees()) {
  run('parse', tree.dir); // warm the file cache
  const parse = [];
  const analyses = BUILDS.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    parse.push(run('parse', tree.dir));
    BUILDS.forEach((b, j) => analyses[j].push(run('analyze', tree.dir, b)));
  }
  const files = parse[0].files;
  const mb = parse[0].bytes / 1024 / 1024;
  const wall = (rs) => rs.map((r) => r.ms);
  const cpu = (rs) => rs.map((r) => r.cpuMs);
  const rss = (rs) => median(rs.map((r) => r.maxRssMb)).toFixed(0);
  console.log(`\n${tree.name}: ${files} Java files, ${mb.toFixed(1)} MB`);
  console.log(
    `  bare parse     wall ${sec(median(wall(parse)))} s (${spread(wall(parse))})  CPU ${sec(median(cpu(parse)))} s (${spread(cpu(parse))})  peak RSS ${rss(parse)} MB`,
  );
  BUILDS.forEach((build, j) => {
    const analyze = analyses[j];
    const label = BUILDS.length > 1 ? ` [${build}]` : '';
    console.log(
      `  full analysis${label}  wall ${sec(median(wall(analyze)))} s (${spread(wall(analyze))})  CPU ${sec(median(cpu(analyze)))} s (${spread(cpu(analyze))})`,
    );
    console.log(
      `    ratio to bare parse (median of per-run ratios): wall ${ratio(analyze.map((a, i) => a.ms / parse[i].ms))}, CPU ${ratio(analyze.map((a, i) => a.cpuMs / parse[i].cpuMs))}; target ≤ 2×`,
    );
    console.log(
      `    peak RSS bare → full: ${rss(parse)} → ${rss(analyze)} MB (max ${Math.max(...analyze.map((r) => r.maxRssMb)).toFixed(0)}); topologies found: ${analyze[0].topologies}`,
    );
  });
}
