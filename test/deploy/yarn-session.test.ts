// YARN tier, session mode (S2F_YARN_FULL=1, `npm run test:yarn`): samples/kafka-pipeline translated with
// `--target yarn-session`; a YARN session started as its deploy/submit.sh says (`yarn-session.sh -d` with the job's
// settings, in queue "streaming" on node label "flink"); the generated script submits the job to it with
// YARN_APPLICATION_ID, and every valid order reaches orders-enriched. Cluster and client as in yarn.test.ts.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { builtCompat } from '../helpers/compat.js';
import { tempDir } from '../helpers/tmp.js';
import { appFields, enrichedOrders, flinkHome, ordersTopic, startYarn, type YarnCluster } from './yarn-cluster.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT_WAIT_MS = 240_000;

function output(e: unknown): string {
  const x = e as { stdout?: string; stderr?: string; message: string };
  return `${x.message}\n${(x.stdout ?? '') + (x.stderr ?? '')}`.slice(-8000);
}

describe.runIf(process.env.S2F_YARN_FULL)('deploy/submit.sh of a Flink 1.20 job on a YARN session (--target yarn-session)', () => {
  let yarn: YarnCluster | undefined;
  let broker: Broker | undefined;
  let kafka: Kafka;
  let project: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let sessionId = '';
  let valid: { key: string; value: string }[] = [];

  beforeAll(async () => {
    const work = tempDir('s2f-yarn-session-');
    const out = path.join(work, 'out');
    const compat = path.join(work, 'storm2flink-compat.jar');
    fs.copyFileSync(builtCompat().jarPath!, compat);
    await exec(
      'node',
      [
        path.join(ROOT, 'bin', 'storm2flink.js'),
        'translate',
        path.join(ROOT, 'samples', 'kafka-pipeline'),
        '--out',
        out,
        '--target',
        'yarn-session',
        '--compat-jar',
        compat,
      ],
      { maxBuffer: 16 << 20 },
    );
    project = path.join(out, 'kafka-pipeline');
    const [h, cluster, started] = await Promise.all([
      flinkHome(path.join(work, 'flink'), '1.20'),
      startYarn(path.join(work, 'yarn')),
      startBroker(),
      exec('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 }),
    ]);
    home = h;
    yarn = cluster;
    broker = started;
    kafka = new Kafka({ clientId: 's2f-yarn-session-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    valid = await ordersTopic(kafka);
    env = {
      ...process.env,
      FLINK_HOME: home,
      HADOOP_CONF_DIR: yarn.confDir,
      HADOOP_CLASSPATH: yarn.hadoopClasspath,
      YARN_QUEUE: 'streaming',
      YARN_NODE_LABEL: 'flink',
    };

    // "start one with the same settings": deploy/config.yaml holds the script's -D settings.
    const conf = parse(fs.readFileSync(path.join(project, 'deploy', 'config.yaml'), 'utf8'), { version: '1.1' }) as Record<string, string>;
    const flags = [...Object.entries(conf).map(([k, v]) => `-D${k}=${v}`), '-Dyarn.application.queue=streaming', '-Dyarn.application.node-label=flink'];
    try {
      const r = await exec(path.join(home, 'bin', 'yarn-session.sh'), ['-d', ...flags], { env, maxBuffer: 64 << 20, timeout: 300_000 });
      sessionId = /Submitting application master (application_\d+_\d+)/.exec(r.stdout + r.stderr)?.[1] ?? '';
    } catch (e) {
      throw new Error(`yarn-session.sh failed: ${output(e)}`);
    }
  }, 900_000);

  afterAll(async () => {
    if (yarn && sessionId) await yarn.ask(`kill ${sessionId}`).catch(() => undefined);
    await yarn?.stop();
    await broker?.stop();
  });

  it(
    'submits to the running session, which enriches every valid order into orders-enriched',
    async () => {
      expect(sessionId).toMatch(/^application_/);
      let submitted = '';
      try {
        const r = await exec(path.join(project, 'deploy', 'submit.sh'), ['kafka-pipeline', broker!.bootstrapServers], {
          env: { ...env, YARN_APPLICATION_ID: sessionId },
          cwd: project,
          maxBuffer: 64 << 20,
          timeout: 300_000,
        });
        submitted = r.stdout + r.stderr;
      } catch (e) {
        throw new Error(`deploy/submit.sh failed: ${output(e)}`);
      }
      // The client returns once the job is submitted (a streaming job never ends).
      expect(submitted).toMatch(/Job has been submitted with JobID [0-9a-f]{32}/);
      const alive = async () => {
        const state = appFields(await yarn!.ask(`app ${sessionId}`)).get('state')?.[0];
        if (state !== 'RUNNING') throw new Error(`the session is ${state}`);
      };
      const enriched = await enrichedOrders(kafka, valid, OUTPUT_WAIT_MS, alive);
      expect(valid.filter((o) => !enriched.has(o.key))).toEqual([]);
      const report = appFields(await yarn!.ask(`app ${sessionId}`));
      expect(report.get('queue')).toEqual(['streaming']);
      expect(report.get('appNodeLabel')).toEqual(['flink']);
      for (const c of report.get('container') ?? []) expect(c.split('@')[1], c).toBe(yarn!.labelledNode);
    },
    OUTPUT_WAIT_MS + 360_000,
  );
});
