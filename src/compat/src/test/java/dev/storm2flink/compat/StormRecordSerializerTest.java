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
    private final TypeSerializer<StormRecord> serializer =
            StormOnFlink.RECORD_TYPE.createSerializer(new ExecutionConfig().getSerializerConfig());

    private StormRecord roundTrip(StormRecord r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(r, out);
        serializer.serialize(r, out); // twice: header-string reuse must not leak between records
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        StormRecord first = serializer.deserialize(in);
        StormRecord second = serializer.deserialize(in);
        assertEquals(
                first.targetTask + first.sourceTask + first.sourceComponent + first.streamId,
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
        List<Object> values = new Values(
                "word",
                7L,
                3,
                2.5d,
                true,
                (short) 4,
                (byte) 5,
                1.5f,
                'c',
                null,
                "gr\u00fc\u00dfe \u4e16\u754c",
                "lone \ud800 surrogate",
                "what?",
                "",
                map,
                Arrays.asList(1, 2),
                new java.util.Date(5));
        StormRecord r = new StormRecord(4, 2, "split", "default", values);
        StormRecord back = roundTrip(r);
        assertEquals(r, back);
        assertEquals(values, back.values);

        byte[] bytes = {1, 2, 3};
        StormRecord withBytes = roundTrip(new StormRecord(1, 1, "s", "default", new Values(bytes)));
        assertArrayEquals(bytes, (byte[]) withBytes.values.get(0));
    }

    /** Roots (a tuple tree's spout emits) go with each tuple of a record; a record without them reads as before. */
    @Test
    void rootsOfEachTupleRoundTrip() throws Exception {
        long big = Roots.of(65535, (1L << 48) - 1);
        StormRecord r = new StormRecord(4, 2, "split", "default", new Values("a"), new long[] {Roots.of(3, 7), big});
        r.more = 4;
        r.moreStreams = new String[] {"default", "other", "default", "default"};
        r.moreValues = new Object[] {new Values("b"), new Values("c"), new Values("d"), new Values("e")};
        // Tuples 3 and 4 share tuple 2's roots (written once).
        r.moreRoots = new long[][] {null, Roots.FROM_KAFKA, Roots.FROM_KAFKA, Roots.FROM_KAFKA};
        StormRecord back = roundTrip(r);
        assertEquals(r, back);
        assertArrayEquals(new long[] {Roots.of(3, 7), big}, back.roots);
        assertEquals(null, back.rootsAt(1));
        assertArrayEquals(Roots.FROM_KAFKA, back.rootsAt(2));
        assertArrayEquals(Roots.FROM_KAFKA, back.rootsAt(3));
        assertArrayEquals(Roots.FROM_KAFKA, back.rootsAt(4));
        // Shared on read too: one array, not one per tuple.
        assertSame(back.rootsAt(2), back.rootsAt(4));
        assertEquals(65535, Roots.task(big));
        assertEquals((1L << 48) - 1, Roots.seq(big));

        StormRecord plain = roundTrip(new StormRecord(1, 1, "s", "default", new Values(5)));
        assertEquals(null, plain.roots);
        assertEquals(null, plain.moreRoots);
    }

    /** Acks at tree completion: each tuple's edges (any 64-bit value) go with its roots, shared roots or not. */
    @Test
    void edgesOfEachTupleRoundTrip() throws Exception {
        long[] roots = {Roots.of(3, 7), Roots.of(4, 1L << 40)};
        StormRecord r = new StormRecord(4, 2, "split", "default", new Values("a"), roots);
        r.edges = new long[] {-1L, Long.MIN_VALUE};
        r.more = 3;
        r.moreStreams = new String[] {"default", "default", "other"};
        r.moreValues = new Object[] {new Values("b"), new Values("c"), new Values("d")};
        // Tuple 1 shares tuple 0's roots with its own edges; tuple 2 has roots without edges; tuple 3 other roots.
        r.moreRoots = new long[][] {roots, roots, {Roots.of(9, 9)}};
        r.moreEdges = new long[][] {{5L, 6L}, null, {0x0123456789ABCDEFL}};
        StormRecord back = roundTrip(r);
        assertEquals(r, back);
        assertArrayEquals(roots, back.roots);
        assertArrayEquals(new long[] {-1L, Long.MIN_VALUE}, back.edges);
        assertArrayEquals(roots, back.rootsAt(1));
        assertArrayEquals(new long[] {5L, 6L}, back.edgesAt(1));
        assertArrayEquals(roots, back.rootsAt(2));
        assertEquals(null, back.edgesAt(2));
        assertArrayEquals(new long[] {Roots.of(9, 9)}, back.rootsAt(3));
        assertArrayEquals(new long[] {0x0123456789ABCDEFL}, back.edgesAt(3));
        // One tuple with edges, no further tuples.
        StormRecord one = new StormRecord(1, 1, "s", "default", new Values(5), new long[] {Roots.of(1, 2)});
        one.edges = new long[] {42L};
        assertArrayEquals(new long[] {42L}, roundTrip(one).edges);
    }

    /** A user object holding a collection Kryo cannot rebuild (it adds to the unmodifiable list on read). */
    static final class Ranked implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> top;

        Ranked(List<String> top) {
            this.top = java.util.Collections.unmodifiableList(new ArrayList<>(top));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranked && ((Ranked) o).top.equals(top);
        }

        @Override
        public int hashCode() {
            return top.hashCode();
        }
    }

    @Test
    void aSerializableValueKryoCannotCarryGoesAsJavaSerialization() throws Exception {
        Ranked ranked = new Ranked(List.of("a", "b"));
        StormRecord back = roundTrip(new StormRecord(3, 1, "rank", "default", new Values(ranked, 7L)));
        assertEquals(ranked, back.values.get(0));
        assertNotSame(ranked, back.values.get(0));
        assertEquals(7L, back.values.get(1));
    }
    /** Every length around the short/bulk and 8/4/2/1-byte boundaries, with a non-ASCII char anywhere or nowhere. */
    @Test
    void stringsOfEveryLengthAndCharRoundTrip() throws Exception {
        for (int n = 0; n <= 70; n++) {
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < n; i++) ascii.append((char) ('a' + i % 26));
            List<Object> values = new ArrayList<>();
            values.add(ascii.toString());
            for (char odd : new char[] {'\u00e9', '\u0141', '\u007f', '\ud83d'}) {
                for (int at = 0; at < n; at += Math.max(1, n / 3)) {
                    StringBuilder b = new StringBuilder(ascii);
                    b.setCharAt(at, odd);
                    values.add(b.toString());
                }
            }
            StormRecord back = roundTrip(new StormRecord(1, 2, "s", "default", new Values(values.toArray())));
            assertEquals(values, back.values, "length " + n);
        }
    }

    @Test
    void nullsRoundTrip() throws Exception {
        StormRecord back = roundTrip(new StormRecord(-1, -1, null, null, null));
        assertNull(back.sourceComponent);
        assertNull(back.streamId);
        assertNull(back.values);
        assertEquals(new ArrayList<>(), roundTrip(new StormRecord(1, 2, "a", "b", new ArrayList<>())).values);
        StormRecord extremes = roundTrip(
                new StormRecord(Integer.MIN_VALUE, Integer.MAX_VALUE, "a", "b", new Values(Integer.MIN_VALUE)));
        assertEquals(Integer.MIN_VALUE, extremes.targetTask);
        assertEquals(Integer.MAX_VALUE, extremes.sourceTask);
    }

    /** Chained operators get a new record over the same value lists, as Storm hands tuples on inside a worker. */
    @Test
    void copyIsANewRecordSharingTheValues() {
        List<Object> inner = new ArrayList<>(List.of(1, 2));
        StormRecord r = new StormRecord(3, 1, "c", "s", new Values("w", inner));
        StormRecord c = serializer.copy(r);
        assertNotSame(r, c);
        assertEquals(r, c);
        assertSame(r.values, c.values);
        r.targetTask = 4;
        r.values = null;
        assertEquals(3, c.targetTask);
        assertSame(inner, c.values.get(1));
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<StormRecord> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertTrue(serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs());
        TypeSerializer<StormRecord> old = restored.restoreSerializer();
        DataOutputSerializer data = new DataOutputSerializer(64);
        StormRecord r = new StormRecord(1, 2, "a", "b", new Values("x", 1L, new java.util.Date(7)));
        old.serialize(r, data);
        assertEquals(r, serializer.deserialize(new DataInputDeserializer(data.getCopyOfBuffer())));
        assertEquals(serializer, serializer.duplicate());
    }

    private static final String[] NAMES = {"__system", "__tick", "count", "default", "split", "words"};
    private final TypeSerializer<StormRecord> named =
            new StormRecordTypeInfo(NAMES).createSerializer(new ExecutionConfig().getSerializerConfig());

    @Test
    void namesAreWrittenAsIndexesAndOthersAsStrings() throws Exception {
        String long64 = "x".repeat(64);
        StormRecord r = new StormRecord(3, 1, "split", "default", new Values("w", long64, "x".repeat(63), "\u00e9"));
        DataOutputSerializer out = new DataOutputSerializer(64);
        named.serialize(r, out);
        // 2 task ids, 2 name indexes, count; then a 1-byte tag+length per short ASCII value.
        assertEquals(5 + 2 + (2 + 1 + 64) + (1 + 63), out.length() - 4);
        StormRecord back = named.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(r, back);
        assertSame(NAMES[4], back.sourceComponent);
        // A name outside the list, a null and the other serializer's records (same format, literals) read back.
        StormRecord other = new StormRecord(3, 1, "elsewhere", null, new Values(1L));
        DataOutputSerializer out2 = new DataOutputSerializer(64);
        named.serialize(other, out2);
        named.serialize(r, out2);
        serializer.serialize(r, out2);
        DataInputDeserializer in = new DataInputDeserializer(out2.getCopyOfBuffer());
        assertEquals(other, named.deserialize(in));
        assertEquals(r, named.deserialize(in));
        assertEquals(r, named.deserialize(in));
        assertTrue(!named.equals(serializer) && named.equals(named.duplicate()));
        // Leading short values go through ValueCodec.put (one write), the rest through ValueCodec.write: same encoding.
        StormRecord numbers = new StormRecord(
                1, 2, "count", "words", new Values(-1L, Long.MIN_VALUE, 7L, Integer.MIN_VALUE, 3, "w", 2.5d, 9L));
        DataOutputSerializer out3 = new DataOutputSerializer(64);
        named.serialize(numbers, out3);
        serializer.serialize(numbers, out3);
        DataInputDeserializer in3 = new DataInputDeserializer(out3.getCopyOfBuffer());
        assertEquals(numbers, named.deserialize(in3));
        assertEquals(numbers, serializer.deserialize(in3));
        assertTrue(!new StormRecordTypeInfo(NAMES).equals(StormOnFlink.RECORD_TYPE));
    }

    /** Bytes as format 1 wrote them: literal ASCII header strings (zigzag length), ASCII value tag 12 with a length. */
    @Test
    void format1RecordsAreRead() throws Exception {
        byte[] v1 = {6, 2, 2, 'a', 14, 'd', 'e', 'f', 'a', 'u', 'l', 't', 4, 12, 4, 'h', 'i', 2, 0, 0, 0, 0, 0, 0, 0, 9
        };
        StormRecord expected = new StormRecord(3, 1, "a", "default", new Values("hi", 9L));
        assertEquals(expected, serializer.deserialize(new DataInputDeserializer(v1)));
        assertEquals(expected, named.deserialize(new DataInputDeserializer(v1)));
    }

    /** Several tuples for one target task in one record: streams, null values and Kryo values per tuple survive. */
    @Test
    void batchesRoundTripAndCopyDeeply() throws Exception {
        for (TypeSerializer<StormRecord> s : List.of(serializer, named)) {
            StormRecord r = new StormRecord(3, 1, "split", "default", new Values("w", 1L));
            r.more = 3;
            r.moreStreams = new String[] {"side", null, "default"};
            r.moreValues = new Object[] {new Values(new java.util.Date(5), "x"), null, new Values("z".repeat(300))};
            DataOutputSerializer out = new DataOutputSerializer(64);
            s.serialize(r, out);
            s.serialize(new StormRecord(4, 1, "split", "default", new Values("after")), out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            StormRecord back = s.deserialize(in);
            assertEquals(r, back);
            assertEquals(4, back.size());
            assertEquals("side", back.streamAt(1));
            assertEquals(new Values(new java.util.Date(5), "x"), back.valuesAt(1));
            assertEquals(null, back.valuesAt(2));
            StormRecord next = s.deserialize(new StormRecord(), in);
            assertEquals(0, next.more);
            assertEquals(new Values("after"), next.values);

            StormRecord c = s.copy(r);
            assertEquals(r, c);
            // The emitting operator reuses its batch arrays: the copy has its own.
            assertTrue(c.moreStreams != r.moreStreams && c.moreValues != r.moreValues);
            r.moreValues[0] = null;
            assertEquals(new Values(new java.util.Date(5), "x"), c.valuesAt(1));
        }
    }

    @Test
    void snapshotsKeepTheNamesAndVersion1SnapshotsStillRestore() throws Exception {
        TypeSerializerSnapshot<StormRecord> restored = roundTripSnapshot(named.snapshotConfiguration(), false);
        assertEquals(named, restored.restoreSerializer());
        assertTrue(named.snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs());
        // Other names: data written with the old indexes must be migrated.
        assertTrue(new StormRecordTypeInfo(new String[] {"a", "b"})
                .createSerializer(new ExecutionConfig().getSerializerConfig())
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAfterMigration());
        // A version 1 snapshot (no names): literal headers, which any serializer reads.
        TypeSerializerSnapshot<StormRecord> v1 = roundTripSnapshot(serializer.snapshotConfiguration(), true);
        assertEquals(serializer, v1.restoreSerializer());
        assertTrue(named.snapshotConfiguration().resolveSchemaCompatibility(v1).isCompatibleAsIs());
    }

    /** Writes and reads a snapshot; asVersion1 rewrites an empty-names current outer snapshot as version 1 wrote it. */
    private TypeSerializerSnapshot<StormRecord> roundTripSnapshot(
            TypeSerializerSnapshot<StormRecord> snapshot, boolean asVersion1) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        byte[] b = out.getCopyOfBuffer();
        if (asVersion1) {
            // CompositeTypeSerializerSnapshot: magic number 911108, outer version, outer snapshot (here: names count
            // 0).
            byte[] pattern = {0, 13, (byte) 231, 4, 0, 0, 0, 5, 0, 0, 0, 0};
            int at = indexOf(b, pattern);
            assertTrue(at >= 0);
            byte[] patched = new byte[b.length - 4];
            System.arraycopy(b, 0, patched, 0, at + 4);
            patched[at + 7] = 1;
            System.arraycopy(b, at + 12, patched, at + 8, b.length - at - 12);
            b = patched;
        }
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(b), getClass().getClassLoader());
    }

    private static int indexOf(byte[] b, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= b.length; i++) {
            for (int j = 0; j < p.length; j++) if (b[i + j] != p[j]) continue outer;
            return i;
        }
        return -1;
    }
}
