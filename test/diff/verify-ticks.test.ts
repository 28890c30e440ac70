// Ticks by input position (src/diff/README.md "Ticks"): the rolling-counts sample, whose bolts emit only on
// tick tuples, verifies equivalent run after run; a translation with a wrong tick frequency is caught.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { verifyPath as verify } from '../../src/cli/verify-path.js';
import type { VerifyReport } from '../../src/diff/verify-report.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'rolling-counts');
// The whole suite's share of the machine: each run is two JVMs for about a minute on a busy 2-core box.
const RUN_MS = 300_000;

const counts = (r: VerifyReport) => Object.fromEntries((r.diff?.streams ?? []).map((s) => [s.component, [s.storm, s.flink]]));

let dir: string;

describe.sequential('verify: tick-driven topologies', () => {
  beforeAll(() => {
    dir = tempDir('s2f-ticks-test-');
  });

  test(
    'rolling-counts is equivalent three runs in a row, with the same tick-driven output each time',
    async () => {
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await verify({ topology: SAMPLE, cwd: ROOT });
        expect(r.reason).toBeUndefined();
        expect(r.status).toBe('equivalent');
        expect(r.exitCode).toBe(0);
        // Not vacuous: the bolts that emit only on ticks emitted on both engines, after the same ticks.
        const c = counts(r);
        for (const bolt of ['counter', 'intermediate-ranker', 'total-ranker']) {
          expect(c[bolt]?.[0], bolt).toBeGreaterThan(0);
          expect(c[bolt]?.[1], bolt).toBe(c[bolt]?.[0]);
        }
        expect(r.rounds?.storm?.ticks).toBeGreaterThan(0);
        expect(r.rounds?.flink?.ticks).toBe(r.rounds?.storm?.ticks);
        expect(r.rounds?.storm?.tickSecs).toEqual({ counter: 2, 'intermediate-ranker': 3, 'total-ranker': 4 });
        seen.push(JSON.stringify(c));
      }
      expect(new Set(seen).size).toBe(1);
    },
    3 * RUN_MS,
  );

  test(
    'a translation whose counter ticks every 3 s instead of 2 is not equivalent, and counter is named',
    async () => {
      const out = path.join(dir, 'translated');
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'storm2flink.js'), 'translate', SAMPLE, '--out', out], { cwd: ROOT, stdio: 'pipe' });
      const bolt = path.join(out, 'rolling-counts', 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'rolling', 'RollingCountBolt.java');
      const src = fs.readFileSync(bolt, 'utf8');
      expect(src).toContain('EMIT_FREQUENCY_SECS = 2;');
      fs.writeFileSync(bolt, src.replace('EMIT_FREQUENCY_SECS = 2;', 'EMIT_FREQUENCY_SECS = 3;'));
      // One word per record: with the sample's file each record is a whole (distinct) line, counted once, so the
      // counter's own output would not depend on when it ticks and only the rankers would differ.
      const words = path.join(dir, 'words.txt');
      fs.writeFileSync(
        words,
        fs
          .readFileSync(path.join(SAMPLE, 'data', 'words.txt'), 'utf8')
          .split(/\s+/)
          .filter(Boolean)
          .join('\n') + '\n',
      );
      const r = await verify({ topology: SAMPLE, cwd: ROOT, data: [words], translated: path.join(out, 'rolling-counts') });
      expect(r.reason).toBeUndefined();
      expect(r.status).toBe('not-equivalent');
      expect(r.exitCode).toBe(1);
      expect(r.diff?.firstDivergence?.component).toBe('counter');
      expect(r.diff?.notes).toContain('ticks: counter ticks every 2 s on Storm, every 3 s on Flink');
    },
    RUN_MS,
  );

  test(
    "a tick-driven bolt that never acks (many projects' bolts do not): each round settles once its records are emitted and executed, on both engines",
    async () => {
      const project = path.join(dir, 'never-acks');
      fs.mkdirSync(path.join(project, 'src/main/java/demo'), { recursive: true });
      fs.writeFileSync(
        path.join(project, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>demo</groupId><artifactId>never-acks</artifactId><version>1</version>
<properties><maven.compiler.release>11</maven.compiler.release></properties>
<dependencies><dependency><groupId>org.apache.storm</groupId><artifactId>storm-client</artifactId><version>2.8.3</version><scope>provided</scope></dependency></dependencies></project>
`,
      );
      fs.writeFileSync(
        path.join(project, 'src/main/java/demo/TallyTopology.java'),
        `package demo;

import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;

public class TallyTopology {
  /** Counts words and emits the tally on each tick; acks nothing. */
  public static class Tally extends BaseRichBolt {
    private OutputCollector out;
    private final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
      out = collector;
    }

    @Override
    public void execute(Tuple t) {
      if (TupleUtils.isTick(t)) {
        for (Map.Entry<String, Integer> e : counts.entrySet()) out.emit(new Values(e.getKey(), e.getValue()));
        counts.clear();
      } else {
        counts.merge(t.getString(0), 1, Integer::sum);
      }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer d) {
      d.declare(new Fields("word", "count"));
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
      Map<String, Object> conf = new java.util.HashMap<>();
      conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 2);
      return conf;
    }
  }

  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout());
    b.setBolt("tally", new Tally()).shuffleGrouping("words");
    StormSubmitter.submitTopology("tally", new Config(), b.createTopology());
  }
}
`,
      );
      const r = await verify({ topology: path.join(project, 'src/main/java/demo/TallyTopology.java'), cwd: ROOT, captureLimit: 40, maxRunMs: 90_000 });
      const why = [r.reason, ...(r.diff?.notes ?? [])].join('\n');
      expect(r.status, why).toBe('equivalent');
      expect(r.rounds?.storm?.status, why).not.toBe('timeout');
      expect(r.rounds?.storm?.problems ?? [], why).toEqual([]);
      // Not vacuous: the tallies came out on ticks, the same on both engines.
      expect(counts(r).tally?.[0]).toBeGreaterThan(0);
      expect(counts(r).tally?.[1]).toBe(counts(r).tally?.[0]);
    },
    RUN_MS,
  );
});
