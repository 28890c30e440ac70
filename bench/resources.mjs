// npm run bench:resources : what Storm's worker and the translated Flink job use, side by side, for the same word
// count at the same offered load (bench/resources/word-count: a spout paced to BENCH_RATE sentences/s with message
// ids, split ×2 shuffle, count ×2 fields; 6.4 words a sentence). Storm: its LocalCluster in one JVM with the
// heap Storm gives a worker (-Xmx768m, worker.heap.memory.mb's default; Nimbus, supervisor and ZooKeeper run in
// that JVM too). Flink: `storm2flink translate --target standalone`, `mvn package`, the generated deploy/config.yaml
// as the cluster's configuration (so the TaskManager gets exactly the derived request), a JobManager and the
// TaskManager(s) as their own JVMs (test/helpers/flink-cluster.ts), the job submitted with deploy/submit.sh.
// Both JVMs use the serial GC (the cluster helper's choice on 2 shared cores). Per process, after BENCH_WARMUP_S
// (30): CPU seconds over BENCH_MEASURE_S (60) from /proc/<pid>/stat, RSS from /proc/<pid>/status every second,
// heap used (jstat -gc: survivors + eden + old) every 5 s; words counted in the window (CountBolt's prints) to
// check both engines carried the load. Each engine also runs the same topology with its spout idle (offered load 0):
// what the processes cost before any work (LocalCluster's JVM holds Nimbus, a supervisor and ZooKeeper besides the
// worker), so "load − idle" compares the work alone. BENCH_ROUNDS (2) rounds of Storm, then Flink, each loaded then
// idle; medians, spread in brackets.
// Env also: BENCH_FLINK (1.20 | 2.x), BENCH_COMPAT_JAR (a compat jar for translate's --compat-jar).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 20);
const MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const LINE = process.env.BENCH_FLINK ?? '1.20';
const WORDS_PER_SENTENCE = 6.4; // the spout's five sentences: 6, 8, 6, 6, 6 words
const STORM_HEAP_MB = 768; // Storm's default worker.heap.memory.mb; the topology sets no other
const project = path.join(root, 'bench', 'resources', 'word-count');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bench-resources-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The standalone cluster helper is TypeScript under test/: transpiled once with the project's own compiler, its
// src/ imports pointed at dist/ (npm run build), written under node_modules/.cache so its packages resolve.
async function loadClusterHelper() {
  const ts = (await import('typescript')).default;
  const src = fs.readFileSync(path.join(root, 'test', 'helpers', 'flink-cluster.ts'), 'utf8');
  const js = ts
    .transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    .outputText.replace(/from '\.\.\/\.\.\/src\/([^']+)'/g, (_, p) => `from '${pathToFileURL(path.join(root, 'dist', p)).href}'`);
  const dir = path.join(root, 'node_modules', '.cache', 's2f-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'flink-cluster.mjs');
  fs.writeFileSync(file, js);
  return import(pathToFileURL(file).href);
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const jstat = path.join(path.dirname(fs.realpathSync(execFileSync('bash', ['-c', 'command -v java'], { encoding: 'utf8' }).trim())), 'jstat');

function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime
}
function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function heapUsedMb(pid) {
  try {
    const [head, row] = execFileSync(jstat, ['-gc', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    const col = (n) => Number(row[head.indexOf(n)]);
    return (col('S0U') + col('S1U') + col('EU') + col('OU')) / 1024;
  } catch {
    return NaN;
  }
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Last BENCH-COUNT total per count task at or before `t` (ms), summed. */
function countedBy(text, t) {
  const last = new Map();
  for (const m of text.matchAll(/^BENCH-COUNT (\d+) (\d+) (\d+)$/gm)) if (Number(m[2]) <= t) last.set(m[1], Number(m[3]));
  return [...last.values()].reduce((a, b) => a + b, 0);
}

/** Waits out the warm-up, then samples each named process for the window. */
async function measure(procs, output) {
  await sleep(WARMUP_S * 1000);
  const t0 = Date.now();
  const cpu0 = procs.map((p) => cpuSeconds(p.pid));
  const rss = procs.map(() => []);
  const heap = procs.map(() => []);
  for (let s = 0; s < MEASURE_S; s++) {
    procs.forEach((p, i) => rss[i].push(rssMb(p.pid)));
    if (s % 5 === 0) procs.forEach((p, i) => heap[i].push(heapUsedMb(p.pid)));
    await sleep(1000);
  }
  const t1 = Date.now();
  const cpu = procs.map((p, i) => cpuSeconds(p.pid) - cpu0[i]);
  const text = output();
  const words = countedBy(text, t1) - countedBy(text, t0);
  return {
    procs: procs.map((p, i) => ({
      name: p.name,
      cpuS: cpu[i],
      rssMb: median(rss[i]),
      rssMaxMb: Math.max(...rss[i]),
      heapMb: median(heap[i]),
      heapMaxMb: Math.max(...heap[i].filter((x) => !Number.isNaN(x))),
    })),
    seconds: (t1 - t0) / 1000,
    wordsPerS: words / ((t1 - t0) / 1000),
  };
}

console.log(`building bench/resources/word-count and its Flink translation (Flink ${LINE})…`);
const mvn = (args, cwd) => execFileSync('mvn', ['-B', '-q', ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
const stormCpFile = path.join(work, 'storm.classpath');
mvn(['compile', 'dependency:build-classpath', '-Dmdep.includeScope=compile', `-Dmdep.outputFile=${stormCpFile}`], project);
const stormCp = [path.join(project, 'target', 'classes'), fs.readFileSync(stormCpFile, 'utf8').trim()].join(path.delimiter);
const out = path.join(work, 'out');
execFileSync(
  'node',
  [
    path.join(root, 'bin', 'storm2flink.js'),
    'translate',
    project,
    '--out',
    out,
    '--flink',
    LINE,
    '--target',
    'standalone',
    ...(process.env.BENCH_COMPAT_JAR ? ['--compat-jar', process.env.BENCH_COMPAT_JAR] : []),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const folder = fs.readdirSync(out).find((f) => fs.existsSync(path.join(out, f, 'deploy', 'submit.sh')));
const flinkProject = path.join(out, folder);
mvn(['-DskipTests', 'package'], flinkProject);
const deployConfig = parse(fs.readFileSync(path.join(flinkProject, 'deploy', 'config.yaml'), 'utf8'));
const slots = Number(deployConfig['taskmanager.numberOfTaskSlots']);
const migration = fs.readFileSync(path.join(flinkProject, 'MIGRATION.md'), 'utf8');
const tmProcessMb = Number(/\| Process \| (\d+) \|/.exec(migration)[1]);
const jmMb = parseInt(deployConfig['jobmanager.memory.process.size'], 10);
const taskManagers = Number(/Flink: (\d+) TaskManager/.exec(migration)[1]);
const { StandaloneCluster } = await loadClusterHelper();

async function stormRound(rate) {
  const log = path.join(work, `storm-${Date.now()}.out`);
  const fd = fs.openSync(log, 'w');
  const quiet = path.join(root, 'src', 'compat', 'src', 'bench', 'storm', 'log4j2-bench.xml');
  const child = spawn(
    'java',
    [
      `-Xmx${STORM_HEAP_MB}m`,
      '-XX:+UseSerialGC',
      `-Dlog4j.configurationFile=${quiet}`,
      `-Dlog4j2.configurationFile=${quiet}`,
      '-cp',
      stormCp,
      'dev.storm2flink.bench.resources.ResourcesWordCount',
      String(rate),
    ],
    { stdio: ['ignore', fd, fd] },
  );
  fs.closeSync(fd);
  try {
    return await measure([{ name: 'Storm LocalCluster JVM', pid: child.pid }], () => fs.readFileSync(log, 'utf8'));
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
  }
}

async function flinkRound(round, rate) {
  const dir = path.join(work, `cluster-${round}-${rate}`);
  const cluster = await StandaloneCluster.start({ line: LINE, dir, base: deployConfig, taskManagers, slotsPerTaskManager: slots });
  try {
    const { jobId } = await cluster.submit(flinkProject, [String(rate)]);
    await cluster.waitFor('the job to run', 180_000, () => cluster.jobRunning(jobId));
    const procs = [
      { name: 'Flink JobManager', pid: cluster.jobManager.child.pid },
      ...cluster.taskManagers.map((p, i) => ({ name: `Flink TaskManager ${i}`, pid: p.child.pid })),
    ];
    const outs = () =>
      fs
        .readdirSync(path.join(dir, 'log'))
        .filter((f) => /^taskmanager-\d+\.out$/.test(f))
        .map((f) => fs.readFileSync(path.join(dir, 'log', f), 'utf8'))
        .join('\n');
    const r = await measure(procs, outs);
    if ((await cluster.jobState(jobId)) !== 'RUNNING') throw new Error(`the Flink job left RUNNING during the window:\n${cluster.logTail('jobmanager')}`);
    r.checkpoints = (await cluster.checkpoints(jobId)).completed;
    return r;
  } finally {
    await cluster.stop();
  }
}

console.log(`offered load ${RATE} sentences/s (${RATE * WORDS_PER_SENTENCE} words/s); ${WARMUP_S} s warm-up, ${MEASURE_S} s measured; ${ROUNDS} round(s)`);
console.log(
  `Flink request (translated): ${taskManagers} TaskManager(s) × ${slots} slot(s), ${tmProcessMb} MB each (task heap ${deployConfig['taskmanager.memory.task.heap.size']}); JobManager ${jmMb} MB`,
);
const storm = [];
const flink = [];
const stormIdle = [];
const flinkIdle = [];
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`round ${round}: Storm…`);
  storm.push(await stormRound(RATE));
  stormIdle.push(await stormRound(0));
  console.log(`round ${round}: Flink…`);
  flink.push(await flinkRound(round, RATE));
  flinkIdle.push(await flinkRound(round, 0));
}
fs.rmSync(work, { recursive: true, force: true });

const fmt = (x, d = 0) => (Number.isNaN(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const spread = (xs, d) => `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
/** Per round, the sum over the processes whose name matches. */
const total = (runs, re, key) => runs.map((r) => r.procs.filter((p) => re.test(p.name)).reduce((a, p) => a + p[key], 0));
const table = (title, sRuns, fRuns) => {
  console.log(`\n${title}: median of rounds (min–max); RSS and heap: median of the samples in each window`);
  console.log('| process | words/s carried | CPU s per 60 s | RSS MB | RSS max MB | heap used MB | heap max MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, runs, re] of [
    ['Storm worker (LocalCluster JVM)', sRuns, /Storm/],
    ['Flink TaskManager(s)', fRuns, /TaskManager/],
    ['Flink JobManager', fRuns, /JobManager/],
    ['Flink in all', fRuns, /Flink/],
  ]) {
    const per60 = total(runs, re, 'cpuS').map((c, i) => (c / runs[i].seconds) * 60);
    const words = /JobManager/.test(name)
      ? ''
      : spread(
          runs.map((r) => r.wordsPerS),
          0,
        );
    console.log(
      `| ${name} | ${words} | ${spread(per60, 1)} | ${spread(total(runs, re, 'rssMb'), 0)} | ${spread(total(runs, re, 'rssMaxMb'), 0)} | ${spread(total(runs, re, 'heapMb'), 0)} | ${spread(total(runs, re, 'heapMaxMb'), 0)} |`,
    );
  }
};
table(`offered load ${RATE} sentences/s`, storm, flink);
table('idle (spout offered nothing)', stormIdle, flinkIdle);
const per60 = (runs, re) => total(runs, re, 'cpuS').map((c, i) => (c / runs[i].seconds) * 60);
const ratio = (re, key) => median(total(flink, re, key).map((f, i) => f / total(storm, /Storm/, key)[i]));
console.log('\nratios Flink / Storm (per round, median):');
console.log(
  `TaskManager(s): CPU ${ratio(/TaskManager/, 'cpuS').toFixed(2)}×, RSS ${ratio(/TaskManager/, 'rssMb').toFixed(2)}×, heap used ${ratio(/TaskManager/, 'heapMb').toFixed(2)}×`,
);
console.log(
  `with the JobManager: CPU ${ratio(/Flink/, 'cpuS').toFixed(2)}×, RSS ${ratio(/Flink/, 'rssMb').toFixed(2)}×, heap used ${ratio(/Flink/, 'heapMb').toFixed(2)}×`,
);
// The work alone: CPU under load minus CPU idle, round by round.
const workCpu = (runs, idle, re) => per60(runs, re).map((c, i) => c - per60(idle, re)[i]);
const sWork = workCpu(storm, stormIdle, /Storm/);
const fWork = workCpu(flink, flinkIdle, /Flink/);
console.log(
  `CPU s per 60 s for the work alone (load − idle): Storm ${spread(sWork, 1)}, Flink ${spread(fWork, 1)}: ${(median(fWork) / median(sWork)).toFixed(2)}×`,
);
const tmRss = median(total(flink, /TaskManager/, 'rssMaxMb')) / taskManagers;
const tmHeap = median(total(flink, /TaskManager/, 'heapMaxMb')) / taskManagers;
const jmRss = median(total(flink, /JobManager/, 'rssMaxMb'));
console.log(
  `request vs use: TaskManager ${tmProcessMb} MB requested (task heap ${deployConfig['taskmanager.memory.task.heap.size']}), ${fmt(tmRss)} MB RSS and ${fmt(tmHeap)} MB heap used at most (${fmt((100 * tmRss) / tmProcessMb)}% of the request); JobManager ${jmMb} MB requested, ${fmt(jmRss)} MB RSS at most (${fmt((100 * jmRss) / jmMb)}%)`,
);
console.log(`checkpoints completed per loaded Flink window: ${flink.map((r) => r.checkpoints).join(', ')}`);
