// The YARN test tier's cluster and client: HDFS and YARN (Hadoop's MiniDFSCluster and MiniYARNCluster, as Flink's
// flink-yarn-tests use them) in one JVM of their own (yarn/YarnClusterLauncher.java), and a FLINK_HOME assembled from
// published jars: a flink-dist jar shaded from Flink's modules (flink-dist itself is not on the Maven mirror here),
// the logging jars and the Prometheus plugin, and a bin/flink that runs CliFrontend as a distribution's does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { endNow, track, untrack } from '../../src/diff/children.js';
import { cacheRoot, compileJava, hashFiles, javaTools, mavenClasspath, run } from '../../src/diff/jvm.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { copyArtifact } from '../helpers/maven.js';

const HERE = fileURLToPath(new URL('./yarn/', import.meta.url));
/** The newest flink-yarn of each line the mirror serves: 1.20.1 (not 1.20.2 to 1.20.5), 2.2.0 (not the jobs' 2.2.1). */
export const YARN_FLINK_VERSION: Record<FlinkLine, string> = { '1.20': '1.20.1', '2.x': '2.2.0' };
const LOG4J = '2.24.3';

/** Hadoop's jars for the Flink client (HADOOP_CLASSPATH) and the containers (yarn.application.classpath): what `hadoop classpath` gives on a node, without the minicluster's test jars. */
export function hadoopClasspath(clusterCp: string): string {
  return clusterCp
    .split(path.delimiter)
    .filter((j) => !/-tests\.jar$|mockito|junit|hamcrest|byte-buddy|objenesis/.test(path.basename(j)))
    .join(path.delimiter);
}

/** FLINK_HOME: bin/flink and conf/ from yarn/flink-home, lib/ with the shaded dist jar and log4j, plugins/metrics-prometheus. */
export async function flinkHome(dest: string, line: FlinkLine): Promise<string> {
  const version = YARN_FLINK_VERSION[line];
  const pom = path.join(HERE, 'flink-dist', 'pom.xml');
  const build = path.join(cacheRoot(), 'yarn-flink-dist', `${version}-${hashFiles([pom])}`);
  const dist = path.join(build, 'target', `flink-dist-${version}.jar`);
  if (!fs.existsSync(dist)) {
    fs.mkdirSync(build, { recursive: true });
    fs.copyFileSync(pom, path.join(build, 'pom.xml'));
    const r = await run('mvn', ['-B', '-q', '-DskipTests', `-Dflink.version=${version}`, 'package'], { cwd: build, timeoutMs: 15 * 60_000 });
    if (r.code !== 0 || !fs.existsSync(dist)) throw new Error(`building flink-dist from published jars failed:\n${(r.stdout + r.stderr).slice(-4000)}`);
  }
  fs.cpSync(path.join(HERE, 'flink-home'), dest, { recursive: true });
  for (const s of ['flink', 'yarn-session.sh']) fs.chmodSync(path.join(dest, 'bin', s), 0o755);
  const lib = path.join(dest, 'lib');
  fs.mkdirSync(lib, { recursive: true });
  fs.copyFileSync(dist, path.join(lib, path.basename(dist)));
  for (const a of ['log4j-slf4j-impl', 'log4j-api', 'log4j-core', 'log4j-1.2-api']) {
    const jar = copyArtifact(`org.apache.logging.log4j:${a}:${LOG4J}`);
    fs.copyFileSync(jar, path.join(lib, path.basename(jar)));
  }
  const prom = path.join(dest, 'plugins', 'metrics-prometheus');
  fs.mkdirSync(prom, { recursive: true });
  const jar = copyArtifact(`org.apache.flink:flink-metrics-prometheus:${version}`);
  fs.copyFileSync(jar, path.join(prom, path.basename(jar)));
  return dest;
}

export interface YarnCluster {
  /** HADOOP_CONF_DIR for clients: core-site.xml (fs.defaultFS on the MiniDFSCluster) and yarn-site.xml. */
  confDir: string;
  /** Node id of the NodeManager labelled "flink" (the other carries no label). */
  labelledNode: string;
  hadoopClasspath: string;
  /** The launcher's work folder: NodeManager log and local folders are under it. */
  work: string;
  /** One command to the launcher (see YarnClusterLauncher), its one-line reply. */
  ask(command: string): Promise<string>;
  stop(): Promise<void>;
}

/** Containers start "$JAVA_HOME/bin/java": the NodeManagers pass their own JAVA_HOME on. */
function javaHome(java: string): string {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const r = spawnSync('sh', ['-c', `readlink -f "$(command -v ${java})"`], { encoding: 'utf8' });
  return path.dirname(path.dirname(r.stdout.trim()));
}

