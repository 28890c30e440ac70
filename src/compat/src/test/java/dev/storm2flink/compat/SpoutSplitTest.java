package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Spout split state: the current version round-trips through the shared value codec; versions 1 and 2 still read. */
class SpoutSplitTest {
    record Id(int n) implements Serializable {}

    @Test
    void pendingIdsRoundTrip() throws Exception {
        List<Object> ids = Arrays.asList(7L, 3, "m-1", "gr\u00fc\u00df", 2.5d, new Id(4), new Object());
        SpoutSplit.Serializer s = new SpoutSplit.Serializer();
        SpoutSplit back = s.deserialize(s.getVersion(), s.serialize(new SpoutSplit(5, ids)));
        assertEquals(5, back.taskId);
        // Not serializable: dropped (it could not be failed after a restore anyway).
        assertEquals(ids.subList(0, 6), back.pending);

        SpoutSplit.ListSerializer ls = new SpoutSplit.ListSerializer();
        ArrayList<SpoutSplit> splits =
                new ArrayList<>(List.of(new SpoutSplit(1, List.of(1L)), new SpoutSplit(2, List.of("a"))));
        ArrayList<SpoutSplit> list = ls.deserialize(ls.getVersion(), ls.serialize(splits));
        assertEquals(List.of(1L), list.get(0).pending);
        assertEquals(List.of("a"), list.get(1).pending);
    }

    /** Long ids are held as numbers, others as they are, all in the order added; checkpoints write both. */
    @Test
    void pendingIdsKeepLongsAsNumbers() throws Exception {
        PendingIds a = new PendingIds(List.of("x", 5L, 7, 6L));
        assertEquals(List.of("x", 5L, 7, 6L), a);
        PendingIds b = new PendingIds();
        for (long i = 0; i < 100; i++) b.add(i * 1_000_000_007L);
        PendingIds all = PendingIds.concat(List.of(a, b, new PendingIds()));
        assertEquals(104, all.size());
        assertEquals(99 * 1_000_000_007L, all.get(103));
        assertEquals(List.of("x", 5L, 7), all.subList(0, 3));
        SpoutSplit.Serializer s = new SpoutSplit.Serializer();
        assertEquals(all, s.deserialize(s.getVersion(), s.serialize(new SpoutSplit(1, all))).pending);
    }

    /** An id a bolt failed is marked removed where its emit number puts it, and left out of checkpoints. */
    @Test
    void removedIdsAreNeitherWrittenNorConcatenated() throws Exception {
        PendingIds a = new PendingIds(100);
        a.add(1L);
        a.add("two");
        a.add(3L);
        assertEquals(1, a.indexOf(101));
        assertEquals(-1, a.indexOf(103));
        assertEquals(-1, a.indexOf(99));
        assertTrue(a.markRemoved(a.indexOf(101)));
        assertFalse(a.markRemoved(1), "a tree fails once");
        assertTrue(a.markRemoved(0));
        assertEquals(1, a.live());
        assertEquals(List.of(3L), PendingIds.concat(List.of(a)));
        SpoutSplit.Serializer s = new SpoutSplit.Serializer();
        assertEquals(List.of(3L), s.deserialize(s.getVersion(), s.serialize(new SpoutSplit(1, a))).pending);
        // Emit numbers wrap at 48 bits.
        PendingIds w = new PendingIds(Roots.SEQ_MASK);
        w.add(1L);
        w.add(2L);
        assertEquals(1, w.indexOf(0));
    }

    /** Version 2: tags 1 Long, 2 Integer, 3 String (StringValue), 4 Java-serialized. */
    @Test
    void version2StateIsRead() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(1);
        out.writeInt(9);
        out.writeInt(3);
        out.writeByte(1);
        out.writeLong(42L);
        out.writeByte(2);
        out.writeInt(7);
        out.writeByte(3);
        org.apache.flink.types.StringValue.writeString("id", out);
        byte[] one = out.getCopyOfBuffer();
        SpoutSplit split = new SpoutSplit.Serializer().deserialize(2, Arrays.copyOfRange(one, 4, one.length));
        assertEquals(9, split.taskId);
        assertEquals(List.of(42L, 7, "id"), split.pending);
        ArrayList<SpoutSplit> list = new SpoutSplit.ListSerializer().deserialize(2, one);
        assertEquals(List.of(42L, 7, "id"), list.get(0).pending);
    }
}
