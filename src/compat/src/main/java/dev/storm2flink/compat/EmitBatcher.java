package dev.storm2flink.compat;

import java.util.Arrays;
import java.util.List;

/**
 * The emits of one bolt execute, held until it returns and then handed on as one {@link StormRecord} per target task
 * holding up to {@link #MAX_BATCH} of that task's tuples in emit order ({@link StormRecord#more}): Flink's per-record
 * costs, from the record writer to the receiving operator, are then paid per batch. Records go out in the order of
 * each batch's first emit. Task thread only.
 *
 * <p>Every record goes out through one reused {@link StormRecord}: downstream serializes or copies it before
 * {@link Sink#collect} returns. Arrays rather than a record per emit: that record was a large share of what a bolt
 * allocated, i.e. of the GC time.
 */
final class EmitBatcher {
    /** Most tuples in one record; a bolt emitting thousands in one execute should not make one huge record. */
    static final int MAX_BATCH = 64;

    interface Sink {
        /** The record is reused once this returns. */
        void collect(StormRecord record);
    }

    private final Sink sink;
    private final StormRecord out = new StormRecord();

    private int[] target = new int[16];
    private int[] source = new int[16];
    private String[] stream = new String[16];
    private Object[] values = new Object[16];
    private long[][] roots = new long[16][];
    private long[][] edges = new long[16][];
    private int count;
    private boolean anyEdges;
    /**
     * The emits chained per target task as they come (the next emit to the same task, or -1), so that flush sends each
     * task's batch without scanning: comparing targets pairwise was a branch the CPU could not predict. chainHead lists
     * the first emit of each chain in order; tailOf is indexed by task id.
     */
    private int[] next = new int[16];

    private int[] chainOf = new int[16];
    private int[] chainHead = new int[16];
    private int[] chainLength = new int[16];
    private int chains;
    private final int[] tailOf;
    private final String[] batchStreams = new String[MAX_BATCH - 1];
    private final Object[] batchValues = new Object[MAX_BATCH - 1];
    private final long[][] batchRoots = new long[MAX_BATCH - 1][];
    private final long[][] batchEdges = new long[MAX_BATCH - 1][];

    /** {@code maxTask}: the highest task id of the topology (targets above it are sent unbatched). */
    EmitBatcher(String sourceComponent, int maxTask, Sink sink) {
        this.sink = sink;
        this.out.sourceComponent = sourceComponent;
        this.tailOf = new int[maxTask + 1];
        Arrays.fill(tailOf, -1);
    }

    /** Emits held. */
    int size() {
        return count;
    }

    /** Holds one emit until {@link #flush}. */
    void add(int target, int source, String stream, List<Object> values, long[] roots, long[] edges) {
        int i = count;
        if (i == this.target.length) grow(i * 2);
        this.target[i] = target;
        this.source[i] = source;
        if (this.stream[i] != stream) this.stream[i] = stream;
        this.values[i] = values;
        this.roots[i] = roots;
        this.edges[i] = edges;
        anyEdges |= edges != null;
        next[i] = -1;
        count = i + 1;
        // Append to this target's chain, or start one (a new source task, or a full batch, starts a new chain).
        boolean indexed = target >= 0 && target < tailOf.length;
        int tail = indexed ? tailOf[target] : -1;
        if (tail >= 0 && this.source[tail] == source && chainLength[chainOf[tail]] < MAX_BATCH) {
            next[tail] = i;
            chainOf[i] = chainOf[tail];
            chainLength[chainOf[i]]++;
        } else {
            chainOf[i] = chains;
            chainHead[chains] = i;
            chainLength[chains] = 1;
            chains++;
        }
        if (indexed) tailOf[target] = i;
    }

    private void grow(int n) {
        target = Arrays.copyOf(target, n);
        source = Arrays.copyOf(source, n);
        stream = Arrays.copyOf(stream, n);
        values = Arrays.copyOf(values, n);
        roots = Arrays.copyOf(roots, n);
        edges = Arrays.copyOf(edges, n);
        next = Arrays.copyOf(next, n);
        chainOf = Arrays.copyOf(chainOf, n);
        chainHead = Arrays.copyOf(chainHead, n);
        chainLength = Arrays.copyOf(chainLength, n);
    }

    /** Sends what {@link #add} held, one record per batch, and forgets it (no reference to a tuple is kept). */
    @SuppressWarnings("unchecked")
    void flush() {
        int n = count;
        if (n == 1) {
            send(target[0], source[0], stream[0], (List<Object>) values[0], roots[0], edges[0]);
        } else if (n > 1) {
            StormRecord r = out;
            for (int c = 0; c < chains; c++) {
                int i = chainHead[c];
                int more = 0;
                boolean rooted = false;
                boolean edged = false;
                for (int j = next[i]; j >= 0; j = next[j]) {
                    batchStreams[more] = stream[j];
                    batchValues[more] = values[j];
                    batchRoots[more] = roots[j];
                    batchEdges[more] = edges[j];
                    rooted |= roots[j] != null;
                    edged |= edges[j] != null;
                    more++;
                }
                if (more > 0) {
                    r.more = more;
                    r.moreStreams = batchStreams;
                    r.moreValues = batchValues;
                    r.moreRoots = rooted ? batchRoots : null;
                    r.moreEdges = edged ? batchEdges : null;
                }
                send(target[i], source[i], stream[i], (List<Object>) values[i], roots[i], edges[i]);
                if (more > 0) {
                    r.more = 0;
                    r.moreRoots = null;
                    r.moreEdges = null;
                    Arrays.fill(batchValues, 0, more, null);
                    Arrays.fill(batchRoots, 0, more, null);
                    if (edged) Arrays.fill(batchEdges, 0, more, null);
                }
            }
        }
        for (int c = 0; c < chains; c++) {
            int t = target[chainHead[c]];
            if (t >= 0 && t < tailOf.length) tailOf[t] = -1;
        }
        chains = 0;
        Arrays.fill(values, 0, n, null);
        Arrays.fill(roots, 0, n, null);
        if (anyEdges) Arrays.fill(edges, 0, n, null);
        anyEdges = false;
        count = 0;
    }

    /**
     * One tuple at once, through the reused record (an emit outside execute). Reference fields are stored only when
     * they change: a store into a long-lived object costs a G1 write barrier with a fence.
     */
    void send(int target, int source, String stream, List<Object> values, long[] roots, long[] edges) {
        StormRecord r = out;
        r.targetTask = target;
        r.sourceTask = source;
        if (r.streamId != stream) r.streamId = stream;
        r.values = values;
        if (r.roots != roots) r.roots = roots;
        if (r.edges != edges) r.edges = edges;
        sink.collect(r);
        r.values = null;
    }
}
