package dev.storm2flink.compat;

import java.util.ArrayList;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** A Storm spout component as a FLIP-27 source: one split per Storm task, nextTuple on the reader's task thread. */
public final class SpoutSource implements Source<StormRecord, SpoutSplit, ArrayList<SpoutSplit>> {
    private static final long serialVersionUID = 1L;
    private final TopologyPlan plan;
    private final String componentId;
    private final StormOnFlinkOptions options;
    private final boolean checkpointAcks;
    /** Non-null when a bolt's fail() can reach this spout (acks follow checkpoints): see {@link FailRoute}. */
    private final FailRoute.Layout failLayout;

    SpoutSource(
            TopologyPlan plan,
            String componentId,
            StormOnFlinkOptions options,
            boolean checkpointAcks,
            FailRoute.Layout failLayout) {
        this.plan = plan;
        this.componentId = componentId;
        this.options = options;
        this.checkpointAcks = checkpointAcks;
        this.failLayout = failLayout;
    }

    @Override
    public Boundedness getBoundedness() {
        return options.bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<SpoutSplit, ArrayList<SpoutSplit>> createEnumerator(SplitEnumeratorContext<SpoutSplit> ctx) {
        ArrayList<SpoutSplit> all = new ArrayList<>();
        for (int task : plan.component(componentId).tasks) all.add(new SpoutSplit(task, new ArrayList<>()));
        return new SpoutEnumerator(ctx, plan.component(componentId), all, failLayout);
    }

    @Override
    public SplitEnumerator<SpoutSplit, ArrayList<SpoutSplit>> restoreEnumerator(
            SplitEnumeratorContext<SpoutSplit> ctx, ArrayList<SpoutSplit> state) {
        return new SpoutEnumerator(ctx, plan.component(componentId), new ArrayList<>(state), failLayout);
    }

    @Override
    public SimpleVersionedSerializer<SpoutSplit> getSplitSerializer() {
        return new SpoutSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<ArrayList<SpoutSplit>> getEnumeratorCheckpointSerializer() {
        return new SpoutSplit.ListSerializer();
    }

    @Override
    public SourceReader<StormRecord, SpoutSplit> createReader(SourceReaderContext readerContext) {
        return new SpoutReader(
                plan,
                componentId,
                options,
                checkpointAcks,
                failLayout != null,
                failLayout != null && failLayout.treeAcks ? failLayout.token : null,
                readerContext);
    }
}
