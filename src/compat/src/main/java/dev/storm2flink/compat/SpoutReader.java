package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.ISpoutOutputCollector;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the Storm spout tasks assigned to this Flink subtask: open/activate on assignment, nextTuple
 * from pollNext (the task thread), acks on checkpoint completion, a bolt's fail() as spout.fail (see
 * {@link FailRoute}), deactivate/close on close.
 */
final class SpoutReader implements SourceReader<StormRecord, SpoutSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(SpoutReader.class);
    private static volatile ScheduledExecutorService timer;

    private final TopologyPlan plan;
    private final String componentId;
    private final StormOnFlinkOptions options;
    private final boolean checkpointAcks;
    /** Bolts' fails reach this reader: tuples carry roots, and acks wait for {@link #cleared}. */
    private final boolean failRoute;
    /** Acks at tree completion (see {@link FailRoute}): tuples carry edges, and ids are acked when their XOR is 0. */
    private final boolean treeAcks;
    /** Acks at tree completion: the job's token, and where bolts in this JVM put acks for the tasks hosted here. */
    private final String ackToken;

    private final LocalAcks.Inbox inbox;
    /** topology.max.spout.pending with acks at tree completion (0: none): nextTuple waits while this many are pending. */
    private final int maxPending;
    /** The last checkpoint completed, and the last whose fails every bolt has sent (see {@link FailRoute}). */
    private long completed = -1;

    private long cleared = -1;
    /** Cleared checkpoints not yet completed here, with the roots bolts held at each (null: none). */
    private final TreeMap<Long, long[]> clearedHeld = new TreeMap<>();
    /** topology.message.timeout.secs: a tree a bolt holds longer is failed back, as Storm times it out. */
    private final long timeoutMs;

    /**
     * Set once a second by the timer: the task thread then times out trees. (Counting polls instead, 1,024 between
     * checks, stretched with the poll rate: a loaded machine slowed an idle spout's polls until no timeout came in 60 s.)
     */
    private volatile boolean timeoutCheckDue;

    private java.util.concurrent.ScheduledFuture<?> timeoutTicks;
    private boolean warnedTimeout;
    /** The checkpoint whose ids were last acked: what is still pending at or before it, bolts hold. */
    private long ackedUpTo = -1;
    /** Acks at tree completion: when the last tree ack arrived, and how long none must before a bounded run ends. */
    private long lastTreeAck;

    static final long QUIET_BEFORE_END_MS = 1000;
    /** The last checkpoint this reader asked its enumerator to hear about (FailEvents.Want). */
    private long wanted = -1;

    private boolean saidFinished;
    private final SourceReaderContext readerContext;
    private final Map<Integer, SpoutTask> tasks = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<StormRecord> offThread = new ConcurrentLinkedQueue<>();
    private final Map<String, Object> executorData = new HashMap<>();
    private final StormMetricRegistry registry = new StormMetricRegistry();
    private final TaskSupport.Metrics metrics = new TaskSupport.Metrics();
    private final Map<Integer, Long> nextSample = new HashMap<>();
    private long nextV2Check;
    private int pollsSinceCheck;
    private final Counter errorCounter;
    private Thread taskThread;
    private ReaderOutput<StormRecord> output;
    /** Emits of the nextTuple in progress, sent when it returns (a chained bolt must not run inside the spout's call). */
    private final ArrayList<StormRecord> buffered = new ArrayList<>();

    private boolean noMoreSplits;
    private volatile CompletableFuture<Void> available = CompletableFuture.completedFuture(null);

    SpoutReader(
            TopologyPlan plan,
            String componentId,
            StormOnFlinkOptions options,
            boolean checkpointAcks,
            boolean failRoute,
            String treeAckToken,
            SourceReaderContext ctx) {
        this.plan = plan;
        this.componentId = componentId;
        this.options = options;
        this.checkpointAcks = checkpointAcks;
        this.failRoute = failRoute && checkpointAcks;
        this.treeAcks = this.failRoute && treeAckToken != null;
        this.ackToken = this.treeAcks ? treeAckToken : null;
        this.inbox = this.treeAcks ? new LocalAcks.Inbox(this::wakeUp) : null;
        Integer pending = TopologyPlan.toInt(
                plan.component(componentId).conf.get(org.apache.storm.Config.TOPOLOGY_MAX_SPOUT_PENDING));
        this.maxPending = this.treeAcks && pending != null && pending > 0 ? pending : 0;
        Integer secs = TopologyPlan.toInt(
                plan.component(componentId).conf.get(org.apache.storm.Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS));
        this.timeoutMs = (secs == null ? 30 : Math.max(1, secs)) * 1000L;
        this.readerContext = ctx;
        this.errorCounter = ctx.metricGroup().counter("stormReportedErrors");
    }

    private static ScheduledExecutorService timer() {
        if (timer == null) {
            synchronized (SpoutReader.class) {
                if (timer == null) {
                    timer = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "storm2flink-spout-wait");
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return timer;
    }

    @Override
    public void start() {
        taskThread = Thread.currentThread();
        if (failRoute)
            timeoutTicks = timer().scheduleAtFixedRate(() -> timeoutCheckDue = true, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public void addSplits(List<SpoutSplit> splits) {
        List<Integer> hosted = new ArrayList<>(tasks.keySet());
        for (SpoutSplit s : splits) hosted.add(s.taskId);
        TopologyPlan.Component comp = plan.component(componentId);
        for (SpoutSplit s : splits) {
            AtomicBoolean opened = new AtomicBoolean(false);
            TopologyContext ctx = plan.newContext(s.taskId, hosted, executorData, metrics.registered, opened, registry);
            TaskSupport.addAutoHooks(plan.topoConf, ctx);
            Object obj = plan.instantiate(componentId);
            if (!(obj instanceof ISpout)) {
                throw new UnsupportedTopologyException("Component '" + componentId + "' is not a spout: "
                        + obj.getClass().getName());
            }
            SpoutTask t = new SpoutTask(s.taskId, (ISpout) obj, ctx);
            tasks.put(s.taskId, t);
            if (inbox != null) LocalAcks.register(ackToken, s.taskId, inbox);
            Map<String, Object> conf = TaskSupport.componentConf(comp, obj);
            t.spout.open(conf, ctx, new SpoutOutputCollector(t));
            if (options.bounded) t.trident = Trident.Quiet.of(obj, conf, options.verifyHooks.tridentTransactions());
            opened.set(true);
            t.spout.activate();
            if (options.failPendingOnRestore && !s.pending.isEmpty()) {
                LOG.info(
                        "{} task {}: failing {} message ids pending at the restored checkpoint",
                        componentId,
                        s.taskId,
                        s.pending.size());
                for (Object id : s.pending) t.failMsg(id);
            }
        }
        long now = System.currentTimeMillis();
        for (int bucket : metrics.expose(readerContext.metricGroup()))
            nextSample.putIfAbsent(bucket, now + bucket * 1000L);
        metrics.exposeV2(readerContext.metricGroup(), registry, tasks.keySet());
        nextV2Check = now + TaskSupport.Metrics.V2_CHECK_MS;
        wakeUp();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        wakeUp();
    }

    private void wakeUp() {
        available.complete(null);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<StormRecord> out) {
        output = out;
        try {
            StormRecord r;
            while ((r = offThread.poll()) != null) out.collect(r);
            if (inbox != null) {
                FailEvents.Acks a;
                while ((a = inbox.queue.poll()) != null) acked(a);
            }
            sampleMetrics();
            if (timeoutCheckDue) {
                timeoutCheckDue = false;
                timeOutHeld(System.currentTimeMillis());
            }
            boolean emitted = false;
            boolean allDone = true;
            for (SpoutTask t : tasks.values()) {
                if (t.done) continue;
                allDone = false;
                // As Storm's executor: no nextTuple while max.spout.pending trees are in flight (acks wake this up).
                if (maxPending > 0 && t.getPendingCount() >= maxPending) continue;
                long before = t.emitCount;
                t.spout.nextTuple();
                for (int i = 0; i < buffered.size(); i++) out.collect(buffered.get(i));
                buffered.clear();
                t.ackImmediate();
                boolean any = t.emitCount > before;
                emitted |= any;
                if (options.bounded && t.trident != null) {
                    // A master batch coordinator is never idle: it ends once batches stay empty (Trident.Quiet).
                    if (t.trident.quiet() && !t.trident.deactivated) {
                        t.trident.deactivated = true;
                        LOG.info(
                                "{} task {}: no user tuple in the last batches: no new batch is started (bounded mode)",
                                componentId,
                                t.taskId);
                        t.spout.deactivate();
                    }
                    if (t.trident.deactivated && t.getPendingCount() == 0) {
                        t.done = true;
                        LOG.info("{} task {} finished (bounded mode)", componentId, t.taskId);
                    }
                } else if (options.bounded) {
                    t.idlePolls = any ? 0 : t.idlePolls + 1;
                    // A bolt may still fail a pending id: the spout must be there to replay it. Ids only bolts still
                    // hold, once checkpoints covered them and the spout has long been idle, end with the input.
                    // With acks at tree completion, a bolt still acking (late, from its own thread) is not holding:
                    // only trees no ack has reached for a while end with the input.
                    if (failRoute
                            && t.idlePolls >= options.idlePollsToFinish
                            && t.current.live() == 0
                            && !t.sealed.isEmpty()
                            && t.sealed.lastKey() <= ackedUpTo
                            && (!treeAcks || System.currentTimeMillis() - lastTreeAck >= QUIET_BEFORE_END_MS)) {
                        ackHeldAtEnd(t);
                    }
                    boolean settled = !failRoute || t.getPendingCount() == 0;
                    if (settled
                            && ((t.spout instanceof BoundedSpout && ((BoundedSpout) t.spout).isFinished())
                                    || t.idlePolls >= options.idlePollsToFinish)) {
                        t.done = true;
                        LOG.info("{} task {} finished (bounded mode)", componentId, t.taskId);
                    }
                }
            }
            if (allDone && noMoreSplits && offThread.isEmpty()) {
                // An answer still on its way would reach a finished task (which fails the job): wait for it first.
                if (failRoute && wanted > cleared) return waitForEvent();
                if (failRoute && !saidFinished) {
                    saidFinished = true;
                    readerContext.sendSourceEventToCoordinator(new FailEvents.Want(-1, true));
                }
                return InputStatus.END_OF_INPUT;
            }
            if (emitted || !offThread.isEmpty()) return InputStatus.MORE_AVAILABLE;
            CompletableFuture<Void> f = new CompletableFuture<>();
            available = f;
            if (!tasks.isEmpty() && !allDone) {
                timer().schedule(() -> f.complete(null), Math.max(0, options.spoutIdleWaitMs), TimeUnit.MILLISECONDS);
                // An ack handed over since the inbox was drained woke the previous future.
                if (inbox != null && !inbox.queue.isEmpty()) f.complete(null);
            } else if (allDone && !tasks.isEmpty()) {
                f.complete(null);
            }
            return InputStatus.NOTHING_AVAILABLE;
        } finally {
            output = null;
            buffered.clear();
        }
    }

    private void sampleMetrics() {
        // Storm 2 metrics registered late are looked for every 1024 polls at most (the clock read is per poll
        // otherwise).
        if (nextSample.isEmpty() && (++pollsSinceCheck & 1023) != 0) return;
        long now = System.currentTimeMillis();
        if (now >= nextV2Check && !tasks.isEmpty()) {
            metrics.exposeV2(readerContext.metricGroup(), registry, tasks.keySet());
            nextV2Check = now + TaskSupport.Metrics.V2_CHECK_MS;
        }
        for (Map.Entry<Integer, Long> e : nextSample.entrySet()) {
            if (now >= e.getValue()) {
                metrics.sample(e.getKey());
                e.setValue(now + e.getKey() * 1000L);
            }
        }
    }

    private InputStatus waitForEvent() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        available = f;
        timer().schedule(() -> f.complete(null), 5, TimeUnit.MILLISECONDS);
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public List<SpoutSplit> snapshotState(long checkpointId) {
        List<SpoutSplit> out = new ArrayList<>();
        for (SpoutTask t : tasks.values()) {
            if (t.current.live() > 0) {
                t.current.sealedAt = System.currentTimeMillis();
                t.sealed.put(checkpointId, t.current);
                t.current = new PendingIds(t.nextSeq);
            } else if (!t.current.isEmpty()) {
                // Every id of it acked at tree completion or failed already: nothing to keep.
                t.current = new PendingIds(t.nextSeq);
            }
            out.add(new SpoutSplit(t.taskId, PendingIds.concat(t.sealed.values())));
        }
        // Ids sealed here are acked once the enumerator says this checkpoint is cleared: ask it to say so.
        if (failRoute && checkpointId > wanted) {
            boolean pending = false;
            for (SpoutTask t : tasks.values()) pending |= !t.sealed.isEmpty();
            if (pending) {
                wanted = checkpointId;
                readerContext.sendSourceEventToCoordinator(new FailEvents.Want(checkpointId, false));
            }
        }
        return out;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        options.verifyHooks.checkpointCompleted(checkpointId);
        completed = Math.max(completed, checkpointId);
        ackCovered();
    }

    /**
     * Acks the ids of completed checkpoints. With the fail route, only at a checkpoint that is both completed and cleared
     * (every bolt has sent its fails for it), and not the ids whose trees a bolt still held there: those stay pending
     * (in the checkpoint, failed after a restore) until a later checkpoint finds them released.
     */
    private void ackCovered() {
        long upTo = completed;
        java.util.HashSet<Long> held = null;
        if (failRoute) {
            Map.Entry<Long, long[]> c = clearedHeld.floorEntry(completed);
            // Long.MAX_VALUE: no bolt is left to fail or hold anything (none at all, or all finished): any completed
            // checkpoint is cleared, with what they held when they finished.
            if (c == null && clearedHeld.containsKey(Long.MAX_VALUE))
                c = Map.entry(completed, nullToEmpty(clearedHeld.get(Long.MAX_VALUE)));
            if (c == null) return;
            upTo = c.getKey();
            if (c.getValue() != null && c.getValue().length > 0) {
                held = new java.util.HashSet<>();
                for (long r : c.getValue()) held.add(r);
            }
            clearedHeld.headMap(upTo, true).clear();
        }
        if (upTo < 0) return;
        ackedUpTo = Math.max(ackedUpTo, upTo);
        // Acks at tree completion: a checkpoint acks nothing (what bolts still hold stays pending until acked,
        // failed or timed out); ackedUpTo still says which checkpoints every bolt has passed.
        if (treeAcks) return;
        for (SpoutTask t : tasks.values()) {
            java.util.Iterator<PendingIds> it =
                    t.sealed.headMap(upTo, true).values().iterator();
            while (it.hasNext()) {
                PendingIds batch = it.next();
                if (held == null) {
                    // The usual case: the whole batch goes, so no id needs marking (a bit per id per checkpoint).
                    for (int i = 0, n = batch.size(); i < n; i++) if (!batch.isRemoved(i)) t.ackMsg(batch.get(i));
                    it.remove();
                    continue;
                }
                for (int i = 0, n = batch.size(); i < n; i++) {
                    if (batch.isRemoved(i)) continue;
                    if (held.contains(Roots.of(t.taskId, batch.firstSeq + i))) continue;
                    batch.markRemoved(i);
                    t.ackMsg(batch.get(i));
                }
                if (batch.live() == 0) it.remove();
            }
        }
    }

    private static long[] nullToEmpty(long[] a) {
        return a == null ? new long[0] : a;
    }

    /**
     * Ids whose trees a bolt has held past topology.message.timeout.secs are failed back to their spout, as Storm's
     * acker times them out (a bolt that never acks: the spout replays, as on Storm). Held ids sit in batches a
     * completed checkpoint covers; the batch's seal time stands for their emit time.
     */
    private void timeOutHeld(long now) {
        // Acks at tree completion: any tree pending past the timeout, wherever its tuples are (held, in flight, lost).
        long upTo = treeAcks ? Long.MAX_VALUE : ackedUpTo;
        for (SpoutTask t : tasks.values()) {
            java.util.Iterator<PendingIds> it =
                    t.sealed.headMap(upTo, true).values().iterator();
            while (it.hasNext()) {
                PendingIds batch = it.next();
                if (now - batch.sealedAt < timeoutMs) break;
                for (int i = 0, n = batch.size(); i < n; i++) {
                    if (!t.resetAt.isEmpty() && !batch.isRemoved(i)) {
                        Long at = t.resetAt.remove(Roots.of(t.taskId, batch.firstSeq + i));
                        if (at != null && now - at < timeoutMs) {
                            t.resetAt.put(Roots.of(t.taskId, batch.firstSeq + i), at);
                            continue;
                        }
                    }
                    if (batch.markRemoved(i)) {
                        if (!warnedTimeout) {
                            warnedTimeout = true;
                            LOG.warn(
                                    "{} task {}: the tuple tree of message {} was not complete after topology.message.timeout.secs "
                                            + "({} s): failed back to the spout, which replays it (as Storm times it out)",
                                    componentId,
                                    t.taskId,
                                    batch.get(i),
                                    timeoutMs / 1000);
                        }
                        t.failMsg(batch.get(i));
                    }
                }
                if (batch.live() == 0) it.remove();
            }
        }
    }

    /** Bounded mode, input done: trees bolts still hold (windows that never slide again) end with the run. */
    private void ackHeldAtEnd(SpoutTask t) {
        int n = 0;
        for (PendingIds batch : t.sealed.values()) {
            for (int i = 0, size = batch.size(); i < size; i++) {
                if (batch.markRemoved(i)) {
                    t.ackMsg(batch.get(i));
                    n++;
                }
            }
        }
        t.sealed.clear();
        if (n > 0)
            LOG.info(
                    "{} task {}: end of bounded input: {} ids whose tuples bolts still hold acked",
                    componentId,
                    t.taskId,
                    n);
    }

    /** From the spout's enumerator, on the task thread: roots bolts failed, or that a checkpoint's fails are all in. */
    @Override
    public void handleSourceEvents(org.apache.flink.api.connector.source.SourceEvent event) {
        if (!(event instanceof FailEvents.SpoutFail)) return;
        FailEvents.SpoutFail e = (FailEvents.SpoutFail) event;
        if (e.roots != null) {
            for (long root : e.roots) {
                SpoutTask t = tasks.get(Roots.task(root));
                if (t != null) t.failRoot(Roots.seq(root));
            }
        }
        if (e.acked != null) acked(e.acked);
        if (e.cleared > cleared) {
            cleared = e.cleared;
            clearedHeld.put(e.cleared, e.held);
            ackCovered();
        }
        wakeUp();
    }

    /** Acks at tree completion, from the JobManager or a bolt in this JVM: each root's XOR into its tree. */
    private void acked(FailEvents.Acks a) {
        lastTreeAck = System.currentTimeMillis();
        long[] roots = a.roots;
        long[] values = a.values;
        for (int i = 0; i < roots.length; i++) {
            SpoutTask t = tasks.get(Roots.task(roots[i]));
            if (t == null) continue;
            if (values[i] == 0) t.resetTimeout(roots[i]);
            else t.ackRoot(Roots.seq(roots[i]), values[i]);
        }
    }

    @Override
    public void close() {
        if (timeoutTicks != null) timeoutTicks.cancel(false);
        if (inbox != null) for (int task : tasks.keySet()) LocalAcks.unregister(ackToken, task, inbox);
        for (SpoutTask t : tasks.values()) {
            try {
                t.spout.deactivate();
            } catch (Throwable e) {
                LOG.warn("deactivate of {} task {} failed", componentId, t.taskId, e);
            }
            try {
                t.spout.close();
            } catch (Throwable e) {
                LOG.warn("close of {} task {} failed", componentId, t.taskId, e);
            }
            TaskSupport.cleanupHooks(t.context);
        }
    }

    private void send(StormRecord r) {
        if (output != null && Thread.currentThread() == taskThread) {
            buffered.add(r);
        } else {
            offThread.add(r);
            wakeUp();
        }
    }

    private final class SpoutTask implements ISpoutOutputCollector {
        final int taskId;
        final ISpout spout;
        final TopologyContext context;
        final OutgoingTasks outgoing;
        final OutgoingTasks.Out out;
        long emitCount;
        int idlePolls;
        boolean done;
        /** A Trident master coordinator's end of a bounded run; null otherwise. */
        Trident.Quiet trident;
        /**
         * The next tracked emit's number (its root, see {@link Roots}). Starts at a small random number: a fail from
         * before a restore still on its way (the coordinators drop most: FailRoute) then rarely names an id of this
         * attempt, and if it does, that id is replayed once more (a duplicate, never a loss). Small, because every
         * tuple carries it (a varint).
         */
        long nextSeq = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 16);

        PendingIds current = new PendingIds(nextSeq);
        final TreeMap<Long, PendingIds> sealed = new TreeMap<>();
        /** Roots are carried only where they can be encoded and a fail can come back. */
        final boolean rooted;

        final ArrayList<Object> immediate = new ArrayList<>();
        /** Acks at tree completion: the XOR of the edges of the emit in progress. */
        long emitXor;
        /** Roots whose timeout a bolt reset (collector.resetTimeout), and when. */
        final HashMap<Long, Long> resetAt = new HashMap<>();

        /** A bolt reset the timeout of this root's tree: it is timed from now, if it is still pending. */
        void resetTimeout(long root) {
            long seq = Roots.seq(root);
            if (current.indexOf(seq) >= 0) return; // not sealed yet: its clock has not started
            for (PendingIds b : sealed.values()) {
                int i = b.indexOf(seq);
                if (i >= 0) {
                    if (!b.isRemoved(i)) resetAt.put(root, System.currentTimeMillis());
                    return;
                }
            }
        }

        /** topology.debug (topology or component level): emits logged as Storm's Task logs them. */
        final boolean debug =
                Boolean.TRUE.equals(plan.component(componentId).conf.get(org.apache.storm.Config.TOPOLOGY_DEBUG));

        SpoutTask(int taskId, ISpout spout, TopologyContext context) {
            this.taskId = taskId;
            this.spout = spout;
            this.context = context;
            this.outgoing = new OutgoingTasks(plan, componentId, context);
            this.out = (target, stream, values, roots) -> {
                StormRecord r = new StormRecord(target, taskId, componentId, stream, values, roots);
                if (treeAcks && roots != null) {
                    // Each copy its own edge id; the tree starts as their XOR (Storm's ACKER_INIT).
                    long e = BoltOperator.edgeId();
                    emitXor ^= e;
                    r.edges = new long[] {e};
                }
                send(r);
            };
            this.rooted = failRoute && taskId <= Roots.MAX_TASK;
            if (failRoute && !rooted)
                LOG.warn(
                        "{} task {}: task id above {}: a bolt's fail() of its tuples cannot reach it",
                        componentId,
                        taskId,
                        Roots.MAX_TASK);
        }

        /** The roots of an emit with this message id: the tracked emit it will be. */
        private long[] roots(Object messageId) {
            return messageId != null && rooted ? new long[] {Roots.of(taskId, nextSeq)} : null;
        }

        private void track(Object messageId) {
            emitCount++;
            long xor = emitXor;
            emitXor = 0;
            if (messageId == null) return;
            if (treeAcks && rooted) {
                // No copy went anywhere: the tree is complete already, as Storm acks at once an emit with no targets.
                if (xor == 0) {
                    immediate.add(messageId);
                    return;
                }
                current.addTracked(messageId, xor);
                nextSeq++;
            } else if (checkpointAcks) {
                current.add(messageId);
                nextSeq++;
            } else {
                immediate.add(messageId);
            }
        }

        @Override
        public synchronized List<Integer> emit(String streamId, List<Object> tuple, Object messageId) {
            if (debug)
                LOG.info(
                        "Emitting Tuple: taskId={} componentId={} stream={} values={}",
                        taskId,
                        componentId,
                        streamId,
                        tuple);
            List<Integer> targets = outgoing.emit(taskId, streamId, tuple, roots(messageId), out);
            if (!context.getHooks().isEmpty()) new EmitInfo(tuple, streamId, taskId, targets).applyOn(context);
            track(messageId);
            if (trident != null) trident.emitted(streamId, tuple);
            return targets;
        }

        @Override
        public synchronized void emitDirect(int target, String streamId, List<Object> tuple, Object messageId) {
            if (debug) LOG.info("Emitting direct: {}; {} {} {}", target, componentId, streamId, tuple);
            List<Integer> targets = outgoing.emitDirect(taskId, target, streamId, tuple, roots(messageId), out);
            if (!context.getHooks().isEmpty()) new EmitInfo(tuple, streamId, taskId, targets).applyOn(context);
            track(messageId);
        }

        /** Acks at tree completion: XORs v into the tree of tracked emit {@code seq}; acks its id when that completes it. */
        void ackRoot(long seq, long v) {
            PendingIds batch = current;
            int i = batch.indexOf(seq);
            Long key = null;
            if (i < 0) {
                for (Map.Entry<Long, PendingIds> b : sealed.entrySet()) {
                    i = b.getValue().indexOf(seq);
                    if (i >= 0) {
                        batch = b.getValue();
                        key = b.getKey();
                        break;
                    }
                }
            }
            // Not pending: failed or timed out already (its later acks change nothing), or from before a restore.
            if (i < 0 || batch.isRemoved(i) || !batch.xor(i, v)) return;
            batch.markRemoved(i);
            if (!resetAt.isEmpty()) resetAt.remove(Roots.of(taskId, seq));
            ackMsg(batch.get(i));
            if (key != null && batch.live() == 0) sealed.remove(key);
        }

        /** A bolt failed a tuple of tracked emit {@code seq}: fail its id, unless it was failed or acked already. */
        void failRoot(long seq) {
            PendingIds batch = current;
            int i = batch.indexOf(seq);
            if (i < 0) {
                for (PendingIds b : sealed.values()) {
                    i = b.indexOf(seq);
                    if (i >= 0) {
                        batch = b;
                        break;
                    }
                }
            }
            // Not pending: failed by another bolt already (a tree fails once), or from before a restore.
            if (i < 0 || !batch.markRemoved(i)) return;
            failMsg(batch.get(i));
        }

        /** Storm with no ackers acks right away; we do it after nextTuple returns to avoid re-entrance. */
        void ackImmediate() {
            if (immediate.isEmpty()) return;
            List<Object> ids = new ArrayList<>(immediate);
            immediate.clear();
            for (Object id : ids) ackMsg(id);
        }

        void ackMsg(Object id) {
            spout.ack(id);
            if (!context.getHooks().isEmpty()) new SpoutAckInfo(id, taskId, 0L).applyOn(context);
        }

        void failMsg(Object id) {
            try {
                spout.fail(id);
                if (!context.getHooks().isEmpty()) new SpoutFailInfo(id, taskId, 0L).applyOn(context);
            } catch (Throwable e) {
                LOG.warn("{} task {}: fail({}) threw", componentId, taskId, id, e);
            }
        }

        @Override
        public long getPendingCount() {
            long n = current.live();
            for (PendingIds b : sealed.values()) n += b.live();
            return n;
        }

        @Override
        public void flush() {}

        @Override
        public void reportError(Throwable error) {
            errorCounter.inc();
            LOG.error("{} task {} reported error", componentId, taskId, error);
        }
    }
}
