package dev.storm2flink.compat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.TupleImpl;

/**
 * A tuple a bolt executes, with the roots of its tree (see {@link Roots}): anchoring to it carries them on. With acks at
 * tree completion also its id in each root's tree ({@link #edges}) and, as Storm's TupleImpl keeps it, the XOR of the
 * edge ids of the tuples anchored to it ({@link #ackVal}): its ack sends {@code edges[i] ^ ackVal} for root i.
 */
final class RootedTuple extends TupleImpl {
    final long[] roots;
    final long[] edges;
    long ackVal;
    private MessageId id;

    RootedTuple(
            GeneralTopologyContext context,
            List<Object> values,
            String sourceComponent,
            int sourceTask,
            String stream,
            long[] roots,
            long[] edges) {
        super(context, values, sourceComponent, sourceTask, stream, UNANCHORED);
        this.roots = roots;
        this.edges = edges;
    }

    private static final MessageId UNANCHORED = MessageId.makeUnanchored();

    /** Storm's view of the roots (anchor id to edge), built only when asked for. */
    @Override
    public MessageId getMessageId() {
        if (roots == null) return UNANCHORED;
        if (id == null) {
            Map<Long, Long> anchors = new HashMap<>();
            for (int i = 0; i < roots.length; i++) anchors.put(roots[i], edges == null ? 0L : edges[i]);
            id = MessageId.makeId(anchors);
        }
        return id;
    }
}
