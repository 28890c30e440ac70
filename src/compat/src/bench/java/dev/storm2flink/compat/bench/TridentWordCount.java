package dev.storm2flink.compat.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.trident.TridentTopology;
import org.apache.storm.trident.operation.BaseFunction;
import org.apache.storm.trident.operation.TridentCollector;
import org.apache.storm.trident.operation.builtin.Count;
import org.apache.storm.trident.spout.IBatchSpout;
import org.apache.storm.trident.testing.MemoryMapState;
import org.apache.storm.trident.tuple.TridentTuple;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * The benchmark's Trident word count, shared by Storm and compat: a transactional batch spout over the same N
 * sentences as {@link WordCount} (batch {@code id} always holds the same sentences), split, groupBy word,
 * persistentAggregate(Count) into a MemoryMapState. A run is timed until the spout's last batch is acked (its
 * transaction committed). Storm API only.
 */
public final class TridentWordCount {
    private TridentWordCount() {}

    public static final int BATCH = Integer.getInteger("bench.trident.batch", 1000);
    public static final int PENDING = Integer.getInteger("bench.trident.pending", 5);
    /** Batches acked (committed): a run is done when every batch of its sentences is. */
    public static final AtomicLong BATCHES_ACKED = new AtomicLong();

    public static long batches(long sentences) {
        return (sentences + BATCH - 1) / BATCH;
    }

    public static Config conf() {
        Config conf = new Config();
        conf.setNumWorkers(1);
        conf.setMaxSpoutPending(PENDING);
        // Batches as fast as they are taken (Storm's default paces them at 500 ms).
        conf.put(Config.TOPOLOGY_TRIDENT_BATCH_EMIT_INTERVAL_MILLIS, 1);
        return conf;
    }

    /** {@code txId} names the spout's transactional state: a new one per run, or a run resumes the last one's transactions. */
    public static StormTopology topology(String txId, long sentences, int parallelism) {
        TridentTopology t = new TridentTopology();
        t.newStream(txId, new Spout(sentences))
                .each(new Fields("sentence"), new Split(), new Fields("word"))
                .parallelismHint(parallelism)
                .groupBy(new Fields("word"))
                .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"))
                .parallelismHint(parallelism);
        return t.build();
    }

    public static final class Spout implements IBatchSpout {
        private static final long serialVersionUID = 1L;
        private final long n;

        Spout(long n) {
            this.n = n;
        }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context) {}

        @Override
        public void emitBatch(long batchId, TridentCollector collector) {
            long first = (batchId - 1) * BATCH;
            for (long i = first; i < first + BATCH && i < n; i++)
                collector.emit(new Values(WordCount.SENTENCES[(int) (i % WordCount.SENTENCES.length)]));
        }

        @Override
        public void ack(long batchId) {
            if ((batchId - 1) * BATCH < n) BATCHES_ACKED.incrementAndGet();
        }

        @Override
        public void close() {}

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return null;
        }

        @Override
        public Fields getOutputFields() {
            return new Fields("sentence");
        }
    }

    public static final class Split extends BaseFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public void execute(TridentTuple tuple, TridentCollector collector) {
            for (String w : tuple.getString(0).split(" ")) {
                collector.emit(new Values(w));
                WordCount.COUNTED.increment();
            }
        }
    }
}
