// npm run bench:compat : the same word-count topology on Storm LocalCluster (acking on), on the compat
// runtime (Flink MiniCluster, bounded mode, checkpoints on, at-least-once) and as a hand-written Flink job,
// at parallelism 1 and 2. Storm runs in its own JVM (storm-server needs Storm's kryo 4, which clashes with
// Flink's kryo on one classpath). compat and native each run in JVMs of their own (one MiniCluster each), launched
// alternately, BENCH_ROUNDS (2) of each: in one shared JVM the two jobs' profiles mixed in the JIT-compiled Flink
// code they share, and which engine it favoured changed from JVM to JVM. Each JVM runs BENCH_WARMUPS (3) unmeasured
// and BENCH_RUNS (3) measured runs per parallelism. The compat JVMs also run compat-ckpt (ids acked as checkpoints
// complete: AckMode CHECKPOINT, the default before acks at tree completion) and compat-log (boltFailAction LOG: tuples
// carry no roots, no fail route, no tree acks), alternating with compat, to show what each costs.
// Env also: BENCH_SENTENCES (default 320000 ≈ 3 M words), BENCH_STORM_RUNS (3, after one warm-up: a Storm run lasts
// ~10 s), BENCH_CHECKPOINT_MS (1000). The Trident word count (persistentAggregate into a MemoryMapState, batches of
// 1000 sentences, 5 pending) runs on Storm and on compat too: BENCH_TRIDENT_SENTENCES (20000; 0 leaves it out), each
// timed until its last batch commits, BENCH_TRIDENT_RUNS (2) after one warm-up, in the Storm JVM and one compat JVM. Each JVM gets a fixed 1 GB heap (-Xms = -Xmx, as Flink starts its TaskManagers).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const compat = path.join(root, 'src/compat');
const target = path.join(compat, 'target');
const SENTENCES = Number(process.env.BENCH_SENTENCES ?? 320000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 3);
const STORM_RUNS = Number(process.env.BENCH_STORM_RUNS ?? 3);
const CHECKPOINT_MS = Number(process.env.BENCH_CHECKPOINT_MS ?? 1000);
const PARALLELISM = ['1', '2'];
const TRIDENT_SENTENCES = Number(process.env.BENCH_TRIDENT_SENTENCES ?? 20000);
const TRIDENT_RUNS = Number(process.env.BENCH_TRIDENT_RUNS ?? 2);

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

