package dev.storm2flink.compat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.grouping.CustomStreamGrouping;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Small Storm spouts and bolts used by the tests, written as a Storm user would. */
final class Components {
    private Components() {}

    /** Emits [n, key] for n in [0, count) with message id n, optionally pausing; re-emits failed ids. */
    static class SeqSpout extends BaseRichSpout implements BoundedSpout {
        final int count;
        final int keys;
        final boolean reliable;
        final String[] extraStreams;
        int sleepEvery = 0;
        transient SpoutOutputCollector collector;
        transient int next;
        transient Deque<Integer> replay;

        SeqSpout(int count, int keys, boolean reliable, String... extraStreams) {
            this.count = count;
            this.keys = keys;
            this.reliable = reliable;
            this.extraStreams = extraStreams;
        }

        SeqSpout slow(int sleepEvery) {
            this.sleepEvery = sleepEvery;
            return this;
        }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            // Each task emits its share so numTasks > 1 does not duplicate input.
            int idx = context.getThisTaskIndex();
            int n = context.getComponentTasks(context.getThisComponentId()).size();
            this.next = idx;
            this.stride = n;
            this.replay = new ArrayDeque<>();
        }

        transient int stride;

        @Override
        public void nextTuple() {
            Integer n = replay.poll();
            if (n == null) {
                if (next >= count) return;
                n = next;
                next += stride;
            }
            if (sleepEvery > 0 && n % sleepEvery == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Values v = new Values(n, "k" + (n % keys));
            List<Integer> tasks = collector.emit(v, reliable ? n : null);
            List<Object> note = new ArrayList<>();
            note.add(n);
            note.add(tasks);
            Rec.RETURNED.add(note);
            for (String s : extraStreams) collector.emit(s, new Values(n, "k" + (n % keys)), reliable ? n : null);
        }

        @Override
        public void fail(Object msgId) {
            if (replay != null && msgId instanceof Integer) replay.add((Integer) msgId);
        }

        @Override
        public boolean isFinished() {
            return next >= count && replay.isEmpty();
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
            for (String s : extraStreams) d.declareStream(s, new Fields("n", "key"));
        }
    }

    /** Passes tuples on (same fields), anchored, acking; optionally to a named stream too. */
    static class PassBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            if (input.getSourceStreamId().startsWith("__")) {
                collector.ack(input);
                return;
            }
            collector.emit(input, new Values(input.getValue(0), input.getValue(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** Emits {@code fanOut} tuples (n, i) per input, alternating the default and "odd" streams, anchored. */
    static class FanOutBolt extends BaseRichBolt {
        final int fanOut;
        transient OutputCollector collector;

        FanOutBolt(int fanOut) {
            this.fanOut = fanOut;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            for (int i = 0; i < fanOut; i++) {
                collector.emit(i % 2 == 0 ? "default" : "odd", input, new Values(input.getValue(0), i));
            }
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "i"));
            d.declareStream("odd", new Fields("n", "i"));
        }
    }

    /** Does nothing but ack (the hooks record what it saw). */
    static class SinkBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    /** BaseBasicBolt: acked automatically by Storm's BasicBoltExecutor. */
    static class UpperBasicBolt extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            collector.emit(new Values(input.getInteger(0), input.getString(1).toUpperCase()));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /** Sends every tuple with emitDirect to the task chosen by n % tasks on a direct stream. */
    static class DirectBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient List<Integer> targets;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.targets = context.getComponentTasks("direct-sink");
        }

        @Override
        public void execute(Tuple input) {
            int n = input.getInteger(0);
            collector.emitDirect(targets.get(n % targets.size()), "d", input, new Values(n, input.getValue(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declareStream("d", true, new Fields("n", "key"));
        }
    }

    /** Custom grouping sending each tuple to two tasks: n % k and (n + 1) % k. */
    static class TwoTasksGrouping implements CustomStreamGrouping {
        List<Integer> targets;

        @Override
        public void prepare(WorkerTopologyContext context, GlobalStreamId stream, List<Integer> targetTasks) {
            this.targets = new ArrayList<>(targetTasks);
        }

        @Override
        public List<Integer> chooseTasks(int taskId, List<Object> values) {
            int n = (Integer) values.get(0);
            List<Integer> out = new ArrayList<>();
            out.add(targets.get(n % targets.size()));
            out.add(targets.get((n + 1) % targets.size()));
            return out;
        }
    }

    /** Records what its TopologyContext answers, registers a metric, then behaves as a sink. */
    static class ContextBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient org.apache.storm.metric.api.CountMetric count;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext ctx, OutputCollector collector) {
            this.collector = collector;
            Map<String, Object> note = new HashMap<>();
            note.put("component", ctx.getThisComponentId());
            note.put("taskIndex", ctx.getThisTaskIndex());
            note.put("tasks", ctx.getComponentTasks(ctx.getThisComponentId()));
            note.put("spoutTasks", ctx.getComponentTasks("spout"));
            note.put(
                    "spoutFields",
                    ctx.getComponentOutputFields("spout", "default").toList());
            note.put("sources", ctx.getThisSources().keySet().toString());
            note.put("targets", ctx.getThisTargets().keySet().toString());
            note.put("confUser", conf.get("user.key"));
            note.put("confComponent", conf.get("component.key"));
            note.put("confDefault", conf.get("topology.message.timeout.secs"));
            note.put("streams", ctx.getThisStreams().toString());
            Rec.NOTES.put("ctx-" + ctx.getThisTaskId(), note);
            count = ctx.registerMetric("seen", new org.apache.storm.metric.api.CountMetric(), 1);
        }

        @Override
        public void execute(Tuple input) {
            count.incr();
            collector.emit("out", input, new Values(input.getValue(0)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declareStream("out", new Fields("n"));
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            Map<String, Object> m = new HashMap<>();
            m.put("component.key", "c");
            return m;
        }
    }

    /** Throws once, after the spout has seen an ack (i.e. a checkpoint completed), to force a restore. */
    static class FailOnceBolt extends BaseRichBolt {
        static final AtomicBoolean THROWN = new AtomicBoolean();
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            if (!Rec.SPOUT_ACKS.isEmpty() && input.getInteger(0) > 500 && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            collector.emit(input, new Values(input.getValue(0), input.getValue(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    /**
     * Emits [value at {@code field}] anchored and acks, pausing 1 ms per tuple (so checkpoints complete meanwhile);
     * the {@code failAt}-th tuple over all instances makes it throw once, forcing a restore.
     */
    static class FailAfterBolt extends BaseRichBolt {
        static final AtomicBoolean THROWN = new AtomicBoolean();
        static final AtomicInteger SEEN = new AtomicInteger();
        final int failAt;
        final int field;
        transient OutputCollector collector;

        FailAfterBolt(int failAt, int field) {
            this.failAt = failAt;
            this.field = field;
        }

        static void reset() {
            THROWN.set(false);
            SEEN.set(0);
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (SEEN.incrementAndGet() >= failAt && THROWN.compareAndSet(false, true))
                throw new IllegalStateException("injected failure");
            collector.emit(input, new Values(input.getValue(field)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("value"));
        }
    }
}
