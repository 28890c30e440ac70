// YARN tier: samples/kafka-pipeline translated for YARN (`translate --target yarn-application`), `mvn package`d, and its
// generated deploy/submit.sh run as a user runs it (FLINK_HOME, HADOOP_CONF_DIR, HADOOP_CLASSPATH, YARN_QUEUE,
// YARN_NODE_LABEL; a deploy/ship/ folder shipped by default) against HDFS and a capacity-scheduled YARN with queues
// and an exclusive node label (yarn-cluster.ts). Application mode: the user's main runs in the YARN JobManager.
// Checked: every valid order reaches orders-enriched over the embedded Kafka broker; the application ran in the
// queue with the label, every container on the labelled NodeManager; the shipped file was localized into every
// container; checkpoints reach the generated hdfs:/// directory. Needs JDK 17 and Maven (Central on first use).
// `npm test` runs Flink 1.20 (about 3 minutes); S2F_YARN_FULL=1 (`npm run test:yarn`) adds Flink 2.x and an upgrade
// on each line: deploy/stop.sh takes a savepoint on HDFS, RESTORE_FROM=<it> deploy/submit.sh resumes in a new
// application while orders keep coming. It took 216 s (1.20) and 203 s (2.x) at load average ~30, beside 415 s for
// the rest of the 1.20 run, so `npm test` leaves it to the full tier: test/cluster/upgrade.test.ts checks the same
// stop-and-resume on a standalone cluster there.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../src/diff/broker.js';
import { builtCompat } from '../helpers/compat.js';
import { tempDir } from '../helpers/tmp.js';
import type { FlinkLine } from '../../src/translator/versions.js';
import { appFields as fields, containerLogDirs, enrichedOrders, flinkHome, ordersTopic, startYarn, until, type YarnCluster } from './yarn-cluster.js';
import { awaitAll, backgroundProducer, collectTopic, KAFKA_PIPELINE } from '../cluster/faults.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Waiting for the job's output and its first checkpoint: a bound on how long to wait, not an assertion on speed. */
const OUTPUT_WAIT_MS = 240_000;

/** EnrichOrderBolt's total: BigDecimal unitPrice × qty as a plain string. */
function orderTotal(unitPrice: string, qty: number): string {
  const [int, frac = ''] = unitPrice.split('.');
  const s = (BigInt(int! + frac) * BigInt(qty)).toString().padStart(frac.length + 1, '0');
  return frac.length === 0 ? s : `${s.slice(0, -frac.length)}.${s.slice(-frac.length)}`;
}

const LINES: FlinkLine[] = process.env.S2F_YARN_FULL ? ['1.20', '2.x'] : ['1.20'];