const java = (classpath, main, args, extra = []) => {
  const r = spawnSync(
    'java',
    [
      '-Xms1g',
      '-Xmx1g',
      '--add-opens',
      'java.base/java.util=ALL-UNNAMED',
      '--add-opens',
      'java.base/java.lang=ALL-UNNAMED',
      ...extra,
      '-cp',
      classpath,
      main,
      ...args,
    ],
    { cwd: compat, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('BENCH '));
  for (const l of r.stderr.split('\n')) if (/warm-up/.test(l)) console.log(`  ${l.trim()}`);
  if (r.status !== 0 || lines.length === 0) {
    process.stderr.write(r.stderr.slice(-4000));
    throw new Error(`${main} exited ${r.status}`);
  }
  return lines.map((l) => JSON.parse(l.slice(6)));
};

const sep = path.delimiter;
console.log(
  `word count, ${SENTENCES} sentences, checkpoints every ${CHECKPOINT_MS} ms; Storm ${STORM_RUNS} runs + 1 warm-up, ` +
    `compat and native ${ROUNDS} JVMs each, alternating, with ${RUNS} runs after ${WARMUPS} warm-ups per parallelism`,
);
console.log('Storm LocalCluster (separate JVM)…');
const storm = java(
  [path.join(target, 'bench-storm/classes'), cp('bench-storm.classpath')].join(sep),
  'dev.storm2flink.compat.bench.StormBench',
  [String(SENTENCES), String(STORM_RUNS), ...PARALLELISM],
  [
    `-Dlog4j.configurationFile=${path.join(compat, 'src/bench/storm/log4j2-bench.xml')}`,
    '-Dlog4j2.configurationFile=' + path.join(compat, 'src/bench/storm/log4j2-bench.xml'),
    `-Dbench.trident.sentences=${TRIDENT_SENTENCES}`,
  ],
);
const flink = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const engine of ['compat', 'native']) {
    console.log(`${engine} on Flink MiniCluster (JVM ${round} of ${ROUNDS})…`);
    flink.push(
      ...java(
        [path.join(snap, 'classes'), path.join(snap, 'test-classes'), cp('bench-flink.classpath')].join(sep),
        'dev.storm2flink.compat.bench.FlinkBench',
        [String(SENTENCES), String(RUNS), String(CHECKPOINT_MS), ...PARALLELISM],
        [`-Dbench.warmups=${WARMUPS}`, `-Dbench.engines=${engine === 'compat' ? 'compat,compat-ckpt,compat-log' : engine}`],
      ),
    );
  }
}
if (TRIDENT_SENTENCES > 0) {
  console.log('Trident word count on compat (Flink MiniCluster, its own JVM)…');
  flink.push(
    ...java(
      [path.join(snap, 'classes'), path.join(snap, 'test-classes'), cp('bench-flink.classpath')].join(sep),
      'dev.storm2flink.compat.bench.FlinkBench',
      [String(SENTENCES), String(TRIDENT_RUNS), String(CHECKPOINT_MS), ...PARALLELISM],
      ['-Dbench.warmups=1', '-Dbench.engines=trident,trident-ckpt', `-Dbench.trident.sentences=${TRIDENT_SENTENCES}`],
    ),
  );
}
const all = [...storm, ...flink];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const stats = (engine, p) => {
  const rs = all.filter((r) => r.engine === engine && String(r.p) === p);
  const rate = rs.map((r) => r.words / (r.ms / 1000));
  const cpu = rs.map((r) => r.cpuMs / 1000 / (r.words / 1e6));
  return { rate, cpu, words: rs[0].words, ms: rs.map((r) => r.ms) };
};
const words = all[0].words;
console.log(`\n${fmt(words)} words per run (records = words through split → count); median (min–max) of the measured runs`);
console.log('| p | engine | words/s | CPU-s per M words | wall s |');
console.log('| --- | --- | --- | --- | --- |');
const summary = {};
for (const p of PARALLELISM) {
  for (const engine of ['storm', 'compat', 'compat-ckpt', 'compat-log', 'native']) {
    const s = stats(engine, p);
    summary[`${engine}${p}`] = s;
    const r = (xs, d) => `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
    console.log(
      `| ${p} | ${engine} | ${r(s.rate, 0)} | ${r(s.cpu, 2)} | ${r(
        s.ms.map((m) => m / 1000),
        1,
      )} |`,
    );
  }
}
if (TRIDENT_SENTENCES > 0) {
  const tw = all.find((r) => r.engine === 'storm-trident').words;
  console.log(`\nTrident word count: ${fmt(TRIDENT_SENTENCES)} sentences (${fmt(tw)} words) in batches of 1000, 5 pending; timed until the last batch commits`);
  console.log('| p | engine | words/s | CPU-s per M words | wall s |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const p of PARALLELISM) {
    for (const engine of ['storm-trident', 'compat-trident', 'compat-trident-ckpt']) {
      const s = stats(engine, p);
      summary[`${engine}${p}`] = s;
      const r = (xs, d) => `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
      console.log(
        `| ${p} | ${engine} | ${r(s.rate, 0)} | ${r(s.cpu, 2)} | ${r(
          s.ms.map((m) => m / 1000),
          1,
        )} |`,
      );
    }
    const [st, co, ck] = ['storm-trident', 'compat-trident', 'compat-trident-ckpt'].map((e) => summary[`${e}${p}`]);
    console.log(
      `p=${p}: Trident throughput compat/Storm ${(median(co.rate) / median(st.rate)).toFixed(2)}×, CPU per M words ${(median(co.cpu) / median(st.cpu)).toFixed(2)}× ` +
        `(acks at tree completion); with acks at checkpoints (every ${CHECKPOINT_MS} ms) ${(median(ck.rate) / median(st.rate)).toFixed(2)}×`,
    );
  }
}
console.log('\nratios (medians):');
for (const p of PARALLELISM) {
  const [st, co, na] = ['storm', 'compat', 'native'].map((e) => summary[`${e}${p}`]);
  const vsStorm = median(co.rate) / median(st.rate);
  const vsNative = median(co.rate) / median(na.rate);
  console.log(
    `p=${p}: throughput compat/Storm ${vsStorm.toFixed(2)}× (target ≥ 1.5×: ${vsStorm >= 1.5 ? 'met' : 'MISSED'}), ` +
      `compat/native ${vsNative.toFixed(2)}× (target ≥ 0.8×: ${vsNative >= 0.8 ? 'met' : 'MISSED'}); ` +
      `CPU per M words compat/Storm ${(median(co.cpu) / median(st.cpu)).toFixed(2)}×, compat/native ${(median(co.cpu) / median(na.cpu)).toFixed(2)}×`,
  );
  // compat-log: the same compat JVMs with boltFailAction LOG (no roots on tuples, no fail route): the cost of replaying fail().
  const lg = summary[`compat-log${p}`];
  const ck = summary[`compat-ckpt${p}`];
  const route = median(co.rate) / median(lg.rate);
  console.log(
    `p=${p}: fail route and tree acks (roots and edges on every tuple, acks to the spouts every 5 ms or 256 roots): throughput compat/compat-log ${route.toFixed(2)}× ` +
      `(target ≥ 0.9×: ${route >= 0.9 ? 'met' : 'MISSED'}), CPU per M words ${(median(co.cpu) / median(lg.cpu)).toFixed(2)}×`,
  );
  const tree = median(co.rate) / median(ck.rate);
  console.log(
    `p=${p}: acks at tree completion against acks at checkpoints: throughput compat/compat-ckpt ${tree.toFixed(2)}× ` +
      `(target ≥ 0.9×: ${tree >= 0.9 ? 'met' : 'MISSED'}), CPU per M words ${(median(co.cpu) / median(ck.cpu)).toFixed(2)}×`,
  );
}
