package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        ArrayList<SpoutSplit> splits = new ArrayList<>(List.of(new SpoutSplit(1, List.of(1L)), new SpoutSplit(2, List.of("a"))));
        ArrayList<SpoutSplit> list = ls.deserialize(ls.getVersion(), ls.serialize(splits));
        assertEquals(List.of(1L), list.get(0).pending);
        assertEquals(List.of("a"), list.get(1).pending);
    }

    /** Long ids are held as numbers (first, in order), others as they are; checkpoints write both. */
    @Test
    void pendingIdsKeepLongsAsNumbers() throws Exception {
        PendingIds a = new PendingIds(List.of("x", 5L, 7, 6L));
        assertEquals(List.of(5L, 6L, "x", 7), a);
        PendingIds b = new PendingIds();
        for (long i = 0; i < 100; i++) b.add(i * 1_000_000_007L);
        PendingIds all = PendingIds.concat(List.of(a, b, new PendingIds()));
        assertEquals(104, all.size());
        assertEquals(99 * 1_000_000_007L, all.get(101));
        assertEquals(List.of("x", 7), all.subList(102, 104));
        SpoutSplit.Serializer s = new SpoutSplit.Serializer();
        assertEquals(all, s.deserialize(s.getVersion(), s.serialize(new SpoutSplit(1, all))).pending);
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
