// Broker lifecycle for verify: a real single-node KRaft Kafka (combined broker+controller) in a child JVM,
// on free loopback ports with its own temp dir, or an existing cluster given by --bootstrap-servers.
//
// The child never outlives this process (children.ts): on stop, exit, SIGINT/SIGTERM, and on kill -9 of
// Node through its stdin lifeline (BrokerLauncher deletes its dir and halts on EOF).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { endNow, track, untrack, tailLines } from './children.js';
import { CouldNotRun, compileJava, javaTools, mavenClasspath, resourceDir } from './jvm.js';

export interface Broker {
  /** host:port list for clients. */
  bootstrapServers: string;
  /** True when the broker is an existing cluster that this process did not start (and must not stop). */
  external: boolean;
  /** JVM process id of a started broker. */
  pid?: number;
  /** Temp dir of a started broker (config, data); deleted on stop. */
  dir?: string;
  stop(): Promise<void>;
}

export interface BrokerOptions {
  env?: NodeJS.ProcessEnv;
  /** Fixed client port (default: a free one). */
  port?: number;
  /** Fixed controller port (default: a free one). */
  controllerPort?: number;
  startTimeoutMs?: number;
  heapMb?: number;
  /** Receives the broker's log lines (errors only by default). */
  onLog?(line: string): void;
}

const DEFAULT_START_TIMEOUT_MS = 90_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Kafka wants a 22-character base64url UUID as the cluster id. Like Kafka's own Uuid.randomUuid, never one
 * starting with '-': kafka-storage would read it as an option (1 start in 64 failed).
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url').slice(0, 22);
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${path.join(dir, 'data')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumers join at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'log.flush.interval.messages=9223372036854775807',
    '',
  ].join('\n');
}

const LOG4J2 = [
  'status = error',
  'appender.err.type = Console',
  'appender.err.name = STDERR',
  'appender.err.target = SYSTEM_ERR',
  'appender.err.layout.type = PatternLayout',
  'appender.err.layout.pattern = %p %m (%c)%n%throwable{short}',
  'rootLogger.level = error',
  'rootLogger.appenderRef.err.ref = STDERR',
  '',
].join('\n');

/** Waits until a metadata call through kafkajs answers with at least one broker. */
export async function waitForKafka(bootstrapServers: string, timeoutMs: number, stillAlive: () => string | null = () => null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 's2f-readiness',
    brokers: bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  let last = 'no answer';
  for (;;) {
    const dead = stillAlive();
    if (dead) throw new CouldNotRun('verify-broker-failed', dead);
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const c = await admin.describeCluster();
      if (c.brokers.length > 0 && c.controller !== null && c.controller >= 0) return;
      last = 'metadata lists no broker or controller yet';
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline)
      throw new CouldNotRun(
        'verify-broker-failed',
        `Kafka at ${bootstrapServers} did not answer a metadata request within ${Math.round(timeoutMs / 1000)} s (last: ${last})`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Uses an existing cluster: checks it answers, and never stops it. */
export async function connectBroker(bootstrapServers: string, timeoutMs = 15_000): Promise<Broker> {
  await waitForKafka(bootstrapServers, timeoutMs);
  return { bootstrapServers, external: true, stop: async () => undefined };
}

/** Resolves the broker jars (Maven, cached) and the launcher (javac, cached). */
export async function brokerClasspath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = resourceDir('kafka', env);
  const tools = javaTools(env);
  const deps = await mavenClasspath(dir, env);
  const classes = await compileJava('broker-launcher', [path.join(dir, 'BrokerLauncher.java')], '', tools, env);
  return `${classes}${path.delimiter}${deps}`;
}

export async function startBroker(opts: BrokerOptions = {}): Promise<Broker> {
  const env = opts.env ?? process.env;
  const tools = javaTools(env);
  const classpath = await brokerClasspath(env);
  const fixedPorts = opts.port !== undefined || opts.controllerPort !== undefined;
  try {
    return await launch(tools.java, classpath, opts, env);
  } catch (e) {
    // A free port can be taken between probing and binding; try fresh ones once.
    if (!fixedPorts && e instanceof CouldNotRun && /address already in use/i.test(`${e.message}\n${e.detail ?? ''}`)) {
      return launch(tools.java, classpath, opts, env);
    }
    throw e;
  }
}

async function launch(java: string, classpath: string, opts: BrokerOptions, env: NodeJS.ProcessEnv): Promise<Broker> {
  const port = opts.port ?? (await freePort());
  const controllerPort = opts.controllerPort ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-kafka-'));
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(props, serverProperties(dir, port, controllerPort));
  fs.writeFileSync(path.join(dir, 'log4j2.properties'), LOG4J2);

  const heap = opts.heapMb ?? 512;
  const args = [
    `-Xmx${heap}m`,
    '-Xms64m',
    '-XX:+UseSerialGC',
    // Short-lived broker with little traffic: start fast rather than peak throughput.
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`,
    '-cp',
    classpath,
    'BrokerLauncher',
    props,
    clusterId(),
    dir,
  ];

  let child: ChildProcess;
  try {
    // Own process group: a terminal Ctrl-C reaches us, and we decide how the JVM ends.
    child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new CouldNotRun('verify-broker-failed', `could not start ${java}: ${String(e)}`);
  }
  const entry = track(child, [dir]);

  const log = tailLines(child, 200, opts.onLog);
  let spawnError: Error | null = null;
  child.on('error', (e) => (spawnError = e));
  // Never write to stdin, and don't let a dead child's pipe throw into the event loop.
  child.stdin!.on('error', () => undefined);

  // 'error' without 'exit' when the binary cannot be spawned at all.
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
  const deadReason = (): string | null => {
    if (spawnError) {
      const code = (spawnError as NodeJS.ErrnoException).code;
      return code === 'ENOENT'
        ? `the Kafka broker could not start: ${java} not found (set JAVA_HOME to a JDK 17+ or put java on PATH)`
        : `the Kafka broker could not start: ${spawnError.message}`;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const why =
        log.find((l) => /address already in use/i.test(l)) ??
        log.find((l) => /^(ERROR|FATAL)|S2F-BROKER-FAILED|Exception|Error:/.test(l)) ??
        log.at(-1) ??
        'no output';
      return `the Kafka broker exited during start-up (code ${child.exitCode ?? child.signalCode}): ${why.replace(/^S2F-BROKER-FAILED: /, '')}`;
    }
    return null;
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Closing stdin lets the launcher delete its dir and halt; SIGKILL after a grace period regardless.
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
    untrack(entry);
  };

  const bootstrapServers = `127.0.0.1:${port}`;
  try {
    await waitForKafka(bootstrapServers, opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, deadReason);
  } catch (e) {
    endNow(entry);
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
    if (e instanceof CouldNotRun) throw new CouldNotRun('verify-broker-failed', e.message, log.slice(-15).join('\n'));
    throw e;
  }
  return { bootstrapServers, external: false, pid: child.pid, dir, stop };
}
