package dev.storm2flink.compat;

import java.util.Arrays;
import java.util.Collection;
import org.apache.storm.tuple.Tuple;

/**
 * The roots of a tuple tree, as Storm's MessageId keeps them: which spout emits (with a message id) a tuple descends
 * from, so a bolt's fail() reaches the spout that can replay it. A root is one long: the spout task id in the low 16
 * bits, that task's count of tracked emits above. Tuples carry them as a long[] (null: unanchored), shared, never changed.
 */
final class Roots {
    private Roots() {}

    /** Storm task ids above this cannot be encoded: such a spout task's tuples carry no roots (its fails are counted). */
    static final int MAX_TASK = 0xFFFF;

    /** The root of tuples read by a Flink KafkaSource standing in for a Kafka spout: it cannot replay one record. */
    static final long KAFKA = -1L;

    static final long[] FROM_KAFKA = {KAFKA};

    static long of(int task, long seq) {
        return seq << 16 | task;
    }

    static int task(long root) {
        return (int) (root & MAX_TASK);
    }

    /** Emit numbers wrap at 48 bits. */
    static final long SEQ_MASK = (1L << 48) - 1;

    static long seq(long root) {
        return root >>> 16;
    }

    static boolean fromKafka(long[] roots) {
        if (roots == null) return false;
        for (long r : roots) if (r == KAFKA) return true;
        return false;
    }

    /** The roots of a tuple (null for one that carries none: a tick, or a tuple built by user code). */
    static long[] of(Tuple t) {
        return t instanceof RootedTuple ? ((RootedTuple) t).roots : null;
    }

    /** The union of the anchors' roots; the anchor's own array when there is one (the common case: no allocation). */
    static long[] union(Collection<Tuple> anchors) {
        if (anchors == null || anchors.isEmpty()) return null;
        long[] first = null;
        long[] out = null;
        int n = 0;
        for (Tuple a : anchors) {
            long[] r = of(a);
            if (r == null || r == first) continue;
            if (first == null) {
                first = r;
                continue;
            }
            if (out == null) {
                out = Arrays.copyOf(first, first.length + r.length);
                n = first.length;
            } else if (n + r.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + r.length));
            }
            for (long x : r) if (!contains(out, n, x)) out[n++] = x;
        }
        return out == null ? first : Arrays.copyOf(out, n);
    }

    private static boolean contains(long[] a, int n, long x) {
        for (int i = 0; i < n; i++) if (a[i] == x) return true;
        return false;
    }
}
