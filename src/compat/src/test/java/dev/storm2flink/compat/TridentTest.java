package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.FailedException;
import org.apache.storm.trident.TridentState;
import org.apache.storm.trident.TridentTopology;
import org.apache.storm.trident.operation.BaseFilter;
import org.apache.storm.trident.operation.BaseFunction;
import org.apache.storm.trident.operation.TridentCollector;
import org.apache.storm.trident.operation.builtin.Count;
import org.apache.storm.trident.spout.IBatchSpout;
import org.apache.storm.trident.testing.FixedBatchSpout;
import org.apache.storm.trident.testing.MemoryMapState;
import org.apache.storm.trident.tuple.TridentTuple;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trident topologies, unmodified, on Flink: the master batch coordinator, spout coordinator and executors, Trident's
 * bolt executors with their $coord- direct streams, persistentAggregate into a MemoryMapState, a batch failed by a
 * function (replayed as the same transaction), and a Flink restore in the middle (the transaction protocol resumes from
 * TransactionalState: counts stay exact).
 */
class TridentTest extends TestBase {
    static final String[] SENTENCES = {
        "the cow jumped over the moon",
        "the man went to the store and bought some candy",
        "four score and seven years ago",
        "how many apples can you eat",
        "to be or not to be the person",
        "the quick brown fox",
        "jumped over the lazy dog",
    };
    static final int ROUNDS = 10;

    /** Each word's count as the state's update stream last said it. */
    static final Map<String, Long> LAST = new ConcurrentHashMap<>();

    static final Map<String, String> QUERIED = new ConcurrentHashMap<>();
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    static final AtomicBoolean THROWN = new AtomicBoolean();
    static final AtomicInteger SPLITS = new AtomicInteger();
    static volatile String failMode = "none";

    @BeforeEach
    void reset() {
        LAST.clear();
        QUERIED.clear();
        FAILED_ONCE.set(false);
        THROWN.set(false);
        SPLITS.set(0);
        failMode = "none";
    }

    static Map<String, Long> expected() {
        Map<String, Long> out = new TreeMap<>();
        for (int r = 0; r < ROUNDS; r++)
            for (String s : SENTENCES) for (String w : s.split(" ")) out.merge(w, 1L, Long::sum);
        return out;
    }

    /** A transactional batch spout: batch {@code id} always holds the same sentences, whichever instance emits it. */
    static class SentenceSpout implements IBatchSpout {
        static final int PER_BATCH = 3;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context) {}

        @Override
        public void emitBatch(long batchId, TridentCollector collector) {
            long first = (batchId - 1) * PER_BATCH;
            for (long i = first; i < first + PER_BATCH && i < (long) ROUNDS * SENTENCES.length; i++) {
                collector.emit(new Values(SENTENCES[(int) (i % SENTENCES.length)]));
            }
        }

        @Override
        public void ack(long batchId) {}

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

    static class Split extends BaseFunction {
        @Override
        public void execute(TridentTuple tuple, TridentCollector collector) {
            int n = SPLITS.incrementAndGet();
            if (n > 40 && "batch".equals(failMode) && FAILED_ONCE.compareAndSet(false, true)) {
                throw new FailedException("transient: fail this batch once");
            }
            if (n > 40 && "task".equals(failMode) && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected task failure");
            }
            for (String w : tuple.getString(0).split(" ")) collector.emit(new Values(w));
        }
    }

    static class Record extends BaseFilter {
        @Override
        public boolean isKeep(TridentTuple tuple) {
            LAST.merge(tuple.getString(0), tuple.getLong(1), Math::max);
            return true;
        }
    }

    static StormTopology topology(IBatchSpout spout) {
        TridentTopology t = new TridentTopology();
        TridentState counts = t.newStream("sentences", spout)
                .parallelismHint(1)
                .each(new Fields("sentence"), new Split(), new Fields("word"))
                .groupBy(new Fields("word"))
                .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"))
                .parallelismHint(2);
        counts.newValuesStream().each(new Fields("word", "count"), new Record());
        return t.build();
    }

    static Config tridentConf() {
        Config c = conf();
        c.setMaxSpoutPending(3);
        return c;
    }

