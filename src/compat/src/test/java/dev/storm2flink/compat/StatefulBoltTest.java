package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.state.KeyValueState;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.topology.base.BaseStatefulBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IStatefulBolt with KeyValueState on Flink's checkpoints: Storm's lifecycle calls, and the state exactly-once. */
class StatefulBoltTest extends TestBase {
    static final int COUNT = 3000;
    static final int KEYS = 10;
    /** Each key's count as the bolt last wrote it. */
    static final Map<String, Long> LAST = new ConcurrentHashMap<>();

    static final AtomicInteger INIT = new AtomicInteger();
    static final AtomicInteger PREPARES = new AtomicInteger();
    static final AtomicInteger COMMITS = new AtomicInteger();
    static final AtomicBoolean THROWN = new AtomicBoolean();
    static volatile boolean inject;

    /** A durable source: what was acked is remembered across restarts (as a queue's committed position). */
    static final Set<Integer> ACKED = ConcurrentHashMap.newKeySet();

    static class DurableSpout extends BaseRichSpout implements BoundedSpout {
        transient SpoutOutputCollector collector;
        transient Deque<Integer> queue;
        transient Set<Integer> outstanding;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            queue = new ArrayDeque<>();
            outstanding = new HashSet<>();
            int idx = context.getThisTaskIndex();
            int n = context.getComponentTasks(context.getThisComponentId()).size();
            for (int i = idx; i < COUNT; i += n) if (!ACKED.contains(i)) queue.add(i);
        }

        @Override
        public void nextTuple() {
            Integer i = queue.poll();
            if (i == null) return;
            if (i % 3 == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            outstanding.add(i);
            collector.emit(new Values(i, "k" + (i % KEYS)), i);
        }

        @Override
        public void ack(Object id) {
            outstanding.remove(id);
            ACKED.add((Integer) id);
        }

        @Override
        public void fail(Object id) {
            if (outstanding.remove(id)) queue.add((Integer) id);
        }

        @Override
        public boolean isFinished() {
            return queue.isEmpty() && outstanding.isEmpty();
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    static class CountBolt extends BaseStatefulBolt<KeyValueState<String, Long>> {
        transient KeyValueState<String, Long> counts;
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void initState(KeyValueState<String, Long> state) {
            INIT.incrementAndGet();
            counts = state;
        }

        @Override
        public void prePrepare(long txid) {
            PREPARES.incrementAndGet();
        }

        @Override
        public void preCommit(long txid) {
            COMMITS.incrementAndGet();
        }

        @Override
        public void execute(Tuple input) {
            if (inject && !ACKED.isEmpty() && input.getInteger(0) > COUNT / 2 && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            String key = input.getStringByField("key");
            long c = counts.get(key, 0L) + 1;
            counts.put(key, c);
            LAST.put(key, c);
            collector.emit(input, new Values(key, c));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("key", "count"));
        }
    }

    @BeforeEach
    void reset() {
        LAST.clear();
        ACKED.clear();
        INIT.set(0);
        PREPARES.set(0);
        COMMITS.set(0);
        THROWN.set(false);
    }

    private static org.apache.storm.generated.StormTopology topology() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("numbers", new DurableSpout(), 2);
        b.setBolt("count", new CountBolt(), 2).fieldsGrouping("numbers", new Fields("key"));
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("count");
        return b.createTopology();
    }

    private static void assertEveryKeyCountedOnce() {
        for (int k = 0; k < KEYS; k++)
            assertEquals(COUNT / KEYS, LAST.get("k" + k), "final count of k" + k + ": " + LAST);
    }

    @Test
    void stateLivesThroughStormsLifecycleOnFlinkCheckpoints() throws Exception {
        inject = false;
        run("stateful", conf(), topology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));
        assertEveryKeyCountedOnce();
        assertEquals(2, INIT.get(), "initState once per task");
        assertTrue(PREPARES.get() > 0 && COMMITS.get() > 0, "prePrepare " + PREPARES + ", preCommit " + COMMITS);
    }

    @Test
    void afterAFailureTheStateIsExactlyOnce() throws Exception {
        inject = true;
        run("stateful-failure", conf(), topology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));
        assertTrue(THROWN.get(), "failure injected");
        assertTrue(INIT.get() >= 4, "both tasks initialized again after the restore: " + INIT);
        assertEveryKeyCountedOnce();
    }
}
