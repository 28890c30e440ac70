package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emits of one execute: one record per target task and source task, in emit order, at most MAX_BATCH tuples. */
class EmitBatcherTest {
    /** What one record carried, copied before the batcher reuses it. */
    record Sent(
            int target,
            int source,
            String component,
            List<String> streams,
            List<Object> values,
            List<long[]> roots,
            List<long[]> edges) {}

    private final List<Sent> sent = new ArrayList<>();
    private StormRecord last;

    private EmitBatcher batcher(int maxTask) {
        return new EmitBatcher("split", maxTask, r -> {
            last = r;
            List<String> streams = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            List<long[]> roots = new ArrayList<>();
            List<long[]> edges = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                streams.add(r.streamAt(i));
                values.add(r.valuesAt(i));
                roots.add(r.rootsAt(i));
                edges.add(r.edgesAt(i));
            }
            sent.add(new Sent(r.targetTask, r.sourceTask, r.sourceComponent, streams, values, roots, edges));
        });
    }

    private static List<Object> v(Object... values) {
        return List.of(values);
    }

    @Test
    void oneRecordPerTargetInOrderOfFirstEmit() {
        EmitBatcher b = batcher(10);
        long[] root = {42L};
        b.add(7, 3, "default", v("a"), root, null);
        b.add(5, 3, "default", v("b"), null, null);
        b.add(7, 3, "words", v("c"), null, new long[] {9L});
        b.add(5, 3, "default", v("d"), null, null);
        b.add(7, 3, "default", v("e"), null, null);
        assertEquals(5, b.size());
        assertEquals(List.of(), sent, "nothing goes out before flush");
        b.flush();
        assertEquals(0, b.size());
        assertEquals(2, sent.size());
        Sent first = sent.get(0);
        assertEquals(7, first.target());
        assertEquals(3, first.source());
        assertEquals("split", first.component());
        assertEquals(List.of("default", "words", "default"), first.streams());
        assertEquals(List.of(v("a"), v("c"), v("e")), first.values());
        assertEquals(42L, first.roots().get(0)[0]);
        assertNull(first.roots().get(1));
        assertEquals(9L, first.edges().get(1)[0]);
        Sent second = sent.get(1);
        assertEquals(5, second.target());
        assertEquals(List.of(v("b"), v("d")), second.values());
        // The reused record holds no tuple once sent, and no batch of the flush.
        assertNull(last.values);
        assertEquals(0, last.more);
        assertNull(last.moreRoots);
        assertNull(last.moreEdges);
    }

    @Test
    void aBatchHoldsAtMostMaxBatchTuples() {
        EmitBatcher b = batcher(4);
        int n = EmitBatcher.MAX_BATCH * 2 + 5;
        for (int i = 0; i < n; i++) b.add(2, 1, "default", v(i), null, null);
        b.flush();
        assertEquals(
                List.of(EmitBatcher.MAX_BATCH, EmitBatcher.MAX_BATCH, 5),
                sent.stream().map(s -> s.values().size()).toList());
        List<Object> all = new ArrayList<>();
        for (Sent s : sent) all.addAll(s.values());
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add(v(i));
        assertEquals(expected, all, "emit order kept across batches");
    }

    /** A record has one source task: emits of two tasks of one subtask to the same target go in two records. */
    @Test
    void anotherSourceTaskStartsAnotherRecord() {
        EmitBatcher b = batcher(10);
        b.add(8, 1, "default", v("x"), null, null);
        b.add(8, 2, "default", v("y"), null, null);
        b.add(8, 2, "default", v("z"), null, null);
        b.flush();
        assertEquals(2, sent.size());
        assertEquals(1, sent.get(0).source());
        assertEquals(List.of(v("x")), sent.get(0).values());
        assertEquals(2, sent.get(1).source());
        assertEquals(List.of(v("y"), v("z")), sent.get(1).values());
    }

    @Test
    void flushStartsAfresh() {
        EmitBatcher b = batcher(10);
        b.add(3, 1, "default", v("a"), null, null);
        b.add(4, 1, "default", v("b"), null, null);
        b.flush();
        sent.clear();
        b.flush();
        assertEquals(List.of(), sent, "a second flush sends nothing");
        b.add(4, 1, "default", v("c"), null, null);
        b.add(3, 1, "default", v("d"), null, null);
        b.add(4, 1, "default", v("e"), null, null);
        b.flush();
        assertEquals(List.of(4, 3), sent.stream().map(Sent::target).toList(), "chains of the last flush do not linger");
        assertEquals(List.of(v("c"), v("e")), sent.get(0).values());
    }

    /** More emits than the arrays first hold, and targets beyond the topology's task ids (sent unbatched). */
    @Test
    void growsAndSendsUnknownTargetsAlone() {
        EmitBatcher b = batcher(3);
        for (int i = 0; i < 40; i++) b.add(i % 2 == 0 ? 2 : 99, 1, "default", v(i), null, null);
        b.flush();
        long toTwo = sent.stream().filter(s -> s.target() == 2).count();
        long toUnknown = sent.stream().filter(s -> s.target() == 99).count();
        assertEquals(1, toTwo);
        assertEquals(20, toUnknown);
        assertEquals(
                20,
                sent.stream()
                        .filter(s -> s.target() == 2)
                        .findFirst()
                        .get()
                        .values()
                        .size());
    }

    @Test
    void sendGoesAtOnce() {
        EmitBatcher b = batcher(10);
        b.send(6, 2, "default", v("now"), null, null);
        assertEquals(1, sent.size());
        assertEquals(List.of(v("now")), sent.get(0).values());
        assertEquals(0, b.size());
    }
}