export async function startYarn(work: string, log: (line: string) => void = () => undefined): Promise<YarnCluster> {
  const cp = await mavenClasspath(HERE);
  const tools = javaTools();
  const classes = await compileJava('yarn-launcher', [path.join(HERE, 'YarnClusterLauncher.java')], cp, tools);
  const hcp = hadoopClasspath(cp);
  fs.mkdirSync(work, { recursive: true });
  const log4j = path.join(work, 'launcher-log4j.properties');
  fs.writeFileSync(
    log4j,
    [
      'log4j.rootLogger=ERROR, err',
      'log4j.appender.err=org.apache.log4j.ConsoleAppender',
      'log4j.appender.err.target=System.err',
      'log4j.appender.err.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.err.layout.ConversionPattern=%p %c{1} - %m%n',
      '',
    ].join('\n'),
  );
  // MiniYARNCluster writes under target/ of its working directory; its own process group, so we decide how it ends.
  const child: ChildProcess = spawn(
    tools.java,
    [
      '-Xmx1g',
      '-XX:+UseSerialGC',
      `-Dlog4j.configuration=file:${log4j}`,
      '--add-opens=java.base/java.lang=ALL-UNNAMED',
      '--add-opens=java.base/java.util=ALL-UNNAMED',
      '-cp',
      [classes, cp].join(path.delimiter),
      'YarnClusterLauncher',
      work,
      hcp,
    ],
    { cwd: work, stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, JAVA_HOME: javaHome(tools.java) } },
  );
  const entry = track(child);
  child.stdin!.on('error', () => undefined);
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => {
    stderr.push(l);
    if (stderr.length > 200) stderr.shift();
    log(l);
  });
  const replies: ((line: string) => void)[] = [];
  let ready: (line: string) => void = () => undefined;
  const readyLine = new Promise<string>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (l) => {
    if (l.startsWith('s2f-yarn-ready ')) ready(l);
    else if (l.startsWith('s2f-yarn-reply ')) replies.shift()?.(l.slice('s2f-yarn-reply '.length));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`the YARN launcher exited (code ${child.exitCode}):\n${stderr.slice(-40).join('\n')}`);
  });
  died.catch(() => undefined);

  /** Containers are the NodeManagers' children; anything left of them after a stop is found by the unique work folder. */
  const killLeftovers = (): void => {
    const r = spawnSync('pgrep', ['-f', work], { encoding: 'utf8' });
    for (const pid of r.stdout
      .split('\n')
      .map(Number)
      .filter((p) => p > 0 && p !== process.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // EOF: the launcher stops YARN (which kills its containers) and HDFS, then halts; SIGKILL if it hangs.
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(timer);
    untrack(entry);
    killLeftovers();
  };

  let line: string;
  try {
    line = await Promise.race([
      readyLine,
      died,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`YARN did not start in 180 s:\n${stderr.slice(-40).join('\n')}`)), 180_000)),
    ]);
  } catch (e) {
    endNow(entry);
    killLeftovers();
    throw e;
  }
  const m = /^s2f-yarn-ready (\S+) labelled=(\S+)$/.exec(line)!;
  return {
    confDir: m[1]!,
    labelledNode: m[2]!,
    hadoopClasspath: hcp,
    work,
    ask: (command: string) =>
      Promise.race([
        new Promise<string>((resolve) => {
          replies.push(resolve);
          child.stdin!.write(`${command}\n`);
        }),
        died,
      ]),
    stop,
  };
}

/** The container log folders of an application (jobmanager.log, taskmanager.log, launch_container.sh, directory.info), on every NodeManager. */
export function containerLogDirs(work: string, appId: string): { node: number; dir: string }[] {
  const out: { node: number; dir: string }[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 6 || !fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(d, e.name);
      const nm = /-logDir-nm-(\d+)_\d+$/.exec(path.dirname(d));
      if (e.name.startsWith('container_') && path.basename(d) === appId && nm) out.push({ node: Number(nm[1]), dir: p });
      else walk(p, depth + 1);
    }
  };
  walk(path.join(work, 'target'), 0);
  return out.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** The launcher's "app" reply as key → values (container= repeats). */
export function appFields(reply: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of reply.split('\t')) {
    const i = f.indexOf('=');
    if (i > 0) m.set(f.slice(0, i), [...(m.get(f.slice(0, i)) ?? []), f.slice(i + 1)]);
  }
  return m;
}

/** Polls `probe` every 2 s until it gives a value; a bound on the wait, not an assertion on speed. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const ORDERS = fileURLToPath(new URL('../../samples/kafka-pipeline/data/orders.jsonl', import.meta.url));

/** kafka-pipeline's topics with its sample orders produced; the orders its bolt enriches (the others are not JSON). */
export async function ordersTopic(kafka: Kafka): Promise<{ key: string; value: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'orders', numPartitions: 1 },
      { topic: 'orders-enriched', numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const orders = fs
    .readFileSync(ORDERS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { key: string; value: string });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'orders', messages: orders.map((o) => ({ key: o.key, value: o.value })) });
  await producer.disconnect();
  return orders.filter((o) => !o.value.startsWith('not-json'));
}

/** Reads orders-enriched until every key of `valid` is there (or `alive` throws); key → enriched values. */
export async function enrichedOrders(kafka: Kafka, valid: { key: string }[], timeoutMs: number, alive: () => Promise<void>): Promise<Map<string, string[]>> {
  const enriched = new Map<string, string[]>();
  const consumer = kafka.consumer({ groupId: `s2f-yarn-check-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders-enriched', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const k = message.key!.toString();
      enriched.set(k, [...(enriched.get(k) ?? []), message.value!.toString()]);
    },
  });
  try {
    await until('every valid order in orders-enriched', timeoutMs, async () => {
      await alive();
      return valid.every((o) => enriched.has(o.key)) ? true : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; ${enriched.size} of ${valid.length} keys arrived`);
    });
  } finally {
    await consumer.disconnect();
  }
  return enriched;
}
