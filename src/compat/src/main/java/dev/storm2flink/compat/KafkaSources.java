package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;

/**
 * What both Kafka spout replacements share (storm-kafka-client's KafkaSpout and the old ZooKeeper storm-kafka
 * spout): the KafkaSource, whose records are already the spout's tuples, then an operator that routes them like
 * the spout task's collector. No storm-kafka or storm-kafka-client class is referenced here.
 */
final class KafkaSources {
    private KafkaSources() {}

    /** The client id prefix of a replaced spout: topology and component names (Flink appends the subtask). */
    static String clientIdPrefix(TopologyPlan plan, String id) {
        return plan.name + "-" + id;
    }

    static DataStream<StormRecord> emit(
            StreamExecutionEnvironment env, TopologyPlan plan, String id, KafkaSource<StormRecord> source) {
        TopologyPlan.Component comp = plan.component(id);
        DataStream<StormRecord> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-spout:" + id)
                .setParallelism(comp.parallelism)
                .uid("storm-kafka-" + id);
        // The topology's record type (its names in the header), as every stream of the topology has: bolts union them.
        return StormOnFlink.chainable(
                raw.transform("spout:" + id, StormRecordTypeInfo.forPlan(plan), new Emitter(plan, id))
                        .setParallelism(comp.parallelism)
                        .uid("storm-spout-" + id));
    }

    /** Plays the spout task's collector: routes translated tuples to Storm target tasks, feeding emit hooks. */
    static final class Emitter extends AbstractStreamOperator<StormRecord>
            implements OneInputStreamOperator<StormRecord, StormRecord> {
        private static final long serialVersionUID = 1L;
        private final TopologyPlan plan;
        private final String componentId;
        private transient List<Integer> tasks;
        private transient List<TopologyContext> contexts;
        private transient List<OutgoingTasks> outgoing;
        private transient int next;

        Emitter(TopologyPlan plan, String componentId) {
            this.plan = plan;
            this.componentId = componentId;
        }

        @Override
        public void open() throws Exception {
            super.open();
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            int n = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            tasks = plan.component(componentId).tasksOfSubtask(subtask, n);
            contexts = new ArrayList<>();
            outgoing = new ArrayList<>();
            StormMetricRegistry registry = new StormMetricRegistry();
            for (int t : tasks) {
                TopologyContext ctx = plan.newContext(
                        t,
                        tasks,
                        new HashMap<>(),
                        new HashMap<>(),
                        new java.util.concurrent.atomic.AtomicBoolean(true),
                        registry);
                TaskSupport.addAutoHooks(plan.topoConf, ctx);
                contexts.add(ctx);
                outgoing.add(new OutgoingTasks(plan, componentId, ctx));
            }
        }

        @Override
        public void processElement(StreamRecord<StormRecord> element) {
            if (tasks.isEmpty()) return;
            StormRecord r = element.getValue();
            int i = next;
            next = (next + 1) % tasks.size();
            int task = tasks.get(i);
            // Roots.FROM_KAFKA: a bolt's fail() of these cannot replay one record; it restarts from the checkpoint.
            List<Integer> targets = outgoing.get(i)
                    .emit(
                            task,
                            r.streamId,
                            r.values,
                            Roots.FROM_KAFKA,
                            (target, stream, values, roots) -> output.collect(new StreamRecord<>(
                                    new StormRecord(target, task, componentId, stream, values, roots))));
            TopologyContext ctx = contexts.get(i);
            if (!ctx.getHooks().isEmpty()) new EmitInfo(r.values, r.streamId, task, targets).applyOn(ctx);
        }

        @Override
        public void close() throws Exception {
            if (contexts != null) for (TopologyContext c : contexts) TaskSupport.cleanupHooks(c);
            super.close();
        }
    }
}
