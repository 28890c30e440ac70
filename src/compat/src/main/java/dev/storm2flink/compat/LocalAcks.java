package dev.storm2flink.compat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Acks at tree completion between a bolt subtask and the reader hosting a spout task in the same JVM (one
 * TaskManager): handed over directly instead of through the JobManager ({@link FailRoute}). That route takes five thread
 * hand-offs and two Java serializations per event, and Flink holds a coordinator's events to a reader from its
 * checkpoint until the reader's task acknowledges the barrier; with max.spout.pending, its round trip bounded the
 * spout's rate (BENCHMARKS.md round 8). Acks of spout tasks hosted elsewhere still take the JobManager route.
 *
 * <p>Safe for at-least-once whatever the timing: an ack only XORs into its tree, so it completes the tree only once
 * every tuple of it is acked, by whichever route; a stale ack (from before a restore) leaves a tree incomplete, which
 * then times out and is replayed (a duplicate, never a loss); fails and the checkpoint protocol keep their route.
 */
final class LocalAcks {
    private LocalAcks() {}

    /**
     * -Dstorm2flink.compat.localAcks=false sends every ack through the JobManager, as when spouts and bolts run in
     * different TaskManagers (tests of that route, bench:compat's compat-remote).
     */
    static volatile boolean enabled = !"false".equals(System.getProperty("storm2flink.compat.localAcks"));

    /** Per job (its {@link FailRoute.Layout#token}), the inbox of each spout task whose reader runs in this JVM. */
    private static final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Inbox>> JOBS = new ConcurrentHashMap<>();

    /** A reader's: acks from bolt threads, drained on the reader's task thread. */
    static final class Inbox {
        final ConcurrentLinkedQueue<FailEvents.Acks> queue = new ConcurrentLinkedQueue<>();
        private final Runnable wake;

        Inbox(Runnable wake) {
            this.wake = wake;
        }

        void add(FailEvents.Acks acks) {
            queue.add(acks);
            wake.run();
        }
    }

    static void register(String token, int spoutTask, Inbox inbox) {
        JOBS.computeIfAbsent(token, k -> new ConcurrentHashMap<>()).put(spoutTask, inbox);
    }

    /** Only its own registration: a reader of the next attempt may have registered already. */
    static void unregister(String token, int spoutTask, Inbox inbox) {
        JOBS.computeIfPresent(token, (k, tasks) -> {
            tasks.remove(spoutTask, inbox);
            return tasks.isEmpty() ? null : tasks;
        });
    }

    /**
     * Hands each root's XOR to the inbox of its spout task when that task's reader runs here; returns the rest, for the
     * JobManager route (null when nothing is left).
     */
    static FailEvents.Acks deliver(String token, FailEvents.Acks acks) {
        ConcurrentHashMap<Integer, Inbox> tasks = enabled ? JOBS.get(token) : null;
        if (tasks == null) return acks;
        long[] roots = acks.roots;
        Inbox[] to = new Inbox[roots.length];
        Inbox first = null;
        boolean one = true;
        int local = 0;
        for (int i = 0; i < roots.length; i++) {
            to[i] = tasks.get(Roots.task(roots[i]));
            if (to[i] != null) local++;
            if (i == 0) first = to[0];
            else one &= to[i] == first;
        }
        // The usual case: one reader here hosts the spout task of every root (or none runs here).
        if (one) {
            if (first == null) return acks;
            first.add(acks);
            return null;
        }
        // Spouts of which some readers run here and some elsewhere: one Acks per inbox, the rest to the JobManager.
        long[] restRoots = new long[roots.length - local];
        long[] restValues = new long[restRoots.length];
        int k = 0;
        for (int i = 0; i < roots.length; i++) {
            if (to[i] != null) continue;
            restRoots[k] = roots[i];
            restValues[k++] = acks.values[i];
        }
        for (int i = 0; i < roots.length; i++) {
            Inbox inbox = to[i];
            if (inbox == null) continue;
            int n = 0;
            for (int j = i; j < roots.length; j++) if (to[j] == inbox) n++;
            long[] r = new long[n];
            long[] v = new long[n];
            n = 0;
            for (int j = i; j < roots.length; j++) {
                if (to[j] != inbox) continue;
                r[n] = roots[j];
                v[n++] = acks.values[j];
                to[j] = null;
            }
            inbox.add(new FailEvents.Acks(r, v));
        }
        return k == 0 ? null : new FailEvents.Acks(restRoots, restValues);
    }
}