describe.each(LINES)('deploy/submit.sh of a Flink %s job on YARN (application mode, queue, node label, shipped files, HDFS checkpoints)', (line) => {
  let work: string;
  let yarn: YarnCluster | undefined;
  let broker: Broker | undefined;
  let kafka: Kafka;
  let project: string;
  let appId = '';
  let submitLog = '';
  let enriched = new Map<string, string[]>();
  let valid: { key: string; value: string }[] = [];
  let env: NodeJS.ProcessEnv = {};
  /** Applications to kill at the end (the first one, and the one resumed from its savepoint). */
  const apps: string[] = [];

  beforeAll(async () => {
    work = tempDir('s2f-yarn-');
    const out = path.join(work, 'out');
    // The README's commands, as a user runs them.
    // A private copy of the compat jar: src/compat/target is shared with whatever else rebuilds it meanwhile.
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
        '--flink',
        line,
        '--target',
        'yarn-application',
        '--compat-jar',
        compat,
      ],
      { maxBuffer: 16 << 20 },
    );
    project = path.join(out, 'kafka-pipeline');
    const [home, cluster, started] = await Promise.all([
      flinkHome(path.join(work, 'flink'), line),
      startYarn(path.join(work, 'yarn')),
      startBroker(),
      exec('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: project, maxBuffer: 64 << 20, timeout: 600_000 }),
    ]);
    yarn = cluster;
    broker = started;

    kafka = new Kafka({ clientId: 's2f-yarn-test', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    valid = await ordersTopic(kafka);

    // A file the user wants beside the job (deploy/ship/ is shipped when SHIP_FILES is not set).
    fs.mkdirSync(path.join(project, 'deploy', 'ship'), { recursive: true });
    fs.writeFileSync(path.join(project, 'deploy', 'ship', 's2f-shipped.properties'), 'shipped=yes\n');
    // Arguments go to the topology's main: a name submits through StormSubmitter, the second is the bootstrap.
    env = {
      ...process.env,
      FLINK_HOME: home,
      HADOOP_CONF_DIR: yarn.confDir,
      HADOOP_CLASSPATH: yarn.hadoopClasspath,
      YARN_QUEUE: 'streaming',
      YARN_NODE_LABEL: 'flink',
    };
    try {
      const r = await exec(path.join(project, 'deploy', 'submit.sh'), ['kafka-pipeline', broker.bootstrapServers], {
        env,
        cwd: project,
        maxBuffer: 64 << 20,
        timeout: 300_000,
      });
      submitLog = r.stdout + r.stderr;
    } catch (e) {
      const x = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`deploy/submit.sh failed: ${x.message}\n${(x.stdout ?? '') + (x.stderr ?? '')}`.slice(-8000));
    }
    appId = /Submitting application master (application_\d+_\d+)/.exec(submitLog)?.[1] ?? '';
    if (appId) apps.push(appId);
  }, 900_000);

  afterAll(async () => {
    for (const id of apps) if (yarn) await yarn.ask(`kill ${id}`).catch(() => undefined);
    await yarn?.stop();
    await broker?.stop();
  });

  /** Throws, with the job's errors, once the application has ended (it runs unbounded until killed). */
  async function running(id = appId): Promise<void> {
    const report = fields(await yarn!.ask(`app ${id}`));
    if (['FAILED', 'KILLED', 'FINISHED'].includes(report.get('state')?.[0] ?? ''))
      throw new Error(`the application ended: ${[...report].join(' ')}\n${jobLogs(id)}`);
  }

  /** The job's logs, for a failure message. */
  function jobLogs(id = appId): string {
    return containerLogDirs(yarn!.work, id)
      .flatMap(({ dir }) => ['jobmanager.log', 'taskmanager.log'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f)))
      .map(
        (f) =>
          `== ${f}\n${fs
            .readFileSync(f, 'utf8')
            .split('\n')
            .filter((l) => /ERROR|Exception|Caused by/.test(l))
            .slice(0, 30)
            .join('\n')}`,
      )
      .join('\n');
  }

  it(
    'submits in application mode and the job enriches every valid order into orders-enriched',
    async () => {
      expect(appId, `no application id in the client's output:\n${submitLog.slice(-4000)}`).toMatch(/^application_/);
      expect(submitLog).toContain("Submitting application in 'Application Mode'");
      enriched = await enrichedOrders(kafka, valid, OUTPUT_WAIT_MS, running).catch((e: Error) => {
        throw new Error(`${e.message}\n${jobLogs()}`);
      });
      for (const o of valid) {
        const src = JSON.parse(o.value) as { sku: string; qty: number; unitPrice: string };
        for (const v of enriched.get(o.key)!) {
          const e = JSON.parse(v) as { sku: string; sourceTopic: string; total: string };
          expect({ sku: e.sku, sourceTopic: e.sourceTopic, total: e.total }, o.key).toEqual({
            sku: src.sku,
            sourceTopic: 'orders',
            total: orderTotal(src.unitPrice, src.qty),
          });
        }
      }
      // The two malformed orders are rejected by the user's bolt, which logs them in a TaskManager container.
      expect([...enriched.keys()].filter((k) => !valid.some((o) => o.key === k))).toEqual([]);
      const tmLogs = containerLogDirs(yarn!.work, appId)
        .map(({ dir }) => path.join(dir, 'taskmanager.log'))
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      expect(tmLogs).toContain('rejecting record o-1013');
    },
    OUTPUT_WAIT_MS + 60_000,
  );

  it('runs in the queue and on the node label the script set, every container on the labelled NodeManager', async () => {
    expect(appId).toMatch(/^application_/);
    const report = fields(await yarn!.ask(`app ${appId}`));
    expect(report.get('state')).toEqual(['RUNNING']);
    expect(report.get('name')).toEqual(['kafka-pipeline']);
    expect(report.get('queue')).toEqual(['streaming']);
    expect(report.get('appNodeLabel')).toEqual(['flink']);
    // JobManager and the two TaskManagers (2 workers × 1 slot), all placed by the label: the other node has none.
    const containers = report.get('container') ?? [];
    expect(containers).toHaveLength(3);
    for (const c of containers) expect(c.split('@')[1], c).toBe(yarn!.labelledNode);
  });

  it('ships deploy/ship/ into every container, on its classpath', () => {
    const dirs = containerLogDirs(yarn!.work, appId);
    expect(dirs.length).toBe(3);
    for (const { dir } of dirs) {
      // The NodeManager's launch script links each localized resource into the container's working folder.
      const launch = fs.readFileSync(path.join(dir, 'launch_container.sh'), 'utf8');
      expect(launch, dir).toMatch(/ln -sf -- "[^"]*s2f-shipped\.properties" "ship\/s2f-shipped\.properties"/);
      // Flink puts a shipped folder of plain files on the containers' classpath (getResource finds them).
      expect(/^export CLASSPATH="([^"]*)"/m.exec(launch)?.[1]?.split(':'), dir).toContain('ship');
    }
  });

  it(
    'writes checkpoints to the hdfs:/// directory of the generated config, on HDFS',
    async () => {
      const config = fs.readFileSync(path.join(project, 'deploy', 'config.yaml'), 'utf8');
      expect(config).toContain('execution.checkpointing.dir: hdfs:///flink/checkpoints/kafka-pipeline');
      const files = await until('a completed checkpoint on HDFS', OUTPUT_WAIT_MS, async () => {
        await running();
        const ls = (await yarn!.ask('ls /flink/checkpoints/kafka-pipeline')).split('\t');
        return ls.some((f) => /\/chk-\d+\/_metadata$/.test(f)) ? ls : undefined;
      });
      expect(
        files.some((f) => /^\/flink\/checkpoints\/kafka-pipeline\/[0-9a-f]{32}\/chk-\d+\/_metadata$/.test(f)),
        files.join('\n'),
      ).toBe(true);
    },
    OUTPUT_WAIT_MS + 30_000,
  );

  it.runIf(process.env.S2F_YARN_FULL)(
    'stops with a savepoint (deploy/stop.sh) and resumes from it (RESTORE_FROM=… deploy/submit.sh), no order missing',
    async () => {
      expect(appId).toMatch(/^application_/);
      const started = Date.now();
      // 1.20 leaves the savepoint where the generated config says (HDFS); 2.x in the folder SAVEPOINT_DIR names.
      const savepointDir = line === '1.20' ? '/flink/savepoints/kafka-pipeline' : '/flink/upgrade-savepoints';
      const counts = new Map<string, number>();
      const consumer = await collectTopic(kafka, 'orders-enriched', (k) => counts.set(k, (counts.get(k) ?? 0) + 1));
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      // Orders keep coming through the stop and the resume; keys far from the sample's o-1000.. ones.
      const feed = backgroundProducer(producer, 'orders', (n) => KAFKA_PIPELINE.record!(100_000 + n), 5, 200);
      let keys: string[] = [];
      try {
        await until('fed orders out of the first application', OUTPUT_WAIT_MS, async () => {
          await running();
          return [...counts.keys()].filter((k) => Number(k.slice(2)) >= 100_000).length >= 20 ? true : undefined;
        });
        // 1.20: no job id, the script stops the application's one job; 2.x: the id as a user finds it, `flink list`.
        const stopArgs: string[] = [];
        if (line !== '1.20') {
          const list = await exec(path.join(env.FLINK_HOME!, 'bin', 'flink'), ['list', '-r', '-t', 'yarn-application', `-Dyarn.application.id=${appId}`], {
            env,
            maxBuffer: 16 << 20,
            timeout: 120_000,
          });
          const jobId = /: ([0-9a-f]{32}) : .* \(RUNNING\)/.exec(list.stdout)?.[1];
          expect(jobId, list.stdout + list.stderr).toBeDefined();
          stopArgs.push(jobId!);
        }
        let stopLog: string;
        try {
          const r = await exec(path.join(project, 'deploy', 'stop.sh'), stopArgs, {
            env: { ...env, YARN_APPLICATION_ID: appId, ...(line === '1.20' ? {} : { SAVEPOINT_DIR: `hdfs://${savepointDir}` }) },
            cwd: project,
            maxBuffer: 16 << 20,
            timeout: 300_000,
          });
          stopLog = r.stdout + r.stderr;
        } catch (e) {
          const x = e as { stdout?: string; stderr?: string; message: string };
          throw new Error(`deploy/stop.sh failed: ${x.message}\n${(x.stdout ?? '') + (x.stderr ?? '')}\n${jobLogs()}`.slice(-8000));
        }
        const savepoint = /Savepoint completed\. Path: (\S+)/.exec(stopLog)?.[1] ?? '';
        expect(savepoint, stopLog).toMatch(new RegExp(`^hdfs://[^/]+${savepointDir}/savepoint-`));
        const fromFirst = counts.size;
        // Application mode: the cluster ends with its job.
        const ended = await until('the first application to end', 120_000, async () => {
          const state = fields(await yarn!.ask(`app ${appId}`)).get('state')?.[0];
          return ['FINISHED', 'FAILED', 'KILLED'].includes(state ?? '') ? state : undefined;
        });
        expect(ended).toBe('FINISHED');
        const onHdfs = (await yarn!.ask(`ls ${savepointDir}`)).split('\t');
        expect(
          onHdfs.some((f) => f.endsWith('/_metadata') && savepoint.includes(f.slice(0, -'/_metadata'.length))),
          onHdfs.join('\n'),
        ).toBe(true);

        let resumeLog: string;
        try {
          const r = await exec(path.join(project, 'deploy', 'submit.sh'), ['kafka-pipeline', broker!.bootstrapServers], {
            env: { ...env, RESTORE_FROM: savepoint },
            cwd: project,
            maxBuffer: 64 << 20,
            timeout: 300_000,
          });
          resumeLog = r.stdout + r.stderr;
        } catch (e) {
          const x = e as { stdout?: string; stderr?: string; message: string };
          throw new Error(`RESTORE_FROM=… deploy/submit.sh failed: ${x.message}\n${(x.stdout ?? '') + (x.stderr ?? '')}`.slice(-8000));
        }
        const resumed = /Submitting application master (application_\d+_\d+)/.exec(resumeLog)?.[1] ?? '';
        expect(resumed, resumeLog.slice(-4000)).toMatch(/^application_/);
        apps.push(resumed);
        await until('the resumed application to write fed orders', OUTPUT_WAIT_MS, async () => {
          await running(resumed);
          return counts.size > fromFirst ? true : undefined;
        });
        keys = await feed.stop();
        const missing = await awaitAll(keys, counts, OUTPUT_WAIT_MS);
        const dup = keys.reduce((d, k) => d + Math.max(0, (counts.get(k) ?? 0) - 1), 0);
        console.log(
          `YARN upgrade on Flink ${line}: ${keys.length} orders fed, ${fromFirst} keys out before the stop, ${missing.length} missing, ${dup} duplicates, savepoint ${savepoint}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        expect(missing.slice(0, 20), `${missing.length} fed orders missing`).toEqual([]);
        // The JobManager of the resumed application restored the savepoint (not a fresh start from the topic's offsets).
        const jm = containerLogDirs(yarn!.work, resumed)
          .map(({ dir }) => path.join(dir, 'jobmanager.log'))
          .filter((f) => fs.existsSync(f))
          .map((f) => fs.readFileSync(f, 'utf8'))
          .join('\n');
        expect(jm).toMatch(new RegExp(`from savepoint ${savepoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'));
        // Restored Kafka offsets: the sample's orders, read before the stop, are not read again.
        for (const o of valid) expect(counts.get(o.key), o.key).toBe(1);
      } finally {
        if (keys.length === 0) await feed.stop().catch(() => undefined);
        await producer.disconnect().catch(() => undefined);
        await consumer.disconnect().catch(() => undefined);
      }
    },
    4 * OUTPUT_WAIT_MS + 300_000,
  );
});
