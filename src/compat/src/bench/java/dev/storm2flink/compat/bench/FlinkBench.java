package dev.storm2flink.compat.bench;

import dev.storm2flink.compat.BoundedSpout;
import dev.storm2flink.compat.StormOnFlink;
import dev.storm2flink.compat.StormOnFlinkOptions;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import org.apache.flink.util.Collector;

/**
 * Flink side of {@code npm run bench:compat}. Steady state (default): one engine, one parallelism, one run per JVM:
 * the word count on an unbounded spout (optionally paced), measured over a window after a warm-up, then cancelled.
 * Args: engine parallelism warmupSeconds windowSeconds rateWordsPerSecond(0 = as fast as it goes); prints one
 * {@code BENCH {json}} line. Engines: compat (tree acks, the default), compat-nockpt (the same with checkpointing
 * enabled but no checkpoint due in the run: what checkpoints cost), compat-ckpt (ids acked as checkpoints complete),
 * compat-log (boltFailAction LOG), compat-remote (every ack through the JobManager, as between TaskManagers), native
 * (the job by hand), native-nockpt. With {@code trident} as the engine:
 * the bounded Trident word count (args sentences runs checkpointMs parallelism...), as rounds 5–6 ran it.
 */
public final class FlinkBench {
    /** The shared spout, ending the bounded compat job once all sentences are emitted. */
    public static class BoundedSentenceSpout extends WordCount.SentenceSpout implements BoundedSpout {
        private static final long serialVersionUID = 1L;

        public BoundedSentenceSpout(long n) {
            super(n);
        }

        @Override
        public boolean isFinished() {
            return next >= n;
        }
    }

    private static final long CHECKPOINT_MS = Long.getLong("bench.checkpoint.ms", 1000);
    /** compat-nockpt/native-nockpt: checkpointing on (so tree acks and their pending ids run) but none due in the run. */
    private static final long NO_CHECKPOINT_MS = 3_600_000;

