package dev.storm2flink.compat;

import java.util.Arrays;

/**
 * What a bolt subtask's acks XOR into each root's tree since its last flush (see {@link FailRoute}): a bolt acking the
 * eight words of one sentence sends one entry, not eight. Open addressing over primitive longs (a HashMap would box
 * twice per ack). Not thread-safe.
 */
final class AckXors {
    /** root + 1 (roots are non-negative), 0 where empty. */
    private long[] keys = new long[64];

    private long[] values = new long[64];
    private int size;
    /**
     * The key and slot of the last xor (0: none): a bolt acks the tuples of one tree one after another (the words of a
     * sentence arrive in one batch), so most acks skip the hash and probe (4% of word count's CPU, round 9).
     */
    private long lastKey;

    private int lastSlot;

    void xor(long root, long value) {
        if (value == 0) return;
        long k = root + 1;
        if (k == lastKey) {
            values[lastSlot] ^= value;
            return;
        }
        int mask = keys.length - 1;
        int i = slot(k) & mask;
        while (keys[i] != 0 && keys[i] != k) i = (i + 1) & mask;
        if (keys[i] == 0) {
            keys[i] = k;
            values[i] = value;
            if (++size * 2 > keys.length) {
                grow();
                return; // the slot moved (grow cleared lastKey)
            }
        } else {
            values[i] ^= value;
        }
        lastKey = k;
        lastSlot = i;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The entries with a value other than 0, and empties the map. */
    FailEvents.Acks drain() {
        long[] roots = new long[size];
        long[] vals = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == 0 || values[i] == 0) continue;
            roots[n] = keys[i] - 1;
            vals[n++] = values[i];
        }
        if (keys.length > 4096 && size * 8 < keys.length) {
            keys = new long[64];
            values = new long[64];
        } else {
            Arrays.fill(keys, 0);
        }
        size = 0;
        lastKey = 0;
        return n == 0 ? null : new FailEvents.Acks(Arrays.copyOf(roots, n), Arrays.copyOf(vals, n));
    }

    private static int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        lastKey = 0;
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == 0) continue;
            int i = slot(oldKeys[j]) & mask;
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }
}
