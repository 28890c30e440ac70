package dev.storm2flink.compat.bench;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import org.apache.flink.util.Collector;

import dev.storm2flink.compat.BoundedSpout;
import dev.storm2flink.compat.StormOnFlink;
import dev.storm2flink.compat.StormOnFlinkOptions;

/**
 * Flink side of {@code npm run bench:compat}: the word count (a) through the compat runtime (bounded mode,
 * checkpoints on, at-least-once) and (b) as a hand-written Flink job, both on one MiniCluster.
 * Args: sentences runs checkpointMs parallelism... Prints one {@code BENCH {json}} line per measured run.
 */
public final class FlinkBench {
    /** The shared spout, ending the bounded compat job once all sentences are emitted. */
    public static class BoundedSentenceSpout extends WordCount.SentenceSpout implements BoundedSpout {
        private static final long serialVersionUID = 1L;
        public BoundedSentenceSpout(long n) { super(n); }
        @Override public boolean isFinished() { return next >= n; }
    }

    /** -Dbench.engines=compat (or native) runs one engine alone, for profiling it without the other's JIT profile. */
    private static final String[] ENGINES = System.getProperty("bench.engines", "compat,native").split(",");
    /** Unmeasured runs of each engine before the measured ones: both jobs share JIT-compiled Flink code. */
    private static final int WARMUPS = Integer.getInteger("bench.warmups", 1);

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        long checkpointMs = Long.parseLong(args[2]);
        long words = WordCount.words(n);
        MiniClusterWithClientResource mini = new MiniClusterWithClientResource(
                new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());
        mini.before();
        try {
            for (int a = 3; a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -WARMUPS; r < runs; r++) {
                    for (String engine : ENGINES) { // alternate so noise hits both
                        WordCount.COUNTED.reset();
                        Configuration flink = StormOnFlink.flinkConfiguration(checkpointMs, 0, 0);
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
                        env.setParallelism(p);
                        if (!env.getCheckpointConfig().isCheckpointingEnabled()) throw new IllegalStateException("checkpointing off");
                        long cpu0 = WordCount.cpuNanos();
                        long t0 = System.nanoTime();
                        if (engine.startsWith("trident")) {
                            // The Trident word count, timed until its last batch commits (the bounded job then
                            // still runs its empty closing transactions, unmeasured).
                            long tn = Long.getLong("bench.trident.sentences", n);
                            long tw = WordCount.words(tn);
                            TridentWordCount.BATCHES_ACKED.set(0);
                            StormOnFlinkOptions o = StormOnFlinkOptions.defaults().bounded(true).tickMode(StormOnFlinkOptions.TickMode.OFF);
                            // trident-ckpt: batches acked as checkpoints complete (AckMode CHECKPOINT, the default before
                            // acks at tree completion), side by side.
                            if (engine.equals("trident-ckpt")) o.ackMode(StormOnFlinkOptions.AckMode.CHECKPOINT);
                            StormOnFlink.build(env, "trident-" + p, TridentWordCount.conf(), TridentWordCount.topology("trident-" + p + "-" + r + engine, tn, p), o);
                            org.apache.flink.core.execution.JobClient job = env.executeAsync("trident-" + p);
                            while (TridentWordCount.BATCHES_ACKED.get() < TridentWordCount.batches(tn)) Thread.sleep(1);
                            long t1 = System.nanoTime();
                            long cpu1 = WordCount.cpuNanos();
                            long counted = WordCount.COUNTED.sum();
                            job.getJobExecutionResult().get();
                            if (counted < tw) throw new IllegalStateException("trident counted " + counted + " < " + tw);
                            print(engine.equals("trident") ? "compat-trident" : "compat-trident-ckpt", p, r, t1 - t0, cpu1 - cpu0, tw, counted);
                            continue;
                        }
                        if (engine.startsWith("compat")) {
                            // compat-log: a bolt's fail() is only counted, so tuples carry no roots and no fail route
                            // runs: what the REPLAY default costs, side by side.
                            StormOnFlinkOptions o = StormOnFlinkOptions.defaults().bounded(true).tickMode(StormOnFlinkOptions.TickMode.OFF);
                            if (engine.equals("compat-log")) o.boltFailAction(StormOnFlinkOptions.BoltFailAction.LOG);
                            // compat-ckpt: ids acked as checkpoints complete, not at tree completion (the default).
                            if (engine.equals("compat-ckpt")) o.ackMode(StormOnFlinkOptions.AckMode.CHECKPOINT);
                            StormOnFlink.build(env, "wc-" + engine, WordCount.conf(p), WordCount.topology(new BoundedSentenceSpout(n), p), o).execute();
                        } else {
                            nativeJob(env, n);
                            env.execute("wc-native");
                        }
                        long t1 = System.nanoTime();
                        long cpu1 = WordCount.cpuNanos();
                        long counted = WordCount.COUNTED.sum();
                        if (counted < words) throw new IllegalStateException(engine + " counted " + counted + " < " + words);
                        print(engine, p, r, t1 - t0, cpu1 - cpu0, words, counted);
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
            System.out.println("BENCH {\"engine\":\"" + engine + "\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":" + nanos / 1e6
                    + ",\"cpuMs\":" + cpuNanos / 1e6 + ",\"words\":" + words + ",\"counted\":" + counted + "}");
        } else {
            System.err.println(engine + " p=" + p + " warm-up " + nanos / 1_000_000 + " ms");
        }
    }

    /** Same logic by hand: bounded source of the same sentences (parallelism 1, like the spout), split, keyBy + count. */
    static void nativeJob(StreamExecutionEnvironment env, long n) {
        env.fromSequence(0, n - 1).setParallelism(1).name("sentences")
                .map(new MapFunction<Long, String>() {
                    @Override public String map(Long i) { return WordCount.SENTENCES[(int) (i % WordCount.SENTENCES.length)]; }
                }).setParallelism(1).name("sentence")
                .flatMap(new FlatMapFunction<String, String>() {
                    @Override public void flatMap(String s, Collector<String> out) { for (String w : s.split(" ")) out.collect(w); }
                }).name("split")
                .keyBy(w -> w, Types.STRING)
                .process(new KeyedProcessFunction<String, String, Tuple2<String, Long>>() {
                    private transient ValueState<Long> count;
                    @Override
                    public void processElement(String w, Context ctx, Collector<Tuple2<String, Long>> out) throws Exception {
                        if (count == null) count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
                        Long c = count.value();
                        long next = c == null ? 1 : c + 1;
                        count.update(next);
                        out.collect(Tuple2.of(w, next));
                        WordCount.COUNTED.increment();
                    }
                }).returns(Types.TUPLE(Types.STRING, Types.LONG)).name("count")
                .sinkTo(new DiscardingSink<>());
    }
}