    public static void main(String[] args) throws Exception {
        if (args[0].startsWith("trident")) {
            trident(args);
            return;
        }
        String engine = args[0];
        // compat-remote: every ack through the JobManager, as when spouts and bolts run in different TaskManagers.
        if (engine.equals("compat-remote")) System.setProperty("storm2flink.compat.localAcks", "false");
        int p = Integer.parseInt(args[1]);
        long warmupS = Long.parseLong(args[2]);
        long windowS = Long.parseLong(args[3]);
        double wordRate = Double.parseDouble(args[4]);
        long sentenceRate = wordRate > 0 ? Math.max(1, Math.round(wordRate / WordCount.wordsPerSentence())) : 0;
        MiniClusterWithClientResource mini =
                new MiniClusterWithClientResource(new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(Configuration.fromMap(java.util.Map.of("web.checkpoints.history", "200")))
                        .build());
        mini.before();
        Configuration flink =
                StormOnFlink.flinkConfiguration(engine.endsWith("-nockpt") ? NO_CHECKPOINT_MS : CHECKPOINT_MS, 0, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(p);
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) throw new IllegalStateException("checkpointing off");
        // Flink's execution.buffer-timeout (100 ms) unless -Dbench.buffer.timeout.ms says otherwise (latency runs).
        long bufferTimeout = Long.getLong("bench.buffer.timeout.ms", -1);
        if (bufferTimeout >= 0) env.setBufferTimeout(bufferTimeout);
        if (engine.startsWith("compat")) {
            StormOnFlinkOptions o = StormOnFlinkOptions.defaults().tickMode(StormOnFlinkOptions.TickMode.OFF);
            // compat-log: a bolt's fail() is only counted, so tuples carry no roots and no fail route runs.
            if (engine.equals("compat-log")) o.boltFailAction(StormOnFlinkOptions.BoltFailAction.LOG);
            // compat-ckpt: ids acked as checkpoints complete, not at tree completion (the default).
            if (engine.equals("compat-ckpt")) o.ackMode(StormOnFlinkOptions.AckMode.CHECKPOINT);
            StormOnFlink.build(
                    env,
                    "wc-" + engine,
                    WordCount.conf(p),
                    WordCount.topology(new WordCount.SentenceSpout(Long.MAX_VALUE, sentenceRate), p),
                    o);
        } else if (engine.startsWith("native")) {
            nativeJob(env, sentenceRate);
        } else {
            throw new IllegalArgumentException("engine " + engine);
        }
        JobClient job = env.executeAsync("wc-" + engine);
        MiniCluster cluster = mini.getMiniCluster();
        // The warm-up starts with the first counted word (job deployment is not part of it).
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (WordCount.COUNTED.sum() == 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(engine + ": no word counted in 120 s");
            Thread.sleep(5);
        }
        Thread.sleep(warmupS * 1000);
        long jitWaitS = args.length > 5 ? WordCount.awaitJitSettled(Long.parseLong(args[5])) : 0;
        long windowFrom = System.currentTimeMillis();
        Snapshot a = Snapshot.take(completedCheckpoints(cluster, job.getJobID()));
        var stagesA = WordCount.stageCounters();
        long jitA = WordCount.jitMillis();
        WordCount.LATENCY.getIntervalHistogram(); // drop the warm-up's latencies
        double[] perSecond = new double[(int) windowS];
        long last = a.counted;
        for (int s = 0; s < windowS; s++) {
            Thread.sleep(1000);
            long c = WordCount.COUNTED.sum();
            perSecond[s] = c - last;
            last = c;
        }
        Snapshot b = Snapshot.take(completedCheckpoints(cluster, job.getJobID()));
        var stagesB = WordCount.stageCounters();
        long jitB = WordCount.jitMillis();
        long windowTo = System.currentTimeMillis();
        Histogram lat = WordCount.LATENCY.getIntervalHistogram();
        String status = cluster.getJobStatus(job.getJobID()).get().toString();
        // Checkpoints' end-to-end time (the job's so far): what the spouts' ack route waits through at each one.
        var stats = cluster.getExecutionGraph(job.getJobID()).get().getCheckpointStatsSnapshot();
        double ckptMs = stats == null
                ? 0
                : stats.getSummaryStats().getEndToEndDurationStats().getAverage();
        if (!"RUNNING".equals(status))
            throw new IllegalStateException(engine + " job " + status + " at the end of the window");
        String timeline = WordCount.TIMELINE
                ? timeline(cluster.getExecutionGraph(job.getJobID()).get(), windowFrom, windowTo)
                : "";
        System.out.println("BENCH "
                + b.json(a, engine, p, wordRate, perSecond, lat)
                        .replaceFirst(
                                "}$",
                                ",\"ckptAvgMs\":" + ckptMs + ",\"warmupS\":" + (warmupS + jitWaitS)
                                        + WordCount.stagesJson(
                                                stagesA,
                                                stagesB,
                                                b.cpuNanos - a.cpuNanos,
                                                b.counted - a.counted,
                                                jitB - jitA)
                                        + timeline + "}"));
        System.out.flush();
        job.cancel().get();
        System.exit(0);
    }

    /** Counters at a window's edge. */
    record Snapshot(long nanos, long cpuNanos, long gcMs, long counted, long acked, long checkpoints) {
        static Snapshot take(long checkpoints) {
            return new Snapshot(
                    System.nanoTime(),
                    WordCount.cpuNanos(),
                    WordCount.gcMillis(),
                    WordCount.COUNTED.sum(),
                    WordCount.ACKED.get(),
                    checkpoints);
        }

        /** The window from {@code a} to this as a BENCH line's JSON. */
        String json(Snapshot a, String engine, int p, double offered, double[] perSecond, Histogram lat) {
            double[] s = perSecond.clone();
            java.util.Arrays.sort(s);
            return "{\"engine\":\"" + engine + "\",\"p\":" + p + ",\"offered\":" + offered + ",\"ms\":"
                    + (nanos - a.nanos) / 1e6 + ",\"cpuMs\":"
                    + (cpuNanos - a.cpuNanos) / 1e6 + ",\"gcMs\":" + (gcMs - a.gcMs) + ",\"words\":"
                    + (counted - a.counted) + ",\"acked\":"
                    + (acked - a.acked) + ",\"checkpoints\":"
                    + (checkpoints < 0 ? "null" : String.valueOf(checkpoints - a.checkpoints))
                    + ",\"secMin\":" + (s.length > 0 ? s[0] : 0) + ",\"secMax\":" + (s.length > 0 ? s[s.length - 1] : 0)
                    + (lat != null && lat.getTotalCount() > 0 ? "," + WordCount.latencyJson(lat) : "") + "}";
        }
    }

    /** Phase bins of {@link #timeline}: 100 ms each, from 300 ms before a checkpoint's trigger. */
    private static final int PHASE_FROM_MS = -300;

