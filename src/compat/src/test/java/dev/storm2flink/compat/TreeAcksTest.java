package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/**
 * Acks at tree completion (AckMode TREE, the default with checkpointing): a spout's id is acked when every tuple of its
 * tree is acked, as Storm's acker decides, not when a checkpoint completes; max.spout.pending bounds the trees in flight.
 * A tree never completed times out: HeldTuplesTest.aTupleNeverAckedIsFailedBackAfterTheMessageTimeout.
 */
class TreeAcksTest extends TestBase {
    /** When each value's tuple was acked by the holding bolt, and when its spout id was acked (nanoTime). */
    static final Map<Integer, Long> BOLT_ACKED = new ConcurrentHashMap<>();

    static final Map<Integer, Long> SPOUT_ACKED = new ConcurrentHashMap<>();
    /** The most ids a spout task had emitted and not yet seen acked or failed, seen at its nextTuple calls. */
    static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

    /** SeqSpout that records its acks' times and its ids in flight. */
    static class TimedSpout extends Components.SeqSpout {
        transient int inFlight;

        TimedSpout(int count) {
            super(count, 10, true);
        }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            super.open(conf, context, collector);
            inFlight = 0;
        }

        @Override
        public void nextTuple() {
            MAX_IN_FLIGHT.accumulateAndGet(inFlight, Math::max);
            int before = next + replay.size();
            super.nextTuple();
            if (next + replay.size() != before) inFlight++;
        }

        @Override
        public void ack(Object msgId) {
            inFlight--;
            SPOUT_ACKED.put((Integer) msgId, System.nanoTime());
        }

