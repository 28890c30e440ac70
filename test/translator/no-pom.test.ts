// A project with no build file (a course hand-in, as in jonchang03/cs498-cca's MP4: a Flux file, Python shell
// components, a Redis bolt and a mapper class): no pom declares storm-redis, flux-wrappers or multilang-python, so
// the generated project takes them from what the sources and the Flux file name, and the multilang/ folder of
// storm-starter's layout travels as resources. Our own fixture, translated and `mvn package`d (about a minute).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { compatArtifact } from '../../src/diff/compat-jar.js';
import { inferredStormModules } from '../../src/translator/pom-deps.js';
import { translateAnalysis } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

const FILES: Record<string, string> = {
  'hw/src/main/resources/topology.yaml': `name: "hand-in"
components:
  - id: "pool"
    className: "org.apache.storm.redis.common.config.JedisPoolConfig"
    constructorArgs: ["localhost", 6379, 2000, "secret", 0]
  - id: "mapper"
    className: "fixture.CountMapper"
    constructorArgs: ["counts"]
spouts:
  - id: "sentences"
    className: "org.apache.storm.flux.wrappers.spouts.FluxShellSpout"
    constructorArgs:
      - ["python3", "sentences.py"]
      - ["word", "count"]
    parallelism: 1
bolts:
  - id: "store"
    className: "org.apache.storm.redis.bolt.RedisStoreBolt"
    constructorArgs:
      - ref: "pool"
      - ref: "mapper"
    parallelism: 1
streams:
  - from: "sentences"
    to: "store"
    grouping:
      type: FIELDS
      args: ["word"]
`,
  'hw/src/main/java/fixture/CountMapper.java': `package fixture;

import org.apache.storm.redis.common.mapper.RedisDataTypeDescription;
import org.apache.storm.redis.common.mapper.RedisStoreMapper;
import org.apache.storm.tuple.ITuple;

public class CountMapper implements RedisStoreMapper {
  private final String hash;

  public CountMapper(String hash) { this.hash = hash; }

  public RedisDataTypeDescription getDataTypeDescription() {
    return new RedisDataTypeDescription(RedisDataTypeDescription.RedisDataType.HASH, hash);
  }

  public String getKeyFromTuple(ITuple t) { return t.getStringByField("word"); }

  public String getValueFromTuple(ITuple t) { return String.valueOf(t.getValueByField("count")); }
}
`,
  'hw/multilang/resources/sentences.py':
    'import storm\n\nclass Sentences(storm.Spout):\n    def nextTuple(self):\n        storm.emit(["a", 1])\n\nSentences().run()\n',
};

describe('a project without a build file', () => {
  it('infers only the Storm modules named: connectors by package, flux-wrappers, the interpreters’ multilang jars', () => {
    const uses = (pkgs: string[]) => ({ usesPackage: (p: string) => pkgs.some((x) => x === p || x.startsWith(`${p}.`)) });
    const r = inferredStormModules(uses(['org.apache.storm.redis.bolt', 'org.apache.storm.kafka.spout', 'org.apache.storm.metrics2']), ['python3', 'bash']);
    expect(r.dependencies.map((d) => `${d.artifactId}:${d.version}`)).toEqual(['storm-redis:2.8.3', 'storm-kafka-client:2.8.3', 'multilang-python:2.8.3']);
    // storm-kafka's (1.x) packages are the compat runtime's: no client for them.
    expect(inferredStormModules(uses(['org.apache.storm.kafka.bolt']), []).dependencies).toEqual([]);
  });

  it('gets the modules its sources and Flux file use and its multilang scripts, and builds', async () => {
    const dir = tempDir('s2f-nopom-');
    for (const [p, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    const analysis = await analyzePaths([path.join(dir, 'hw')]);
    const r = await translateAnalysis(analysis, { out: tempDir('s2f-nopom-out-'), flink: '1.20', target: 'yarn-application', compat: await compatArtifact() });
    expect(r.projects).toHaveLength(1);
    const p = r.projects[0]!;
    const pom = fs.readFileSync(path.join(p.dir, 'pom.xml'), 'utf8');
    for (const a of ['storm-redis', 'flux-wrappers', 'multilang-python']) expect(pom).toContain(`<artifactId>${a}</artifactId>`);
    expect(fs.readFileSync(path.join(p.dir, 'src/main/resources/resources/sentences.py'), 'utf8')).toContain('storm.emit');
    const migration = fs.readFileSync(path.join(p.dir, 'MIGRATION.md'), 'utf8');
    expect(migration).toContain("Dependencies (no pom declares the project's own");
    expect(migration).toContain('`org.apache.storm:storm-redis`');
    await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: p.dir, maxBuffer: 64 << 20, timeout: 600_000 });
    const { stdout } = await run('jar', ['tf', path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`)], { maxBuffer: 64 << 20 });
    const entries = stdout.split('\n');
    for (const e of ['fixture/CountMapper.class', 'resources/sentences.py', 'resources/storm.py', 'org/apache/storm/redis/bolt/RedisStoreBolt.class'])
      expect(entries).toContain(e);
  }, 600_000);
});
