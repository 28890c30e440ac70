package dev.storm2flink.compat;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.runtime.io.network.api.writer.SubtaskStateMapper;
import org.apache.flink.runtime.plugable.SerializationDelegate;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.runtime.partitioner.StreamPartitioner;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Which Flink subtask gets a record: it already names its Storm target task (OutgoingTasks chose it, as Storm does), and
 * these send it to the subtask hosting that task, or keep one consumer's records when a producer feeds several.
 */
final class SubtaskRouting {
    private SubtaskRouting() {}

    /** Each record to the subtask hosting its target task (what partitionCustom did, without the boxed key per record). */
    static DataStream<StormRecord> toTasks(DataStream<StormRecord> s, TopologyPlan.Component consumer) {
        return new DataStream<>(
                s.getExecutionEnvironment(),
                new PartitionTransformation<>(s.getTransformation(), new ToTask(new TaskPartitioner(consumer))));
    }

    static final class ToTask extends StreamPartitioner<StormRecord> {
        private static final long serialVersionUID = 1L;
        private final TaskPartitioner tasks;
        /** Channel by task id - tasks.firstTask, for numberOfChannels: the layout's divisions once, not per record. */
        private transient int[] channels;

        ToTask(TaskPartitioner tasks) {
            this.tasks = tasks;
        }

        @Override
        public void setup(int numberOfChannels) {
            super.setup(numberOfChannels);
            int[] c = new int[tasks.indexOf.length];
            for (int slot = 0; slot < c.length; slot++) {
                c[slot] = tasks.indexOf[slot] < 0 ? -1 : tasks.subtask(tasks.firstTask + slot, numberOfChannels);
            }
            channels = c;
        }

        @Override
        public int selectChannel(SerializationDelegate<StreamRecord<StormRecord>> record) {
            int task = record.getInstance().getValue().targetTask;
            int slot = task - tasks.firstTask;
            int[] c = channels;
            if (c != null && slot >= 0 && slot < c.length && c[slot] >= 0) return c[slot];
            return tasks.subtask(task, numberOfChannels);
        }

        @Override
        public StreamPartitioner<StormRecord> copy() {
            return new ToTask(tasks); // channels depend on the writer's setup
        }

        /** As CustomPartitionerWrapper: which subtask had a record cannot be derived on rescale. */
        @Override
        public SubtaskStateMapper getDownstreamSubtaskStateMapper() {
            return SubtaskStateMapper.FULL;
        }

        @Override
        public boolean isPointwise() {
            return false;
        }

        @Override
        public String toString() {
            return "STORM_TASK";
        }
    }

    /** Storm task id -> index of the Flink subtask that hosts it (same layout the bolt operator uses). */
    static final class TaskPartitioner implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;
        private final TopologyPlan.Component component;
        /** Task ids of a component are consecutive: index = task - firstTask (array, not a map, on the per-record path). */
        private final int firstTask;

        private final int[] indexOf;

        TaskPartitioner(TopologyPlan.Component component) {
            this.component = component;
            int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
            for (int t : component.tasks) {
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
            this.firstTask = min;
            this.indexOf = new int[component.tasks.isEmpty() ? 0 : max - min + 1];
            java.util.Arrays.fill(indexOf, -1);
            for (int i = 0; i < component.tasks.size(); i++) indexOf[component.tasks.get(i) - min] = i;
        }

        @Override
        public int partition(Integer task, int numPartitions) {
            return subtask(task, numPartitions);
        }

        int subtask(int task, int numPartitions) {
            int slot = task - firstTask;
            int idx = slot >= 0 && slot < indexOf.length ? indexOf[slot] : -1;
            if (idx < 0) throw new IllegalStateException("Task " + task + " is not a task of " + component.id);
            return component.subtaskOfIndex(idx, numPartitions);
        }
    }

    /** Keeps the records addressed to one consumer component when a producer feeds several. */
    static final class ForComponent implements FilterFunction<StormRecord> {
        private static final long serialVersionUID = 1L;
        private final HashSet<Integer> tasks;

        ForComponent(Set<Integer> tasks) {
            this.tasks = new HashSet<>(tasks);
        }

        @Override
        public boolean filter(StormRecord r) {
            return tasks.contains(r.targetTask);
        }
    }
}
