// Generates a deterministic, realistic-looking Storm code base for benchmarks: topology classes
// wiring spouts and bolts (in main(), in a constructor, in a ConfigurableTopology's run(), in a
// static builder method), component classes (some through a shared abstract base, some anonymous),
// Flux YAML files, and plain utility classes (nested types, enums, static initializers, lambdas).
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
  if (rand() < 0.3) return derivedBolt(pkg, name, rand);
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

/** The module's abstract bolt: subclasses inherit prepare() and declareOutputFields(). */
function baseBolt(pkg) {
  return `package ${pkg};

import java.util.Map;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

public abstract class AbstractStageBolt extends BaseRichBolt {
    protected OutputCollector collector;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    protected abstract String transform(String word);

    @Override
    public void execute(Tuple tuple) {
        collector.emit(tuple, new Values(transform(tuple.getString(0))));
        collector.ack(tuple);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
}
`;
}

function derivedBolt(pkg, name, rand) {
  return `package ${pkg};

import java.util.Locale;

public class ${name} extends AbstractStageBolt {
    private final String suffix;

    public ${name}() {
        this("-${Math.floor(rand() * 100)}");
    }

    public ${name}(String suffix) {
        this.suffix = suffix;
    }

    @Override
    protected String transform(String word) {
        return word.toLowerCase(Locale.ROOT) + suffix;
    }
${filler(rand, 3 + Math.floor(rand() * 5))}
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
  const style = Math.floor(rand() * 4);
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
  if (rand() < 0.3) {
    // an anonymous bolt, as small topologies often have
    lines.push(`        builder.setBolt("audit", new BaseBasicBolt() {
            @Override
            public void execute(Tuple input, BasicOutputCollector collector) {
                collector.emit(new Values(input.getValue(0)));
            }

            @Override
            public void declareOutputFields(OutputFieldsDeclarer declarer) {
                declarer.declare(new Fields("seen"));
            }
        }, 1).shuffleGrouping("${ids[ids.length - 1]}");`);
  }
  const workers = 1 + Math.floor(rand() * 8);
  const pending = 100 * (1 + Math.floor(rand() * 10));
  const imports = `import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.ConfigurableTopology;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;`;
  const conf = `Config conf = new Config();
        conf.setNumWorkers(${workers});
        conf.setMaxSpoutPending(${pending});
        conf.put(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS, 30);`;
  const topoName = name.toLowerCase();
  if (style === 1) {
    // built in the constructor, submitted by main
    return `package ${pkg};

${imports}

public class ${name} {
    private static final int PARALLELISM = ${1 + Math.floor(rand() * 4)};
    private final TopologyBuilder builder = new TopologyBuilder();

    public ${name}() {
${lines.join('\n')}
    }

    public void submit() throws Exception {
        ${conf}
        StormSubmitter.submitTopology("${topoName}", conf, builder.createTopology());
    }

    public static void main(String[] args) throws Exception {
        new ${name}().submit();
    }
}
`;
  }
  if (style === 2) {
    return `package ${pkg};

${imports}

public class ${name} extends ConfigurableTopology {
    private static final int PARALLELISM = ${1 + Math.floor(rand() * 4)};

    public static void main(String[] args) throws Exception {
        ConfigurableTopology.start(new ${name}(), args);
    }

    @Override
    protected int run(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
${lines.join('\n')}
        conf.setNumWorkers(${workers});
        return submit("${topoName}", conf, builder);
    }
}
`;
  }
  if (style === 3) {
    return `package ${pkg};

${imports}

public final class ${name} {
    private static final int PARALLELISM = ${1 + Math.floor(rand() * 4)};

    private ${name}() {}

    static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
${lines.join('\n')}
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        ${conf}
        StormSubmitter.submitTopology(args.length > 0 ? args[0] : "${topoName}", conf, buildTopology());
    }
}
`;
  }
  return `package ${pkg};

${imports}

