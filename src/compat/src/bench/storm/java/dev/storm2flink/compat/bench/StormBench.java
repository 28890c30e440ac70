package dev.storm2flink.compat.bench;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.storm.LocalCluster;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.StormTopology;

/**
 * Storm side of {@code npm run bench:compat}: the word count on a Storm 2.8.3 LocalCluster with acking on. Steady
 * state (default): one parallelism, one run per JVM, an unbounded spout (optionally paced) measured over a window
 * after a warm-up. Args: storm parallelism warmupSeconds windowSeconds rateWordsPerSecond(0 = as fast as it goes);
 * prints one {@code BENCH {json}} line. With {@code storm-trident}: the bounded Trident word count of rounds 5–6
 * (args storm-trident sentences runs parallelism...), timed until its last batch commits. Runs in its own JVM
 * (Storm's kryo 4 clashes with Flink's).
 */
public final class StormBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("storm-trident")) {
            trident(args);
            return;
        }
        int p = Integer.parseInt(args[1]);
        long warmupS = Long.parseLong(args[2]);
        long windowS = Long.parseLong(args[3]);
        double wordRate = Double.parseDouble(args[4]);
        long sentenceRate = wordRate > 0 ? Math.max(1, Math.round(wordRate / WordCount.wordsPerSentence())) : 0;
        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology(
                "wc-p" + p,
                WordCount.conf(p),
                WordCount.topology(new WordCount.SentenceSpout(Long.MAX_VALUE, sentenceRate), p));
        // The warm-up starts with the first counted word (the topology's launch is not part of it).
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (WordCount.COUNTED.sum() == 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("storm: no word counted in 120 s");
            Thread.sleep(5);
        }
        Thread.sleep(warmupS * 1000);
        long jitWaitS = args.length > 5 ? WordCount.awaitJitSettled(Long.parseLong(args[5])) : 0;
        var stages0 = WordCount.stageCounters();
        long jit0 = WordCount.jitMillis();
        long t0 = System.nanoTime(),
                cpu0 = WordCount.cpuNanos(),
                gc0 = WordCount.gcMillis(),
                c0 = WordCount.COUNTED.sum(),
                a0 = WordCount.ACKED.get();
        WordCount.LATENCY.getIntervalHistogram(); // drop the warm-up's latencies
        double[] perSecond = new double[(int) windowS];
        long last = c0;
        for (int s = 0; s < windowS; s++) {
            Thread.sleep(1000);
            long c = WordCount.COUNTED.sum();
            perSecond[s] = c - last;
            last = c;
        }
        long t1 = System.nanoTime(),
                cpu1 = WordCount.cpuNanos(),
                gc1 = WordCount.gcMillis(),
                c1 = WordCount.COUNTED.sum(),
                a1 = WordCount.ACKED.get();
        var stages1 = WordCount.stageCounters();
        long jit1 = WordCount.jitMillis();
        Histogram lat = WordCount.LATENCY.getIntervalHistogram();
        java.util.Arrays.sort(perSecond);
        System.out.println("BENCH {\"engine\":\"storm\",\"p\":" + p + ",\"offered\":" + wordRate + ",\"ms\":"
                + (t1 - t0) / 1e6 + ",\"cpuMs\":"
                + (cpu1 - cpu0) / 1e6 + ",\"gcMs\":" + (gc1 - gc0) + ",\"words\":" + (c1 - c0) + ",\"acked\":"
                + (a1 - a0) + ",\"checkpoints\":null"
                + ",\"secMin\":" + (windowS > 0 ? perSecond[0] : 0) + ",\"secMax\":"
                + (windowS > 0 ? perSecond[perSecond.length - 1] : 0)
                + (lat.getTotalCount() > 0 ? "," + WordCount.latencyJson(lat) : "") + ",\"warmupS\":"
                + (warmupS + jitWaitS) + WordCount.stagesJson(stages0, stages1, cpu1 - cpu0, c1 - c0, jit1 - jit0)
                + "}");
        System.out.flush();
        System.exit(0); // no orderly kill: the JVM is this run's alone
    }

    /** Rounds 5–6's bounded Trident word count. */
    private static void trident(String[] args) throws Exception {
        long tn = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (LocalCluster cluster = new LocalCluster()) {
            for (int a = 3; a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -1; r < runs; r++) {
                    String name = "trident-p" + p + "-r" + (r + 1);
                    TridentWordCount.BATCHES_ACKED.set(0);
                    measure(
                            cluster,
                            "storm-trident",
                            name,
                            p,
                            r,
                            WordCount.words(tn),
                            TridentWordCount.conf(),
                            TridentWordCount.topology(name, tn, p),
                            () -> TridentWordCount.BATCHES_ACKED.get() >= TridentWordCount.batches(tn));
                }
            }
        }
        System.exit(0);
    }

    /** One run: submit, wait for {@code done}, kill; a BENCH line for a measured run ({@code r >= 0}). */
    private static void measure(
            LocalCluster cluster,
            String engine,
            String name,
            int p,
            int r,
            long words,
            Map<String, Object> conf,
            StormTopology topology,
            BooleanSupplier done)
            throws Exception {
        WordCount.COUNTED.reset();
        long cpu0 = WordCount.cpuNanos();
        long t0 = System.nanoTime();
        cluster.submitTopology(name, conf, topology);
        while (!done.getAsBoolean()) Thread.sleep(1);
        long t1 = System.nanoTime();
        long cpu1 = WordCount.cpuNanos();
        long counted = WordCount.COUNTED.sum();
        KillOptions ko = new KillOptions();
        ko.set_wait_secs(0);
        cluster.killTopologyWithOpts(name, ko);
        while (!cluster.getClusterInfo().get_topologies().isEmpty()) Thread.sleep(50);
        Thread.sleep(1000);
        if (counted < words) throw new IllegalStateException(engine + " counted " + counted + " < " + words);
        if (r >= 0) {
            System.out.println("BENCH {\"engine\":\"" + engine + "\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":"
                    + (t1 - t0) / 1e6 + ",\"cpuMs\":" + (cpu1 - cpu0) / 1e6 + ",\"words\":" + words + ",\"counted\":"
                    + counted + "}");
        } else {
            System.err.println(engine + " p=" + p + " warm-up " + (t1 - t0) / 1_000_000 + " ms");
        }
    }
}
