package dev.storm2flink.compat;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** What travels on the way from a bolt's fail() to the spout (see {@link FailRoute}). */
final class FailEvents {
    private FailEvents() {}

    /**
     * A bolt subtask to its coordinator: the roots of the tuples it failed since the last such event, then (when
     * {@code flushed >= 0}) that every fail of a tuple it executed before checkpoint {@code flushed}'s barrier is in
     * this or an earlier event. {@code flushed == Long.MAX_VALUE}: the subtask finished and will fail nothing more.
     */
    static final class BoltFailed implements OperatorEvent {
        private static final long serialVersionUID = 1L;
        final String component;
        final int subtask;
        final long[] roots;
        final long flushed;

        BoltFailed(String component, int subtask, long[] roots, long flushed) {
            this.component = component;
            this.subtask = subtask;
            this.roots = roots;
            this.flushed = flushed;
        }
    }

    /**
     * The spout's enumerator to one reader: fail these roots (of tasks it hosts), then: every bolt has sent the fails
     * of what it executed before checkpoint {@code cleared}'s barrier, so the ids that checkpoint covers can be acked.
     */
    static final class SpoutFail implements SourceEvent {
        private static final long serialVersionUID = 1L;
        final long[] roots;
        final long cleared;

        SpoutFail(long[] roots, long cleared) {
            this.roots = roots;
            this.cleared = cleared;
        }
    }
}
