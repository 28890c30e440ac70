package dev.storm2flink.compat.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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
 * Each tuple carries the {@code System.nanoTime()} of its sentence's emit ("ts"), so the count bolt can record
 * the end-to-end latency ({@code -Dbench.latency=true}; one JVM per engine, so one clock).
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
    /** Record spout-emit → count-execute latency into {@link #LATENCY} (off for throughput runs: it costs per word). */
    public static final boolean RECORD_LATENCY = Boolean.getBoolean("bench.latency");
    /** Latency in ns; a Recorder so the count subtasks write without locks and the bench reads a window's interval. */
    public static final Recorder LATENCY = new Recorder(3);

    /**
     * -Dbench.timeline=true: spout acks and the count bolt's largest latency per 10 ms of wall clock, so the bench can
     * line them up with checkpoint triggers (does a checkpoint pause the acks? do latency outliers follow them?).
     */
    public static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");
    /** Bin 0 is the 10 ms this class was loaded in; 300 s of bins. */
    public static final long TIMELINE_T0 = System.currentTimeMillis() / 10;

    public static final AtomicLongArray ACK_BINS = new AtomicLongArray(TIMELINE ? 30_000 : 0);
    /** Largest emit → execute latency (µs) per bin. */
    public static final AtomicLongArray LAT_MAX_BINS = new AtomicLongArray(TIMELINE ? 30_000 : 0);

    static int bin() {
        int i = (int) (System.currentTimeMillis() / 10 - TIMELINE_T0);
        return i >= 0 && i < 30_000 ? i : -1;
    }

    /** The latency of one word (ns since its sentence's emit): into the histogram and the timeline. */
    public static void latency(long nanos) {
        LATENCY.recordValue(nanos);
        if (!TIMELINE) return;
        int i = bin();
        if (i >= 0) LAT_MAX_BINS.accumulateAndGet(i, nanos / 1000, Math::max);
    }

    /** Average words per sentence of the fixed list (offered loads are given in words/s). */
    public static double wordsPerSentence() {
        return words(SENTENCES.length) / (double) SENTENCES.length;
    }

    /** Summed GC time (ms) over the JVM's collectors. */
    public static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            ms += Math.max(0, gc.getCollectionTime());
        return ms;
    }

    /**
     * Extends the warm-up until the JIT has settled: under 150 ms of compilation in the last 3 seconds, at most
     * {@code maxS} seconds more. compat's hot path (the Storm tuple model inlined into Flink's input loop) is larger than
     * native's, and with 5 s of warm-up C2 still took 15% of the machine inside compat's window. Returns the seconds
     * added.
     */
    public static long awaitJitSettled(long maxS) throws InterruptedException {
        var jit = ManagementFactory.getCompilationMXBean();
        if (maxS <= 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) return 0;
        // Compilation comes in bursts (C1 and C2 both count): a sliding 3 s sum, not 3 quiet seconds in a row.
        long[] at = new long[(int) maxS + 1];
        at[0] = jit.getTotalCompilationTime();
        for (int s = 1; s <= maxS; s++) {
            Thread.sleep(1000);
            at[s] = jit.getTotalCompilationTime();
            if (s >= 3 && at[s] - at[s - 3] < 150) return s;
        }
        return maxS;
    }

    /** Milliseconds the JIT has spent compiling so far (summed over compiler threads). */
    public static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * CPU time (ns) and bytes allocated by the topology's threads so far, by stage: spout, split, count, acker (Storm);
     * from thread names,
     * which both engines derive from the component: Flink's "bolt:split (1/2)#0", "Source: spout:sentences (1/1)#0",
     * native's "split (1/2)#0", Storm's "Thread-21-split-executor[3, 3]". Per-stage CPU per word does not depend on
     * which thread the scheduler ran when, unlike words/s on a shared machine.
     */
    public static Map<String, Long> stageCounters() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) continue;
            String stage = stageOf(info.getThreadName());
            if (stage == null) continue;
            long ns = threads.getThreadCpuTime(info.getThreadId());
            if (ns > 0) out.merge(stage, ns, Long::sum);
            // Bytes allocated, under "<stage> bytes": what a word costs the GC, whoever collects it.
            long bytes = threads.getThreadAllocatedBytes(info.getThreadId());
            if (bytes > 0) out.merge(stage + " bytes", bytes, Long::sum);
        }
        return out;
    }

    static String stageOf(String thread) {
        String t = thread.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("acker")) return "acker";
        if (t.contains("split")) return "split";
        if (t.contains("count")) return "count";
        if (t.contains("sentences")) return "spout";
        return null;
    }

    /**
     * A window's stage CPU as JSON fields: ns per word of each stage, "other" for the rest of the process (timers,
     * flushers, RPC, the JIT, GC threads), and the JIT's milliseconds in the window.
     */
    public static String stagesJson(Map<String, Long> a, Map<String, Long> b, long cpuNanos, long words, long jitMs) {
        StringBuilder ns = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        long staged = 0;
        for (String stage : new String[] {"spout", "split", "count", "acker"}) {
            if (!b.containsKey(stage)) continue;
            long cpu = b.get(stage) - a.getOrDefault(stage, 0L);
            staged += cpu;
            ns.append('"')
                    .append(stage)
                    .append("\":")
                    .append(perWord(cpu, words, 10))
                    .append(',');
            long alloc = b.getOrDefault(stage + " bytes", 0L) - a.getOrDefault(stage + " bytes", 0L);
            bytes.append(bytes.length() == 0 ? "" : ",")
                    .append('"')
                    .append(stage)
                    .append("\":")
                    .append(Math.round(perWord(alloc, words, 1)));
        }
        return ",\"stageNsPerWord\":{" + ns + "\"other\":" + perWord(cpuNanos - staged, words, 10)
                + "},\"stageBytesPerWord\":{" + bytes + "},\"jitMs\":" + jitMs;
    }

    /** {@code total / words}, rounded to 1/{@code scale}. */
    private static double perWord(long total, long words, int scale) {
        return words > 0 ? Math.round(total * (double) scale / words) / (double) scale : 0;
    }

    /** Percentiles (ms) of a window's latency histogram as JSON fields. */
    public static String latencyJson(Histogram h) {
        return "\"latN\":" + h.getTotalCount() + ",\"p50\":" + h.getValueAtPercentile(50) / 1e6 + ",\"p99\":"
                + h.getValueAtPercentile(99) / 1e6 + ",\"p999\":" + h.getValueAtPercentile(99.9) / 1e6 + ",\"max\":"
                + h.getMaxValue() / 1e6;
    }

    public static long words(long sentences) {
        long w = 0;
        for (long i = 0; i < sentences; i++) w += SENTENCES[(int) (i % SENTENCES.length)].split(" ").length;
        return w;
    }

    public static Config conf(int parallelism) {
        Config conf = new Config();
        conf.setNumWorkers(1);
        conf.setNumAckers(1);
        // -Dbench.max.pending=0 leaves it unset (an experiment: is a run bounded by the ack round trip?).
        int pending = Integer.getInteger("bench.max.pending", 2000);
        if (pending > 0) conf.setMaxSpoutPending(pending);
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
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Emits sentences 0..n-1 (one per nextTuple) with the index as message id; re-emits failed ids. With a rate
     * (sentences/s, 0 = as fast as it is called) it emits only when behind that schedule, as a paced source would.
     */
    public static class SentenceSpout extends BaseRichSpout {
        private static final long serialVersionUID = 1L;
        protected final long n;
        private final long rate;
        protected long next;
        private transient long t0;
        private transient SpoutOutputCollector collector;
        private transient ArrayDeque<Long> failed;

        public SentenceSpout(long n) {
            this(n, 0);
        }

        public SentenceSpout(long n, long rate) {
            this.n = n;
            this.rate = rate;
        }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            this.failed = new ArrayDeque<>();
        }

        @Override
        public void nextTuple() {
            if (rate > 0) {
                long now = System.nanoTime();
                if (t0 == 0) t0 = now;
                if (next >= (now - t0) / 1000 * rate / 1_000_000) return;
            }
            Long id = failed.poll();
            if (id == null) {
                if (next >= n) return;
                id = next++;
            }
            collector.emit(new Values(SENTENCES[(int) (id % SENTENCES.length)], System.nanoTime()), id);
        }

        @Override
        public void ack(Object msgId) {
            ACKED.incrementAndGet();
            if (TIMELINE) {
                int i = bin();
                if (i >= 0) ACK_BINS.incrementAndGet(i);
            }
        }

        @Override
        public void fail(Object msgId) {
            failed.add((Long) msgId);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("sentence", "ts"));
        }
    }

    public static class SplitBolt extends BaseRichBolt {
        private static final long serialVersionUID = 1L;
        private transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            Long ts = input.getLong(1);
            for (String w : input.getString(0).split(" ")) collector.emit(input, new Values(w, ts));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("word", "ts"));
        }
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
            if (RECORD_LATENCY) latency(Math.max(0, System.nanoTime() - input.getLong(1)));
            COUNTED.increment();
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("word", "count"));
        }
    }
}
