// A Flink standalone session cluster in separate processes, as Flink's own scripts start one: a JobManager
// (StandaloneSessionClusterEntrypoint) and TaskManagers (TaskManagerRunner), each its own JVM, from Flink's
// published module jars (flink-dist is not on the Maven mirror here); JVM memory flags from Flink's BashJavaUtils,
// as jobmanager.sh and taskmanager.sh take them; jobs submitted with Flink's CliFrontend (what `flink run` runs).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../src/diff/broker.js';
import { endNow, track, untrack, type Tracked } from '../../src/diff/children.js';
import { cacheRoot, javaTools, mavenClasspath, run } from '../../src/diff/jvm.js';
import { FLINK, type FlinkLine } from '../../src/translator/versions.js';

/** Flink 1.20 and 2.x use slf4j 1.7 and log4j 2.24.3 (flink-parent's log4j.version). */
const LOG4J = '2.24.3';

function clusterPom(version: string): string {
  const dep = (g: string, a: string, v: string) => `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- What flink-dist's lib/ holds for a streaming session cluster, from Flink's module jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>storm2flink.test</groupId>
  <artifactId>flink-cluster</artifactId>
  <version>${version}</version>
  <dependencies>
${[
  dep('org.apache.flink', 'flink-runtime', version),
  dep('org.apache.flink', 'flink-streaming-java', version),
  dep('org.apache.flink', 'flink-clients', version),
  dep('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J),
  dep('org.apache.logging.log4j', 'log4j-api', LOG4J),
  dep('org.apache.logging.log4j', 'log4j-core', LOG4J),
  dep('org.apache.logging.log4j', 'log4j-1.2-api', LOG4J),
].join('\n')}
  </dependencies>
</project>
`;
}

/** The cluster's classpath for a Flink line, resolved by Maven (cached by the pom's hash). */
export async function flinkClusterClasspath(line: FlinkLine): Promise<string> {
  const version = FLINK[line].version;
  const dir = path.join(cacheRoot(), 'flink-cluster', `flink-cluster-${version}`);
  fs.mkdirSync(dir, { recursive: true });
  const pom = path.join(dir, 'pom.xml');
  const text = clusterPom(version);
  if (!fs.existsSync(pom) || fs.readFileSync(pom, 'utf8') !== text) fs.writeFileSync(pom, text);
  return mavenClasspath(dir, process.env, 'runtime');
}

/** flink-dist's config.yaml default for Java 17 (env.java.opts.all): Kryo and Pekko reach into these packages. */
export const JAVA17_OPTS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];

const LOG4J_PROPERTIES = [
  '# As flink-dist conf/log4j.properties: one file per process, named by -Dlog.file.',
  'rootLogger.level = INFO',
  'rootLogger.appenderRef.file.ref = MainAppender',
  'logger.kafka.name = org.apache.kafka',
  'logger.kafka.level = WARN',
  'appender.main.name = MainAppender',
  'appender.main.type = File',
  'appender.main.append = true',
  'appender.main.fileName = ${sys:log.file}',
  'appender.main.layout.type = PatternLayout',
  'appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n',
  '',
].join('\n');

export interface ClusterOptions {
  line: FlinkLine;
  /** Folder for conf/, log/, checkpoints/ (the caller removes it). */
  dir: string;
  /** Cluster settings (config.yaml) before the test's own: typically the generated deploy/config.yaml. */
  base?: Record<string, unknown>;
  taskManagers: number;
  slotsPerTaskManager: number;
  /** Heartbeat timeout (default 5 s, so a killed TaskManager is noticed fast); longer for a run with no kills. */
  heartbeatTimeoutMs?: number;
}

interface Proc {
  name: string;
  child: ChildProcess;
  tracked: Tracked;
  log: string;
  exited: Promise<void>;
}

export interface CheckpointStats {
  completed: number;
  restored: number;
  latestCompletedId: number | null;
  latestRestoredId: number | null;
}

export class StandaloneCluster {
  readonly taskManagers: Proc[] = [];
  private jobManager: Proc | null = null;
  private tmCount = 0;

  private constructor(
    readonly opts: ClusterOptions,
    readonly classpath: string,
    readonly confDir: string,
    readonly restPort: number,
    private readonly jmArgs: { jvm: string[]; dynamic: string[] },
    private readonly tmArgs: { jvm: string[]; dynamic: string[] },
  ) {}

