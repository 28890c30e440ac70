package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * At-least-once with acks at tree completion, as a property: for a seed, bolts fail() some tuples, hold some without
 * acking (so they time out), and tasks fail at random points (so the job restores); at the end every record the queue
 * handed out was counted by the sink at least once, and the queue has nothing left in flight (no fail or timeout was
 * lost). The spout reads a queue outside the job (as a broker with acks: what a task had in flight goes back to the
 * queue when a new instance opens), so a premature ack shows as a record that is never counted.
 */
class TreeAcksPropertyTest extends TestBase {
    static final int RECORDS = 300;

    /** The broker: records not handed out yet, and those each spout task has in flight (static: survives restores). */
    static final Deque<Integer> QUEUE = new ArrayDeque<>();

    static final Map<Integer, Set<Integer>> IN_FLIGHT = new ConcurrentHashMap<>();
    static final Set<Integer> ACKED = ConcurrentHashMap.newKeySet();
    static final Map<Integer, Integer> COUNTED = new ConcurrentHashMap<>();
    /** How often each record reached the chaos bolt: its first attempt may fail, be held, or fail the task. */
    static final Map<Integer, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    static final AtomicInteger EXECUTED = new AtomicInteger();
    static final AtomicInteger RESTORES = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();
    static final AtomicInteger HELD = new AtomicInteger();
    /** Spout instances opened: a task failure is injected only once the job restored from the one before. */
    static final AtomicInteger OPENED = new AtomicInteger();

    static volatile int openedAtFailure = -1;
    static volatile int[] restoreAt = new int[0];

    static class QueueSpout extends BaseRichSpout {
        transient SpoutOutputCollector collector;
        transient Set<Integer> mine;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            // A new instance (first start or restore): what this task had in flight goes back, as a broker does when a
            // consumer's session ends; ids the restored checkpoint fails afterwards are no longer in flight here.
            OPENED.incrementAndGet();
            mine = IN_FLIGHT.computeIfAbsent(context.getThisTaskId(), k -> ConcurrentHashMap.newKeySet());
            synchronized (QUEUE) {
                QUEUE.addAll(mine);
            }
            mine.clear();
        }

        @Override
        public void nextTuple() {
            Integer v;
            synchronized (QUEUE) {
                v = QUEUE.poll();
            }
            if (v == null) return;
            mine.add(v);
            collector.emit(new Values(v), v);
        }

        @Override
        public void ack(Object id) {
            if (mine.remove(id)) ACKED.add((Integer) id);
        }

