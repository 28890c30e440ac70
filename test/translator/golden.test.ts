// Golden tests of generated projects: every translatable sample, plus hand-written model fixtures.
// UPDATE_GOLDEN=1 rewrites; a golden folder without a case fails.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Topology } from '../../src/model/topology.js';
import type { EmittedFile } from '../../src/translator/emit.js';
import { expectGolden, orphanedCases } from '../helpers/golden.js';
import {
  BACKTYPE_JAVA,
  backtypeTopology,
  hostileTopology,
  KAFKA_CLIENT_1X_JAVA,
  KAFKA_CLIENT_1X_POM,
  rasTopology,
  STORM09_KAFKA_JAVA,
  STORM09_KAFKA_POM,
  STORM_KAFKA_1X_JAVA,
  STORM_KAFKA_1X_POM,
} from './fixtures.js';
import { project, snapshot, type Opts } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

const GOLDEN = path.join(process.cwd(), 'test', 'golden', 'translate');

interface Case {
  name: string;
  topology: () => Topology;
  opts: Opts;
}

/** Generated files in full; the user's copied files by size and hash (their edits are listed in MIGRATION.md). */
function goldenText(files: EmittedFile[], jobPackageDir: string): string {
  const generated = (p: string) => !p.startsWith('src/') || p.startsWith(jobPackageDir);
  return snapshot(
    files.map((f) =>
      generated(f.path) || 'copyFrom' in f
        ? f
        : {
            path: f.path,
            content: `(user file, ${Buffer.byteLength(f.content)} bytes, sha256 ${createHash('sha256').update(f.content).digest('hex').slice(0, 16)})\n`,
          },
    ),
  );
}

let samples: Topology[] = [];
let tmp = '';
let storm1Topology: Topology | undefined;
let storm0KafkaTopology: Topology | undefined;
let kafka1xTopology: Topology | undefined;
let stormKafka1xTopology: Topology | undefined;

/** A pom that declares storm-core at `version`, as a Storm 0.x/1.x project's does. */
const stormCorePom = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>old</groupId>
  <artifactId>old</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>${version}</version><scope>provided</scope></dependency>
  </dependencies>
