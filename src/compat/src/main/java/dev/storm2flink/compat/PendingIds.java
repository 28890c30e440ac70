package dev.storm2flink.compat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * Spout message ids waiting for the checkpoint that acks them. Long ids (sequence numbers, offsets: the usual kind)
 * are kept as numbers in a long[]: a reliable spout holds every id of a checkpoint interval, and as boxes those were
 * most of what each young collection copied (pauses of ~50 ms every few hundred ms at 300k ids/s). Other ids are
 * kept as they are. Iteration gives the Long ids first, then the others, each in the order added; a Long id handed
 * back to ack or fail is equal to the one emitted, not the same box. Not thread-safe.
 */
final class PendingIds extends AbstractList<Object> implements RandomAccess {
    private long[] longs = new long[16];
    private int longCount;
    private ArrayList<Object> others;

    PendingIds() {}

    PendingIds(Collection<?> ids) {
        for (Object id : ids) add(id);
    }

    /** All ids of several, in their order. */
    static PendingIds concat(Collection<PendingIds> parts) {
        PendingIds all = new PendingIds();
        int longs = 0;
        for (PendingIds p : parts) longs += p.longCount;
        all.longs = new long[Math.max(16, longs)];
        for (PendingIds p : parts) {
            System.arraycopy(p.longs, 0, all.longs, all.longCount, p.longCount);
            all.longCount += p.longCount;
            if (p.others != null) {
                if (all.others == null) all.others = new ArrayList<>(p.others.size());
                all.others.addAll(p.others);
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
            others.add(id);
        }
        modCount++;
        return true;
    }

    void addLong(long id) {
        if (longCount == longs.length) longs = Arrays.copyOf(longs, longCount * 2);
        longs[longCount++] = id;
    }

    int longCount() {
        return longCount;
    }

    long longAt(int i) {
        return longs[i];
    }

    @Override
    public Object get(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("Index " + i + " of " + size());
        return i < longCount ? (Object) longs[i] : others.get(i - longCount);
    }

    @Override
    public int size() {
        return longCount + (others == null ? 0 : others.size());
    }

    @Override
    public void clear() {
        longCount = 0;
        others = null;
        modCount++;
    }
}
