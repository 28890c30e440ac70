// Generates a deterministic, realistic-looking Storm code base for benchmarks:
// topology classes wiring spouts and bolts, component classes, and plain utility classes.
// Usage: node bench/gen-tree.mjs <outDir> [files=2000]
import * as fs from 'node:fs';
import * as path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const GROUPINGS = [
  (src) => `.shuffleGrouping("${src}")`,
  (src) => `.fieldsGrouping("${src}", new Fields("word"))`,
  (src) => `.allGrouping("${src}")`,
  (src) => `.globalGrouping("${src}")`,
  (src) => `.localOrShuffleGrouping("${src}")`,
  (src) => `.fieldsGrouping("${src}", "extra", new Fields("key", "word"))`,
];

function filler(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rand() * 1000);
    out.push(`
    /** Helper ${i}: keeps the class at a realistic size. */
    private static long helper${i}(long seed, String label) {
        long acc = seed ^ ${k}L;
        for (int i = 0; i < label.length(); i++) {
            acc = acc * 31 + label.charAt(i);
            if ((acc & 7) == ${k % 8}) {
                acc ^= (acc >>> 13);
            }
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(label + ":" + acc);
        return acc + parts.size();
    }`);
  }
  return out.join('\n');
}

function bolt(pkg, name, rand) {
  const tick = rand() < 0.2;
  return `package ${pkg};

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;

public class ${name} extends BaseRichBolt {
    private OutputCollector collector;
    private final Map<String, Long> counts = new HashMap<>();

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(Tuple tuple) {
        if (TupleUtils.isTick(tuple)) {
            counts.clear();
            return;
        }
        String word = tuple.getString(0);
        long c = counts.merge(word, 1L, Long::sum);
        collector.emit(tuple, new Values(word, c));
        collector.emit("extra", tuple, new Values(word, word, c));
        collector.ack(tuple);
    }
${
  tick
    ? `
    @Override
    public Map<String, Object> getComponentConfiguration() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, ${1 + Math.floor(rand() * 60)});
        return conf;
    }
`
    : ''
}
    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word", "count"));
        declarer.declareStream("extra", new Fields("key", "word", "count"));
    }
${filler(rand, 4 + Math.floor(rand() * 6))}
}
`;
}

function spout(pkg, name, rand) {
  return `package ${pkg};

import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

public class ${name} extends BaseRichSpout {
    private SpoutOutputCollector collector;
    private long next;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void nextTuple() {
        collector.emit(new Values("w" + (next % 97)), next++);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
${filler(rand, 3 + Math.floor(rand() * 5))}
}
`;
}

function topology(pkg, name, spouts, bolts, rand) {
  const lines = [];
  const ids = [];
  spouts.forEach((s, i) => {
    lines.push(`        builder.setSpout("spout${i}", new ${s}(), ${1 + Math.floor(rand() * 4)});`);
    ids.push(`spout${i}`);
  });
  bolts.forEach((b, i) => {
    const src = ids[Math.floor(rand() * ids.length)];
    const g = GROUPINGS[Math.floor(rand() * GROUPINGS.length)](src);
    lines.push(`        builder.setBolt("bolt${i}", new ${b}(), PARALLELISM * ${1 + (i % 3)})${g};`);
    ids.push(`bolt${i}`);
  });
  return `package ${pkg};

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

public class ${name} {
    private static final int PARALLELISM = ${1 + Math.floor(rand() * 4)};

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
${lines.join('\n')}
        Config conf = new Config();
        conf.setNumWorkers(${1 + Math.floor(rand() * 8)});
        conf.setMaxSpoutPending(${100 * (1 + Math.floor(rand() * 10))});
        conf.put(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS, 30);
        StormSubmitter.submitTopology("${name.toLowerCase()}", conf, builder.createTopology());
    }
}
`;
}

function util(pkg, name, rand) {
  return `package ${pkg};

import java.util.ArrayList;
import java.util.List;

/** Plain code that every real repository has around its topologies. */
public final class ${name} {
    private ${name}() {}

    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(" ")) {
            if (!p.isEmpty()) out.add(p.toLowerCase());
        }
        return out;
    }
${filler(rand, 6 + Math.floor(rand() * 10))}
}
`;
}

export function generateTree(outDir, files = 2000, seed = 42) {
  const rand = rng(seed);
  fs.rmSync(outDir, { recursive: true, force: true });
  let written = 0;
  let bytes = 0;
  let mod = 0;
  while (written < files) {
    const pkg = `com.example.pipeline${mod}`;
    const dir = path.join(outDir, `module${mod}`, 'src/main/java', ...pkg.split('.'));
    fs.mkdirSync(dir, { recursive: true });
    const emit = (name, text) => {
      if (written >= files) return false;
      fs.writeFileSync(path.join(dir, `${name}.java`), text);
      written++;
      bytes += Buffer.byteLength(text);
      return true;
    };
    const spouts = [];
    const bolts = [];
    for (let i = 0; i < 2; i++) if (emit(`Source${i}Spout`, spout(pkg, `Source${i}Spout`, rand))) spouts.push(`Source${i}Spout`);
    for (let i = 0; i < 6; i++) if (emit(`Stage${i}Bolt`, bolt(pkg, `Stage${i}Bolt`, rand))) bolts.push(`Stage${i}Bolt`);
    if (spouts.length > 0) emit(`Pipeline${mod}Topology`, topology(pkg, `Pipeline${mod}Topology`, spouts, bolts, rand));
    for (let i = 0; i < 11; i++) emit(`Util${i}`, util(pkg, `Util${i}`, rand));
    mod++;
  }
  return { files: written, bytes, modules: mod };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node bench/gen-tree.mjs <outDir> [files]');
    process.exit(2);
  }
  const r = generateTree(out, Number(process.argv[3] ?? 2000));
  console.log(`${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.modules} modules in ${out}`);
}
