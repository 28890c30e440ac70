package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a bolt's fail() reaches its spout across a Flink job graph, which has no cycles: the bolt subtask sends the
 * failed roots to its operator coordinator ({@link Coordinator}, in the JobManager), which hands them to this job's
 * {@link Hub}; the hub passes each root to the split enumerator of the spout that emitted it, and that enumerator to
 * the reader hosting the spout task, which calls the user's spout.fail(msgId) on its task thread.
 *
 * <p>Acks at tree completion ({@link Layout#treeAcks}, the default): the same route carries Storm's acker input. Every
 * tuple copy carries, per root, an XOR of random edge ids; a bolt's ack XORs its copy's ids and the edges of what it
 * anchored to it into its subtask's {@link AckXors}, flushed every {@link BoltOperator#ACK_FLUSH_MS} (straight to the
 * reader when it runs in the same JVM: {@link LocalAcks}); the reader hosting the spout task keeps each pending id's XOR
 * (starting from the edges of the copies it emitted) and acks the id when it reaches 0, as Storm's acker decides. XOR
 * makes the order of arrival irrelevant.
 *
 * <p>Otherwise acks follow checkpoints, but a reader acks the ids a checkpoint covers only once every bolt subtask has
 * said that all its fails of tuples from before that checkpoint's barrier are sent ({@link Hub#cleared}): a fail
 * never loses the race with the ack. The hub lives in the JobManager's memory: a JobManager failover restores the
 * spouts from the checkpoint, and their restore fails every id still pending, so nothing depends on it surviving.
 */
final class FailRoute {
    private static final Logger LOG = LoggerFactory.getLogger(FailRoute.class);
    /** Per job (a token made when the job is built: Flink 1.20's coordinator context has no job id). */
    private static final ConcurrentHashMap<String, Hub> HUBS = new ConcurrentHashMap<>();

    private FailRoute() {}

    /** What the hub needs of the topology: the component of each spout task, and each bolt's parallelism. */
    static final class Layout implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String token;
        /** Spout ids are acked when their trees complete, not at checkpoints. */
        final boolean treeAcks;

        final HashMap<Integer, String> spoutOfTask = new HashMap<>();
        final HashMap<String, Integer> boltParallelism = new HashMap<>();

        Layout(String token, TopologyPlan plan, boolean treeAcks) {
            this.token = token;
            this.treeAcks = treeAcks;
            for (TopologyPlan.Component c : plan.components.values()) {
                if (c.spout) for (int t : c.tasks) spoutOfTask.put(t, c.id);
                else boltParallelism.put(c.id, c.parallelism);
            }
        }
    }

    static Hub hub(Layout layout) {
        Hub h = HUBS.computeIfAbsent(layout.token, k -> new Hub(layout));
        synchronized (h) {
            h.users++;
        }
        return h;
    }

    static void release(Hub h) {
        synchronized (h) {
            if (--h.users == 0) HUBS.remove(h.layout.token, h);
        }
    }

    /** One job's meeting point of bolt coordinators and spout enumerators. Everything under its lock, in arrival order. */
    static final class Hub {
        final Layout layout;
        int users;
        private final Map<String, SpoutEnumerator> spouts = new HashMap<>();
        /** Per bolt: the last checkpoint each subtask flushed its fails for (-1: none yet). */
        private final Map<String, long[]> flushed = new HashMap<>();

        private long cleared = -1;
        private long dropped;
        /** Roots bolt subtasks held at each checkpoint not yet cleared (union over subtasks), and held at their finish. */
        private final java.util.TreeMap<Long, java.util.HashSet<Long>> heldAt = new java.util.TreeMap<>();

        private final java.util.HashSet<Long> heldAtFinish = new java.util.HashSet<>();
        private long[] lastHeld;

        Hub(Layout layout) {
            this.layout = layout;
            for (Map.Entry<String, Integer> e : layout.boltParallelism.entrySet()) {
                long[] f = new long[e.getValue()];
                Arrays.fill(f, -1);
                flushed.put(e.getKey(), f);
            }
            if (flushed.isEmpty()) cleared = Long.MAX_VALUE;
        }

        synchronized void register(String component, SpoutEnumerator e) {
            spouts.put(component, e);
            if (cleared >= 0) e.cleared(cleared, lastHeld);
        }

        synchronized void unregister(String component, SpoutEnumerator e) {
            spouts.remove(component, e);
        }

        /** The bolt's parallelism as its coordinator sees it (a job may run at another than the plan's). */
        synchronized void boltParallelism(String component, int parallelism) {
            long[] f = flushed.get(component);
            if (f != null && f.length != parallelism) {
                long[] g = new long[parallelism];
                Arrays.fill(g, -1);
                flushed.put(component, g);
            }
        }

        synchronized void boltFailed(FailEvents.BoltFailed e) {
            if (e.acked != null) acked(e.acked);
            if (e.roots != null && e.roots.length > 0) {
                Map<String, List<Long>> bySpout = new HashMap<>();
                for (long r : e.roots) {
                    String spout = layout.spoutOfTask.get(Roots.task(r));
                    if (spout != null)
                        bySpout.computeIfAbsent(spout, k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<Long>> s : bySpout.entrySet()) {
                    SpoutEnumerator en = spouts.get(s.getKey());
                    if (en == null) {
                        // A spout being restored: its restore fails every id that was pending, these included.
                        dropped += s.getValue().size();
                        LOG.info(
                                "{} failed roots for spout {} arrived while it restarts ({} so far): its restore replays them",
                                s.getValue().size(),
                                s.getKey(),
                                dropped);
                        continue;
                    }
                    long[] roots = new long[s.getValue().size()];
                    for (int i = 0; i < roots.length; i++)
                        roots[i] = s.getValue().get(i);
                    en.fail(roots);
                }
            }
            if (e.flushed >= 0) {
                long[] f = flushed.get(e.component);
                if (f == null || e.subtask >= f.length) return;
                if (e.held != null && e.held.length > 0) {
                    java.util.HashSet<Long> into = e.flushed == Long.MAX_VALUE
                            ? heldAtFinish
                            : heldAt.computeIfAbsent(e.flushed, k -> new java.util.HashSet<>());
                    for (long r : e.held) into.add(r);
                }
                if (e.flushed > f[e.subtask]) f[e.subtask] = e.flushed;
                long min = Long.MAX_VALUE;
                for (long[] g : flushed.values()) for (long x : g) min = Math.min(min, x);
                if (min > cleared) {
                    cleared = min;
                    long[] held = heldOf(min);
                    lastHeld = held;
                    heldAt.headMap(min, true).clear();
                    for (SpoutEnumerator en : spouts.values()) en.cleared(min, held);
                }
            }
        }

        /** Each root's XOR to the enumerator of its spout (one that is restoring fails them all anyway). */
        private void acked(FailEvents.Acks a) {
            Map<String, int[]> count = new HashMap<>();
            String[] spoutOf = new String[a.roots.length];
            for (int i = 0; i < a.roots.length; i++) {
                spoutOf[i] = layout.spoutOfTask.get(Roots.task(a.roots[i]));
                if (spoutOf[i] != null) count.computeIfAbsent(spoutOf[i], k -> new int[1])[0]++;
            }
            if (count.size() == 1 && count.values().iterator().next()[0] == a.roots.length) {
                SpoutEnumerator en = spouts.get(spoutOf[0]);
                if (en != null) en.acked(a);
                return;
            }
            for (Map.Entry<String, int[]> c : count.entrySet()) {
                SpoutEnumerator en = spouts.get(c.getKey());
                if (en == null) continue;
                long[] roots = new long[c.getValue()[0]];
                long[] values = new long[roots.length];
                int n = 0;
                for (int i = 0; i < a.roots.length; i++) {
                    if (!c.getKey().equals(spoutOf[i])) continue;
                    roots[n] = a.roots[i];
                    values[n++] = a.values[i];
                }
                en.acked(new FailEvents.Acks(roots, values));
            }
        }

        /** Roots some bolt subtask held at checkpoint c (or holds since it finished). */
        private long[] heldOf(long c) {
            java.util.HashSet<Long> at = heldAt.get(c);
            if ((at == null || at.isEmpty()) && heldAtFinish.isEmpty()) return null;
            java.util.HashSet<Long> all = new java.util.HashSet<>(heldAtFinish);
            if (at != null) all.addAll(at);
            long[] out = new long[all.size()];
            int i = 0;
            for (long r : all) out[i++] = r;
            return out;
        }
    }

    /** A bolt operator's coordinator: passes its subtasks' events to the hub. */
    static final class Coordinator implements OperatorCoordinator {
        private final Layout layout;
        private final String component;
        private final Context context;
        private Hub hub;
        /** Each subtask's current attempt: events of an earlier (failed) attempt are dropped. */
        private final ConcurrentHashMap<Integer, Integer> attempts = new ConcurrentHashMap<>();

        Coordinator(Layout layout, String component, Context context) {
            this.layout = layout;
            this.component = component;
            this.context = context;
        }

        @Override
        public void start() {
            hub = hub(layout);
            hub.boltParallelism(component, context.currentParallelism());
        }

        @Override
        public void close() {
            if (hub != null) release(hub);
            hub = null;
        }

        @Override
        public void handleEventFromOperator(int subtask, int attemptNumber, OperatorEvent event) {
            if (attemptNumber < attempts.getOrDefault(subtask, 0)) return;
            if (hub != null && event instanceof FailEvents.BoltFailed) hub.boltFailed((FailEvents.BoltFailed) event);
        }

        @Override
        public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) {
            result.complete(new byte[0]);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {}

        @Override
        public void resetToCheckpoint(long checkpointId, byte[] checkpointData) {}

        @Override
        public void subtaskReset(int subtask, long checkpointId) {}

        @Override
        public void executionAttemptFailed(int subtask, int attemptNumber, Throwable reason) {}

        @Override
        public void executionAttemptReady(int subtask, int attemptNumber, SubtaskGateway gateway) {
            attempts.merge(subtask, attemptNumber, Math::max);
        }
    }

    static final class Provider implements OperatorCoordinator.Provider {
        private static final long serialVersionUID = 1L;
        private final OperatorID operatorId;
        private final Layout layout;
        private final String component;

        Provider(OperatorID operatorId, Layout layout, String component) {
            this.operatorId = operatorId;
            this.layout = layout;
            this.component = component;
        }

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(OperatorCoordinator.Context context) {
            return new Coordinator(layout, component, context);
        }
    }
}