public class ${name} {
    private static final int PARALLELISM = ${1 + Math.floor(rand() * 4)};

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
${lines.join('\n')}
        ${conf}
        StormSubmitter.submitTopology("${topoName}", conf, builder.createTopology());
    }
}
`;
}

/** A Flux definition of the module's pipeline. */
function flux(pkg, mod, spouts, bolts) {
  const comp = (id, cls) => `  - id: "${id}"\n    className: "${pkg}.${cls}"\n    parallelism: 1`;
  const streams = bolts.map(
    (b, i) => `  - from: "${i === 0 ? 'spout0' : `bolt${i - 1}`}"\n    to: "bolt${i}"\n    grouping:\n      type: ${i % 2 ? 'SHUFFLE' : 'LOCAL_OR_SHUFFLE'}`,
  );
  return `name: "flux-pipeline${mod}"
config:
  topology.workers: 2
spouts:
${spouts.map((s, i) => comp(`spout${i}`, s)).join('\n')}
bolts:
${bolts.map((b, i) => comp(`bolt${i}`, b)).join('\n')}
streams:
${streams.join('\n')}
`;
}

/** Plain code with the shapes real repositories have: nested types, an enum, a static initializer, lambdas. */
function model(pkg, name, rand) {
  const n = 3 + Math.floor(rand() * 5);
  const consts = Array.from({ length: n }, (_, i) => `K${i}("k${i}", ${Math.floor(rand() * 1000)})`).join(',\n        ');
  return `package ${pkg};

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

public class ${name} {
    private static final Map<String, Integer> WEIGHTS;

    static {
        Map<String, Integer> m = new HashMap<>();
        for (Kind k : Kind.values()) {
            m.put(k.label, k.weight);
        }
        WEIGHTS = Collections.unmodifiableMap(m);
    }

    public enum Kind {
        ${consts};

        final String label;
        final int weight;

        Kind(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }
    }

    public interface Scorer {
        int score(String s);
    }

    public static final class Entry<T extends Comparable<T>> implements Comparable<Entry<T>> {
        private final T key;
        private final long count;

        public Entry(T key, long count) {
            this.key = key;
            this.count = count;
        }

        @Override
        public int compareTo(Entry<T> o) {
            int c = Long.compare(o.count, count);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private final Scorer scorer = s -> WEIGHTS.getOrDefault(s, s.length());

    public List<String> top(List<String> words, int k) {
        Function<String, Integer> f = scorer::score;
        return words.stream().sorted((a, b) -> Integer.compare(f.apply(b), f.apply(a))).limit(k).collect(Collectors.toList());
    }
${filler(rand, 2 + Math.floor(rand() * 4))}
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
  let yamlFiles = 0;
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
    emit('AbstractStageBolt', baseBolt(pkg));
    for (let i = 0; i < 2; i++) if (emit(`Source${i}Spout`, spout(pkg, `Source${i}Spout`, rand))) spouts.push(`Source${i}Spout`);
    for (let i = 0; i < 6; i++) if (emit(`Stage${i}Bolt`, bolt(pkg, `Stage${i}Bolt`, rand))) bolts.push(`Stage${i}Bolt`);
    if (spouts.length > 0) emit(`Pipeline${mod}Topology`, topology(pkg, `Pipeline${mod}Topology`, spouts, bolts, rand));
    if (spouts.length > 0 && bolts.length > 0 && mod % 4 === 0) {
      const res = path.join(outDir, `module${mod}`, 'src/main/resources');
      fs.mkdirSync(res, { recursive: true });
      fs.writeFileSync(path.join(res, 'pipeline.yaml'), flux(pkg, mod, spouts, bolts));
      yamlFiles++;
    }
    for (let i = 0; i < 2; i++) emit(`Model${i}`, model(pkg, `Model${i}`, rand));
    for (let i = 0; i < 9; i++) emit(`Util${i}`, util(pkg, `Util${i}`, rand));
    mod++;
  }
  return { files: written, bytes, modules: mod, yamlFiles };
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
