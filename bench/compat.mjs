// npm run bench:compat : the same word-count topology on Storm LocalCluster (acking on), on the compat runtime (Flink
// MiniCluster, checkpoints every second, at-least-once, tree acks) and as a hand-written Flink job, at steady state.
// Every measured run is a JVM of its own (one engine, one parallelism; a fixed 1 GB heap, as Flink starts its
// TaskManagers): the spout is unbounded, the run is measured over BENCH_WINDOW_S (20) seconds after BENCH_WARMUP_S (5)
// from the first counted word, then the JVM exits. Runs are interleaved (run → parallelism → engine) so that the load
// other processes put on the machine hits every engine alike. Three parts:
//  1. throughput: BENCH_ENGINES (storm,compat,compat-nockpt,native; also compat-ckpt, compat-log, compat-remote, native-nockpt, and any
//     of them as engine@N: with Flink's buffer timeout at N ms, e.g. compat@1,native@1 as the translator's jobs run)
//     at BENCH_PARALLELISM (1,2,4), BENCH_RUNS (2) each: words/s, CPU-s per M words, GC time, checkpoints in the window.
//     compat-nockpt = compat with checkpointing enabled (tree acks run as with it) but no checkpoint due in the run;
//     compat-remote = every ack through the JobManager, as when spouts and bolts run in different TaskManagers.
//     BENCH_TIMELINE=1: per run, the spout's acks (latency runs: the largest latency) per 100 ms around checkpoint
//     triggers, when the source task acknowledged each checkpoint, and how many 10 ms spans had no ack at all.
//  2. latency (BENCH_LATENCY=0 leaves it out): at BENCH_LATENCY_P (2), the spout paced at 50% of Storm's measured
//     words/s, then at 50% of native's (Storm cannot offer that): spout emit → count bolt execute, p50/p99/p99.9
//     (HdrHistogram), BENCH_LATENCY_RUNS (1) of BENCH_LATENCY_WINDOW_S (10) each, compat and native at each Flink buffer
//     timeout of BENCH_BUFFER_TIMEOUTS (1,100 ms: 1 ms is what the translator's jobs set, execution.buffer-timeout.interval;
//     100 is Flink's default).
//  3. memory (BENCH_MEMORY=0 leaves it out): at BENCH_MEMORY_LOADS (storm; storm,native adds native's half load), the
//     smallest -Xmx (bisection in BENCH_MEMORY_STEP_MB, 16, between BENCH_MEMORY_LO_MB 16 and BENCH_MEMORY_HI_MB 128) at
//     which each engine delivers ≥ 95% of the offered load over a BENCH_MEMORY_WINDOW_S (10) window. Direct memory is fixed at 1 GB so the heap alone is probed.
//     BENCH_LOADS=stormHalf,nativeHalf (words/s) with BENCH_RUNS=0 reruns latency or memory alone.
// BENCH_BASELINE: the compiled runtime classes of another build (e.g. `git worktree add /tmp/before <commit>` and
// `mvn -q -o -f /tmp/before/src/compat/pom.xml compile`: /tmp/before/src/compat/target/classes); an engine named
// base-<engine> (base-compat@1) runs with those classes first on the class path, interleaved with the current build, and
// latency runs add base-compat beside compat: before/after in one run, under the same load.
// Warm-up: BENCH_WARMUP_S, then until the JIT has settled (at most BENCH_JIT_SETTLE_S, 40; compat's C2 needs ~30 s).
// Each throughput run also prints its CPU per word by stage (spout, split, count, acker, other) from thread CPU times.
// BENCH_CHECKPOINT_MS (1000); BENCH_JVM_ARGS: more JVM arguments for every run. The bounded Trident word count of
// rounds 5–6 runs with BENCH_TRIDENT_SENTENCES > 0 (default 0), BENCH_TRIDENT_RUNS (2). Raw BENCH lines go to src/compat/target/bench-compat.json.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const compat = path.join(root, 'src/compat');
const target = path.join(compat, 'target');
const env = (name, dflt) => process.env[name] ?? dflt;
const ENGINES = env('BENCH_ENGINES', 'storm,compat,compat-nockpt,native').split(',');
const PARALLELISM = env('BENCH_PARALLELISM', '1,2,4').split(',');
const RUNS = Number(env('BENCH_RUNS', 2));
const WARMUP_S = Number(env('BENCH_WARMUP_S', 5));
// After the warm-up, each run waits until the JIT has settled (3 quiet seconds), at most this many seconds more; 0: no wait.
const JIT_SETTLE_S = Number(env('BENCH_JIT_SETTLE_S', 40));
const WINDOW_S = Number(env('BENCH_WINDOW_S', 20));
const CHECKPOINT_MS = Number(env('BENCH_CHECKPOINT_MS', 1000));
const LATENCY = env('BENCH_LATENCY', '1') !== '0';
const LAT_P = env('BENCH_LATENCY_P', '2');
const LAT_RUNS = Number(env('BENCH_LATENCY_RUNS', 1));
const LAT_WINDOW_S = Number(env('BENCH_LATENCY_WINDOW_S', 10));
// Flink's buffer timeout for the latency runs: 1 ms is what the translator's jobs set, 100 ms Flink's default.
const BUFFER_TIMEOUTS = env('BENCH_BUFFER_TIMEOUTS', '1,100').split(',').map(Number);
const MEMORY = env('BENCH_MEMORY', '1') !== '0';
const MEM_LO = Number(env('BENCH_MEMORY_LO_MB', 16));
const MEM_HI = Number(env('BENCH_MEMORY_HI_MB', 128));
const MEM_STEP = Number(env('BENCH_MEMORY_STEP_MB', 16));
const MEM_LOADS = env('BENCH_MEMORY_LOADS', 'storm').split(',');
// Offered loads (words/s: Storm's half, native's half) given instead of measured, e.g. to rerun latency or memory alone with BENCH_RUNS=0.
const LOADS = process.env.BENCH_LOADS?.split(',').map(Number);
const MEM_WINDOW_S = Number(env('BENCH_MEMORY_WINDOW_S', 10));
const TRIDENT_SENTENCES = Number(env('BENCH_TRIDENT_SENTENCES', 0));
// More JVM arguments for every run (experiments: -Dbench.max.pending=0, a JFR recording).
const JVM_ARGS = env('BENCH_JVM_ARGS', '').split(' ').filter(Boolean);
// Spout acks (and, in latency runs, the largest latency) per 100 ms around each checkpoint trigger, printed per run.
const TIMELINE = env('BENCH_TIMELINE', '0') !== '0';
const TRIDENT_RUNS = Number(env('BENCH_TRIDENT_RUNS', 2));
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;
if (BASELINE && !fs.existsSync(path.join(BASELINE, 'dev/storm2flink/compat/BoltOperator.class'))) {
  throw new Error(`BENCH_BASELINE ${BASELINE}: no compiled compat runtime there (dev/storm2flink/compat/BoltOperator.class)`);
}

