// The pieces of "only what the topology needs": reachability between sources, the dependencies and
// repositories carried from the user's pom, and the pom-text fallback reader.
import { describe, expect, it } from 'vitest';
import { carriedDependencies, carriedRepositories, type PomDependency } from '../../src/translator/pom-deps.js';
import { fromPomText } from '../../src/translator/project-model.js';
import { fileOfClass, indexSources, javaFacts, reachableFiles, usesPackage } from '../../src/translator/reach.js';
import { getJavaParser } from '../../src/translator/rewrite.js';

const FILES: Record<string, string> = {
  'a/Topo.java': `package a;
import b.Helper;
import c.*;
import static d.Consts.N;
/** Mentions Unused in a comment only. */
public class Topo {
  public static class Inner extends Base {}
  void m() { new Same(); Conf.x(); e.Qualified.go(); Class.forName("f.ByName"); }
}`,
  'a/Same.java': 'package a; class Same { Transitive t; }',
  'a/Transitive.java': 'package a; class Transitive {}',
  'a/Base.java': 'package a; abstract class Base {}',
  'a/Unused.java': 'package a; class Unused {}',
  'b/Helper.java': 'package b; public class Helper {}',
  'c/Conf.java': 'package c; public class Conf { static void x() {} }',
  'c/Other.java': 'package c; public class Other {}',
  'd/Consts.java': 'package d; public interface Consts { int N = 1; }',
  'e/Qualified.java': 'package e; public class Qualified { static void go() { org.apache.log4j.Logger.getLogger("x"); } }',
  'f/ByName.java': 'package f; public class ByName {}',
  'g/Component.java': 'package g; public class Component { public static class Nested {} }',
};

async function index() {
  const parser = await getJavaParser();
  return indexSources(Object.entries(FILES).map(([key, text]) => ({ key, facts: javaFacts(parser, text) })));
}

describe('reachable sources', () => {
  it('follows imports, same-package names, qualified names and class names in strings, not comments', async () => {
    const idx = await index();
    const reached = [...reachableFiles(idx, ['a/Topo.java'])].sort();
    expect(reached).toEqual([
      'a/Base.java',
      'a/Same.java',
      'a/Topo.java',
      'a/Transitive.java',
      'b/Helper.java',
      'c/Conf.java',
      'd/Consts.java',
      'e/Qualified.java',
      'f/ByName.java',
    ]);
    expect(
      usesPackage(
        reached.map((k) => idx.facts.get(k)!),
        'org.apache.log4j',
      ),
    ).toBe(true);
    expect(usesPackage([idx.facts.get('a/Same.java')!], 'org.apache.log4j')).toBe(false);
  });

  it('finds the file of a nested component class in either notation', async () => {
    const idx = await index();
    expect(fileOfClass(idx, 'g.Component.Nested')).toBe('g/Component.java');
    expect(fileOfClass(idx, 'g.Component$Nested')).toBe('g/Component.java');
    expect(fileOfClass(idx, 'org.apache.storm.testing.TestWordSpout')).toBeUndefined();
  });
});

const dep = (groupId: string, artifactId: string, version: string, scope: string | null = null): PomDependency => ({
  groupId,
  artifactId,
  version,
  scope,
  type: null,
  classifier: null,
  exclusions: [],
});

