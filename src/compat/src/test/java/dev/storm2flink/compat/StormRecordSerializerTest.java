package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/** StormRecord's own serializer: every fast-path type, the Kryo fallback, strings that are not ASCII, snapshots. */
class StormRecordSerializerTest {
    private final TypeSerializer<StormRecord> serializer = StormOnFlink.RECORD_TYPE.createSerializer(new ExecutionConfig().getSerializerConfig());

    private StormRecord roundTrip(StormRecord r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(r, out);
        serializer.serialize(r, out); // twice: header-string reuse must not leak between records
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        StormRecord first = serializer.deserialize(in);
        StormRecord second = serializer.deserialize(in);
        assertEquals(first.targetTask + first.sourceTask + first.sourceComponent + first.streamId,
                second.targetTask + second.sourceTask + second.sourceComponent + second.streamId);
        if (first.values != null) assertTrue(Arrays.deepEquals(first.values.toArray(), second.values.toArray()));
        assertEquals(0, in.available());
        return first;
    }

    @Test
    void typeOfStormRecordIsTheCustomOne() {
        assertInstanceOf(StormRecordTypeInfo.class, TypeInformation.of(StormRecord.class));
        assertInstanceOf(StormRecordSerializer.class, serializer);
    }

    @Test
    void valuesOfEveryKindRoundTrip() throws Exception {
        Map<String, Object> map = new HashMap<>();
        map.put("k", 1L);
        List<Object> values = new Values("word", 7L, 3, 2.5d, true, (short) 4, (byte) 5, 1.5f, 'c', null,
                "gr\u00fc\u00dfe \u4e16\u754c", "lone \ud800 surrogate", "what?", "", map, Arrays.asList(1, 2), new java.util.Date(5));
        StormRecord r = new StormRecord(4, 2, "split", "default", values);
        StormRecord back = roundTrip(r);
        assertEquals(r, back);
        assertEquals(values, back.values);

        byte[] bytes = {1, 2, 3};
        StormRecord withBytes = roundTrip(new StormRecord(1, 1, "s", "default", new Values(bytes)));
        assertArrayEquals(bytes, (byte[]) withBytes.values.get(0));
    }

    @Test
    void nullsRoundTrip() throws Exception {
        StormRecord back = roundTrip(new StormRecord(-1, -1, null, null, null));
        assertNull(back.sourceComponent);
        assertNull(back.streamId);
        assertNull(back.values);
        assertEquals(new ArrayList<>(), roundTrip(new StormRecord(1, 2, "a", "b", new ArrayList<>())).values);
        StormRecord extremes = roundTrip(new StormRecord(Integer.MIN_VALUE, Integer.MAX_VALUE, "a", "b", new Values(Integer.MIN_VALUE)));
        assertEquals(Integer.MIN_VALUE, extremes.targetTask);
        assertEquals(Integer.MAX_VALUE, extremes.sourceTask);
    }

    @Test
    void copySharesImmutableValuesAndCopiesMutableOnes() {
        List<Object> inner = new ArrayList<>(List.of(1, 2));
        byte[] bytes = {9};
        StormRecord r = new StormRecord(3, 1, "c", "s", new Values("w", inner, bytes));
        StormRecord c = serializer.copy(r);
        assertEquals(r.values.get(1), c.values.get(1));
        assertNotSame(r.values, c.values);
        assertSame(r.values.get(0), c.values.get(0));
        assertNotSame(inner, c.values.get(1));
        assertNotSame(bytes, c.values.get(2));
        assertArrayEquals(bytes, (byte[]) c.values.get(2));
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<StormRecord> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertTrue(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs());
        TypeSerializer<StormRecord> old = restored.restoreSerializer();
        DataOutputSerializer data = new DataOutputSerializer(64);
        StormRecord r = new StormRecord(1, 2, "a", "b", new Values("x", 1L, new java.util.Date(7)));
        old.serialize(r, data);
        assertEquals(r, serializer.deserialize(new DataInputDeserializer(data.getCopyOfBuffer())));
        assertEquals(serializer, serializer.duplicate());
    }
}