        @Override
        public void fail(Object msgId) {
            inFlight--;
            super.fail(msgId);
        }
    }

    /** A bolt that answers later, from a thread of its own (an async client's way). */
    abstract static class TimerBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient ScheduledExecutorService timer;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.timer = Executors.newSingleThreadScheduledExecutor();
        }

        @Override
        public void cleanup() {
            timer.shutdownNow();
        }
    }

    /** Passes each tuple on anchored, and acks it a little later from another thread. */
    static class LateAckBolt extends TimerBolt {
        @Override
        public void execute(Tuple input) {
            collector.emit(input, new Values(input.getValue(0), input.getValue(1)));
            int n = input.getInteger(0);
            timer.schedule(
                    () -> {
                        BOLT_ACKED.put(n, System.nanoTime());
                        collector.ack(input);
                    },
                    20,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** Joins value n of the "a" spout with value n of the "b" spout, anchored to both, and acks both inputs. */
    static class JoinBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient Map<Integer, Tuple> waiting;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.waiting = new HashMap<>();
        }

        @Override
        public void execute(Tuple input) {
            int n = input.getInteger(0);
            Tuple other = waiting.remove(n);
            if (other == null) {
                waiting.put(n, input);
                return;
            }
            List<Tuple> anchors = new ArrayList<>();
            anchors.add(other);
            anchors.add(input);
            collector.emit(anchors, new Values(n, "joined"));
            collector.emit(anchors, new Values(n + 1_000_000, "joined"));
            collector.ack(other);
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** Holds each tuple 5 s, calling resetTimeout every 250 ms (a slow external call's way), then acks it. */
    static class SlowResettingBolt extends TimerBolt {
        final boolean reset;

        SlowResettingBolt(boolean reset) {
            this.reset = reset;
        }

        @Override
        public void execute(Tuple input) {
            if (reset) {
                for (int ms = 250; ms < 5000; ms += 250)
                    timer.schedule(() -> collector.resetTimeout(input), ms, TimeUnit.MILLISECONDS);
            }
            timer.schedule(() -> collector.ack(input), 5000, TimeUnit.MILLISECONDS);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    private static void clearTimes() {
        BOLT_ACKED.clear();
        SPOUT_ACKED.clear();
        MAX_IN_FLIGHT.set(0);
    }

    /**
     * With checkpoints an hour apart (none completes in the run), every id is still acked: by its tree completing. The
     * job is unbounded and cancelled once all acks are in.
     */
    @Test
    void idsAreAckedWhenTheirTreesCompleteWithoutACheckpoint() throws Exception {
        clearTimes();
        int count = 2000;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new TimedSpout(count), 2);
        b.setBolt("fan", new Components.FanOutBolt(3), 2).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("fan").shuffleGrouping("fan", "odd");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(3_600_000, 0, 0));
        StormOnFlink.build(env, "tree-acks", conf(), b.createTopology(), StormOnFlinkOptions.defaults());
        JobClient job = env.executeAsync("tree-acks");
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (SPOUT_ACKED.size() < count && System.currentTimeMillis() < deadline) Thread.sleep(50);
        } finally {
            job.cancel().get();
        }
        assertEquals(count, SPOUT_ACKED.size(), "ids acked without any checkpoint");
        assertEquals(count, Rec.SPOUT_ACKS.size(), "each id acked once");
        assertEquals(0, Rec.SPOUT_FAILS.size());
    }

    /**
     * A deployed job's user picks acks at checkpoints through the job's Flink configuration (storm2flink.ack-mode),
     * without editing its main: with checkpoints an hour apart, every tree completes and still no id is acked.
     */
    @Test
    void theJobsFlinkConfigurationCanChooseAcksAtCheckpoints() throws Exception {
        clearTimes();
        int count = 200;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new TimedSpout(count), 1);
        b.setBolt("late", new LateAckBolt(), 2).shuffleGrouping("spout");
        org.apache.flink.configuration.Configuration flink = StormOnFlink.flinkConfiguration(3_600_000, 0, 0);
        flink.setString(StormOnFlinkOptions.ACK_MODE_KEY, "checkpoint");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults();
        StormOnFlink.build(env, "ack-mode-key", conf(), b.createTopology(), options);
        // The caller's options are left as given: they may build other jobs with other configurations.
        assertEquals(StormOnFlinkOptions.AckMode.AUTO, options.ackMode);
        JobClient job = env.executeAsync("ack-mode-key");
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (BOLT_ACKED.size() < count && System.currentTimeMillis() < deadline) Thread.sleep(50);
            assertEquals(count, BOLT_ACKED.size(), "every tuple executed and acked");
            Thread.sleep(1500); // tree acks would have reached the spout within milliseconds
            assertEquals(0, SPOUT_ACKED.size(), "ids wait for a checkpoint");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void anUnknownAckModeIsNamedWithTheChoices() {
        org.apache.flink.configuration.Configuration flink = StormOnFlink.flinkConfiguration(1000, 0, 0);
        flink.setString(StormOnFlinkOptions.ACK_MODE_KEY, "trees");
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new TimedSpout(1), 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> StormOnFlink.build(
                        StreamExecutionEnvironment.getExecutionEnvironment(flink),
                        "bad-ack-mode",
                        conf(),
                        b.createTopology(),
                        StormOnFlinkOptions.defaults()));
        assertEquals("storm2flink.ack-mode: 'trees' is not one of auto, tree, checkpoint, immediate", e.getMessage());
    }

    /** An id is acked only after the last tuple of its tree is: a bolt acking late holds the spout's ack back. */
    @Test
    void anIdIsAckedOnlyAfterEveryTupleOfItsTree() throws Exception {
        clearTimes();
        int count = 600;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new TimedSpout(count), 1);
        b.setBolt("pass", new Components.PassBolt(), 2).shuffleGrouping("spout");
        b.setBolt("late", new LateAckBolt(), 2).shuffleGrouping("pass");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("late");
        run("tree-acks-late", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 0, 0));
        assertEquals(count, SPOUT_ACKED.size());
        for (int n = 0; n < count; n++) {
            assertTrue(SPOUT_ACKED.get(n) >= BOLT_ACKED.get(n), "id " + n + " acked before its tree was complete");
        }
    }

    /** A tuple anchored to two trees completes both only when acked; each spout's ids are acked once. */
    @Test
    void multiAnchoredTuplesCompleteEveryTreeTheyBelongTo() throws Exception {
        clearTimes();
        int count = 1000;
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("a", new Components.SeqSpout(count, 10, true), 1);
        b.setSpout("b", new Components.SeqSpout(count, 10, true), 2);
        b.setBolt("join", new JoinBolt(), 2)
                .fieldsGrouping("a", new Fields("n"))
                .fieldsGrouping("b", new Fields("n"));
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("join");
        run("tree-acks-join", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 0, 0));
        assertEquals(2 * count, Rec.execs("sink").size());
        assertEquals(2 * count, Rec.SPOUT_ACKS.size(), "every id of both spouts acked once");
        assertEquals(0, Rec.SPOUT_FAILS.size());
    }

    /** topology.max.spout.pending: nextTuple is not called while that many trees are in flight. */
    @Test
    void maxSpoutPendingBoundsTheTreesInFlight() throws Exception {
        clearTimes();
        int count = 400;
        Config conf = conf();
        conf.setMaxSpoutPending(8);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new TimedSpout(count), 1);
        b.setBolt("late", new LateAckBolt(), 2).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("late");
        run("tree-acks-pending", conf, b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 0, 0));
        assertEquals(count, SPOUT_ACKED.size());
        // As Storm's executor: nextTuple is called only while fewer than 8 are pending; and the bound was reached (acks
        // come 20 ms late), so the test says something.
        assertEquals(7, MAX_IN_FLIGHT.get(), "most ids in flight when nextTuple was called");
    }

    /** collector.resetTimeout keeps a slow tree alive past topology.message.timeout.secs; without it, the tree times out. */
    @Test
    void resetTimeoutKeepsASlowTreeFromTimingOut() throws Exception {
        for (boolean reset : new boolean[] {true, false}) {
            Rec.clear();
            Config conf = conf();
            // A 2 s timeout against resets every 250 ms: slack for a loaded machine's route through the JobManager.
            conf.setMessageTimeoutSecs(2);
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("spout", new Components.SeqSpout(20, 10, true), 1);
            b.setBolt("slow", new SlowResettingBolt(reset), 1).shuffleGrouping("spout");
            StormOnFlinkOptions o =
                    StormOnFlinkOptions.defaults().bounded(true).idlePollsToFinish(reset ? 10000 : 3000);
            if (reset) {
                run("tree-acks-reset", conf, b.createTopology(), o, StormOnFlink.flinkConfiguration(100, 0, 0));
                assertEquals(0, Rec.SPOUT_FAILS.size(), "reset trees timed out: " + Rec.SPOUT_FAILS);
                assertEquals(20, Set.copyOf(List.copyOf(Rec.SPOUT_ACKS)).size());
            } else {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(100, 0, 0));
                StormOnFlink.build(env, "tree-acks-no-reset", conf, b.createTopology(), StormOnFlinkOptions.defaults());
                JobClient job = env.executeAsync("tree-acks-no-reset");
                try {
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (Rec.SPOUT_FAILS.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
                } finally {
                    job.cancel().get();
                }
                assertTrue(!Rec.SPOUT_FAILS.isEmpty(), "without resetTimeout the 5 s trees time out after 2 s");
            }
        }
    }
}
