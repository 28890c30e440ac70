package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.storm.Thrift;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.grouping.CustomStreamGrouping;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * Storm's side of routing: the target task ids of each emit of one task, as Storm's Task.getOutgoingTasks does,
 * so every grouping, emitDirect and the returned task ids are exact. Safe for a bolt's own threads emitting
 * beside its task thread without a lock, as Storm 2's collector is: the state it changes per emit is one
 * reference (the stream cache, whose holder is immutable) and the shuffle position (always in range).
 */
final class OutgoingTasks {
    interface Out {
        /** {@code roots}: of the tuple tree (see {@link Roots}), null when unanchored. */
        void send(int targetTask, String stream, List<Object> values, long[] roots);
    }

    private enum Kind {
        SHUFFLE,
        FIELDS,
        GLOBAL,
        ALL,
        CUSTOM,
        DIRECT
    }

    private static final class Target {
        final String component;
        final Kind kind;
        final List<Integer> tasks;
        final Integer[] taskIds;
        Fields outFields;
        Fields groupFields;
        /** Positions of groupFields in outFields, resolved once instead of per emit. */
        int[] groupIndex;

        CustomStreamGrouping custom;
        int next;

        Target(String component, Kind kind, List<Integer> tasks) {
            this.component = component;
            this.kind = kind;
            this.tasks = tasks;
            this.taskIds = tasks.toArray(new Integer[0]);
            this.next = ThreadLocalRandom.current().nextInt(tasks.size());
        }

        /** Round robin. next is read once: another thread may move it, but every value it holds is in range. */
        int shuffleTask() {
            int i = next;
            next = i + 1 == taskIds.length ? 0 : i + 1;
            return taskIds[i];
        }

        int fieldsTask(List<Object> values) {
            return taskIds[Math.floorMod(fieldsHash(this, values), taskIds.length)];
        }
    }

    /** A stream and its targets: the cache below swaps both at once. */
    private static final class StreamTargets {
        final String stream;
        final Target[] targets;

        StreamTargets(String stream, Target[] targets) {
            this.stream = stream;
            this.targets = targets;
        }
    }

    private final Map<String, StreamTargets> byStream = new HashMap<>();
    private final Map<String, Map<String, Target>> byStreamComponent = new HashMap<>();
    private final TopologyPlan plan;
    /** Emits name the same stream String instance again and again: skip the map for a repeat. */
    private StreamTargets last;

    OutgoingTasks(TopologyPlan plan, String component, WorkerTopologyContext context) {
        this.plan = plan;
        Map<String, ? extends Map<String, Grouping>> subs =
                plan.targets.getOrDefault(component, new java.util.LinkedHashMap<>());
        for (String stream : plan.streamFields.get(component).keySet()) {
            Map<String, Grouping> consumers = subs.get(stream);
            List<Target> list = new ArrayList<>();
            Map<String, Target> byComp = new HashMap<>();
            if (consumers != null) {
                for (Map.Entry<String, Grouping> c : consumers.entrySet()) {
                    Target t = target(component, stream, c.getKey(), c.getValue(), context);
                    list.add(t);
                    byComp.put(c.getKey(), t);
                }
            }
            byStream.put(stream, new StreamTargets(stream, list.toArray(new Target[0])));
            byStreamComponent.put(stream, byComp);
        }
    }

    private Target target(String src, String stream, String consumer, Grouping g, WorkerTopologyContext context) {
        List<Integer> tasks = plan.componentToTasks.get(consumer);
        switch (g.getSetField()) {
            case FIELDS: {
                if (g.get_fields().isEmpty()) return new Target(consumer, Kind.GLOBAL, tasks);
                Target t = new Target(consumer, Kind.FIELDS, tasks);
                t.outFields = plan.fields(src, stream);
                t.groupFields = new Fields(g.get_fields());
                t.groupIndex = new int[t.groupFields.size()];
                for (int i = 0; i < t.groupIndex.length; i++)
                    t.groupIndex[i] = t.outFields.fieldIndex(t.groupFields.get(i));
                return t;
            }
            case ALL:
                return new Target(consumer, Kind.ALL, tasks);
            case DIRECT:
                return new Target(consumer, Kind.DIRECT, tasks);
            case CUSTOM_SERIALIZED:
            case CUSTOM_OBJECT: {
                Target t = new Target(consumer, Kind.CUSTOM, tasks);
                t.custom = g.is_set_custom_serialized()
                        ? Utils.javaDeserialize(g.get_custom_serialized(), CustomStreamGrouping.class)
                        : (CustomStreamGrouping) Thrift.instantiateJavaObject(g.get_custom_object());
                t.custom.prepare(context, new GlobalStreamId(src, stream), new ArrayList<>(tasks));
                return t;
            }
            default:
                // shuffle, none, local-or-shuffle: every task is equally "local" to a Flink subtask.
                return new Target(consumer, Kind.SHUFFLE, tasks);
        }
    }

