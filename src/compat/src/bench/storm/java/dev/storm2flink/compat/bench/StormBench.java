package dev.storm2flink.compat.bench;

import org.apache.storm.LocalCluster;
import org.apache.storm.generated.KillOptions;

/**
 * Storm side of {@code npm run bench:compat}: the word count on a Storm 2.8.3 LocalCluster with acking on,
 * timed from submit until all N spout message ids are acked. Args: sentences runs parallelism...
 * Prints one {@code BENCH {json}} line per measured run. Runs in its own JVM (Storm's kryo 4 clashes with Flink's).
 */
public final class StormBench {
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        long words = WordCount.words(n);
        try (LocalCluster cluster = new LocalCluster()) {
            for (int a = 2; a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                for (int r = -1; r < runs; r++) { // r = -1: warm-up
                    WordCount.ACKED.set(0);
                    WordCount.COUNTED.reset();
                    String name = "wc-p" + p + "-r" + (r + 1);
                    long cpu0 = WordCount.cpuNanos();
                    long t0 = System.nanoTime();
                    cluster.submitTopology(name, WordCount.conf(p), WordCount.topology(new WordCount.SentenceSpout(n), p));
                    while (WordCount.ACKED.get() < n) Thread.sleep(1);
                    long t1 = System.nanoTime();
                    long cpu1 = WordCount.cpuNanos();
                    long counted = WordCount.COUNTED.sum();
                    KillOptions ko = new KillOptions();
                    ko.set_wait_secs(0);
                    cluster.killTopologyWithOpts(name, ko);
                    while (!cluster.getClusterInfo().get_topologies().isEmpty()) Thread.sleep(50);
                    Thread.sleep(1000);
                    if (counted < words) throw new IllegalStateException("storm counted " + counted + " < " + words);
                    if (r >= 0) {
                        System.out.println("BENCH {\"engine\":\"storm\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":" + (t1 - t0) / 1e6
                                + ",\"cpuMs\":" + (cpu1 - cpu0) / 1e6 + ",\"words\":" + words + ",\"counted\":" + counted + "}");
                    } else {
                        System.err.println("storm p=" + p + " warm-up " + (t1 - t0) / 1_000_000 + " ms");
                    }
                }
            }
            // -Dbench.trident.sentences=N: the Trident word count (TridentWordCount), timed until its last batch commits.
            long tn = Long.getLong("bench.trident.sentences", 0L);
            for (int a = 2; tn > 0 && a < args.length; a++) {
                int p = Integer.parseInt(args[a]);
                long tw = WordCount.words(tn);
                for (int r = -1; r < runs; r++) {
                    TridentWordCount.BATCHES_ACKED.set(0);
                    WordCount.COUNTED.reset();
                    String name = "trident-p" + p + "-r" + (r + 1);
                    long cpu0 = WordCount.cpuNanos();
                    long t0 = System.nanoTime();
                    cluster.submitTopology(name, TridentWordCount.conf(), TridentWordCount.topology(name, tn, p));
                    while (TridentWordCount.BATCHES_ACKED.get() < TridentWordCount.batches(tn)) Thread.sleep(1);
                    long t1 = System.nanoTime();
                    long cpu1 = WordCount.cpuNanos();
                    long counted = WordCount.COUNTED.sum();
                    KillOptions ko = new KillOptions();
                    ko.set_wait_secs(0);
                    cluster.killTopologyWithOpts(name, ko);
                    while (!cluster.getClusterInfo().get_topologies().isEmpty()) Thread.sleep(50);
                    Thread.sleep(1000);
                    if (counted < tw) throw new IllegalStateException("storm trident counted " + counted + " < " + tw);
                    if (r >= 0) {
                        System.out.println("BENCH {\"engine\":\"storm-trident\",\"p\":" + p + ",\"run\":" + r + ",\"ms\":" + (t1 - t0) / 1e6
                                + ",\"cpuMs\":" + (cpu1 - cpu0) / 1e6 + ",\"words\":" + tw + ",\"counted\":" + counted + "}");
                    } else {
                        System.err.println("storm-trident p=" + p + " warm-up " + (t1 - t0) / 1_000_000 + " ms");
                    }
                }
            }
        }
        System.exit(0);
    }
}
