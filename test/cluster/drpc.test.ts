// The DRPC deployment: samples/drpc-reach translated for a standalone Flink 1.20 cluster (separate JVMs), `mvn package`d
// and submitted with its generated deploy/submit.sh, DRPC_SERVERS pointing at Storm's DRPC server in a JVM beside the
// cluster (fixtures/drpc-server: storm-server's DRPC behind Storm's Thrift servers, as storm-webapp's DRPCServer wires
// it). A DRPC client (Storm's DRPCClient, over Thrift) sends requests to that server; the job's DRPCSpouts fetch them
// over Thrift, its coordinated bolts compute them, ReturnResults sends the answers back. Checked: every answer is the
// one Storm gives (samples/drpc-reach/README.md).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/diff/broker.js';
import { StandaloneCluster } from '../helpers/flink-cluster.js';
import { tempDir } from '../helpers/tmp.js';
import { ROOT, translateAndPackage } from './faults.js';

const exec = promisify(execFile);

/** Storm's DRPC server (fixtures/drpc-server) in a JVM of its own; `ask` sends requests as a DRPC client. */
async function startDrpcServer(
  work: string,
): Promise<{ child: ChildProcess; invocationsPort: number; ask(fn: string, args: string[]): Promise<Map<string, string>> }> {
  const fixture = path.join(ROOT, 'test', 'cluster', 'fixtures', 'drpc-server');
  const cpFile = path.join(work, 'drpc-server.classpath');
  await exec('mvn', ['-B', '-q', 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { cwd: fixture, maxBuffer: 16 << 20, timeout: 300_000 });
  const cp = fs.readFileSync(cpFile, 'utf8').trim();
  const classes = path.join(work, 'drpc-server-classes');
  await exec('javac', ['-nowarn', '-d', classes, '-cp', cp, path.join(fixture, 'DrpcServer.java')], { maxBuffer: 16 << 20 });
  const [port, invocationsPort] = [await freePort(), await freePort()];
  const child = spawn('java', ['-Xmx256m', '-cp', `${classes}${path.delimiter}${cp}`, 'DrpcServer', String(port), String(invocationsPort)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr!.resume();
  const lines = readline.createInterface({ input: child.stdout! });
  const answers = new Map<string, string>();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const waiting: Array<() => void> = [];
  lines.on('line', (l) => {
    if (l === 'S2F-DRPC-READY') ready();
    const m = /^S2F-(ANSWER|FAILED)\t([^\t]*)\t(.*)$/.exec(l);
    if (m) {
      answers.set(m[2]!, m[1] === 'ANSWER' ? m[3]! : `failed: ${m[3]}`);
      for (const w of waiting.splice(0)) w();
    }
  });
  await Promise.race([isReady, new Promise((_, rej) => setTimeout(() => rej(new Error('the DRPC server did not start within 60 s')), 60_000))]);
  return {
    child,
    invocationsPort,
    async ask(fn, args) {
      for (const a of args) child.stdin!.write(`${fn}\t${a}\n`);
      const deadline = Date.now() + 180_000;
      while (args.some((a) => !answers.has(a)) && Date.now() < deadline) await new Promise<void>((r) => (waiting.push(r), setTimeout(r, 1000)));
      return new Map(args.map((a) => [a, answers.get(a) ?? 'no answer within 180 s']));
    },
  };
}

describe("a DRPC topology on a standalone Flink 1.20 cluster beside Storm's DRPC server", () => {
  let cluster: StandaloneCluster | null = null;
  let server: ChildProcess | null = null;
  afterAll(async () => {
    await cluster?.stop();
    server?.kill('SIGKILL');
  });

  it("answers a DRPC client through Storm's DRPC server, deploy/submit.sh pointed at it with DRPC_SERVERS", async () => {
    const work = tempDir('s2f-drpc-cluster-');
    const [built, drpc] = await Promise.all([
      translateAndPackage(path.join(ROOT, 'samples', 'drpc-reach'), 'reachtopology', '1.20', path.join(work, 'out')),
      startDrpcServer(work),
    ]);
    server = drpc.child;
    // The generated script is what a user runs; it reads DRPC_SERVERS from the environment (submit() passes ours on).
    expect(fs.readFileSync(path.join(built.project, 'deploy', 'submit.sh'), 'utf8')).toContain('-Dstorm2flink.drpc.servers="$DRPC_SERVERS"');
    // The topology's widest component runs 3 tasks: 3 one-slot TaskManagers.
    cluster = await StandaloneCluster.start({
      line: '1.20',
      dir: path.join(work, 'cluster'),
      base: built.deployConfig,
      taskManagers: 3,
      slotsPerTaskManager: 1,
    });
    const before = process.env.DRPC_SERVERS;
    process.env.DRPC_SERVERS = `localhost:${drpc.invocationsPort}`;
    let jobId: string;
    try {
      // No arguments: the sample's main takes its LocalDRPC branch; the job rebuilds those spouts for the server.
      ({ jobId } = await cluster.submit(built.project, []));
    } finally {
      if (before === undefined) delete process.env.DRPC_SERVERS;
      else process.env.DRPC_SERVERS = before;
    }
    const c = cluster;
    await c.waitFor('the job to run', 120_000, () => c.jobRunning(jobId));
    const answers = await drpc.ask('reach', ['flink', 'storm', 'kafka', 'yarn']);
    expect(Object.fromEntries(answers)).toEqual({ flink: '7', storm: '5', kafka: '3', yarn: '0' });
    await cluster.cancel(jobId);
  }, 600_000);
});
