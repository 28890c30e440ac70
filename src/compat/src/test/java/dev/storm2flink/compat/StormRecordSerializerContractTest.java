package dev.storm2flink.compat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.apache.storm.tuple.Values;

/**
 * StormRecordSerializer against Flink's own contract for serializers (SerializerTestBase: copy, duplicate across
 * threads, Java serializability and equality, snapshot and compatibility, reads from split buffers). Equality here
 * also compares each tuple's roots and edges, which StormRecord.equals leaves out.
 */
class StormRecordSerializerContractTest extends SerializerTestBase<StormRecord> {
    StormRecordSerializerContractTest() {
        super(new DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> a instanceof StormRecord && b instanceof StormRecord,
                        (a, b, checker) -> same((StormRecord) a, (StormRecord) b)));
    }

    private static boolean same(StormRecord a, StormRecord b) {
        if (!a.equals(b) || !Objects.equals(a.streamId, b.streamId)) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.rootsAt(i), b.rootsAt(i)) || !Arrays.equals(a.edgesAt(i), b.edgesAt(i))) return false;
        }
        return true;
    }

    @Override
    protected TypeSerializer<StormRecord> createSerializer() {
        return StormOnFlink.RECORD_TYPE.createSerializer(new ExecutionConfig().getSerializerConfig());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<StormRecord> getTypeClass() {
        return StormRecord.class;
    }

    @Override
    protected StormRecord[] getTestData() {
        Map<String, Object> map = new HashMap<>();
        map.put("k", 1L);
        StormRecord plain = new StormRecord(4, 2, "split", "default", new Values("word", 7L, 3, 2.5d, true, null));
        StormRecord typed = new StormRecord(
                1,
                9,
                "count",
                "totals",
                new Values((short) 4, (byte) 5, 1.5f, 'c', "gr\u00fc\u00dfe \u4e16\u754c", "", map),
                new long[] {Roots.of(3, 17)});
        StormRecord edged =
                new StormRecord(6, 3, "split", "default", new Values("x"), new long[] {Roots.of(5, 1), Roots.of(6, 2)});
        edged.edges = new long[] {0x1234_5678_9abcL, -7L};
        StormRecord batch = new StormRecord(2, 3, "split", "default", new Values("a", 1L), new long[] {Roots.of(5, 9)});
        batch.more = 2;
        batch.moreStreams = new String[] {"words", "default"};
        batch.moreValues = new Object[] {new Values("b", 2L), new Values("c", 3L)};
        batch.moreRoots = new long[][] {null, {Roots.of(5, 10)}};
        StormRecord empty = new StormRecord(0, -1, "__system", "__tick", new Values());
        return new StormRecord[] {plain, typed, edged, batch, empty};
    }
}
