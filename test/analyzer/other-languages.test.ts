// Topologies built in Kotlin, Scala, Groovy or Clojure: not read, but reported at the first use of Storm's
// topology API (S2F012), instead of a silent "no Storm topology found". Sources are our own, in the shapes
// such projects use (a Gradle Kotlin main, a Scala object, a Groovy script, storm-starter's Clojure DSL).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { CATALOG } from '../../src/model/diagnostics.js';
import type { Analysis } from '../../src/model/topology.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-otherlang-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (rel: string, lines: string[]) => {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, lines.join('\n') + '\n');
};

const diagnosticName = (code: string) => [...CATALOG.values()].find((e) => e.code === code)?.name;
const warned = (a: Analysis) =>
  a.diagnostics.filter((d) => diagnosticName(d.code) === 'topology-in-other-language').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);

describe('topologies in other JVM languages', () => {
  it('reports each file at its first builder use, naming the language and the class', async () => {
    write('src/main/kotlin/demo/Main.kt', [
      'package demo',
      '',
      'import org.apache.storm.Config',
      'import org.apache.storm.topology.TopologyBuilder',
      '',
      '// TopologyBuilder() in a comment is not a use',
      'fun main() {',
      '    val note = "TopologyBuilder in a string is not one either"',
      '    val builder = TopologyBuilder()',
      '    builder.setSpout("words", WordSpout(), 1)',
      '}',
    ]);
    write('src/main/scala/demo/Topo.scala', [
      'package demo',
      'import org.apache.storm.{Config, StormSubmitter}',
      'object Topo {',
      '  def main(args: Array[String]): Unit = {',
      '    val t = new org.apache.storm.trident.TridentTopology()',
      '    StormSubmitter.submitTopology("t", new Config(), t.build())',
      '  }',
      '}',
    ]);
    write('scripts/submit.groovy', ['import backtype.storm.StormSubmitter', 'import backtype.storm.topology.TopologyBuilder', 'def b = new TopologyBuilder()']);
    write('src/clj/demo/core.clj', [
      '(ns demo.core',
      '  (:import [org.apache.storm StormSubmitter LocalCluster])',
      '  (:use [org.apache.storm clojure config]))',
      '; (topology ...) in a comment',
      '(defn mk-topology []',
      '  (topology',
      '   {"1" (spout-spec sentence-spout)}',
      '   {"2" (bolt-spec {"1" :shuffle} split-sentence)}))',
    ]);
    const a = await analyzePaths(['.'], { cwd: dir });
    expect(warned(a)).toEqual([
      "scripts/submit.groovy:3:13 Groovy code using Storm's TopologyBuilder: a topology built in Groovy is not analyzed or translated (Java and Flux YAML only)",
      "src/clj/demo/core.clj:6:4 Clojure code using Storm's topology: a topology built in Clojure is not analyzed or translated (Java and Flux YAML only)",
      "src/main/kotlin/demo/Main.kt:9:19 Kotlin code using Storm's TopologyBuilder: a topology built in Kotlin is not analyzed or translated (Java and Flux YAML only)",
      "src/main/scala/demo/Topo.scala:5:42 Scala code using Storm's TridentTopology: a topology built in Scala is not analyzed or translated (Java and Flux YAML only)",
    ]);
    const d = a.diagnostics.find((x) => diagnosticName(x.code) === 'topology-in-other-language')!;
    expect(d.severity).toBe('warning');
    expect(d.help).toMatch(/Port the code that builds it to Java, or describe the topology in a Flux YAML file/);
    expect(a.stats?.skipped).toBe(4);
  });

  it('stays quiet on non-Storm builders, Storm-free files and build scripts', async () => {
    write('src/main/kotlin/streams/App.kt', [
      'import org.apache.kafka.streams.StreamsBuilder',
      'import org.apache.kafka.streams.Topology',
      'fun topology(): Topology { val b = StreamsBuilder(); return b.build() }',
      'class TopologyBuilder',
      'val x = TopologyBuilder()',
    ]);
    write('build.gradle.kts', ['dependencies { implementation("org.apache.storm:storm-client:2.4.0") }']);
    write('src/main/kotlin/demo/Only.kt', ['import org.apache.storm.topology.TopologyBuilder', '// imported, never used']);
    const a = await analyzePaths(['.'], { cwd: dir });
    expect(warned(a)).toEqual([]);
    expect(a.diagnostics.map((x) => diagnosticName(x.code))).toEqual(['no-topologies']);
  });

  it('still finds the Java topology beside a Kotlin one, and says why a Kotlin file named on the command line was skipped', async () => {
    write('src/main/java/demo/J.java', [
      'package demo;',
      'import org.apache.storm.topology.TopologyBuilder;',
      'public class J { public static void main(String[] a) { TopologyBuilder b = new TopologyBuilder(); b.setSpout("s", new S()); } }',
    ]);
    write('src/main/kotlin/demo/K.kt', ['import org.apache.storm.LocalCluster', 'fun main() { LocalCluster().use { } }']);
    write('src/main/kotlin/demo/Util.kt', ['fun twice(x: Int) = 2 * x']);
    const a = await analyzePaths(['.'], { cwd: dir });
    expect(a.topologies).toHaveLength(1);
    expect(warned(a)).toEqual([
      "src/main/kotlin/demo/K.kt:2:14 Kotlin code using Storm's LocalCluster: a topology built in Kotlin is not analyzed or translated (Java and Flux YAML only)",
    ]);
    const util = await analyzePaths(['src/main/kotlin/demo/Util.kt'], { cwd: dir });
    expect(util.diagnostics.map((x) => `${diagnosticName(x.code)} ${x.file} ${x.message}`)).toContain(
      'no-topologies src/main/kotlin/demo/Util.kt not a Java or Flux YAML file; skipped',
    );
  });
});
