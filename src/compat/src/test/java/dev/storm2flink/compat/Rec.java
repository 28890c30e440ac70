package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.hooks.BaseTaskHook;
import org.apache.storm.hooks.info.BoltAckInfo;
import org.apache.storm.hooks.info.BoltExecuteInfo;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.TupleUtils;

/** Static, JVM-wide recordings made by task hooks and test components (the MiniCluster runs in the test JVM). */
final class Rec {
    private Rec() {}

    /** One tuple executed by a bolt task. */
    static final class Exec {
        final String component;
        final int task;
        final String source;
        final int sourceTask;
        final String stream;
        final List<Object> values;
        final boolean tick;

        Exec(
                String component,
                int task,
                String source,
                int sourceTask,
                String stream,
                List<Object> values,
                boolean tick) {
            this.component = component;
            this.task = task;
            this.source = source;
            this.sourceTask = sourceTask;
            this.stream = stream;
            this.values = values;
            this.tick = tick;
        }

        @Override
        public String toString() {
            return component + "#" + task + "<-" + source + ":" + stream + values;
        }
    }

    static final class Emit {
        final String component;
        final int task;
        final String stream;
        final List<Object> values;
        final List<Integer> outTasks;

        Emit(String component, int task, String stream, List<Object> values, List<Integer> outTasks) {
            this.component = component;
            this.task = task;
            this.stream = stream;
            this.values = values;
            this.outTasks = outTasks;
        }
    }

    static final ConcurrentLinkedQueue<Exec> EXECS = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Emit> EMITS = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Object> SPOUT_ACKS = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Object> SPOUT_FAILS = new ConcurrentLinkedQueue<>();
    static final AtomicInteger BOLT_ACKS = new AtomicInteger();
    static final AtomicInteger HOOK_PREPARES = new AtomicInteger();
    static final AtomicInteger HOOK_CLEANUPS = new AtomicInteger();
    /** Free-form notes from components (context answers, returned task ids...). */
    static final Map<String, Object> NOTES = new ConcurrentHashMap<>();

    static final ConcurrentLinkedQueue<List<Object>> RETURNED = new ConcurrentLinkedQueue<>();

    static void clear() {
        EXECS.clear();
        EMITS.clear();
        SPOUT_ACKS.clear();
        SPOUT_FAILS.clear();
        BOLT_ACKS.set(0);
        HOOK_PREPARES.set(0);
        HOOK_CLEANUPS.set(0);
        NOTES.clear();
        RETURNED.clear();
    }

    static List<Exec> execs(String component) {
        List<Exec> out = new ArrayList<>();
        for (Exec e : EXECS) if (e.component.equals(component) && !e.tick) out.add(e);
        return out;
    }

    static List<Exec> ticks(String component) {
        List<Exec> out = new ArrayList<>();
        for (Exec e : EXECS) if (e.component.equals(component) && e.tick) out.add(e);
        return out;
    }

    /** Registered through topology.auto.task.hooks, as the verify stage taps a Storm topology. */
    public static class Hook extends BaseTaskHook {
        private TopologyContext ctx;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context) {
            this.ctx = context;
            HOOK_PREPARES.incrementAndGet();
        }

        @Override
        public void emit(EmitInfo info) {
            EMITS.add(new Emit(
                    ctx.getThisComponentId(),
                    info.taskId,
                    info.stream,
                    new ArrayList<>(info.values),
                    new ArrayList<>(info.outTasks)));
        }

        @Override
        public void boltExecute(BoltExecuteInfo info) {
            EXECS.add(new Exec(
                    ctx.getThisComponentId(),
                    info.executingTaskId,
                    info.tuple.getSourceComponent(),
                    info.tuple.getSourceTask(),
                    info.tuple.getSourceStreamId(),
                    new ArrayList<>(info.tuple.getValues()),
                    TupleUtils.isTick(info.tuple)));
        }

        @Override
        public void boltAck(BoltAckInfo info) {
            BOLT_ACKS.incrementAndGet();
        }

        @Override
        public void spoutAck(SpoutAckInfo info) {
            SPOUT_ACKS.add(info.messageId);
        }

        @Override
        public void spoutFail(SpoutFailInfo info) {
            SPOUT_FAILS.add(info.messageId);
        }

        @Override
        public void cleanup() {
            HOOK_CLEANUPS.incrementAndGet();
        }
    }
}
