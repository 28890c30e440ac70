// A Storm 1.x project on storm-kafka-client 1.x declares kafka-clients 1.0.0; the job's Flink Kafka connector would run
// on it (the pom's own declaration wins in Maven) and calls what 1.0 lacks (poll(Duration), 2.0+). Translated as the
// CLI does: raised to the connector's kafka-clients, said in MIGRATION.md, and the job builds. On Flink 2.x, whose
// connector brings kafka-clients 4 (no poll(long)), a copied source's 1.x-era poll(long) is rewritten to
// poll(Duration). About a minute each on 2 shared cores.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLINK } from '../../src/translator/versions.js';
import { tempDir } from '../helpers/tmp.js';
import { jarOf, mvn, run, translateFolder } from './harness.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'diff', 'fixtures', 'kafka-client-1x');

describe.sequential("kafka-clients older than the Kafka connector's", () => {
  it("is taken at the connector's version, says so, and builds as generated", async () => {
    const r = await translateFolder(FIXTURE, tempDir('s2f-kafka-clients-out-'));
    expect(r.projects.length, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(1);
    const project = r.projects[0]!;
    const pom = fs.readFileSync(path.join(project.dir, 'pom.xml'), 'utf8');
    const clients = FLINK['1.20'].kafkaClients;
    expect(pom).toContain('<artifactId>flink-connector-kafka</artifactId>');
    expect(pom).toMatch(new RegExp(`<artifactId>kafka-clients</artifactId>\\s*<version>${clients.replace(/\./g, '\\.')}</version>`));
    expect(pom).not.toMatch(/<artifactId>kafka-clients<\/artifactId>\s*<version>1\.0\.0<\/version>/);
    expect(fs.readFileSync(path.join(project.dir, 'MIGRATION.md'), 'utf8')).toMatch(/org\.apache\.kafka:kafka-clients.*1\.0\.0.*3\.4\.0/);
    await mvn(project.dir, ['-DskipTests', 'package']);
    const entries = (await run('jar', ['tf', jarOf(project)], { maxBuffer: 64 << 20 })).stdout.split('\n');
    expect(entries).toContain('fixture/Topo.class');
    // The job jar carries the raised client, not 1.0.0's classes alone: AdminClient's OffsetSpec came in 2.5.
    expect(entries).toContain('org/apache/kafka/clients/admin/OffsetSpec.class');
  }, 600_000);

  it("on Flink 2.x (kafka-clients 4, no poll(long)) rewrites the project's poll(long) and builds", async () => {
    // The topology's class calls the fixture's Peek (poll(long)) too, so that Peek is among the sources the job copies.
    const dir = tempDir('s2f-kafka-clients-2x-in-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const topo = path.join(dir, 'src/main/java/fixture/Topo.java');
    const text = fs.readFileSync(topo, 'utf8');
    const end = text.lastIndexOf('}');
    fs.writeFileSync(topo, `${text.slice(0, end)}  static int peek(java.util.Properties props) {\n    return Peek.count(props, "words");\n  }\n}\n`);
    const r = await translateFolder(dir, tempDir('s2f-kafka-clients-2x-out-'), '2.x');
    expect(r.projects.length, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(1);
    const project = r.projects[0]!;
    const pom = fs.readFileSync(path.join(project.dir, 'pom.xml'), 'utf8');
    expect(pom).toMatch(new RegExp(`<artifactId>kafka-clients</artifactId>\\s*<version>${FLINK['2.x'].kafkaClients.replace(/\./g, '\\.')}</version>`));
    const peek = fs.readFileSync(path.join(project.dir, 'src/main/java/fixture/Peek.java'), 'utf8');
    expect(peek).toContain('consumer.poll(java.time.Duration.ofMillis(100))');
    expect(fs.readFileSync(path.join(project.dir, 'MIGRATION.md'), 'utf8')).toContain('| `java.time.Duration.ofMillis(100)` | kafka-api |');
    await mvn(project.dir, ['-DskipTests', 'package']);
    expect((await run('jar', ['tf', jarOf(project)], { maxBuffer: 64 << 20 })).stdout.split('\n')).toContain('fixture/Peek.class');
  }, 600_000);
});