    /** {@link #single}: the stream has no consumer. */
    static final int NONE = -1;
    /** {@link #single}: several targets, or a grouping that needs {@link #emit}. */
    static final int MANY = -2;

    /**
     * The common cases of a regular emit, without sending: the one target task when one consumer subscribes with a
     * fields, global or shuffle grouping, {@link #NONE} or {@link #MANY}. Small enough to inline into the collector,
     * which sends and builds the returned list itself (a one-field list for one task).
     */
    int single(String stream, List<Object> values) {
        StreamTargets cached = last;
        Target[] targets = cached != null && cached.stream == stream ? cached.targets : targets(stream);
        if (targets.length == 0) return NONE;
        if (targets.length > 1) return MANY;
        Target t = targets[0];
        switch (t.kind) {
            case FIELDS:
                return t.fieldsTask(values);
            case GLOBAL:
                return t.taskIds[0];
            case SHUFFLE:
                return t.shuffleTask();
            default:
                return MANY;
        }
    }

    /** Regular emit: returns the target task ids (Storm's contract), sending one record per target. */
    List<Integer> emit(int sourceTask, String stream, List<Object> values, long[] roots, Out out) {
        StreamTargets cached = last;
        Target[] targets = cached != null && cached.stream == stream ? cached.targets : targets(stream);
        List<Integer> result = new ArrayList<>(targets.length);
        for (Target t : targets) {
            switch (t.kind) {
                case DIRECT:
                    throw new IllegalArgumentException("Cannot do regular emit to direct stream");
                case SHUFFLE:
                    result.add(t.shuffleTask());
                    break;
                case GLOBAL:
                    result.add(t.taskIds[0]);
                    break;
                case ALL:
                    result.addAll(t.tasks);
                    break;
                case FIELDS:
                    result.add(t.fieldsTask(values));
                    break;
                case CUSTOM: {
                    List<Integer> chosen = t.custom.chooseTasks(sourceTask, values);
                    if (chosen != null) result.addAll(chosen);
                    break;
                }
                default:
                    break;
            }
        }
        for (int i = 0, n = result.size(); i < n; i++) out.send(result.get(i), stream, values, roots);
        return result;
    }

    private Target[] targets(String stream) {
        StreamTargets found = byStream.get(stream);
        if (found == null) throw new IllegalArgumentException("Unknown stream ID: " + stream);
        // Keyed by the caller's String instance (Storm's DEFAULT_STREAM_ID, say), which the next emit passes again.
        last = found.stream == stream ? found : new StreamTargets(stream, found.targets);
        return found.targets;
    }

    /** Storm's Arrays.deepHashCode(outFields.select(groupFields, values).toArray()), without the lists. */
    private static int fieldsHash(Target t, List<Object> values) {
        int h = 1;
        for (int i : t.groupIndex) {
            Object v = values.get(i);
            int eh = v == null ? 0 : v.getClass().isArray() ? Arrays.deepHashCode(new Object[] {v}) - 31 : v.hashCode();
            h = 31 * h + eh;
        }
        return h;
    }

    /** emitDirect: the task if its component subscribes to the stream with direct grouping, else nothing. */
    List<Integer> emitDirect(
            int sourceTask, int targetTask, String stream, List<Object> values, long[] roots, Out out) {
        Map<String, Target> byComp = byStreamComponent.get(stream);
        if (byComp == null) throw new IllegalArgumentException("Unknown stream ID: " + stream);
        String comp = plan.taskToComponent.get(targetTask);
        Target t = comp == null ? null : byComp.get(comp);
        if (t == null) return Collections.emptyList();
        if (t.kind != Kind.DIRECT)
            throw new IllegalArgumentException("Cannot emitDirect to a task expecting a regular grouping");
        out.send(targetTask, stream, values, roots);
        return Collections.singletonList(targetTask);
    }
}
