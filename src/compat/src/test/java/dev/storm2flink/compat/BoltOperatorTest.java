package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.state.KeyValueState;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.topology.base.BaseStatefulBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BoltOperator alone, in Flink's OneInputStreamOperatorTestHarness (no MiniCluster): what a bolt emits, acks and
 * fails reaches the output and the fail route, ticks come from processing time or verify's clock, and a stateful
 * bolt's state goes through a snapshot and back.
 */
class BoltOperatorTest {
    /** What the bolts executed, in order ("task: input"), across the serialized copies the operator makes. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
        Hooks.CLOCK.set(0);
        Hooks.TICKING.clear();
        Hooks.FAIL_AT = null;
    }

    /** Declares the input stream ("line"); the harness feeds the bolt, so it never runs. */
    static class LineSpout extends BaseRichSpout {
        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {}

        @Override
        public void nextTuple() {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("line"));
        }
    }

    /** Splits its input into words to "count"; acks "ok…", fails "bad…", keeps "hold…" (neither); logs ticks. */
    static class WordsBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient int task;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.task = context.getThisTaskId();
        }

        @Override
        public void execute(Tuple t) {
            if (TupleUtils.isTick(t)) {
                SEEN.add(task + ": tick " + t.getValue(0));
                return;
            }
            String s = t.getString(0);
            SEEN.add(task + ": " + s);
            for (String w : s.split(" ")) collector.emit(t, new Values(w));
            if (s.startsWith("bad")) collector.fail(t);
            else if (!s.startsWith("hold")) collector.ack(t);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("word"));
        }
    }

    static class CountBolt extends BaseRichBolt {
        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {}

        @Override
        public void execute(Tuple t) {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }

    /** Counts per word in a KeyValueState and emits (word, count). */
    static class CountingStatefulBolt extends BaseStatefulBolt<KeyValueState<String, Long>> {
        transient KeyValueState<String, Long> counts;
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void initState(KeyValueState<String, Long> state) {
            counts = state;
        }

        @Override
        public void execute(Tuple t) {
            String w = t.getString(0);
            long n = counts.get(w, 0L) + 1;
            counts.put(w, n);
            collector.emit(t, new Values(w, n));
            collector.ack(t);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("word", "count"));
        }
    }

    /** verify's hooks as a test sets them: a clock it moves, a component to fail at. */
    static final class Hooks implements VerifyHooks {
        static final AtomicLong CLOCK = new AtomicLong();
        static final Set<Integer> TICKING = Collections.synchronizedSet(new HashSet<>());
        static volatile String FAIL_AT;

        @Override
        public void tickingTask(String component, int taskId, int secs) {
            TICKING.add(taskId);
        }

        @Override
        public long clockSecs() {
            return CLOCK.get();
        }

        @Override
        public void beforeExecute(String component) {
            if (component.equals(FAIL_AT)) throw new IllegalStateException("injected at " + component);
        }
    }

    /** Every event the operator sends its coordinator (the way of fails and acks to the spouts). */
    static final class Gateway implements OperatorEventGateway {
        final List<OperatorEvent> events = new ArrayList<>();

        @Override
        public void sendEventToCoordinator(OperatorEvent event) {
            events.add(event);
        }
    }

    private static StormTopology words(Integer tickSecs) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("in", new LineSpout(), 1);
        var words = b.setBolt("words", new WordsBolt(), 2).shuffleGrouping("in");
        if (tickSecs != null) words.addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, tickSecs);
        b.setBolt("count", new CountBolt(), 3).fieldsGrouping("words", new Fields("word"));
        return b.createTopology();
    }

    private static OneInputStreamOperatorTestHarness<StormRecord, StormRecord> harness(BoltOperator op)
            throws Exception {
        OneInputStreamOperatorTestHarness<StormRecord, StormRecord> h = new OneInputStreamOperatorTestHarness<>(op);
        h.setup();
        return h;
    }

    private static StormRecord input(int target, String line, long root) {
        return new StormRecord(target, 1, "in", "default", new Values(line), root == 0 ? null : new long[] {root});
    }

    private static List<StormRecord> records(OneInputStreamOperatorTestHarness<StormRecord, StormRecord> h) {
        List<StormRecord> out = new ArrayList<>();
        for (Object o : h.getOutput())
            if (o instanceof StreamRecord) out.add((StormRecord) ((StreamRecord<?>) o).getValue());
        return out;
    }

    @Test
    void emitsGoToTheGroupingsTasksBatchedPerTarget() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults();
        TopologyPlan plan = new TopologyPlan("t", new Config(), words(null), options);
        List<Integer> wordsTasks = plan.component("words").tasks;
        List<Integer> countTasks = plan.component("count").tasks;
        try (var h = harness(new BoltOperator(plan, "words", options))) {
            h.open();
            String line = "a b c d e f g h a b c d";
            h.processElement(new StreamRecord<>(input(wordsTasks.get(1), line, 0)));
            List<StormRecord> out = records(h);
            Map<String, Integer> taskOfWord = new HashMap<>();
            List<String> all = new ArrayList<>();
            for (StormRecord r : out) {
                assertTrue(countTasks.contains(r.targetTask), "to a task of count: " + r);
                assertEquals(wordsTasks.get(1), r.sourceTask);
                assertEquals("words", r.sourceComponent);
                for (int i = 0; i < r.size(); i++) {
                    String w = (String) r.valuesAt(i).get(0);
                    all.add(w);
                    Integer before = taskOfWord.put(w, r.targetTask);
                    assertTrue(before == null || before == r.targetTask, "fields grouping: one task per word");
                }
            }
            List<String> sorted = new ArrayList<>(List.of(line.split(" ")));
            Collections.sort(sorted);
            Collections.sort(all);
            assertEquals(sorted, all, "every emit, once");
            assertEquals(new HashSet<>(taskOfWord.values()).size(), out.size(), "one record per target task");
            assertEquals(List.of(wordsTasks.get(1) + ": " + line), SEEN);
        }
    }

    @Test
    void failsAndHeldTuplesGoToTheSpoutsAtTheBarrier() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults();
        TopologyPlan plan = new TopologyPlan("t", new Config(), words(null), options);
        int task = plan.component("words").tasks.get(0);
        long ok = Roots.of(5, 1), bad = Roots.of(5, 2), held = Roots.of(5, 3);
        BoltOperator op = new BoltOperator(plan, "words", options);
        Gateway gateway = new Gateway();
        op.failGateway(gateway, false, null);
        try (var h = harness(op)) {
            h.open();
            h.processElement(new StreamRecord<>(input(task, "ok x", ok)));
            h.processElement(new StreamRecord<>(input(task, "bad y", bad)));
            h.processElement(new StreamRecord<>(input(task, "hold z", held)));
            assertEquals(List.of(), gateway.events, "fails go on the flush timer or at the barrier");
            h.prepareSnapshotPreBarrier(7);
            assertEquals(1, gateway.events.size());
            FailEvents.BoltFailed e = (FailEvents.BoltFailed) gateway.events.get(0);
            assertEquals("words", e.component);
            assertEquals(7, e.flushed);
            assertArrayEquals(new long[] {bad}, e.roots);
            assertArrayEquals(
                    new long[] {held}, e.held, "executed, neither acked nor failed: its tree is not complete");
            assertNull(e.acked);
            // The emits carry their anchor's roots on.
            Map<String, Long> rootOf = Map.of("ok", ok, "x", ok, "bad", bad, "y", bad, "hold", held, "z", held);
            int tuples = 0;
            for (StormRecord r : records(h)) {
                for (int i = 0; i < r.size(); i++, tuples++) {
                    String w = (String) r.valuesAt(i).get(0);
                    assertArrayEquals(new long[] {rootOf.get(w)}, r.rootsAt(i), w);
                }
            }
            assertEquals(6, tuples);
        }
    }

    @Test
    void ticksOnProcessingTime() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults();
        TopologyPlan plan = new TopologyPlan("t", new Config(), words(2), options);
        List<Integer> tasks = plan.component("words").tasks;
        try (var h = harness(new BoltOperator(plan, "words", options))) {
            h.open();
            h.setProcessingTime(1999);
            assertEquals(List.of(), SEEN);
            h.setProcessingTime(2000);
            assertEquals(List.of(tasks.get(0) + ": tick 2", tasks.get(1) + ": tick 2"), SEEN);
            h.setProcessingTime(4000);
            assertEquals(4, SEEN.size());
        }
    }

    @Test
    void ticksEveryRecordsInDeterministicMode() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults().tickEveryRecords(2);
        TopologyPlan plan = new TopologyPlan("t", new Config(), words(5), options);
        int task = plan.component("words").tasks.get(0);
        try (var h = harness(new BoltOperator(plan, "words", options))) {
            h.open();
            for (String s : List.of("ok 1", "ok 2", "ok 3", "ok 4", "ok 5"))
                h.processElement(new StreamRecord<>(input(task, s, 0)));
            assertEquals(
                    List.of(
                            task + ": ok 1",
                            task + ": ok 2",
                            task + ": tick 5",
                            task + ": ok 3",
                            task + ": ok 4",
                            task + ": tick 5",
                            task + ": ok 5"),
                    SEEN);
        }
    }

    /** TickMode.EXTERNAL and fault injection reach verify only through the options' VerifyHooks. */
    @Test
    void verifyHooksTickAndFail() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults()
                .tickMode(StormOnFlinkOptions.TickMode.EXTERNAL)
                .verifyHooks(new Hooks());
        TopologyPlan plan = new TopologyPlan("t", new Config(), words(2), options);
        List<Integer> tasks = plan.component("words").tasks;
        int task = tasks.get(0);
        try (var h = harness(new BoltOperator(plan, "words", options))) {
            h.open();
            assertEquals(new HashSet<>(tasks), Hooks.TICKING, "each task ticking on verify's clock, said at open");
            h.processElement(new StreamRecord<>(input(task, "ok a", 0)));
            Hooks.CLOCK.set(5);
            // Ticks due before a tuple come first: two multiples of 2 passed.
            h.processElement(new StreamRecord<>(input(task, "ok b", 0)));
            assertEquals(
                    List.of(
                            task + ": ok a",
                            tasks.get(0) + ": tick 2",
                            tasks.get(1) + ": tick 2",
                            tasks.get(0) + ": tick 2",
                            tasks.get(1) + ": tick 2",
                            task + ": ok b"),
                    SEEN);
            Hooks.FAIL_AT = "words";
            Exception e = assertThrows(
                    IllegalStateException.class, () -> h.processElement(new StreamRecord<>(input(task, "ok c", 0))));
            assertEquals("injected at words", e.getMessage());
            assertEquals(6, SEEN.size(), "the failure comes before execute");
        }
    }

    @Test
    void defaultHooksDoNothing() {
        VerifyHooks none = StormOnFlinkOptions.defaults().verifyHooks;
        assertEquals(VerifyHooks.NONE, none);
        none.beforeExecute("any");
        assertEquals(0, none.clockSecs());
        assertEquals(0, none.tridentTransactions());
    }

    @Test
    void statefulBoltStateGoesThroughASnapshot() throws Exception {
        StormOnFlinkOptions options = StormOnFlinkOptions.defaults();
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("in", new LineSpout(), 1);
        b.setBolt("counter", new CountingStatefulBolt(), 1).shuffleGrouping("in");
        b.setBolt("count", new CountBolt(), 1).shuffleGrouping("counter");
        TopologyPlan plan = new TopologyPlan("t", new Config(), b.createTopology(), options);
        int task = plan.component("counter").tasks.get(0);
        OperatorSubtaskState snapshot;
        try (var h = harness(new BoltOperator(plan, "counter", options))) {
            h.open();
            for (String w : List.of("a", "a", "b")) h.processElement(new StreamRecord<>(input(task, w, 0)));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            // After the checkpoint: not in the snapshot.
            h.processElement(new StreamRecord<>(input(task, "a", 0)));
        }
        try (var h = new OneInputStreamOperatorTestHarness<>(new BoltOperator(plan, "counter", options))) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(input(task, "a", 0)));
            h.processElement(new StreamRecord<>(input(task, "c", 0)));
            List<List<Object>> emitted = new ArrayList<>();
            for (StormRecord r : records(h)) for (int i = 0; i < r.size(); i++) emitted.add(r.valuesAt(i));
            assertEquals(List.of(List.of("a", 3L), List.of("c", 1L)), emitted, "counts as of checkpoint 1");
        }
        try (var h = harness(new BoltOperator(plan, "counter", options))) {
            h.open();
            h.processElement(new StreamRecord<>(input(task, "a", 0)));
            assertEquals(List.of("a", 1L), records(h).get(0).values, "without the snapshot: a fresh state");
        }
    }
}
