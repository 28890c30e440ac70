package dev.storm2flink.compat;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** What travels on the way from a bolt's fail() to the spout (see {@link FailRoute}). */
final class FailEvents {
    private FailEvents() {}

    /**
     * A bolt subtask to its coordinator: the roots of the tuples it failed since the last such event, then (when
     * {@code flushed >= 0}) that every fail of a tuple it executed before checkpoint {@code flushed}'s barrier is in
     * this or an earlier event, and {@code held}: the roots of the tuples it executed and had neither acked nor failed
     * at that barrier (a window's tuples), whose trees are not complete. {@code flushed == Long.MAX_VALUE}: the
     * subtask finished and will fail nothing more. With acks at tree completion, {@code acked}: what the subtask's acks
     * since the last event XOR into each root's tree ({@link Acks}), as Storm's bolts send to its acker.
     */
    static final class BoltFailed implements OperatorEvent {
        private static final long serialVersionUID = 1L;
        final String component;
        final int subtask;
        final long[] roots;
        final long flushed;
        final long[] held;
        final Acks acked;

        BoltFailed(String component, int subtask, long[] roots, long flushed, long[] held, Acks acked) {
            this.component = component;
            this.subtask = subtask;
            this.roots = roots;
            this.flushed = flushed;
            this.held = held;
            this.acked = acked;
        }
    }

    /** Roots and the value each is XORed with (parallel arrays); a value of 0 resets the tree's timeout. */
    static final class Acks implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long[] roots;
        final long[] values;

        Acks(long[] roots, long[] values) {
            this.roots = roots;
            this.values = values;
        }
    }

    /**
     * A reader to its enumerator: it holds ids of checkpoint {@code checkpoint} and earlier, and needs to hear when
     * that checkpoint is cleared; or ({@code finished}) it ends now and must get no more events (an event for a
     * finished task fails the job). Readers ask, the enumerator answers: it never sends to a reader that did not ask.
     */
    static final class Want implements SourceEvent {
        private static final long serialVersionUID = 1L;
        final long checkpoint;
        final boolean finished;

        Want(long checkpoint, boolean finished) {
            this.checkpoint = checkpoint;
            this.finished = finished;
        }
    }

    /**
     * The spout's enumerator to one reader: fail these roots (of tasks it hosts), then: every bolt has sent the fails
     * of what it executed before checkpoint {@code cleared}'s barrier, so the ids that checkpoint covers can be acked
     * once it completes, but for those whose roots are in {@code held} (a bolt still holds a tuple of their tree).
     */
    static final class SpoutFail implements SourceEvent {
        private static final long serialVersionUID = 1L;
        final long[] roots;
        final long cleared;
        final long[] held;
        /** Acks at tree completion: XOR these into the trees of the roots (of tasks the reader hosts). */
        final Acks acked;

        SpoutFail(long[] roots, long cleared, long[] held) {
            this(roots, cleared, held, null);
        }

        SpoutFail(long[] roots, long cleared, long[] held, Acks acked) {
            this.roots = roots;
            this.cleared = cleared;
            this.held = held;
            this.acked = acked;
        }
    }
}
