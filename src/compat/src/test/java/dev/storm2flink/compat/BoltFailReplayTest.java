package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.FailedException;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/** A bolt's collector.fail(tuple) reaches the spout of the tuple's tree, which replays it: nothing is lost. */
class BoltFailReplayTest extends TestBase {
    /** Values failed once so far, per test (a fail is decided by the value, so a replay of it passes). */
    static final Set<Integer> FAILED = ConcurrentHashMap.newKeySet();

    /** Fails a pseudo-random tenth of the values it sees the first time, as code that fails on a transient error. */
    static class FailTenthOnceBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            int n = input.getInteger(0);
            if (Math.floorMod(n * 0x9E3779B1, 10) == 0 && FAILED.add(n)) {
                collector.fail(input);
                return;
            }
            collector.emit(input, new Values(n, input.getString(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** Two anchored children per input: a fail of either fails the whole tree at the spout, once. */
    static class SplitBolt extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            collector.emit(new Values(input.getInteger(0), input.getString(1)));
            collector.emit(new Values(input.getInteger(0) + 1_000_000, input.getString(1)));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** BaseBasicBolt's way: a FailedException fails the input. */
    static class BasicFailTenthOnceBolt extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            int n = input.getInteger(0);
            if (Math.floorMod(n * 0x9E3779B1, 10) == 0 && FAILED.add(n)) throw new FailedException("transient");
            collector.emit(new Values(n, input.getString(1)));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    private static Map<Integer, Integer> sinkCounts() {
        Map<Integer, Integer> seen = new HashMap<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.merge((Integer) e.values.get(0), 1, Integer::sum);
        return seen;
    }

    private static void assertAllReachedSink(int count, boolean split) {
        Map<Integer, Integer> seen = sinkCounts();
        for (int i = 0; i < count; i++) {
            assertTrue(seen.containsKey(i), "lost " + i + " (failed once: " + FAILED.contains(i) + ")");
            if (split) assertTrue(seen.containsKey(i + 1_000_000), "lost " + (i + 1_000_000));
        }
    }

    @Test
    void everyTupleABoltFailsIsReplayedByItsSpout() throws Exception {
        FAILED.clear();
        int count = 3000;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(count, 10, true), 2);
        b.setBolt("flaky", new FailTenthOnceBolt(), 2).fieldsGrouping("spout", new Fields("key"));
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("flaky");
        run("fail-replay", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));

        assertTrue(FAILED.size() > count / 20, "a tenth of the values failed once: " + FAILED.size());
        assertAllReachedSink(count, false);
        // Each failed value reached its spout's fail() once, with the id the spout emitted.
        assertEquals(FAILED.size(), Rec.SPOUT_FAILS.size(), "spout fails " + Rec.SPOUT_FAILS);
        assertEquals(FAILED, Set.copyOf(List.copyOf(Rec.SPOUT_FAILS)));
        // Every id acked exactly once in the end (the replayed ones after their replay).
        assertEquals(count, Rec.SPOUT_ACKS.size());
        assertEquals(count, Set.copyOf(List.copyOf(Rec.SPOUT_ACKS)).size());
    }

    @Test
    void aFailDeepInTheTreeFailsItsRootOnceAndTheSpoutReplaysTheWholeTree() throws Exception {
        FAILED.clear();
        int count = 2000;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(count, 10, true), 1);
        b.setBolt("split", new SplitBolt(), 2).shuffleGrouping("spout");
        b.setBolt("flaky", new BasicFailTenthOnceBolt(), 2).fieldsGrouping("split", new Fields("key"));
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        run("fail-replay-tree", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));

        assertTrue(FAILED.size() > count / 10, "failed once: " + FAILED.size());
        assertAllReachedSink(count, true);
        for (Object id : Rec.SPOUT_FAILS) assertTrue((Integer) id < count, "a root, not a child: " + id);
        assertEquals(Set.copyOf(List.copyOf(Rec.SPOUT_FAILS)).size(), Rec.SPOUT_FAILS.size(), "a tree fails once");
    }

    @Test
    void chainedSingleSubtaskTopologyReplaysToo() throws Exception {
        FAILED.clear();
        int count = 1500;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(count, 10, true), 1);
        b.setBolt("flaky", new FailTenthOnceBolt(), 1).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        run("fail-replay-chained", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));
        assertAllReachedSink(count, false);
        assertEquals(FAILED.size(), Rec.SPOUT_FAILS.size());
    }

    /** No bolt to clear a checkpoint: the spout's ids are acked as checkpoints complete, and the bounded run ends. */
    @Test
    void aSpoutOnlyTopologyAcksAndEnds() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(500, 10, true).slow(2), 2);
        run("spout-only", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));
        assertEquals(500, Set.copyOf(List.copyOf(Rec.SPOUT_ACKS)).size());
    }

    @Test
    void withoutCheckpointsAFailIsCountedNotReplayed() throws Exception {
        FAILED.clear();
        int count = 500;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(count, 10, true), 1);
        b.setBolt("flaky", new FailTenthOnceBolt(), 1).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        run("fail-no-checkpoints", conf(), b.createTopology(), bounded(), new Configuration());
        // Acked as emitted (Storm with no ackers does the same): the spout never sees a fail, and says so in the log.
        assertEquals(0, Rec.SPOUT_FAILS.size());
        assertEquals(count - FAILED.size(), sinkCounts().size());
    }
}
