package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands each spout task to the subtask Storm's executor layout would give it; re-hands tasks after a failover. */
final class SpoutEnumerator implements SplitEnumerator<SpoutSplit, ArrayList<SpoutSplit>> {
    private final SplitEnumeratorContext<SpoutSplit> context;
    private final TopologyPlan.Component component;
    private final ArrayList<SpoutSplit> unassigned;

    SpoutEnumerator(SplitEnumeratorContext<SpoutSplit> context, TopologyPlan.Component component, ArrayList<SpoutSplit> unassigned) {
        this.context = context;
        this.component = component;
        this.unassigned = unassigned;
    }

    @Override
    public void start() {
        for (int reader : context.registeredReaders().keySet()) addReader(reader);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<SpoutSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        int n = context.currentParallelism();
        Iterator<SpoutSplit> it = unassigned.iterator();
        while (it.hasNext()) {
            SpoutSplit s = it.next();
            int idx = component.tasks.indexOf(s.taskId);
            if (component.subtaskOfIndex(Math.max(idx, 0), n) == subtaskId || idx < 0 && subtaskId == 0) {
                context.assignSplit(s, subtaskId);
                it.remove();
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public ArrayList<SpoutSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
}
