// npm run bench:verify : wall time of one `storm2flink verify` (word-count) cold (empty storm2flink cache:
// javac, Maven classpath resolution and the sample's build happen; ~/.m2 is assumed warm) and warm (median of
// BENCH_RUNS), with each stage's share (Storm and Flink overlap for word-count, so shares add up past 100%), then
// `migrate samples/ --verify` (every sample, 2 at a time, warm) twice: each topology with its own broker and
// Storm JVM (the reference, S2F_SHARED_ENGINES=0), then with one shared broker and two long-lived Storm runners.
// Then a real published topology, verified from its folder alone (input captured from its spout): storm-perf
// 2.6.0's ConstSpoutIdBoltNullBoltTopo as test/diff/real-world.test.ts lays it out (or BENCH_REAL=<.java file>),
// cold (its Maven build and the capture run included) and warm.
// Env: BENCH_RUNS (default 3), BENCH_SINGLE=0 skips word-count alone, BENCH_BATCH=0 skips the batch, BENCH_REAL=0
// skips the real topology, BENCH_SCALE=<n> sizes the batch at scale (default 50; 0 skips it), BENCH_CACHE=<dir>.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'storm2flink.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// BENCH_CACHE=<dir>: reuse (and keep) a storm2flink cache, e.g. one an earlier run left warm; "cold" then is not.
const cache = process.env.BENCH_CACHE ?? fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-cache-'));
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
// BENCH_SINGLE=0 skips word-count cold and warm (then the real topology has no ratio to it).
let w = NaN;
if (process.env.BENCH_SINGLE !== '0') {
  const cold = verifyOnce();
  console.log(`cold  ${fmt(cold.wall)}  (${stages(cold.timings)})`);
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    warm.push(verifyOnce());
    console.log(`warm ${i + 1} ${fmt(warm.at(-1).wall)}  (${stages(warm.at(-1).timings)})`);
  }
  w = median(warm.map((r) => r.wall));
  console.log(
    `word-count verify: cold ${fmt(cold.wall)}, warm median ${fmt(w)} (min ${fmt(Math.min(...warm.map((r) => r.wall)))}, max ${fmt(Math.max(...warm.map((r) => r.wall)))}); warm/cold ${(w / cold.wall).toFixed(2)}×`,
  );
  const share = (k) => median(warm.map((r) => (r.timings[k] ?? 0) / 1000 / r.wall));
  console.log(
    `warm shares (storm and flink run at once here): storm ${(share('storm') * 100).toFixed(0)}%, flink ${(share('flink') * 100).toFixed(0)}%, build ${(share('build') * 100).toFixed(0)}%, analyze ${(share('analyze') * 100).toFixed(0)}%`,
  );
}

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

// Verify at batch scale (issue 16): BENCH_SCALE topologies (default 50) made from the samples. Each sample folder is
// copied once (one Maven build each, as many as `migrate samples/` has), its data files rotated with one record left
// out; the copies' Flux files then get variants beside them until the tree holds BENCH_SCALE topologies: bolts
// renamed (and the ids components are given as arguments), hints of bolts already parallel moved (2–4), the topology
// name suffixed. The copies are built first (verify's build cache, 2 at a time); `migrate <tree> --verify --jobs 2`
// is the warm figure, with each topology's stage times from its report and the engine JVMs' peak RSS (VmHWM,
// sampled every 500 ms). Reference in the same run: a warm `verify` of the word-count copy alone.
const SCALE = Number(process.env.BENCH_SCALE ?? 50);
if (SCALE > 0) await scale(SCALE);