  get restUrl(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  /** What `flink run -m` takes: the JobManager's REST endpoint. */
  get jobManagerAddress(): string {
    return `localhost:${this.restPort}`;
  }

  get checkpointDir(): string {
    return path.join(this.opts.dir, 'checkpoints');
  }

  static async start(opts: ClusterOptions): Promise<StandaloneCluster> {
    const classpath = await flinkClusterClasspath(opts.line);
    const confDir = path.join(opts.dir, 'conf');
    fs.mkdirSync(confDir, { recursive: true });
    fs.mkdirSync(path.join(opts.dir, 'log'), { recursive: true });
    fs.mkdirSync(path.join(opts.dir, 'tmp'), { recursive: true });
    const restPort = await freePort();
    const rpcPort = await freePort();
    const config: Record<string, unknown> = {
      ...opts.base,
      'jobmanager.rpc.address': 'localhost',
      'jobmanager.rpc.port': rpcPort,
      'jobmanager.bind-host': '127.0.0.1',
      'rest.address': 'localhost',
      'rest.bind-address': '127.0.0.1',
      'rest.port': restPort,
      'taskmanager.host': 'localhost',
      'taskmanager.bind-host': '127.0.0.1',
      'taskmanager.numberOfTaskSlots': opts.slotsPerTaskManager,
      // Checkpoints on a folder every process of this one-machine cluster shares (production: HDFS, S3).
      'execution.checkpointing.dir': `file://${path.join(opts.dir, 'checkpoints')}`,
      'execution.checkpointing.savepoint-dir': `file://${path.join(opts.dir, 'savepoints')}`,
      // A killed TaskManager is noticed within seconds (defaults: 10 s heartbeats, 50 s timeout).
      'heartbeat.interval': 1000,
      'heartbeat.timeout': opts.heartbeatTimeoutMs ?? 5000,
      'io.tmp.dirs': path.join(opts.dir, 'tmp'),
      'env.java.opts.all': JAVA17_OPTS.join(' '),
    };
    // Neither line's module jars carry the Prometheus reporter (flink-dist has it under plugins/).
    for (const k of Object.keys(config)) if (k.startsWith('metrics.reporter.') || k.startsWith('yarn.')) delete config[k];
    // Flink 2.x reads only config.yaml (standard YAML); 1.20 prefers it to flink-conf.yaml when both exist.
    fs.writeFileSync(path.join(confDir, 'config.yaml'), stringify(config));
    fs.writeFileSync(path.join(confDir, 'log4j.properties'), LOG4J_PROPERTIES);
    const jm = await resourceParams(classpath, confDir, 'GET_JM_RESOURCE_PARAMS');
    const tm = await resourceParams(classpath, confDir, 'GET_TM_RESOURCE_PARAMS');
    const cluster = new StandaloneCluster(opts, classpath, confDir, restPort, jm, tm);
    try {
      cluster.jobManager = cluster.spawnJvm('jobmanager', jm.jvm, 'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint', [
        '--configDir',
        confDir,
        '--executionMode',
        'cluster',
        ...jm.dynamic,
      ]);
      for (let i = 0; i < opts.taskManagers; i++) cluster.startTaskManager();
      await cluster.waitFor('the TaskManagers to register', 120_000, async () => (await cluster.registeredTaskManagers()) >= opts.taskManagers);
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** Starts one more TaskManager JVM (what a supervisor does after one dies). */
  startTaskManager(): Proc {
    const p = this.spawnJvm(`taskmanager-${this.tmCount++}`, this.tmArgs.jvm, 'org.apache.flink.runtime.taskexecutor.TaskManagerRunner', [
      '--configDir',
      this.confDir,
      ...this.tmArgs.dynamic,
    ]);
    this.taskManagers.push(p);
    return p;
  }

  /** kill -9 of a TaskManager process; resolves when the OS has reaped it. */
  async killTaskManager(p: Proc): Promise<void> {
    process.kill(p.child.pid!, 'SIGKILL');
    await p.exited;
    untrack(p.tracked);
    this.taskManagers.splice(this.taskManagers.indexOf(p), 1);
  }

  private spawnJvm(name: string, jvm: string[], main: string, args: string[]): Proc {
    const log = path.join(this.opts.dir, 'log', `${name}.log`);
    const out = fs.openSync(path.join(this.opts.dir, 'log', `${name}.out`), 'a');
    const child = spawn(
      javaTools().java,
      // Serial GC: two cores shared by every process of the cluster and the broker (flink-dist leaves G1 on).
      [
        ...jvm,
        ...JAVA17_OPTS,
        '-XX:+UseSerialGC',
        `-Dlog.file=${log}`,
        `-Dlog4j.configurationFile=file:${path.join(this.confDir, 'log4j.properties')}`,
        '-cp',
        this.classpath,
        main,
        ...args,
      ],
      { stdio: ['ignore', out, out], detached: true, env: { ...process.env, FLINK_CONF_DIR: this.confDir } },
    );
    fs.closeSync(out);
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.on('error', () => resolve());
    });
    return { name, child, tracked: track(child), log, exited };
  }

  /**
   * The cluster folder as a FLINK_HOME: conf/ and a bin/flink that stands in for flink-dist's (not on the Maven
   * mirror here), running the same CliFrontend from the module jars with $FLINK_HOME/conf.
   */
  get flinkHome(): string {
    const flink = path.join(this.opts.dir, 'bin', 'flink');
    if (!fs.existsSync(flink)) {
      fs.mkdirSync(path.dirname(flink), { recursive: true });
      const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
      fs.writeFileSync(
        flink,
        [
          '#!/usr/bin/env bash',
          "# Flink's command-line client (what flink-dist's bin/flink runs), from Flink's module jars.",
          'FLINK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"',
          'export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"',
          `exec ${q(javaTools().java)} ${JAVA17_OPTS.join(' ')} -cp ${q(this.classpath)} org.apache.flink.client.cli.CliFrontend "$@"`,
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
    }
    return this.opts.dir;
  }

  /**
   * Runs a translated project's deploy/submit.sh (`--target standalone`: `flink run -m "$JOBMANAGER" -d -c <main>
   * <jar> <args>`) against this cluster; returns the job id and the command as run.
   */
  async submit(project: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ jobId: string; command: string[] }> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, FLINK_HOME: this.flinkHome, JOBMANAGER: this.jobManagerAddress };
    delete env.FLINK_CONF_DIR; // bin/flink then reads $FLINK_HOME/conf, as flink-dist's does
    const r = await run('bash', [path.join(project, 'deploy', 'submit.sh'), ...args], { env, timeoutMs: 180_000 });
    const id = /JobID ([0-9a-f]{32})/.exec(r.stdout + r.stderr)?.[1];
    if (r.code !== 0 || !id) throw new Error(`deploy/submit.sh exited ${r.code}:\n${(r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n')}`);
    const given = Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`);
    return { jobId: id, command: [...given, `JOBMANAGER=${this.jobManagerAddress}`, 'deploy/submit.sh', ...args] };
  }

  /** Runs a translated project's deploy/stop.sh (`flink stop`: a savepoint, then the job ends); returns the savepoint's path. */
  async stopWithSavepoint(project: string, jobId: string): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, FLINK_HOME: this.flinkHome, JOBMANAGER: this.jobManagerAddress };
    delete env.FLINK_CONF_DIR;
    const r = await run('bash', [path.join(project, 'deploy', 'stop.sh'), jobId], { env, timeoutMs: 180_000 });
    const savepoint = /Savepoint completed\. Path: (\S+)/.exec(r.stdout + r.stderr)?.[1];
    if (r.code !== 0 || !savepoint) throw new Error(`deploy/stop.sh exited ${r.code}:\n${(r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n')}`);
    return savepoint;
  }

  async rest<T>(p: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${this.restUrl}${p}`, { ...init, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async registeredTaskManagers(): Promise<number> {
    try {
      const r = await this.rest<{ taskmanagers: unknown[] }>('/taskmanagers');
      return r.taskmanagers.length;
    } catch {
      return 0;
    }
  }

  /** RUNNING with every task of every vertex running (after a restart the job is RUNNING before its tasks are). */
  async jobRunning(jobId: string): Promise<boolean> {
    const j = await this.rest<{ state: string; vertices: { status: string; tasks: Record<string, number>; parallelism: number }[] }>(`/jobs/${jobId}`);
    return j.state === 'RUNNING' && j.vertices.every((v) => (v.tasks.RUNNING ?? 0) === v.parallelism);
  }

  async jobState(jobId: string): Promise<string> {
    return (await this.rest<{ state: string }>(`/jobs/${jobId}`)).state;
  }

  async checkpoints(jobId: string): Promise<CheckpointStats> {
    const c = await this.rest<{
      counts: { completed: number; restored: number };
      latest: { completed: { id: number } | null; restored: { id: number } | null };
    }>(`/jobs/${jobId}/checkpoints`);
    return {
      completed: c.counts.completed,
      restored: c.counts.restored,
      latestCompletedId: c.latest.completed?.id ?? null,
      latestRestoredId: c.latest.restored?.id ?? null,
    };
  }

  /** The root exceptions the JobManager recorded for the job (why each restart happened). */
  async exceptions(jobId: string): Promise<string[]> {
    const e = await this.rest<{ exceptionHistory?: { entries: { exceptionName: string; stacktrace: string }[] } }>(`/jobs/${jobId}/exceptions`);
    return (e.exceptionHistory?.entries ?? []).map((x) => x.stacktrace.split('\n')[0] ?? x.exceptionName);
  }

  /** Per TaskManager (by REST id), how many live threads have a name matching `name` (Flink's thread-dump endpoint). */
  async threadCounts(name: RegExp): Promise<Map<string, number>> {
    const tms = await this.rest<{ taskmanagers: { id: string }[] }>('/taskmanagers');
    const counts = new Map<string, number>();
    for (const tm of tms.taskmanagers) {
      const d = await this.rest<{ threadInfos: { threadName: string }[] }>(`/taskmanagers/${tm.id}/thread-dump`);
      counts.set(tm.id, d.threadInfos.filter((t) => name.test(t.threadName)).length);
    }
    return counts;
  }

  async cancel(jobId: string): Promise<void> {
    await this.rest(`/jobs/${jobId}?mode=cancel`, { method: 'PATCH' }).catch(() => undefined);
    await this.waitFor('the job to cancel', 60_000, async () =>
      ['CANCELED', 'FAILED', 'FINISHED'].includes(await this.jobState(jobId).catch(() => 'CANCELED')),
    );
  }

  /** Polls `done` until it holds; throws with the JobManager log's tail when it does not within the time. */
  async waitFor(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    for (;;) {
      if (this.jobManager && this.jobManager.child.exitCode !== null)
        throw new Error(`the JobManager exited (${this.jobManager.child.exitCode}) waiting for ${what}:\n${this.logTail('jobmanager')}`);
      try {
        if (await done()) return;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${this.logTail('jobmanager')}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  logTail(name: string, lines = 40): string {
    const pick = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '');
    const dir = path.join(this.opts.dir, 'log');
    return `--- ${name}.log\n${pick(path.join(dir, `${name}.log`))}\n--- ${name}.out\n${pick(path.join(dir, `${name}.out`))}`;
  }

  /** Ends every process of the cluster (SIGKILL: nothing of it needs to survive the test). */
  async stop(): Promise<void> {
    const all = [...this.taskManagers, ...(this.jobManager ? [this.jobManager] : [])];
    for (const p of all) endNow(p.tracked);
    await Promise.all(all.map((p) => p.exited));
    this.taskManagers.length = 0;
    this.jobManager = null;
  }
}

/** JVM flags and -D settings for a JobManager or TaskManager, computed from the config as Flink's scripts do. */
async function resourceParams(
  classpath: string,
  confDir: string,
  command: 'GET_JM_RESOURCE_PARAMS' | 'GET_TM_RESOURCE_PARAMS',
): Promise<{ jvm: string[]; dynamic: string[] }> {
  const r = await run(javaTools().java, ['-cp', classpath, 'org.apache.flink.runtime.util.bash.BashJavaUtils', command, '--configDir', confDir], {
    timeoutMs: 60_000,
  });
  const results = (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => l.startsWith('BASH_JAVA_UTILS_EXEC_RESULT:'))
    .map((l) => l.slice('BASH_JAVA_UTILS_EXEC_RESULT:'.length).trim());
  if (r.code !== 0 || results.length < 2)
    throw new Error(`BashJavaUtils ${command} failed (${r.code}):\n${(r.stdout + r.stderr).trim().split('\n').slice(-20).join('\n')}`);
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  // The second result is "-D key=value -D key=value", passed to the entry point as the scripts pass it.
  return { jvm: words(results[0]!), dynamic: words(results[1]!) };
}