const mvn = (args) => execFileSync('mvn', ['-B', '-q', ...args], { cwd: compat, stdio: 'inherit' });
console.log('building (mvn -Pbench test-compile; storm bench pom)…');
mvn(['-Pbench', 'test-compile', 'dependency:build-classpath', '-Dmdep.includeScope=test', `-Dmdep.outputFile=${path.join(target, 'bench-flink.classpath')}`]);
mvn(['-f', 'src/bench/storm/pom.xml', 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${path.join(target, 'bench-storm.classpath')}`]);
const cp = (name) => fs.readFileSync(path.join(target, name), 'utf8').trim();
// Snapshot the compiled classes: another `mvn verify` on src/compat during the run would recompile
// target/test-classes without the bench sources.
const snap = path.join(target, 'bench-flink');
fs.rmSync(snap, { recursive: true, force: true });
fs.cpSync(path.join(target, 'classes'), path.join(snap, 'classes'), { recursive: true });
fs.cpSync(path.join(target, 'test-classes'), path.join(snap, 'test-classes'), { recursive: true });
if (!fs.existsSync(path.join(snap, 'test-classes/dev/storm2flink/compat/bench/FlinkBench.class'))) {
  throw new Error('FlinkBench.class missing after mvn -Pbench test-compile (concurrent build on src/compat?)');
}
const sep = path.delimiter;
const flinkCp = [path.join(snap, 'classes'), path.join(snap, 'test-classes'), cp('bench-flink.classpath')].join(sep);
// base-<engine>: the baseline's runtime classes in place of this build's (the bench classes stay this build's).
const baseCp = BASELINE && [BASELINE, path.join(snap, 'test-classes'), cp('bench-flink.classpath')].join(sep);
const stormCp = [path.join(target, 'bench-storm/classes'), cp('bench-storm.classpath')].join(sep);
const stormLog = path.join(compat, 'src/bench/storm/log4j2-bench.xml');

/** One JVM: its BENCH lines, or { failed } (exit status, timeout, no line). */
const java = (storm, args, { heapMb = 1024, props = [], timeoutS = 300, baseline = false } = {}) => {
  const r = spawnSync(
    'java',
    [
      `-Xms${heapMb}m`,
      `-Xmx${heapMb}m`,
      '-XX:MaxDirectMemorySize=1g',
      '--add-opens',
      'java.base/java.util=ALL-UNNAMED',
      '--add-opens',
      'java.base/java.lang=ALL-UNNAMED',
      ...(storm ? [`-Dlog4j.configurationFile=${stormLog}`, `-Dlog4j2.configurationFile=${stormLog}`] : []),
      `-Dbench.checkpoint.ms=${CHECKPOINT_MS}`,
      ...JVM_ARGS,
      ...props,
      '-cp',
      storm ? stormCp : baseline ? baseCp : flinkCp,
      storm ? 'dev.storm2flink.compat.bench.StormBench' : 'dev.storm2flink.compat.bench.FlinkBench',
      ...args.map(String),
    ],
    { cwd: compat, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutS * 1000 },
  );
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH '));
  for (const l of (r.stderr ?? '').split('\n')) if (/warm-up/.test(l)) console.log(`  ${l.trim()}`);
  if (r.status !== 0 || lines.length === 0) {
    const why = r.error ? String(r.error.code ?? r.error) : `exit ${r.status}`;
    const oom = /OutOfMemoryError/.test(`${r.stdout}${r.stderr}`) ? ' (OutOfMemoryError)' : '';
    return { failed: `${why}${oom}`, stderr: (r.stderr ?? '').slice(-2000) };
  }
  return lines.map((l) => JSON.parse(l.slice(6)));
};
/** One steady-state run; throws on failure unless `probe` (memory bisection). */
const results = [];
const run = (engine, p, rate, { latency = false, heapMb, windowS = WINDOW_S, probe = false, tag = 'throughput', bufferMs } = {}) => {
  // engine@N: that engine with Flink's buffer timeout at N ms (compat@1: what the translator's jobs set).
  const [full, at] = engine.split('@');
  if (at !== undefined) bufferMs ??= Number(at);
  const baseline = full.startsWith('base-');
  if (baseline && !BASELINE) throw new Error(`${engine} needs BENCH_BASELINE`);
  const name = baseline ? full.slice('base-'.length) : full;
  const out = java(name === 'storm', [name, p, WARMUP_S, windowS, rate, JIT_SETTLE_S], {
    heapMb,
    baseline,
    props: [
      ...(latency ? ['-Dbench.latency=true'] : []),
      ...(TIMELINE ? ['-Dbench.timeline=true'] : []),
      ...(bufferMs === undefined ? [] : [`-Dbench.buffer.timeout.ms=${bufferMs}`]),
    ],
    timeoutS: WARMUP_S + JIT_SETTLE_S + windowS + 180,
  });
  if (out.failed) {
    if (probe) return { failed: out.failed };
    process.stderr.write(out.stderr);
    throw new Error(`${engine} p=${p} failed: ${out.failed}`);
  }
  const r = { ...out[0], engine, tag, heapMb: heapMb ?? 1024, load: os.loadavg()[0] };
  results.push(r);
  if (r.phaseAcks) {
    console.log(
      `  ${engine} p=${p}: acks per 100 ms from 300 ms before a checkpoint's trigger (mean of ${r.phaseCheckpoints}): ${r.phaseAcks.join(' ')}; ` +
        `source acked the checkpoint after ${r.srcAckMs} ms (median), end to end ${r.e2eMs} ms; 10 ms bins with no ack ${r.quietBins} of ${r.bins}` +
        (latency ? `; largest latency per 100 ms (ms): ${r.phaseLatMaxMs.join(' ')}` : ''),
    );
  }
  fs.writeFileSync(path.join(target, 'bench-compat.json'), JSON.stringify(results, null, 1));
  return r;
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const spread = (xs, d) => `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
const rate = (r) => r.words / (r.ms / 1000);
const cpuPerM = (r) => r.cpuMs / 1000 / (r.words / 1e6);
const loads = [];
const t0 = Date.now();

// 1. Throughput.
const perRun = WARMUP_S + JIT_SETTLE_S / 2 + WINDOW_S + 8;
console.log(
  `steady state: ${ENGINES.join(', ')} at parallelism ${PARALLELISM.join(', ')}, ${RUNS} runs each (one JVM per run, ${WARMUP_S} s warm-up + ` +
    `${WINDOW_S} s window), checkpoints every ${CHECKPOINT_MS} ms; about ${Math.round((ENGINES.length * PARALLELISM.length * RUNS * perRun) / 60)} min`,
);
for (let r = 0; r < RUNS; r++) {
  for (const p of PARALLELISM) {
    for (const engine of ENGINES) {
      const x = run(engine, p, 0);
      loads.push(x.load);
      console.log(
        `  run ${r + 1} p=${p} ${engine}: ${fmt(rate(x))} words/s, ${x.checkpoints ?? '-'} checkpoints, warm-up ${x.warmupS} s, ` +
          `JIT ${x.jitMs} ms in the window, load ${x.load.toFixed(1)}`,
      );
    }
  }
}
const cell = (engine, p, tag = 'throughput') => results.filter((x) => x.engine === engine && String(x.p) === String(p) && x.tag === tag);
if (RUNS > 0) {
  console.log(
    `\nthroughput at steady state: median (min–max) of ${RUNS} runs, each a ${WINDOW_S} s window after ${WARMUP_S} s of warm-up and until the JIT settled (at most ${JIT_SETTLE_S} s more)`,
  );
  console.log('| p | engine | words/s | CPU-s per M words | GC ms per window | checkpoints in window | slowest–fastest second, words |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const p of PARALLELISM) {
    for (const engine of ENGINES) {
      const xs = cell(engine, p);
      const ck = xs.map((x) => x.checkpoints).filter((c) => c !== null);
      console.log(
        `| ${p} | ${engine} | ${spread(xs.map(rate), 0)} | ${spread(xs.map(cpuPerM), 2)} | ${spread(
          xs.map((x) => x.gcMs),
          0,
        )} | ${ck.length ? `${Math.min(...ck)}–${Math.max(...ck)}` : '–'} | ${fmt(Math.min(...xs.map((x) => x.secMin)))}–${fmt(Math.max(...xs.map((x) => x.secMax)))} |`,
      );
    }
  }
  // Where each word's CPU goes, by stage (thread CPU of the stage's tasks; "other": timers, flushers, RPC, JIT, GC).
  const stages = ['spout', 'split', 'count', 'acker', 'other'];
  console.log(`\nCPU per word by stage, ns: median of ${RUNS} runs (the JIT's ms in the window: median)`);
  console.log(`| p | engine | ${stages.join(' | ')} | all | JIT ms | bytes allocated per word: spout / split / count |`);
  console.log(`| --- | --- | ${stages.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const p of PARALLELISM) {
    for (const engine of ENGINES) {
      const xs = cell(engine, p).filter((x) => x.stageNsPerWord);
      if (xs.length === 0) continue;
      const by = stages.map((st) => (xs.some((x) => st in x.stageNsPerWord) ? fmt(median(xs.map((x) => x.stageNsPerWord[st] ?? 0)), 1) : '–'));
      // Bytes allocated per word by the stage's threads (spout/split/count), beside the CPU.
      const bytes = ['spout', 'split', 'count'].map((st) => fmt(median(xs.map((x) => x.stageBytesPerWord?.[st] ?? 0))));
      console.log(
        `| ${p} | ${engine} | ${by.join(' | ')} | ${fmt(median(xs.map(cpuPerM)) * 1000, 1)} | ${fmt(median(xs.map((x) => x.jitMs)))} | ${bytes.join(' / ')} |`,
      );
    }
  }
  const ratio = (a, b, p, f) => median(cell(a, p).map(f)) / median(cell(b, p).map(f));
  const has = (e) => ENGINES.includes(e);
  console.log('\nratios of medians (words/s; CPU-s per M words):');
  for (const p of PARALLELISM) {
    const parts = [];
    if (has('compat') && has('native')) {
      const v = ratio('compat', 'native', p, rate);
      parts.push(`compat/native ${v.toFixed(2)}× (target ≥ 0.9×: ${v >= 0.9 ? 'met' : 'MISSED'}), CPU ${ratio('compat', 'native', p, cpuPerM).toFixed(2)}×`);
    }
    if (has('compat') && has('storm'))
      parts.push(`compat/Storm ${ratio('compat', 'storm', p, rate).toFixed(2)}×, CPU ${ratio('compat', 'storm', p, cpuPerM).toFixed(2)}×`);
    if (has('compat') && has('compat-nockpt')) {
      const v = ratio('compat', 'compat-nockpt', p, rate);
      parts.push(
        `compat/compat-nockpt ${v.toFixed(2)}× (target ≥ 0.95×: ${v >= 0.95 ? 'met' : 'MISSED'}), CPU ${ratio('compat', 'compat-nockpt', p, cpuPerM).toFixed(2)}×`,
      );
    }
    // Buffer timeouts: compat@N against native@N, and what N ms costs each engine against Flink's default.
    for (const e of ENGINES.filter((x) => x.includes('@'))) {
      const [base, ms] = e.split('@');
      if ((base === 'compat' || base === 'compat-ckpt') && has(`native@${ms}`))
        parts.push(`${e}/native@${ms} ${ratio(e, `native@${ms}`, p, rate).toFixed(2)}×, CPU ${ratio(e, `native@${ms}`, p, cpuPerM).toFixed(2)}×`);
      if (base === 'compat' && has(`compat-nockpt@${ms}`)) {
        const v = ratio(e, `compat-nockpt@${ms}`, p, rate);
        parts.push(
          `${e}/compat-nockpt@${ms} ${v.toFixed(2)}× (target ≥ 0.95×: ${v >= 0.95 ? 'met' : 'MISSED'}), CPU ${ratio(e, `compat-nockpt@${ms}`, p, cpuPerM).toFixed(2)}×`,
        );
      }
      if (has(base)) parts.push(`${e}/${base} ${ratio(e, base, p, rate).toFixed(2)}×, CPU ${ratio(e, base, p, cpuPerM).toFixed(2)}×`);
    }
    // This build against the baseline's (BENCH_BASELINE).
    for (const e of ENGINES.filter((x) => x.startsWith('base-'))) {
      const cur = e.slice('base-'.length);
      if (has(cur)) parts.push(`${cur}/${e} ${ratio(cur, e, p, rate).toFixed(2)}×, CPU ${ratio(cur, e, p, cpuPerM).toFixed(2)}×`);
    }
    for (const e of ['compat-ckpt', 'compat-log', 'compat-remote', 'native-nockpt']) {
      const base = e === 'native-nockpt' ? 'native' : 'compat';
      if (has(e) && has(base)) parts.push(`${base}/${e} ${ratio(base, e, p, rate).toFixed(2)}×, CPU ${ratio(base, e, p, cpuPerM).toFixed(2)}×`);
    }
    console.log(`p=${p}: ${parts.join('; ')}`);
  }
}

// 2. Latency at fixed offered loads.
const maxOf = (engine) => {
  if (LOADS) return 2 * LOADS[engine === 'storm' ? 0 : 1];
  const xs = cell(engine, LAT_P);
  if (xs.length === 0) throw new Error(`latency needs ${engine} measured at p=${LAT_P} (BENCH_ENGINES, BENCH_PARALLELISM)`);
  return median(xs.map(rate));
};
const offered = [];
if (LATENCY || MEMORY) {
  const compats = BASELINE ? ['compat', 'base-compat'] : ['compat'];
  offered.push({ key: 'storm', name: "Storm's", words: Math.round(maxOf('storm') / 2), engines: ['storm', ...compats, 'native'] });
  // Storm cannot be offered native's half load: its maximum is below it.
  offered.push({ key: 'native', name: "native's", words: Math.round(maxOf('native') / 2), engines: [...compats, 'native'] });
}
if (LATENCY) {
  // Storm has no buffer timeout: one row per load; compat and native one per timeout.
  const rows = offered.flatMap((load) =>
    load.engines.flatMap((engine) => (engine === 'storm' ? [{ load, engine }] : BUFFER_TIMEOUTS.map((bufferMs) => ({ load, engine, bufferMs })))),
  );
  const tagOf = (row) => `latency ${row.load.name}${row.bufferMs === undefined ? '' : ` ${row.bufferMs}`}`;
  console.log(`\nlatency at p=${LAT_P}, ${LAT_RUNS} run(s) of ${LAT_WINDOW_S} s per row, Flink buffer timeouts ${BUFFER_TIMEOUTS.join(', ')} ms…`);
  for (let r = 0; r < LAT_RUNS; r++) {
    for (const row of rows) {
      const x = run(row.engine, LAT_P, row.load.words, { latency: true, tag: tagOf(row), bufferMs: row.bufferMs, windowS: LAT_WINDOW_S });
      loads.push(x.load);
      console.log(`  ${tagOf(row)}, ${row.engine}: p99 ${fmt(x.p99 ?? NaN, 1)} ms, ${fmt(rate(x))} of ${fmt(row.load.words)} words/s`);
    }
  }
  console.log(`\nend-to-end latency (spout emit → count bolt execute), p=${LAT_P}, median of ${LAT_RUNS} run(s) of ${LAT_WINDOW_S} s; ms`);
  console.log('| offered load | engine | Flink buffer timeout | offered words/s | delivered words/s | p50 | p99 | p99.9 | max |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const p99 = {};
  for (const row of rows) {
    const xs = cell(row.engine, LAT_P, tagOf(row));
    const m = (k) => median(xs.map((x) => x[k] ?? NaN));
    p99[`${row.load.name} ${row.engine} ${row.bufferMs ?? ''}`] = m('p99');
    console.log(
      `| 50% of ${row.load.name} max | ${row.engine} | ${row.bufferMs === undefined ? '–' : `${row.bufferMs} ms`} | ${fmt(row.load.words)} | ${fmt(median(xs.map(rate)))} | ` +
        `${fmt(m('p50'), 1)} | ${fmt(m('p99'), 1)} | ${fmt(m('p999'), 1)} | ${fmt(m('max'), 1)} |`,
    );
  }
  for (const ms of BUFFER_TIMEOUTS) {
    const a = p99[`Storm's compat ${ms}`] / p99["Storm's storm "];
    const b = p99[`native's compat ${ms}`] / p99[`native's native ${ms}`];
    console.log(
      `buffer timeout ${ms} ms: p99 compat/Storm at Storm's half load ${a.toFixed(2)}× (target ≤ 1×: ${a <= 1 ? 'met' : 'MISSED'}); ` +
        `compat/native at native's half load ${b.toFixed(2)}× (target ≤ 1.2×: ${b <= 1.2 ? 'met' : 'MISSED'})`,
    );
    if (BASELINE)
      console.log(
        `buffer timeout ${ms} ms: p99 compat/base-compat ${(p99[`Storm's compat ${ms}`] / p99[`Storm's base-compat ${ms}`]).toFixed(2)}× at Storm's half load, ` +
          `${(p99[`native's compat ${ms}`] / p99[`native's base-compat ${ms}`]).toFixed(2)}× at native's`,
      );
  }
}