</project>
`;

/** Storm 1.x code with API Storm 2 changed (setTopologyStrategy(Class)), as storm-starter 1.2.2's RAS example has it. */
const STORM1_JAVA = `package one;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.scheduler.resource.strategies.scheduling.DefaultResourceAwareStrategy;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class RasTopology {
  public static void main(String[] args) throws Exception {
    TopologyBuilder builder = new TopologyBuilder();
    builder.setSpout("word", new TestWordSpout(), 2);
    Config conf = new Config();
    conf.setTopologyStrategy(DefaultResourceAwareStrategy.class);
    StormSubmitter.submitTopology("ras", conf, builder.createTopology());
  }
}
`;

beforeAll(async () => {
  samples = (await analyzePaths(['samples'])).topologies.filter((t) => !t.blocked);
  tmp = tempDir('s2f-golden-');
  fs.mkdirSync(path.join(tmp, 'src/main/java/old'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src/main/java/old/OldTopology.java'), BACKTYPE_JAVA);
  // Projects of Storm 0.x and 1.x code (a pom on storm-core 0.10.2 / 1.2.2), built through the Storm 1.x bridge.
  for (const [dir, version] of [
    ['storm0', '0.10.2'],
    ['storm1', '1.2.2'],
  ] as const) {
    fs.mkdirSync(path.join(tmp, dir, 'src/main/java', dir === 'storm0' ? 'old' : 'one'), { recursive: true });
    fs.writeFileSync(path.join(tmp, dir, 'pom.xml'), stormCorePom(version));
  }
  fs.writeFileSync(path.join(tmp, 'storm0/src/main/java/old/OldTopology.java'), BACKTYPE_JAVA);
  fs.writeFileSync(path.join(tmp, 'storm1/src/main/java/one/RasTopology.java'), STORM1_JAVA);
  // Storm 0.9 on the old storm-kafka, and Storm 1.2 on storm-kafka-client 1.x API that 2.0 moved.
  for (const [dir, pkg, pom, java] of [
    ['storm0kafka', 'old', STORM09_KAFKA_POM, STORM09_KAFKA_JAVA],
    ['kafka1x', 'one', KAFKA_CLIENT_1X_POM, KAFKA_CLIENT_1X_JAVA],
    ['stormkafka1x', 'one', STORM_KAFKA_1X_POM, STORM_KAFKA_1X_JAVA],
  ] as const) {
    fs.mkdirSync(path.join(tmp, dir, 'src/main/java', pkg), { recursive: true });
    fs.writeFileSync(path.join(tmp, dir, 'pom.xml'), pom);
    fs.writeFileSync(path.join(tmp, dir, 'src/main/java', pkg, 'KafkaTopology.java'), java);
  }
  // Paths relative to tmp (the case's cwd), so the golden does not carry the temp folder's name.
  const relative = async (dir: string) =>
    JSON.parse(
      JSON.stringify((await analyzePaths([path.join(tmp, dir)])).topologies[0])
        .split(`${tmp}${path.sep}`)
        .join(''),
    ) as Topology;
  storm1Topology = await relative('storm1');
  storm0KafkaTopology = await relative('storm0kafka');
  kafka1xTopology = await relative('kafka1x');
  stormKafka1xTopology = await relative('stormkafka1x');
}, 120_000);

const fixtureCases: Case[] = [
  {
    name: 'fixture-hostile-k8s-2x',
    topology: () => hostileTopology({ className: `p.Topo${'"'}`, method: null }),
    opts: { flink: '2.x', target: 'kubernetes', guarantee: 'exactly-once' },
  },
  { name: 'fixture-backtype-session', topology: () => backtypeTopology('src/main/java/old/OldTopology.java'), opts: { target: 'yarn-session' } },
  {
    name: 'fixture-hostile-k8s-session',
    topology: () => hostileTopology({ className: 'p.Topo', method: null }),
    opts: { target: 'kubernetes-session', guarantee: 'at-least-once' },
  },
  // The standalone submit script with hostile names: nothing the user wrote may run as shell.
  { name: 'fixture-hostile-standalone', topology: () => hostileTopology({ className: `p.Topo${'"'}`, method: null }), opts: { target: 'standalone' } },
  // A KafkaBolt at exactly-once: Flink's transactional KafkaSink, and what its consumers and brokers need (MIGRATION.md).
  { name: 'kafka-pipeline-exactly-once', topology: () => samples.find((t) => t.id === 'kafka-pipeline')!, opts: { guarantee: 'exactly-once' } },
  // Storm RAS figures (setMemoryLoad, setCPULoad, a worker max heap) into the TaskManager pod's memory and cpu.
  { name: 'fixture-ras-k8s', topology: rasTopology, opts: { target: 'kubernetes' } },
  // Storm 0.x and 1.x projects: storm-core first on the compile class path, the bridge's pass before the jar.
  { name: 'fixture-storm0-bridge', topology: () => backtypeTopology('storm0/src/main/java/old/OldTopology.java'), opts: { storm1: true } },
  { name: 'fixture-storm1-bridge', topology: () => storm1Topology!, opts: { storm1: true } },
  // Storm 0.9 on storm.kafka: compiled against storm-kafka 0.9.3 (unpacked), relocated onto storm-kafka 1.x.
  { name: 'fixture-storm0-kafka-bridge', topology: () => storm0KafkaTopology!, opts: { storm1: true } },
  // storm-kafka-client 1.x's KafkaSpoutConfig.FirstPollOffsetStrategy, rewritten to 2.0's place.
  { name: 'fixture-kafka1x-bridge', topology: () => kafka1xTopology!, opts: { storm1: true } },
  // storm-kafka 1.x's KafkaBolt and Trident spout without a ZooKeeper spout: the job carries storm-kafka 1.x's last release.
  { name: 'fixture-storm-kafka1x-bridge', topology: () => stormKafka1xTopology!, opts: { storm1: true } },
];

describe('translate golden', () => {
  it('has samples to translate', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it('generated projects match their goldens', async () => {
    const names: string[] = [];
    for (const t of samples) {
      const files = await project(t, t.id);
      const pkg = files.find((f) => f.path.endsWith('FlinkJob.java'))!.path.replace(/\/[^/]+$/, '/');
      names.push(t.id);
      expectGolden(path.join(GOLDEN, t.id, 'project.txt'), goldenText(files, pkg));
    }
    for (const c of fixtureCases) {
      const files = await project(c.topology(), c.name, { ...c.opts, cwd: c.name.includes('backtype') || c.name.includes('bridge') ? tmp : undefined });
      const pkg = files.find((f) => f.path.endsWith('FlinkJob.java'))!.path.replace(/\/[^/]+$/, '/');
      names.push(c.name);
      expectGolden(path.join(GOLDEN, c.name, 'project.txt'), goldenText(files, pkg));
    }
    expect(orphanedCases(GOLDEN, names)).toEqual([]);
  }, 120_000);
});
