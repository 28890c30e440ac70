package dev.storm2flink.compat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.TupleImpl;

/** A tuple a bolt executes, with the roots of its tree (see {@link Roots}): anchoring to it carries them on. */
final class RootedTuple extends TupleImpl {
    final long[] roots;
    private MessageId id;

    RootedTuple(GeneralTopologyContext context, List<Object> values, String sourceComponent, int sourceTask, String stream, long[] roots) {
        super(context, values, sourceComponent, sourceTask, stream, UNANCHORED);
        this.roots = roots;
    }

    private static final MessageId UNANCHORED = MessageId.makeUnanchored();

    /** Storm's view of the roots (anchor id to edge; edges are not tracked here), built only when asked for. */
    @Override
    public MessageId getMessageId() {
        if (roots == null) return UNANCHORED;
        if (id == null) {
            Map<Long, Long> anchors = new HashMap<>();
            for (long r : roots) anchors.put(r, 0L);
            id = MessageId.makeId(anchors);
        }
        return id;
    }
}
