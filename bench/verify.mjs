// npm run bench:verify : wall time of one `storm2flink verify` (word-count) cold (empty storm2flink cache:
// javac, Maven classpath resolution and the sample's build happen; ~/.m2 is assumed warm) and warm (median of
// BENCH_RUNS), with each stage's share (Storm and Flink overlap for word-count, so shares add up past 100%), then
// `migrate samples/ --verify` (every sample, 2 at a time, warm) twice: each topology with its own broker and
// Storm JVM (the reference, S2F_SHARED_ENGINES=0), then with one shared broker and two long-lived Storm runners.
// Then a real published topology, verified from its folder alone (input captured from its spout): storm-perf
// 2.6.0's ConstSpoutIdBoltNullBoltTopo as test/diff/real-world.test.ts lays it out (or BENCH_REAL=<.java file>),
// cold (its Maven build and the capture run included) and warm.
// Env: BENCH_RUNS (default 3), BENCH_BATCH=0 skips the batch, BENCH_REAL=0 skips the real topology.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'storm2flink.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-cache-'));
const env = { ...process.env, S2F_CACHE_DIR: cache };

function verifyOnce(args = ['samples/word-count', '--topology-id', 'word-count']) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-verify-'));
  const t0 = process.hrtime.bigint();
  let text;
  try {
    text = execFileSync('node', [cli, 'verify', ...args, '--format', 'json', '--out', out], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    text = e.stdout;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(out, { recursive: true, force: true });
  const r = JSON.parse(text).reports[0];
  if (r.status !== 'equivalent') throw new Error(`${args[0]} did not verify: ${r.status} ${r.reason ?? ''}`);
  return { wall, timings: r.timings };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(1)} s`;
const stages = (t) =>
  Object.entries(t)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
    .join(', ');

console.log(`cache: ${cache}`);
const cold = verifyOnce();
console.log(`cold  ${fmt(cold.wall)}  (${stages(cold.timings)})`);
const warm = [];
for (let i = 0; i < RUNS; i++) {
  warm.push(verifyOnce());
  console.log(`warm ${i + 1} ${fmt(warm.at(-1).wall)}  (${stages(warm.at(-1).timings)})`);
}
const w = median(warm.map((r) => r.wall));
console.log(
  `word-count verify: cold ${fmt(cold.wall)}, warm median ${fmt(w)} (min ${fmt(Math.min(...warm.map((r) => r.wall)))}, max ${fmt(Math.max(...warm.map((r) => r.wall)))}); warm/cold ${(w / cold.wall).toFixed(2)}×`,
);
const share = (k) => median(warm.map((r) => (r.timings[k] ?? 0) / 1000 / r.wall));
console.log(
  `warm shares (storm and flink run at once here): storm ${(share('storm') * 100).toFixed(0)}%, flink ${(share('flink') * 100).toFixed(0)}%, build ${(share('build') * 100).toFixed(0)}%, analyze ${(share('analyze') * 100).toFixed(0)}%`,
);

function batch(shared) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-migrate-'));
  const t0 = process.hrtime.bigint();
  try {
    const filter = path.join('samples', 'word-count', 'src', 'main', 'resources', 'flux', 'word-count.properties');
    execFileSync('node', [cli, 'migrate', 'samples', '--out', out, '--verify', '--filter', filter, '--format', 'json'], {
      cwd: root,
      env: { ...env, S2F_SHARED_ENGINES: shared ? '1' : '0' },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    // Exit 1 (a regression) still wrote summary.json.
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  fs.rmSync(out, { recursive: true, force: true });
  const runs = summary.topologies.map((t) => ({ id: t.id, status: t.stages.verify.status, s: (t.stages.verify.durationMs ?? 0) / 1000 }));
  return { wall, runs };
}

if (process.env.BENCH_BATCH !== '0') {
  // The reference first (each topology starts its own broker and Storm JVM), then the shared engines.
  const ref = batch(false);
  const shared = batch(true);
  for (const [name, b] of [
    ['own engines', ref],
    ['shared engines', shared],
  ]) {
    const ok = b.runs.filter((r) => r.status === 'ok').length;
    console.log(
      `batch (${name}): migrate samples/ --verify: ${fmt(b.wall)} wall for ${b.runs.length} topologies (${ok} verified ok), 2 at a time; ${fmt(b.wall / b.runs.length)} wall per topology`,
    );
  }
  console.log(`batch: shared/own wall ${(shared.wall / ref.wall).toFixed(2)}×`);
  for (const r of shared.runs)
    console.log(`  ${r.id.padEnd(24)} ${r.status.padEnd(8)} ${fmt(r.s)} (own engines: ${fmt(ref.runs.find((x) => x.id === r.id)?.s ?? 0)})`);
}
const REAL =
  process.env.BENCH_REAL ??
  path.join(
    os.tmpdir(),
    's2f-test-artifacts',
    'project-authors-org.apache.storm_storm-perf_2.6.0',
    'storm-perf',
    'src',
    'main',
    'java',
    'org',
    'apache',
    'storm',
    'perf',
    'ConstSpoutIdBoltNullBoltTopo.java',
  );
if (process.env.BENCH_REAL === '0') {
  // skipped
} else if (!fs.existsSync(REAL)) {
  console.log(`real topology: ${REAL} is not laid out (npx vitest run test/diff/real-world.test.ts does it); skipped`);
} else {
  const args = [REAL, '--capture', '200'];
  const realCold = verifyOnce(args);
  console.log(`real cold  ${fmt(realCold.wall)}  (${stages(realCold.timings)})`);
  const realWarm = [];
  for (let i = 0; i < RUNS; i++) {
    realWarm.push(verifyOnce(args));
    console.log(`real warm ${i + 1} ${fmt(realWarm.at(-1).wall)}  (${stages(realWarm.at(-1).timings)})`);
  }
  const rw = median(realWarm.map((r) => r.wall));
  console.log(
    `storm-perf ConstSpoutIdBoltNullBoltTopo verify (folder only, 200 captured tuples): cold ${fmt(realCold.wall)}, warm median ${fmt(rw)}; its warm/word-count warm ${(rw / w).toFixed(2)}×`,
  );
}
fs.rmSync(cache, { recursive: true, force: true });
