package dev.storm2flink.compat;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One Storm tuple on its way to one Storm task. Every Flink edge of a translated topology carries this
 * type; the emitting collector has already chosen {@link #targetTask} (as Storm does), and a custom
 * partitioner sends the record to the Flink subtask hosting that task. Serialized by {@link StormRecordSerializer}.
 */
@TypeInfo(StormRecordTypeInfo.Factory.class)
public class StormRecord {
    /** Storm task id of the receiving task, or -1 when not yet routed. */
    public int targetTask;

    public int sourceTask;
    public String sourceComponent;
    public String streamId;
    public List<Object> values;
    /**
     * Further tuples for the same target task, from the same source task, carried by this one record: a bolt's emits
     * of one execute travel together, so Flink's per-record costs are paid per batch. Tuple {@code i >= 1} is
     * ({@code moreStreams[i - 1]}, {@code moreValues[i - 1]}); 0 for a record of one tuple. See {@link #size()}.
     */
    public int more;

    public String[] moreStreams;
    /** Each a {@code List<Object>} (an array of a generic type cannot be created). */
    public Object[] moreValues;
    /** The roots of tuple 0's tree (see {@link Roots}), null when unanchored; never changed once set (shared). */
    public long[] roots;
    /** Tuple {@code i >= 1}'s roots at {@code i - 1}, or null when none of them has roots. */
    public long[][] moreRoots;
    /**
     * With acks at tree completion: tuple 0's id in each root's tree (Storm's MessageId anchorsToIds values, parallel to
     * {@link #roots}; an XOR of random edge ids), this copy's own; null otherwise.
     */
    public long[] edges;
    /** Tuple {@code i >= 1}'s edges at {@code i - 1}, or null when none of them has edges. */
    public long[][] moreEdges;

    public StormRecord() {}

    public StormRecord(int targetTask, int sourceTask, String sourceComponent, String streamId, List<Object> values) {
        this.targetTask = targetTask;
        this.sourceTask = sourceTask;
        this.sourceComponent = sourceComponent;
        this.streamId = streamId;
        this.values = values;
    }

    public StormRecord(
            int targetTask,
            int sourceTask,
            String sourceComponent,
            String streamId,
            List<Object> values,
            long[] roots) {
        this(targetTask, sourceTask, sourceComponent, streamId, values);
        this.roots = roots;
    }

    public long[] rootsAt(int i) {
        return i == 0 ? roots : moreRoots == null ? null : moreRoots[i - 1];
    }

    public long[] edgesAt(int i) {
        return i == 0 ? edges : moreEdges == null ? null : moreEdges[i - 1];
    }

    public int getTargetTask() {
        return targetTask;
    }

    /** Tuples in this record: 1 + {@link #more}. */
    public int size() {
        return 1 + more;
    }

    public String streamAt(int i) {
        return i == 0 ? streamId : moreStreams[i - 1];
    }

    @SuppressWarnings("unchecked")
    public List<Object> valuesAt(int i) {
        return i == 0 ? values : (List<Object>) moreValues[i - 1];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StormRecord)) return false;
        StormRecord r = (StormRecord) o;
        if (targetTask != r.targetTask
                || sourceTask != r.sourceTask
                || more != r.more
                || !Objects.equals(sourceComponent, r.sourceComponent)) return false;
        for (int i = 0; i <= more; i++) {
            if (!Objects.equals(streamAt(i), r.streamAt(i)) || !Objects.equals(valuesAt(i), r.valuesAt(i)))
                return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(targetTask, sourceTask, sourceComponent);
        for (int i = 0; i <= more; i++)
            h = 31 * (31 * h + Objects.hashCode(streamAt(i))) + Objects.hashCode(valuesAt(i));
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder()
                .append(sourceComponent)
                .append(':')
                .append(sourceTask)
                .append("->")
                .append(targetTask);
        for (int i = 0; i <= more; i++)
            b.append(' ').append(streamAt(i)).append(' ').append(valuesAt(i));
        return b.toString();
    }
}