// 3. Memory: the smallest heap that sustains each offered load of BENCH_MEMORY_LOADS.
if (MEMORY) {
  const sustains = (engine, load, mb) => {
    const x = run(engine, LAT_P, load.words, { heapMb: mb, windowS: MEM_WINDOW_S, probe: true, tag: `memory ${load.name} ${mb}` });
    const ok = !x.failed && rate(x) >= 0.95 * load.words;
    if (!x.failed) loads.push(x.load);
    console.log(
      `  ${load.name} half load, ${engine} -Xmx${mb}m: ${x.failed ? x.failed : `${fmt(rate(x))} words/s, GC ${x.gcMs} ms`} → ${ok ? 'sustains' : 'does not'}`,
    );
    return ok;
  };
  const mem = [];
  for (const load of offered.filter((l) => MEM_LOADS.includes(l.key))) {
    console.log(`\nmemory at p=${LAT_P}, ${fmt(load.words)} words/s offered (50% of ${load.name} max), -Xms = -Xmx, bisection to ${MEM_STEP} MB…`);
    for (const engine of load.engines) {
      let mb = null;
      if (sustains(engine, load, MEM_HI)) {
        let lo = MEM_LO; // assumed not to sustain
        let hi = MEM_HI;
        while (hi - lo > MEM_STEP) {
          const mid = Math.floor((lo + hi) / 2);
          if (sustains(engine, load, mid)) hi = mid;
          else lo = mid;
        }
        mb = hi;
      }
      mem.push({ load: load.name, engine, mb });
    }
  }
  console.log(`\nsmallest -Xms = -Xmx (MB) at which the engine's one JVM delivers ≥ 95% of the offered load, p=${LAT_P} (floor of the search: ${MEM_LO} MB)`);
  console.log('| offered load | engine | smallest heap (MB) |');
  console.log('| --- | --- | --- |');
  for (const m of mem) console.log(`| 50% of ${m.load} max | ${m.engine} | ${m.mb === null ? `> ${MEM_HI}` : m.mb} |`);
  for (const load of offered) {
    const of = (e) => mem.find((m) => m.load === load.name && m.engine === e)?.mb;
    if (of('compat') && of('native')) {
      const v = of('compat') / of('native');
      console.log(
        `50% of ${load.name} max: heap compat/native ${v.toFixed(2)}× (target ≤ 1.2×: ${v <= 1.2 ? 'met' : 'MISSED'})${of('storm') ? `, compat/Storm ${(of('compat') / of('storm')).toFixed(2)}×` : ''}`,
      );
    }
  }
}

