package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.storm.Config;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseWindowedBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.windowing.TupleWindow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tuples a bolt keeps without acking (a window's) keep their spout ids pending across checkpoints: a failure then
 * replays them instead of losing what was in the window; a bolt that never acks one sees it failed back after
 * topology.message.timeout.secs, as on Storm.
 */
class HeldTuplesTest extends TestBase {
    static final Set<Integer> WINDOWED = ConcurrentHashMap.newKeySet();
    static final AtomicBoolean THROWN = new AtomicBoolean();

    /** Emits every value of each window it sees (anchored to the window's tuples by Storm's executor). */
    static class WindowValuesBolt extends BaseWindowedBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(TupleWindow window) {
            List<Integer> values = new ArrayList<>();
            for (Tuple t : window.get()) values.add(t.getInteger(0));
            collector.emit(new Values(values));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("values"));
        }
    }

    /** Fails the job once, mid-window, after checkpoints completed: the window then holds tuples they covered. */
    static class TripBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            if (!StatefulBoltTest.ACKED.isEmpty() && input.getInteger(0) > 1550 && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    /** Records the windows. */
    static class WindowSinkBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void execute(Tuple input) {
            WINDOWED.addAll((List<Integer>) input.getValue(0));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    @BeforeEach
    void reset() {
        WINDOWED.clear();
        THROWN.set(false);
        StatefulBoltTest.ACKED.clear();
        StatefulBoltTest.inject = false;
    }

    @Test
    void aWindowsTuplesAreReplayedAfterAFailureNotLost() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("numbers", new StatefulBoltTest.DurableSpout(), 1);
        // A window of 400 spans more than a checkpoint interval: when the failure comes, it holds tuples of ids that a
        // completed checkpoint covers.
        b.setBolt("window", new WindowValuesBolt().withTumblingWindow(BaseWindowedBolt.Count.of(400)), 1)
                .shuffleGrouping("numbers");
        b.setBolt("trip", new TripBolt(), 1).shuffleGrouping("numbers");
        b.setBolt("sink", new WindowSinkBolt(), 1).shuffleGrouping("window");
        run("held-window", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));
        assertTrue(THROWN.get(), "failure injected");
        // The last window may be partial (never emitted, as on Storm): the end of the input is left out.
        for (int i = 0; i < StatefulBoltTest.COUNT - 800; i++) assertTrue(WINDOWED.contains(i), "lost " + i);
    }

    static final Set<Integer> FIRST_SEEN = ConcurrentHashMap.newKeySet();

    /** Leaves every 100th value unacked the first time it sees it (a bug Storm's timeout papers over). */
    static class ForgetfulBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            int n = input.getInteger(0);
            if (n % 100 == 0 && FIRST_SEEN.add(n)) return;
            collector.emit(input, new Values(n, input.getString(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    @Test
    void aTupleNeverAckedIsFailedBackAfterTheMessageTimeout() throws Exception {
        FIRST_SEEN.clear();
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("numbers", new StatefulBoltTest.DurableSpout(), 1);
        b.setBolt("forgetful", new ForgetfulBolt(), 1).shuffleGrouping("numbers");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("forgetful");
        Config conf = conf();
        conf.setMessageTimeoutSecs(1);
        run(
                "held-timeout",
                conf,
                b.createTopology(),
                bounded().idlePollsToFinish(5000),
                StormOnFlink.flinkConfiguration(100, 3, 100));
        Set<Integer> seen = new java.util.HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.add((Integer) e.values.get(0));
        for (int i = 0; i < StatefulBoltTest.COUNT; i++) assertTrue(seen.contains(i), "lost " + i);
        for (int n : FIRST_SEEN) assertTrue(Rec.SPOUT_FAILS.contains(n), "timed out and failed back: " + n);
    }
}
