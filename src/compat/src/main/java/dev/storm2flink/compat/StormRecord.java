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

    public StormRecord() {}

    public StormRecord(int targetTask, int sourceTask, String sourceComponent, String streamId, List<Object> values) {
        this.targetTask = targetTask;
        this.sourceTask = sourceTask;
        this.sourceComponent = sourceComponent;
        this.streamId = streamId;
        this.values = values;
    }

    public int getTargetTask() { return targetTask; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StormRecord)) return false;
        StormRecord r = (StormRecord) o;
        return targetTask == r.targetTask && sourceTask == r.sourceTask
                && Objects.equals(sourceComponent, r.sourceComponent)
                && Objects.equals(streamId, r.streamId) && Objects.equals(values, r.values);
    }

    @Override
    public int hashCode() { return Objects.hash(targetTask, sourceTask, sourceComponent, streamId, values); }

    @Override
    public String toString() {
        return sourceComponent + ":" + sourceTask + "/" + streamId + "->" + targetTask + " " + values;
    }
}