describe('carried dependencies', () => {
  it('drops Storm core and test scopes, leaves out unused connectors, takes old-line connectors at the runtime line', () => {
    const all = [
      dep('org.apache.storm', 'storm-core', '1.2.2', 'provided'),
      dep('junit', 'junit', '4.11', 'test'),
      dep('org.apache.storm', 'storm-hdfs', '1.2.2'),
      dep('org.apache.storm', 'storm-hbase', '1.2.2'),
      dep('org.apache.storm', 'multilang-python', '1.2.2'),
      dep('com.google.guava', 'guava', '16.0.1'),
    ];
    const r = carriedDependencies(all, { usesPackage: (p) => p === 'org.apache.storm.hbase' });
    expect(r.dependencies.map((d) => `${d.artifactId}:${d.version}`)).toEqual(['guava:16.0.1', 'multilang-python:1.2.2', 'storm-hbase:2.5.0']);
    expect(r.notes.map((n) => `${n.kind} ${n.artifact}`)).toEqual(['left-out org.apache.storm:storm-hdfs', 'substituted org.apache.storm:storm-hbase']);
    // Without usage facts everything carried stays.
    expect(carriedDependencies(all, null).dependencies.map((d) => d.artifactId)).toContain('storm-hdfs');
  });

  it('carries storm-kafka 1.x by the declared artifact: its last release when org.apache.storm.kafka is used, else left out', () => {
    const kafka = [dep('org.apache.storm', 'storm-kafka', '1.2.1'), dep('org.apache.storm', 'storm-kafka-client', '2.8.3')];
    const used = carriedDependencies(kafka, { usesPackage: (p) => p === 'org.apache.storm.kafka' });
    expect(used.stormKafka).toBe(true);
    // storm-kafka goes into the pom's own storm-kafka block (storm-core excluded), not among the carried ones.
    expect(used.dependencies.map((d) => `${d.artifactId}:${d.version}`)).toEqual(['storm-kafka-client:2.8.3']);
    expect(used.notes.map((n) => `${n.kind} ${n.artifact} ${n.to}`)).toEqual(['substituted org.apache.storm:storm-kafka 1.2.4']);
    const unused = carriedDependencies(kafka.slice(0, 1), { usesPackage: () => false });
    expect([unused.stormKafka, unused.notes.map((n) => n.kind)]).toEqual([false, ['left-out']]);
    // storm-kafka-client alone (the 2.x package of the same name) never brings storm-kafka.
    expect(carriedDependencies(kafka.slice(1), { usesPackage: () => true }).stormKafka).toBe(false);
    expect(carriedDependencies([{ ...kafka[0]!, scope: 'test' }], { usesPackage: () => true }).stormKafka).toBe(false);
  });

  it('raises Lombok older than JDK 17 takes to 1.18.22, provided, and marks it for the warning; a newer one stays', () => {
    const raised = carriedDependencies([dep('org.projectlombok', 'lombok', '1.16.18')], { usesPackage: () => true });
    expect(raised.dependencies.map((d) => `${d.artifactId}:${d.version}:${d.scope}`)).toEqual(['lombok:1.18.22:provided']);
    expect(raised.notes.map((n) => `${n.kind} ${n.from} ${n.to} ${n.forJdk}`)).toEqual(['substituted 1.16.18 1.18.22 true']);
    for (const v of ['1.18.22', '1.18.36', '${lombok.version}'])
      expect(carriedDependencies([dep('org.projectlombok', 'lombok', v)], null).dependencies.map((d) => d.version)).toEqual([v]);
  });

  it("takes a distribution's build of an Apache artifact at the Apache release it is built on (HDP, CDH)", () => {
    const r = carriedDependencies(
      [
        dep('org.apache.kafka', 'kafka-clients', '1.0.0.2.6.5.0-292'),
        dep('org.apache.hadoop', 'hadoop-client', '2.6.0-cdh5.16.2'),
        dep('org.apache.storm', 'storm-kafka-client', '1.1.0.2.6.5.0-292'),
        dep('org.apache.commons', 'commons-lang3', '3.14.0'),
        dep('com.example', 'lib', '1.0.0.2.6.5.0-292'),
      ],
      { usesPackage: () => true },
    );
    expect(r.dependencies.map((d) => `${d.artifactId}:${d.version}`)).toEqual([
      'lib:1.0.0.2.6.5.0-292',
      'commons-lang3:3.14.0',
      'hadoop-client:2.6.0',
      'kafka-clients:1.0.0',
      'storm-kafka-client:2.8.3',
    ]);
    expect(r.notes.map((n) => `${n.artifact} ${n.from} → ${n.to}`)).toEqual([
      'org.apache.kafka:kafka-clients 1.0.0.2.6.5.0-292 → 1.0.0',
      'org.apache.hadoop:hadoop-client 2.6.0-cdh5.16.2 → 2.6.0',
      'org.apache.storm:storm-kafka-client 1.1.0.2.6.5.0-292 → 2.8.3',
    ]);
  });

  it('carries https repositories only, saying why the others are not', () => {
    const r = carriedRepositories([
      { id: 'central', url: 'http://repo1.maven.org/maven2/' },
      { id: 'central', url: 'https://repo.maven.apache.org/maven2' },
      { id: 'clojars', url: 'https://clojars.org/repo/' },
      { id: 'old', url: 'http://repository.apache.org/snapshots' },
      { id: 'local', url: 'file:///home/me/repo' },
    ]);
    expect(r.carried).toEqual([{ id: 'clojars', url: 'https://clojars.org/repo/' }]);
    expect(r.dropped.map((d) => d.id)).toEqual(['central', 'old', 'local']);
    expect(r.dropped[1]!.why).toContain('plain http');
  });
});

describe('pom text reader (Maven unavailable)', () => {
  it('reads sourceDirectory and resource folders as declared', () => {
    const m = fromPomText(
      '/p',
      `<project><properties><x>1</x></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>\${x}</version></dependency></dependencies>
      <build><sourceDirectory>src/jvm</sourceDirectory><resources><resource><directory>\${basedir}/multilang</directory></resource></resources></build></project>`,
    );
    expect(m.sourceDirectory).toBe('/p/src/jvm');
    expect(m.resources).toEqual(['/p/multilang']);
    expect(m.dependencies.map((d) => d.version)).toEqual(['1']);
    expect(m.from).toBe('pom-text');
  });
});