    private static final int PHASES = 13;

    /**
     * -Dbench.timeline=true: spout acks and the largest latency per 100 ms, lined up on each checkpoint triggered in the
     * window (mean over checkpoints, from 300 ms before the trigger to 1 s after), with when the spout's source task
     * acknowledged the checkpoint (ms after its trigger, median): as JSON fields.
     */
    private static String timeline(AccessExecutionGraph g, long from, long to) {
        var stats = g.getCheckpointStatsSnapshot();
        if (stats == null) return "";
        var source = g.getVerticesTopologically().iterator().next().getJobVertexId();
        double[] acks = new double[PHASES];
        double[] latMs = new double[PHASES];
        java.util.List<Long> srcAck = new java.util.ArrayList<>();
        java.util.List<Long> e2e = new java.util.ArrayList<>();
        int n = 0;
        for (var c : stats.getHistory().getCheckpoints()) {
            long t = c.getTriggerTimestamp();
            if (t + PHASE_FROM_MS < from || t + PHASE_FROM_MS + PHASES * 100 > to) continue;
            n++;
            var ts = c.getTaskStateStats(source);
            if (ts != null && ts.getLatestAckTimestamp() > 0) srcAck.add(ts.getLatestAckTimestamp() - t);
            if (c.getStatus().isCompleted()) e2e.add(c.getEndToEndDuration());
            for (int k = 0; k < PHASES; k++) {
                long max = 0;
                for (int b = 0; b < 10; b++) {
                    int i = (int) ((t + PHASE_FROM_MS) / 10 + k * 10 + b - WordCount.TIMELINE_T0);
                    if (i < 0 || i >= WordCount.ACK_BINS.length()) continue;
                    acks[k] += WordCount.ACK_BINS.get(i);
                    max = Math.max(max, WordCount.LAT_MAX_BINS.get(i));
                }
                latMs[k] += max / 1000.0;
            }
        }
        // 10 ms bins of the window in which no id was acked: pauses of the ack route, wherever they fall.
        int quiet = 0;
        int bins = 0;
        for (long i = from / 10 - WordCount.TIMELINE_T0; i < to / 10 - WordCount.TIMELINE_T0; i++) {
            if (i < 0 || i >= WordCount.ACK_BINS.length()) continue;
            bins++;
            if (WordCount.ACK_BINS.get((int) i) == 0) quiet++;
        }
        StringBuilder sb = new StringBuilder(",\"phaseCheckpoints\":" + n + ",\"phaseAcks\":[");
        for (int k = 0; k < PHASES; k++) sb.append(k == 0 ? "" : ",").append(Math.round(n == 0 ? 0 : acks[k] / n));
        sb.append("],\"phaseLatMaxMs\":[");
        for (int k = 0; k < PHASES; k++)
            sb.append(k == 0 ? "" : ",").append(Math.round(n == 0 ? 0 : latMs[k] / n * 10) / 10.0);
        sb.append("],\"srcAckMs\":")
                .append(medianOf(srcAck))
                .append(",\"e2eMs\":")
                .append(medianOf(e2e));
        sb.append(",\"quietBins\":").append(quiet).append(",\"bins\":").append(bins);
        return sb.toString();
    }

    private static long medianOf(java.util.List<Long> xs) {
        if (xs.isEmpty()) return -1;
        java.util.Collections.sort(xs);
        return xs.get(xs.size() / 2);
    }