async function scale(n) {
  const { parseDocument } = await import('yaml');
  const samples = path.join(root, 'samples');
  // BENCH_SCALE_TREE=<dir>: a tree an earlier run made, used as it is and kept (its builds cached under BENCH_CACHE).
  const given = process.env.BENCH_SCALE_TREE;
  const reuse = given && fs.existsSync(given);
  const tree = given ?? fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-scale-'));
  const dirs = fs.readdirSync(samples).filter((d) => fs.existsSync(path.join(samples, d, 'pom.xml')));
  if (!reuse) fs.mkdirSync(tree, { recursive: true });
  for (const d of reuse ? [] : dirs) {
    fs.cpSync(path.join(samples, d), path.join(tree, d), { recursive: true, filter: (f) => !/[\\/](target|node_modules)$/.test(f) });
    varyData(path.join(tree, d), 1);
  }
  const count = () =>
    JSON.parse(execFileSync('node', [cli, 'analyze', tree, '--format', 'json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 })).topologies.length;
  const fluxFiles = dirs
    .flatMap((d) => walk(path.join(tree, d)).filter((f) => /[\\/]flux[\\/][^\\/]+(?<!-v\d+)\.ya?ml$/.test(f) && /^\s*name:/m.test(fs.readFileSync(f, 'utf8'))))
    .sort();
  let total = count();
  for (let k = 2; !reuse && total < n && fluxFiles.length > 0; k++) {
    for (const f of fluxFiles) {
      if (total >= n) break;
      fs.writeFileSync(f.replace(/(\.ya?ml)$/, `-v${k}$1`), fluxVariant(fs.readFileSync(f, 'utf8'), k, parseDocument));
      total++;
    }
  }
  total = count();
  console.log(`scale: ${total} topologies in ${dirs.length} sample copies under ${tree} (${fluxFiles.length} Flux files with variants)`);
  const { buildUserProject } = await import(path.join(root, 'dist', 'diff', 'build.js'));
  const tb = process.hrtime.bigint();
  const queue = [...dirs];
  await Promise.all(
    [0, 1].map(async () => {
      for (let d; (d = queue.shift());) await buildUserProject(path.join(tree, d), { env }).catch((e) => console.log(`  build of ${d} failed: ${e.message}`));
    }),
  );
  console.log(`scale: ${dirs.length} copies built in ${fmt(Number(process.hrtime.bigint() - tb) / 1e9)} (2 at a time)`);
  const filter = path.join(tree, 'word-count', 'src', 'main', 'resources', 'flux', 'word-count.properties');
  // The first pass compiles each job's own classes (cached by content); the last is warm in every cache.
  const passes = [];
  for (let i = 0; i < Number(process.env.BENCH_SCALE_PASSES ?? 2); i++) {
    const p = await migrateSampled(tree, filter);
    passes.push(p);
    const sums = stageSums(p.runs);
    console.log(
      `scale pass ${i + 1}: ${fmt(p.wall)} wall for ${p.runs.length} topologies (${p.runs.filter((r) => r.status === 'ok').length} verified ok), ${fmt(p.wall / p.runs.length)} per topology; stage sums ${sums}`,
    );
  }
  const warm = passes.at(-1);
  const ref = [];
  for (let i = 0; i < RUNS; i++) ref.push(verifyOnce([path.join(tree, 'word-count'), '--topology-id', 'word-count']).wall);
  const one = median(ref);
  const ok = warm.runs.filter((r) => r.status === 'ok').length;
  console.log(
    `scale warm: ${fmt(warm.wall)} wall for ${warm.runs.length} topologies (${ok} verified ok), --jobs 2; ${fmt(warm.wall / warm.runs.length)} per topology`,
  );
  console.log(
    `scale: reference, word-count copy verified alone warm: median ${fmt(one)} of ${RUNS}; batch per topology / alone ${(warm.wall / warm.runs.length / one).toFixed(2)}×`,
  );
  const secs = warm.runs.map((r) => r.s);
  console.log(`scale warm, verify stage per topology: median ${fmt(median(secs))} (min ${fmt(Math.min(...secs))}, max ${fmt(Math.max(...secs))})`);
  const bySample = new Map();
  for (const r of warm.runs) bySample.set(r.sample, [...(bySample.get(r.sample) ?? []), r]);
  for (const [k, rs] of bySample) {
    const med = (key) => median(rs.map((r) => (r.timings[key] ?? 0) / 1000)).toFixed(1);
    console.log(
      `  ${k.padEnd(20)} ${String(rs.length).padStart(2)} topologies, verify median ${median(rs.map((r) => r.s)).toFixed(1)} s (storm ${med('storm')}, flink ${med('flink')}, capture ${med('capture')}, broker ${med('broker')})`,
    );
  }
  for (const r of warm.runs.filter((x) => x.status !== 'ok')) console.log(`  not ok: ${r.id} ${r.status} ${r.reason ?? ''}`);
  const peaks = Object.entries(warm.memory.peaks).map(([k, v]) => `${k} ${(v.hwm / 1024).toFixed(0)} MB (${v.pids} JVM${v.pids > 1 ? 's' : ''})`);
  console.log(`scale warm, engine JVM peak RSS: ${peaks.join(', ')}; all engine JVMs at once at most ${(warm.memory.together / 1024).toFixed(0)} MB`);
  if (!given) fs.rmSync(tree, { recursive: true, force: true });
}

/** Where the time goes: each stage's sum over the batch (Storm and Flink overlap where both run at once). */
function stageSums(runs) {
  const sum = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.timings)) sum[k] = (sum[k] ?? 0) + v / 1000;
  return Object.entries(sum)
    .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
    .join(', ');
}

/** A copy's data files rotated by k, one record left out (a CSV keeps its header). */
function varyData(dir, k) {
  const data = path.join(dir, 'data');
  for (const f of fs.existsSync(data) ? fs.readdirSync(data) : []) {
    const file = path.join(data, f);
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const head = f.endsWith('.csv') ? lines.splice(0, 1) : [];
    if (lines.length > 2) lines.splice(k % lines.length, 1);
    const r = k % Math.max(1, lines.length);
    fs.writeFileSync(file, [...head, ...lines.slice(r), ...lines.slice(0, r)].join('\n') + '\n');
  }
}

/** Variant k of a Flux file: bolts renamed (and where components name them), parallel bolts' hints moved, name suffixed. */
function fluxVariant(text, k, parseDocument) {
  const hint = (p) => (p >= 2 ? 2 + ((p - 2 + k) % 3) : p);
  const doc = parseDocument(text);
  const rename = (id) => `${id}-v${k}`;
  const name = doc.get('name');
  if (typeof name === 'string' && !name.includes('${')) doc.set('name', rename(name));
  const bolts = doc.get('bolts');
  const ids = new Set();
  for (const b of bolts?.items ?? []) {
    ids.add(b.get('id'));
    b.set('id', rename(b.get('id')));
    if (typeof b.get('parallelism') === 'number') b.set('parallelism', hint(b.get('parallelism')));
  }
  // A bolt id a component is given as an argument (multi-stream's router emits direct to "auditor").
  for (const c of [...(doc.get('spouts')?.items ?? []), ...(bolts?.items ?? [])]) {
    for (const a of c.get('constructorArgs')?.items ?? []) if (ids.has(a?.value)) a.value = rename(a.value);
  }
  for (const st of doc.get('streams')?.items ?? []) {
    for (const end of ['from', 'to']) if (ids.has(st.get(end))) st.set(end, rename(st.get(end)));
  }
  return doc.toString();
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** migrate --verify over the tree, sampling the engine JVMs' memory; each topology's verify time, stages, status. */
async function migrateSampled(tree, filter) {
  const { spawn } = await import('node:child_process');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-scale-out-'));
  const t0 = process.hrtime.bigint();
  const child = spawn('node', [cli, 'migrate', tree, '--out', out, '--verify', '--jobs', '2', '--filter', filter, '--format', 'json'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const memory = { peaks: {}, together: 0, seen: new Map() };
  const timer = setInterval(() => sampleMemory(child.pid, memory), 500);
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  const runs = summary.topologies.map((t) => {
    const v = t.stages.verify;
    const file = path.join(out, 'topologies', t.folder, 'verify', 'report.json');
    const report = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { timings: {} };
    const sample = path
      .relative(tree, path.resolve(root, t.source.file))
      .split(path.sep)[0]
      .replace(/-v\d+$/, '');
    return { id: t.id, sample, status: v.status, reason: v.reason, s: (v.durationMs ?? 0) / 1000, timings: report.timings };
  });
  fs.rmSync(out, { recursive: true, force: true });
  for (const [pid, m] of memory.seen) {
    const p = (memory.peaks[m.kind] ??= { hwm: 0, pids: 0 });
    p.hwm = Math.max(p.hwm, m.hwm);
    p.pids++;
    void pid;
  }
  return { wall, runs, memory };
}

/** Engine JVMs below `rootPid` by what they run; VmHWM is each one's peak RSS, VmRSS their sum now. */
function sampleMemory(rootPid, memory) {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const below = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = parent.get(p) ?? 0, hops++) if (p === rootPid) return true;
    return false;
  };
  let together = 0;
  for (const pid of parent.keys()) {
    if (pid === rootPid || !below(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!/(^|\/)java$/.test(cmd[0])) continue;
      const kind = cmd.includes('dev.storm2flink.verify.storm.StormRunner')
        ? cmd.includes('--serve')
          ? 'Storm (shared)'
          : 'Storm (own)'
        : cmd.some((a) => a.endsWith('.VerifyServer'))
          ? 'Flink (shared)'
          : cmd.includes('BrokerLauncher')
            ? 'broker'
            : cmd.some((a) => a.startsWith('-Dstorm2flink.verify='))
              ? 'Flink (own)'
              : null;
      if (!kind) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      memory.seen.set(pid, { kind, hwm: Math.max(memory.seen.get(pid)?.hwm ?? 0, kb('VmHWM')) });
      together += kb('VmRSS');
    } catch {
      // gone
    }
  }
  memory.together = Math.max(memory.together, together);
}

if (!process.env.BENCH_CACHE) fs.rmSync(cache, { recursive: true, force: true });