// The bounded Trident word count of rounds 5–6 (opt-in).
if (TRIDENT_SENTENCES > 0) {
  console.log(`\nTrident word count: ${fmt(TRIDENT_SENTENCES)} sentences in batches of 1000, 5 pending; timed until the last batch commits`);
  const tr = [];
  for (const [storm, args] of [
    [true, ['storm-trident', TRIDENT_SENTENCES, TRIDENT_RUNS, ...PARALLELISM]],
    [false, ['trident,trident-ckpt', TRIDENT_SENTENCES, TRIDENT_RUNS, CHECKPOINT_MS, ...PARALLELISM]],
  ]) {
    const out = java(storm, args, { timeoutS: 1800 });
    if (out.failed) throw new Error(`Trident: ${out.failed}\n${out.stderr}`);
    tr.push(...out);
  }
  console.log('| p | engine | words/s | CPU-s per M words |');
  console.log('| --- | --- | --- | --- |');
  for (const p of PARALLELISM) {
    for (const engine of ['storm-trident', 'compat-trident', 'compat-trident-ckpt']) {
      const xs = tr.filter((x) => x.engine === engine && String(x.p) === p);
      console.log(`| ${p} | ${engine} | ${spread(xs.map(rate), 0)} | ${spread(xs.map(cpuPerM), 2)} |`);
    }
  }
}
console.log(
  `\n${results.length} JVM runs in ${((Date.now() - t0) / 60000).toFixed(1)} min; load average (1 min) at the end of each run: median ${median(loads).toFixed(1)} ` +
    `(${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}) on ${os.cpus().length} cores`,
);
