package dev.storm2flink.compat.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One tap file per JVM (LocalCluster runs every task in this JVM): one JSON line per emitted tuple. */
public final class Tap {
    private static BufferedWriter out;
    private static long seq;
    private static final Set<String> described = new HashSet<>();
    /** System.nanoTime of the last emit, 0 before the first: the runner's quiet detection reads it. */
    public static final AtomicLong lastEmitNanos = new AtomicLong();

    public static final AtomicLong emitted = new AtomicLong();
    /** Per component: emits, and spout acks/fails (TapHook). The runner's Kafka done-ness reads them. */
    public static final Map<String, AtomicLong> emittedBy = new ConcurrentHashMap<>();

    public static final Map<String, AtomicLong> ackedBy = new ConcurrentHashMap<>();
    public static final Map<String, AtomicLong> failedBy = new ConcurrentHashMap<>();

    /**
     * Topology config key holding the run a topology belongs to. A Storm runner that serves several runs in one
     * LocalCluster starts a new run per topology; hooks and replay spouts of an earlier, killed topology that are
     * still shutting down then no longer count. Absent (Flink, a runner with one run): always current.
     */
    public static final String RUN = "s2f.tap.run";

    private static volatile int run;

    private Tap() {}

    /** The run a component belongs to, from its topology config (-1: no run given, always current). */
    public static int runOf(Map<String, Object> conf) {
        Object v = conf.get(RUN);
        return v instanceof Number ? ((Number) v).intValue() : -1;
    }

    public static boolean current(int componentRun) {
        return componentRun < 0 || componentRun == run;
    }

    /** Closes the tap and forgets every count: the next topology is a new run. Returns the new run. */
    public static synchronized int newRun() {
        close();
        seq = 0;
        described.clear();
        lastEmitNanos.set(0);
        emitted.set(0);
        emittedBy.clear();
        ackedBy.clear();
        failedBy.clear();
        return ++run;
    }

    public static synchronized void open(String file) {
        if (out != null) return;
        try {
            out = Files.newBufferedWriter(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized void record(
            String component, String stream, int task, List<Object> values, List<String> fields) {
        if (out == null) return;
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"component\":");
        Json.write(sb, component);
        sb.append(",\"stream\":");
        Json.write(sb, stream);
        sb.append(",\"task\":").append(task);
        sb.append(",\"seq\":").append(seq++);
        sb.append(",\"values\":");
        Json.write(sb, values);
        // Field names once per stream: enough for --ignore-fields without a model.
        if (fields != null && described.add(component + '\u0000' + stream)) {
            sb.append(",\"fields\":");
            Json.write(sb, fields);
        }
        sb.append("}\n");
        try {
            out.write(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emitted.incrementAndGet();
        count(emittedBy, component);
        lastEmitNanos.set(System.nanoTime());
    }

    static void count(Map<String, AtomicLong> m, String component) {
        m.computeIfAbsent(component, k -> new AtomicLong()).incrementAndGet();
    }

    public static long count(Map<String, AtomicLong> m, String component, long dflt) {
        AtomicLong n = m.get(component);
        return n == null ? dflt : n.get();
    }

    public static synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // Nothing left to do; the runner reports counts separately.
        }
        out = null;
    }
}