    @Test
    void wordCountWithPersistentAggregate() throws Exception {
        run(
                "trident",
                tridentConf(),
                topology(new SentenceSpout()),
                bounded(),
                StormOnFlink.flinkConfiguration(100, 0, 100));
        assertEquals(expected(), new TreeMap<>(LAST));
    }

    @Test
    void stormsFixedBatchSpoutEndsOnceItsBatchesAreEmpty() throws Exception {
        List<Object>[] batches = new List[SENTENCES.length];
        for (int i = 0; i < SENTENCES.length; i++) batches[i] = new Values(SENTENCES[i]);
        FixedBatchSpout spout = new FixedBatchSpout(new Fields("sentence"), 2, batches);
        spout.setCycle(false);
        TridentTopology t = new TridentTopology();
        TridentState counts = t.newStream("fixed", spout)
                .each(new Fields("sentence"), new Split(), new Fields("word"))
                .groupBy(new Fields("word"))
                .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"));
        counts.newValuesStream().each(new Fields("word", "count"), new Record());
        run("trident-fixed", tridentConf(), t.build(), bounded(), StormOnFlink.flinkConfiguration(100, 0, 100));
        Map<String, Long> want = new TreeMap<>();
        for (String s : SENTENCES) for (String w : s.split(" ")) want.merge(w, 1L, Long::sum);
        assertEquals(want, new TreeMap<>(LAST));
    }

    @Test
    void transactionalStateGoesToTheZooKeeperTheFlinkConfigurationNames() throws Exception {
        org.apache.flink.configuration.Configuration flink = new org.apache.flink.configuration.Configuration();
        Map<String, Object> none = new java.util.HashMap<>();
        assertEquals(none, Trident.withZooKeeper(none, flink), "nothing configured: the topology config as it was");
        flink.setString("high-availability.zookeeper.quorum", "zk1:2182,zk2:2182");
        Map<String, Object> ha = Trident.withZooKeeper(none, flink);
        assertEquals(List.of("zk1", "zk2"), ha.get(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS));
        assertEquals(2182, ha.get(Config.TRANSACTIONAL_ZOOKEEPER_PORT));
        flink.setString(Trident.ZOOKEEPER, "tx1:2183");
        assertEquals(
                List.of("tx1"),
                Trident.withZooKeeper(none, flink).get(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS),
                "ours before Flink's HA quorum");
        Map<String, Object> own =
                new java.util.HashMap<>(Map.of(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS, List.of("mine")));
        assertEquals(own, Trident.withZooKeeper(own, flink), "the topology's own setting wins");

        // A real ZooKeeper named there (the in-process one's port, reached as an external server): the run uses it.
        flink = StormOnFlink.flinkConfiguration(100, 0, 100);
        flink.setString(Trident.ZOOKEEPER, "127.0.0.1:" + Trident.EmbeddedZooKeeper.port());
        run("trident-zk", tridentConf(), topology(new SentenceSpout()), bounded(), flink);
        assertEquals(expected(), new TreeMap<>(LAST));
        // Under Storm's own root (transactional.zookeeper.root), not the per-job root of the in-process fallback.
        org.apache.storm.shade.org.apache.zookeeper.ZooKeeper zk =
                new org.apache.storm.shade.org.apache.zookeeper.ZooKeeper(
                        "127.0.0.1:" + Trident.EmbeddedZooKeeper.port(), 5000, e -> {});
        try {
            assertTrue(zk.exists("/transactional", false) != null, "TransactionalState written under /transactional");
        } finally {
            zk.close();
        }
    }

    @Test
    void aBatchFailedByAFunctionIsReplayedAndCountedOnce() throws Exception {
        failMode = "batch";
        run(
                "trident-fail",
                tridentConf(),
                topology(new SentenceSpout()),
                bounded(),
                StormOnFlink.flinkConfiguration(100, 0, 100));
        assertTrue(FAILED_ONCE.get(), "a batch was failed");
        assertEquals(expected(), new TreeMap<>(LAST));
    }

    @Test
    void afterAFlinkRestoreTheCountsStayExact() throws Exception {
        failMode = "task";
        run(
                "trident-restore",
                tridentConf(),
                topology(new SentenceSpout()),
                bounded(),
                StormOnFlink.flinkConfiguration(100, 3, 100));
        assertTrue(THROWN.get(), "a task failure was injected");
        assertEquals(expected(), new TreeMap<>(LAST));
    }
}
