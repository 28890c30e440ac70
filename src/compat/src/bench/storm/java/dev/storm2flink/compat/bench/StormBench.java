package dev.storm2flink.compat.bench;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.storm.LocalCluster;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.StormTopology;

/**
 * Storm side of {@code npm run bench:compat}: the word count on a Storm 2.8.3 LocalCluster with acking on,
 * timed from submit until all N spout message ids are acked; with {@code -Dbench.trident.sentences=N} also the
 * Trident word count (TridentWordCount), timed until its last batch commits. Args: sentences runs parallelism...
 * Prints one {@code BENCH {json}} line per measured run. Runs in its own JVM (Storm's kryo 4 clashes with Flink's).
 */
public final class StormBench {
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        long tn = Long.getLong("bench.trident.sentences", 0L);
        try (LocalCluster cluster = new LocalCluster()) {
            for (int a = 2; a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -1; r < runs; r++) { // r = -1: warm-up
                    String name = "wc-p" + p + "-r" + (r + 1);
                    WordCount.ACKED.set(0);
                    measure(cluster, "storm", name, p, r, WordCount.words(n), WordCount.conf(p),
                            WordCount.topology(new WordCount.SentenceSpout(n), p), () -> WordCount.ACKED.get() >= n);
                }
            }
            for (int a = 2; tn > 0 && a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -1; r < runs; r++) {
                    String name = "trident-p" + p + "-r" + (r + 1);
                    TridentWordCount.BATCHES_ACKED.set(0);
                    measure(cluster, "storm-trident", name, p, r, WordCount.words(tn), TridentWordCount.conf(),
                            TridentWordCount.topology(name, tn, p), () -> TridentWordCount.BATCHES_ACKED.get() >= TridentWordCount.batches(tn));
                }
            }
        }
        System.exit(0);
    }

    /** One run: submit, wait for {@code done}, kill; a BENCH line for a measured run ({@code r >= 0}). */
    private static void measure(LocalCluster cluster, String engine, String name, int p, int r, long words,
                                Map<String, Object> conf, StormTopology topology, BooleanSupplier done) throws Exception {
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
            System.out.println("BENCH {\"engine\":\"" + engine + "\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":" + (t1 - t0) / 1e6
                    + ",\"cpuMs\":" + (cpu1 - cpu0) / 1e6 + ",\"words\":" + words + ",\"counted\":" + counted + "}");
        } else {
            System.err.println(engine + " p=" + p + " warm-up " + (t1 - t0) / 1_000_000 + " ms");
        }
    }
}
