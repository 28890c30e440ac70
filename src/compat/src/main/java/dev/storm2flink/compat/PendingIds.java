package dev.storm2flink.compat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * Spout message ids waiting for the checkpoint that acks them, in the order emitted. Long ids (sequence numbers,
 * offsets: the usual kind) are kept as numbers in a long[]: a reliable spout holds every id of a checkpoint interval,
 * and as boxes those were most of what each young collection copied (pauses of ~50 ms every few hundred ms at 300k
 * ids/s). Other ids are kept as they are. A Long id handed back to ack or fail is equal to the one emitted, not the
 * same box. Position {@code i} is the id of the spout task's tracked emit {@code firstSeq + i} (its root, see
 * {@link Roots}); an id failed by a bolt is marked removed there, and neither acked nor written to a checkpoint.
 * Not thread-safe.
 */
final class PendingIds extends AbstractList<Object> implements RandomAccess {
    /** A Long id's value, or (where {@link #other} is set) the index of the id in {@link #others}. */
    private long[] longs = new long[16];

    private int count;
    private BitSet other;
    private ArrayList<Object> others;
    private BitSet removed;
    private int removedCount;
    /** Acks at tree completion: each id's tree XOR (0 once every tuple of it is acked); null otherwise. */
    private long[] xors;
    /** The tracked-emit number of position 0. */
    final long firstSeq;
    /** When the checkpoint that sealed this batch was taken (ms): for timeouts of ids bolts still hold. */
    long sealedAt;

    PendingIds() {
        this(0);
    }

    PendingIds(long firstSeq) {
        this.firstSeq = firstSeq;
    }

    PendingIds(Collection<?> ids) {
        this(0);
        for (Object id : ids) add(id);
    }

    /** The live ids of several, in their order (removed ones dropped). */
    static PendingIds concat(Collection<PendingIds> parts) {
        PendingIds all = new PendingIds();
        int n = 0;
        for (PendingIds p : parts) n += p.count;
        all.longs = new long[Math.max(16, n)];
        for (PendingIds p : parts) {
            if (p.other == null && p.removed == null) {
                System.arraycopy(p.longs, 0, all.longs, all.count, p.count);
                all.count += p.count;
            } else {
                for (int i = 0; i < p.count; i++) if (!p.isRemoved(i)) all.add(p.get(i));
            }
        }
        return all;
    }

    @Override
    public boolean add(Object id) {
        if (id instanceof Long) {
            addLong((Long) id);
        } else {
            if (others == null) others = new ArrayList<>();
            if (other == null) other = new BitSet();
            other.set(count);
            addLong(others.size());
            others.add(id);
        }
        modCount++;
        return true;
    }

    /** An id whose tree starts with this XOR (the edges of the copies emitted). */
    void addTracked(Object id, long xor) {
        int i = count;
        add(id);
        if (xors == null) xors = new long[longs.length];
        else if (xors.length < longs.length) xors = Arrays.copyOf(xors, longs.length);
        xors[i] = xor;
    }

    /** XORs v into position i's tree; true when the tree is complete (the id is not marked removed here). */
    boolean xor(int i, long v) {
        if (xors == null) return false;
        return (xors[i] ^= v) == 0;
    }

    private void addLong(long v) {
        if (count == longs.length) longs = Arrays.copyOf(longs, count * 2);
        longs[count++] = v;
    }

    boolean isLong(int i) {
        return other == null || !other.get(i);
    }

    /** The value of a Long id at i ({@link #isLong}). */
    long longAt(int i) {
        return longs[i];
    }

    @Override
    public Object get(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("Index " + i + " of " + count);
        return isLong(i) ? (Object) longs[i] : others.get((int) longs[i]);
    }

    @Override
    public int size() {
        return count;
    }

    /** Ids not removed. */
    int live() {
        return count - removedCount;
    }

    boolean isRemoved(int i) {
        return removed != null && removed.get(i);
    }

    /** Position of tracked emit {@code seq}, or -1 if it is not here. */
    int indexOf(long seq) {
        long i = (seq - firstSeq) & Roots.SEQ_MASK;
        return i >= 0 && i < count ? (int) i : -1;
    }

    /** Marks position i removed; false if it already was. */
    boolean markRemoved(int i) {
        if (removed == null) removed = new BitSet();
        if (removed.get(i)) return false;
        removed.set(i);
        removedCount++;
        return true;
    }

    @Override
    public void clear() {
        count = 0;
        xors = null;
        other = null;
        others = null;
        removed = null;
        removedCount = 0;
        modCount++;
    }
}