    /** Completed checkpoints so far, from the job's execution graph. */
    private static long completedCheckpoints(MiniCluster cluster, JobID id) throws Exception {
        AccessExecutionGraph g = cluster.getExecutionGraph(id).get();
        return g.getCheckpointStatsSnapshot() == null
                ? 0
                : g.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    /** Rounds 5–6's bounded Trident word count: args trident[,trident-ckpt] sentences runs checkpointMs parallelism... */
    private static void trident(String[] args) throws Exception {
        String[] engines = args[0].split(",");
        long tn = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        long checkpointMs = Long.parseLong(args[3]);
        long tw = WordCount.words(tn);
        MiniClusterWithClientResource mini =
                new MiniClusterWithClientResource(new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
        mini.before();
        try {
            for (int a = 4; a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -1; r < runs; r++) {
                    for (String engine : engines) { // alternate so noise hits both
                        WordCount.COUNTED.reset();
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                                StormOnFlink.flinkConfiguration(checkpointMs, 0, 0));
                        env.setParallelism(p);
                        long cpu0 = WordCount.cpuNanos();
                        long t0 = System.nanoTime();
                        // Timed until its last batch commits (the bounded job then still runs its empty closing
                        // transactions, unmeasured).
                        TridentWordCount.BATCHES_ACKED.set(0);
                        StormOnFlinkOptions o =
                                StormOnFlinkOptions.defaults().bounded(true).tickMode(StormOnFlinkOptions.TickMode.OFF);
                        // trident-ckpt: batches acked as checkpoints complete (AckMode CHECKPOINT), side by side.
                        if (engine.equals("trident-ckpt")) o.ackMode(StormOnFlinkOptions.AckMode.CHECKPOINT);
                        StormOnFlink.build(
                                env,
                                "trident-" + p,
                                TridentWordCount.conf(),
                                TridentWordCount.topology("trident-" + p + "-" + r + engine, tn, p),
                                o);
                        JobClient job = env.executeAsync("trident-" + p);
                        while (TridentWordCount.BATCHES_ACKED.get() < TridentWordCount.batches(tn)) Thread.sleep(1);
                        long t1 = System.nanoTime();
                        long cpu1 = WordCount.cpuNanos();
                        long counted = WordCount.COUNTED.sum();
                        job.getJobExecutionResult().get();
                        if (counted < tw) throw new IllegalStateException("trident counted " + counted + " < " + tw);
                        print(
                                engine.equals("trident") ? "compat-trident" : "compat-trident-ckpt",
                                p,
                                r,
                                t1 - t0,
                                cpu1 - cpu0,
                                tw,
                                counted);
                    }
                }
            }
        } finally {
            mini.after();
        }
        System.exit(0);
    }

    /** A measured run's BENCH line ({@code r >= 0}), else the warm-up's time. */
    private static void print(String engine, int p, int r, long nanos, long cpuNanos, long words, long counted) {
        if (r >= 0) {
            System.out.println(
                    "BENCH {\"engine\":\"" + engine + "\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":" + nanos / 1e6
                            + ",\"cpuMs\":" + cpuNanos / 1e6 + ",\"words\":" + words + ",\"counted\":" + counted + "}");
        } else {
            System.err.println(engine + " p=" + p + " warm-up " + nanos / 1_000_000 + " ms");
        }
    }

    /**
     * Same logic by hand: an unbounded generator of the same sentences (parallelism 1, like the spout; paced by
     * Flink's own rate limiter when a rate is given), split, keyBy + count in ValueState, the emit time carried along.
     */
    static void nativeJob(StreamExecutionEnvironment env, long sentenceRate) {
        // Unpaced, the number sequence of round 6 (a generator source wraps each record in its rate limiter's future).
        SingleOutputStreamOperator<Long> ids = sentenceRate > 0
                ? env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(sentenceRate), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "sentences")
                : env.fromSequence(0, Long.MAX_VALUE - 1).name("sentences");
        ids.setParallelism(1)
                .map(new MapFunction<Long, Tuple2<String, Long>>() {
                    @Override
                    public Tuple2<String, Long> map(Long i) {
                        return Tuple2.of(
                                WordCount.SENTENCES[(int) (i % WordCount.SENTENCES.length)], System.nanoTime());
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .setParallelism(1)
                .name("sentence")
                .flatMap(new FlatMapFunction<Tuple2<String, Long>, Tuple2<String, Long>>() {
                    @Override
                    public void flatMap(Tuple2<String, Long> s, Collector<Tuple2<String, Long>> out) {
                        for (String w : s.f0.split(" ")) out.collect(Tuple2.of(w, s.f1));
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .name("split")
                .keyBy(w -> w.f0, Types.STRING)
                .process(new KeyedProcessFunction<String, Tuple2<String, Long>, Tuple2<String, Long>>() {
                    private transient ValueState<Long> count;

                    @Override
                    public void processElement(Tuple2<String, Long> w, Context ctx, Collector<Tuple2<String, Long>> out)
                            throws Exception {
                        if (count == null)
                            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
                        Long c = count.value();
                        long next = c == null ? 1 : c + 1;
                        count.update(next);
                        out.collect(Tuple2.of(w.f0, next));
                        if (WordCount.RECORD_LATENCY) WordCount.latency(Math.max(0, System.nanoTime() - w.f1));
                        WordCount.COUNTED.increment();
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .name("count")
                .sinkTo(new DiscardingSink<>());
    }
}
