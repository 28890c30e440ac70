package dev.storm2flink.compat.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * The benchmark's word-count topology, shared by the Storm LocalCluster run and the compat run:
 * a deterministic spout emitting N sentences from a fixed list (message id = sentence index), a split
 * bolt (shuffle) and a count bolt (fields grouping on "word"). Storm API only, so it runs on both classpaths.
 */
public final class WordCount {
    private WordCount() {}

    public static final String[] SENTENCES = {
        "the cow jumped over the moon",
        "an apple a day keeps the doctor away",
        "four score and seven years ago our fathers brought forth on this continent a new nation",
        "snow white and the seven dwarfs",
        "i am at two with nature",
        "the quick brown fox jumps over the lazy dog near the river bank",
        "to be or not to be that is the question",
        "all that glitters is not gold",
        "a journey of a thousand miles begins with a single step",
        "storm and flink both process unbounded streams of tuples one at a time",
    };

    /** Spout message ids acked (Storm) — the Storm run is timed until this reaches N. */
    public static final AtomicLong ACKED = new AtomicLong();
    /** Words executed by the count bolt (checked after each run). */
    public static final LongAdder COUNTED = new LongAdder();

    public static long words(long sentences) {
        long w = 0;
        for (long i = 0; i < sentences; i++) w += SENTENCES[(int) (i % SENTENCES.length)].split(" ").length;
        return w;
    }

    public static Config conf(int parallelism) {
        Config conf = new Config();
        conf.setNumWorkers(1);
        conf.setNumAckers(1);
        conf.setMaxSpoutPending(2000);
        conf.setMessageTimeoutSecs(120);
        return conf;
    }

    public static StormTopology topology(IRichSpout spout, int parallelism) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("sentences", spout, 1);
        b.setBolt("split", new SplitBolt(), parallelism).shuffleGrouping("sentences");
        b.setBolt("count", new CountBolt(), parallelism).fieldsGrouping("split", new Fields("word"));
        return b.createTopology();
    }

    public static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Emits sentences 0..n-1 (one per nextTuple) with the index as message id; re-emits failed ids. */
    public static class SentenceSpout extends BaseRichSpout {
        private static final long serialVersionUID = 1L;
        protected final long n;
        protected long next;
        private transient SpoutOutputCollector collector;
        private transient ArrayDeque<Long> failed;

        public SentenceSpout(long n) { this.n = n; }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            this.failed = new ArrayDeque<>();
        }

        @Override
        public void nextTuple() {
            Long id = failed.poll();
            if (id == null) {
                if (next >= n) return;
                id = next++;
            }
            collector.emit(new Values(SENTENCES[(int) (id % SENTENCES.length)]), id);
        }

        @Override public void ack(Object msgId) { ACKED.incrementAndGet(); }
        @Override public void fail(Object msgId) { failed.add((Long) msgId); }
        @Override public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("sentence")); }
    }

    public static class SplitBolt extends BaseRichBolt {
        private static final long serialVersionUID = 1L;
        private transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) { this.collector = collector; }

        @Override
        public void execute(Tuple input) {
            for (String w : input.getString(0).split(" ")) collector.emit(input, new Values(w));
            collector.ack(input);
        }

        @Override public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word")); }
    }

    public static class CountBolt extends BaseRichBolt {
        private static final long serialVersionUID = 1L;
        private transient OutputCollector collector;
        private transient Map<String, Long> counts;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.counts = new HashMap<>();
        }

        @Override
        public void execute(Tuple input) {
            String w = input.getString(0);
            long c = counts.merge(w, 1L, Long::sum);
            collector.emit(input, new Values(w, c));
            collector.ack(input);
            COUNTED.increment();
        }

        @Override public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word", "count")); }
    }
}
