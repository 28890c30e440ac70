// verify with Kafka: samples/kafka-pipeline (KafkaSpout → enrich → KafkaBolt) on a real broker, both engines;
// then a translated copy whose bolt drops one record must be caught, naming that bolt.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { verifyCli } from './helpers/cli.js';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { buildProject, writeProject } from '../../src/translator/translate.js';
import { locateCompat } from '../../src/translator/compat.js';

const cli = verifyCli;

const SAMPLE = path.resolve('samples', 'kafka-pipeline');
const DATA = fs
  .readFileSync(path.join(SAMPLE, 'data', 'orders.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
// The bolt rejects values that are not JSON objects; the rest reach the output topic.
const PARSEABLE = DATA.filter((l) => {
  try {
    const v = JSON.parse(JSON.parse(l).value);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}).length;

interface Stream {
  component: string;
  stream: string;
  storm: number;
  flink: number;
  verdict: string;
}

let dir: string;

describe.sequential('storm2flink verify, Kafka topologies', () => {
  beforeAll(() => {
    dir = tempDir('s2f-kafka-test-');
  });

  test('samples/kafka-pipeline (Java builder and Flux): equivalent, spout and output topic tapped on both engines', async () => {
    expect(DATA.length).toBeGreaterThan(10);
    expect(PARSEABLE).toBeLessThan(DATA.length);
    const r = await cli([SAMPLE, '--format', 'json', '--out', path.join(dir, 'sample')]);
    const doc = JSON.parse(r.out);
    expect(doc.reports.map((x: { reason?: string }) => x.reason ?? null)).toEqual([null, null]);
    expect(r.code).toBe(0);
    expect(doc.reports).toHaveLength(2);
    for (const rep of doc.reports) {
      expect(rep.status).toBe('equivalent');
      expect(rep.ran).toMatchObject({ broker: true, replay: true, storm: true, flink: true });
      const streams: Stream[] = rep.diff.streams;
      const get = (component: string, stream: string) => streams.find((s) => s.component === component && s.stream === stream);
      expect(get('kafka-spout', 'default')).toMatchObject({ storm: DATA.length, flink: DATA.length, verdict: 'equal' });
      expect(get('enrich', 'rejected')).toMatchObject({ storm: DATA.length - PARSEABLE, flink: DATA.length - PARSEABLE });
      expect(get('kafka:orders-enriched', 'records')).toMatchObject({ storm: PARSEABLE, flink: PARSEABLE, verdict: 'equal' });
    }
    // The records read back are the bolt's (key, message) pairs, keyed by the input record's key.
    const tap = fs.readFileSync(path.join(dir, 'sample', 'kafka-pipeline', 'storm', 'storm.tap.jsonl'), 'utf8');
    expect(tap).toContain('"component":"kafka-spout"');
  }, 600_000);

  test('a spout subscribed by pattern reads the topics its sample files are named after: equivalent', async () => {
    // The sample with its spout on a pattern instead of a topic, and its data split over two matching topics.
    const copy = path.join(dir, 'pattern');
    fs.cpSync(SAMPLE, copy, { recursive: true, filter: (p) => !['target', 'flux'].includes(path.basename(p)) });
    const java = path.join(copy, 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'kafka', 'KafkaPipelineTopology.java');
    const src = fs.readFileSync(java, 'utf8');
    expect(src).toContain('KafkaSpoutConfig.builder(bootstrap, INPUT_TOPIC)');
    fs.writeFileSync(
      java,
      src.replace('KafkaSpoutConfig.builder(bootstrap, INPUT_TOPIC)', 'KafkaSpoutConfig.builder(bootstrap, java.util.regex.Pattern.compile("orders-(eu|us)"))'),
    );
    fs.rmSync(path.join(copy, 'data', 'orders.jsonl'));
    const half = Math.floor(DATA.length / 2);
    fs.writeFileSync(path.join(copy, 'data', 'orders-eu.jsonl'), DATA.slice(0, half).join('\n') + '\n');
    fs.writeFileSync(path.join(copy, 'data', 'orders-us.jsonl'), DATA.slice(half).join('\n') + '\n');

    const r = await cli([copy, '--topology-id', 'kafka-pipeline', '--format', 'json']);
    const rep = JSON.parse(r.out).reports[0];
    expect(rep.reason ?? null).toBeNull();
    expect(r.code).toBe(0);
    const streams: Stream[] = rep.diff.streams;
    expect(streams.find((s) => s.component === 'kafka-spout')).toMatchObject({ storm: DATA.length, flink: DATA.length, verdict: 'equal' });
    expect(streams.find((s) => s.component === 'kafka:orders-enriched')).toMatchObject({ storm: PARSEABLE, flink: PARSEABLE, verdict: 'equal' });
  }, 600_000);

  test('a translated project whose bolt drops one record: exit 1, first divergence at that bolt', async () => {
    // A translated project resolves the compat runtime from the jar it bundles: build it when missing.
    let compat = locateCompat();
    if (!compat.jarPath) {
      execFileSync('mvn', ['-B', '-q', '-f', path.resolve('src', 'compat', 'pom.xml'), '-DskipTests', 'package'], { stdio: 'ignore', timeout: 600_000 });
      compat = locateCompat();
    }
    expect(compat.jarPath, 'compat jar built').toBeTruthy();
    const analysis = await analyzePaths([SAMPLE]);
    const topology = analysis.topologies.find((t) => t.id === 'kafka-pipeline')!;
    const { files } = await buildProject(topology, 'kafka-pipeline', { out: dir, cwd: process.cwd(), compat, flink: '1.20', target: 'yarn-application' });
    const project = writeProject(dir, 'translated', files);
    // The generated pom lists flink-connector-kafka before the user's jackson-databind 2.21, so Maven mediates
    // jackson-core to the connector's 2.15 and the job dies with NoSuchMethodError (a translator issue, reported
    // separately). Pinned here so that the mutant below is the only difference.
    const pom = path.join(project, 'pom.xml');
    const pomText = fs.readFileSync(pom, 'utf8');
    expect(pomText).toContain('<artifactId>jackson-databind</artifactId>');
    fs.writeFileSync(
      pom,
      pomText.replace(
        '<dependencies>',
        '<dependencies>\n    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-core</artifactId><version>2.21.0</version></dependency>',
      ),
    );
    const bolt = path.join(project, 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'kafka', 'EnrichOrderBolt.java');
    const src = fs.readFileSync(bolt, 'utf8');
    const anchor = '        String value = input.getStringByField("value");\n';
    expect(src).toContain(anchor);
    fs.writeFileSync(bolt, src.replace(anchor, `${anchor}        if ("o-1005".equals(key)) return; // mutant: one record lost\n`));
    expect(DATA.some((l) => JSON.parse(l).key === 'o-1005')).toBe(true);

    const r = await cli([SAMPLE, '--topology-id', 'kafka-pipeline', '--translated', project, '--format', 'json']);
    const doc = JSON.parse(r.out);
    const rep = doc.reports[0];
    expect(rep.reason ?? null).toBeNull();
    expect(r.code).toBe(1);
    expect(rep.status).toBe('not-equivalent');
    expect(rep.diff.firstDivergence).toMatchObject({ component: 'enrich', stream: 'default', verdict: 'missing' });
    const streams: Stream[] = rep.diff.streams;
    expect(streams.find((s) => s.component === 'kafka-spout')).toMatchObject({ storm: DATA.length, flink: DATA.length, verdict: 'equal' });
    expect(streams.find((s) => s.component === 'kafka:orders-enriched')).toMatchObject({ storm: PARSEABLE, flink: PARSEABLE - 1, verdict: 'missing' });
  }, 600_000);
});
