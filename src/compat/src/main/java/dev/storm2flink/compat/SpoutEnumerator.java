package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands each spout task to the subtask Storm's executor layout would give it; re-hands tasks after a failover. */
final class SpoutEnumerator implements SplitEnumerator<SpoutSplit, ArrayList<SpoutSplit>> {
    private final SplitEnumeratorContext<SpoutSplit> context;
    private final TopologyPlan.Component component;
    private final ArrayList<SpoutSplit> unassigned;
    /** This job's fail route (null: acks do not follow checkpoints, so a fail cannot replay). */
    private final FailRoute.Layout failLayout;

    private FailRoute.Hub hub;
    /** Coordinator thread: the hub's last cleared checkpoint and held roots; what each reader waits for; who ended. */
    private long cleared = -1;

    private long[] held;
    private final Map<Integer, Long> wants = new HashMap<>();
    private final java.util.Set<Integer> finished = new java.util.HashSet<>();

    SpoutEnumerator(
            SplitEnumeratorContext<SpoutSplit> context,
            TopologyPlan.Component component,
            ArrayList<SpoutSplit> unassigned,
            FailRoute.Layout failLayout) {
        this.context = context;
        this.component = component;
        this.unassigned = unassigned;
        this.failLayout = failLayout;
    }

    @Override
    public void start() {
        for (int reader : context.registeredReaders().keySet()) addReader(reader);
        if (failLayout != null) {
            hub = FailRoute.hub(failLayout);
            hub.register(component.id, this);
        }
    }

    /** From the hub (any thread): each root to the reader hosting its task, in the order given. */
    void fail(long[] roots) {
        run(() -> {
            int n = context.currentParallelism();
            Map<Integer, long[]> bySubtask = new HashMap<>();
            Map<Integer, Integer> count = new HashMap<>();
            for (long r : roots) {
                int idx = component.tasks.indexOf(Roots.task(r));
                int subtask = component.subtaskOfIndex(Math.max(idx, 0), n);
                long[] a = bySubtask.computeIfAbsent(subtask, k -> new long[roots.length]);
                int i = count.merge(subtask, 1, Integer::sum) - 1;
                a[i] = r;
            }
            for (Map.Entry<Integer, long[]> e : bySubtask.entrySet()) {
                // A reader ends only once its ids are acked, so a fail for an ended reader names an id acked already.
                if (finished.contains(e.getKey())) continue;
                send(
                        e.getKey(),
                        new FailEvents.SpoutFail(
                                java.util.Arrays.copyOf(e.getValue(), count.get(e.getKey())), -1, null));
            }
        });
    }

    /** From the hub (any thread): acks at tree completion, each root's XOR to the reader hosting its task. */
    void acked(FailEvents.Acks acks) {
        run(() -> {
            int n = context.currentParallelism();
            if (n == 1 || component.tasks.size() == 1) {
                int subtask = n == 1 ? 0 : component.subtaskOfIndex(0, n);
                if (!finished.contains(subtask)) send(subtask, new FailEvents.SpoutFail(null, -1, null, acks));
                return;
            }
            int[] subtaskOf = new int[acks.roots.length];
            int[] count = new int[n];
            for (int i = 0; i < acks.roots.length; i++) {
                int idx = component.tasks.indexOf(Roots.task(acks.roots[i]));
                subtaskOf[i] = component.subtaskOfIndex(Math.max(idx, 0), n);
                count[subtaskOf[i]]++;
            }
            for (int s = 0; s < n; s++) {
                // A reader ends only once nothing is pending: an ack for an ended reader is for an id settled already.
                if (count[s] == 0 || finished.contains(s)) continue;
                long[] roots = new long[count[s]];
                long[] values = new long[count[s]];
                int k = 0;
                for (int i = 0; i < acks.roots.length; i++) {
                    if (subtaskOf[i] != s) continue;
                    roots[k] = acks.roots[i];
                    values[k++] = acks.values[i];
                }
                send(s, new FailEvents.SpoutFail(null, -1, null, new FailEvents.Acks(roots, values)));
            }
        });
    }

    /** From the hub: every bolt flushed its fails up to this checkpoint, and held these roots there. */
    void cleared(long checkpointId, long[] held) {
        run(() -> {
            if (checkpointId <= cleared) return;
            cleared = checkpointId;
            this.held = held;
            answer();
        });
    }

    /** Readers' wants (coordinator thread). */
    @Override
    public void handleSourceEvent(int subtaskId, org.apache.flink.api.connector.source.SourceEvent event) {
        if (!(event instanceof FailEvents.Want)) return;
        FailEvents.Want w = (FailEvents.Want) event;
        if (w.finished) {
            finished.add(subtaskId);
            wants.remove(subtaskId);
            return;
        }
        finished.remove(subtaskId);
        wants.merge(subtaskId, w.checkpoint, Math::max);
        answer();
    }

    /** Tells each reader that waits for a checkpoint now cleared: only readers that asked get an event. */
    private void answer() {
        java.util.Iterator<Map.Entry<Integer, Long>> it = wants.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Long> w = it.next();
            if (w.getValue() > cleared) continue;
            send(w.getKey(), new FailEvents.SpoutFail(null, cleared, held));
            it.remove();
        }
    }

    /** On the coordinator thread, so the readers get the hub's events in the hub's order. */
    private void run(Runnable r) {
        try {
            context.runInCoordinatorThread(r);
        } catch (RuntimeException e) {
            // Closing (a failover): the restored readers fail every id that was pending.
        }
    }

    private void send(int subtask, FailEvents.SpoutFail event) {
        try {
            context.sendEventToSourceReader(subtask, event);
        } catch (RuntimeException e) {
            // The reader is restarting; its restore fails every id that was pending, these included.
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<SpoutSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        finished.remove(subtaskId);
        wants.remove(subtaskId);
        int n = context.currentParallelism();
        Iterator<SpoutSplit> it = unassigned.iterator();
        while (it.hasNext()) {
            SpoutSplit s = it.next();
            int idx = component.tasks.indexOf(s.taskId);
            if (component.subtaskOfIndex(Math.max(idx, 0), n) == subtaskId || idx < 0 && subtaskId == 0) {
                context.assignSplit(s, subtaskId);
                it.remove();
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public ArrayList<SpoutSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.unregister(component.id, this);
            FailRoute.release(hub);
            hub = null;
        }
    }
}