        @Override
        public void fail(Object id) {
            if (!mine.remove(id)) return;
            synchronized (QUEUE) {
                QUEUE.add((Integer) id);
            }
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("v"));
        }
    }

    /** On a record's first attempt, by the seed: pass it on, fail it, hold it (never acked), or fail the task. */
    static class ChaosBolt extends BaseRichBolt {
        final long seed;
        transient OutputCollector collector;

        ChaosBolt(long seed) {
            this.seed = seed;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            int v = input.getInteger(0);
            int n = EXECUTED.incrementAndGet();
            int[] at = restoreAt;
            int r = RESTORES.get();
            if (r < at.length && n >= at[r] && OPENED.get() > openedAtFailure && RESTORES.compareAndSet(r, r + 1)) {
                openedAtFailure = OPENED.get();
                throw new IllegalStateException("injected task failure " + (r + 1));
            }
            int attempt = ATTEMPTS.merge(v, 1, Integer::sum);
            int roll = new SplittableRandom(seed * 1_000_003L + v).nextInt(100);
            if (attempt == 1 && roll < 8) {
                FAILED.incrementAndGet();
                collector.fail(input);
                return;
            }
            if (attempt == 1 && roll < 12) {
                HELD.incrementAndGet();
                return; // never acked: its tree times out and the spout replays it
            }
            // Two copies down the tree, so the sink's acks both count.
            collector.emit(input, new Values(v, 0));
            collector.emit(input, new Values(v, 1));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("v", "copy"));
        }
    }

    /** Counts each record (copy 0) and acks; copy 1 of a second-attempt record is failed once in a while. */
    static class CountingSink extends BaseRichBolt {
        final long seed;
        transient OutputCollector collector;

        CountingSink(long seed) {
            this.seed = seed;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            int v = input.getInteger(0);
            if (input.getInteger(1) == 1
                    && ATTEMPTS.getOrDefault(v, 0) == 2
                    && new SplittableRandom(seed * 7_919L + v).nextInt(100) < 10) {
                FAILED.incrementAndGet();
                collector.fail(input);
                return;
            }
            if (input.getInteger(1) == 0) COUNTED.merge(v, 1, Integer::sum);
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    private static void reset(long seed) {
        synchronized (QUEUE) {
            QUEUE.clear();
            for (int i = 0; i < RECORDS; i++) QUEUE.add(i);
        }
        IN_FLIGHT.clear();
        ACKED.clear();
        COUNTED.clear();
        ATTEMPTS.clear();
        EXECUTED.set(0);
        RESTORES.set(0);
        FAILED.set(0);
        HELD.set(0);
        OPENED.set(0);
        openedAtFailure = -1;
        SplittableRandom r = new SplittableRandom(seed);
        int restores = 1 + r.nextInt(2);
        int[] at = new int[restores];
        for (int i = 0; i < restores; i++) at[i] = (i == 0 ? 0 : at[i - 1]) + 20 + r.nextInt(RECORDS / 2);
        restoreAt = at;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyRecordIsCountedAtLeastOnceThroughFailsTimeoutsAndRestores(long seed) throws Exception {
        reset(seed);
        Config conf = conf();
        conf.setMessageTimeoutSecs(2);
        conf.setMaxSpoutPending(50);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("queue", new QueueSpout(), 2);
        b.setBolt("chaos", new ChaosBolt(seed), 2).shuffleGrouping("queue");
        b.setBolt("sink", new CountingSink(seed), 2).fieldsGrouping("chaos", new Fields("v"));
        // Unbounded (a bounded run acks trees bolts still hold when its input ends): cancelled once the queue is
        // drained and nothing is in flight, or at the deadline.
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(100, 5, 100));
        StormOnFlink.build(env, "tree-acks-property-" + seed, conf, b.createTopology(), StormOnFlinkOptions.defaults());
        JobClient job = env.executeAsync("tree-acks-property-" + seed);
        long deadline = System.currentTimeMillis() + 240_000;
        try {
            while (ACKED.size() < RECORDS && System.currentTimeMillis() < deadline) Thread.sleep(100);
        } finally {
            job.cancel().get();
            // The next seed refills the static queue: this job's spouts must be gone by then, not still polling it.
            while (!job.getJobStatus().get().isGloballyTerminalState()) Thread.sleep(50);
        }
        String run = "seed " + seed + " (restores at " + java.util.Arrays.toString(restoreAt) + ", " + RESTORES.get()
                + " done, " + FAILED.get() + " fails, " + HELD.get() + " held)";
        Set<Integer> lost = new TreeSet<>();
        for (int v : ACKED) if (!COUNTED.containsKey(v)) lost.add(v);
        assertEquals(Set.of(), lost, run + ": acked but never counted");
        Set<Integer> stuck = new TreeSet<>();
        for (int v = 0; v < RECORDS; v++) if (!ACKED.contains(v)) stuck.add(v);
        Set<Integer> queued;
        synchronized (QUEUE) {
            queued = new HashSet<>(QUEUE);
        }
        assertEquals(
                Set.of(), stuck, run + ": never acked (queued again: " + queued + ", in flight: " + inFlight() + ")");
        assertEquals(restoreAt.length, RESTORES.get(), run + ": every task failure injected");
        assertTrue(FAILED.get() > 0 && HELD.get() > 0, run + ": fails and timeouts happened");
    }

    private static List<Integer> inFlight() {
        List<Integer> all = new java.util.ArrayList<>();
        for (Set<Integer> s : IN_FLIGHT.values()) all.addAll(s);
        return all;
    }
}
