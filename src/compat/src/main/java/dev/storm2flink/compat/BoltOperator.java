package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.storm.Constants;
import org.apache.storm.hooks.info.BoltAckInfo;
import org.apache.storm.hooks.info.BoltExecuteInfo;
import org.apache.storm.hooks.info.BoltFailInfo;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.IBolt;
import org.apache.storm.task.IOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Storm tasks of one bolt component hosted by this Flink subtask. Every input record names
 * its target task; prepare/execute/cleanup and ticks happen on the Flink task thread.
 */
public class BoltOperator extends AbstractStreamOperator<StormRecord>
        implements OneInputStreamOperator<StormRecord, StormRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BoltOperator.class);

    private final TopologyPlan plan;
    private final String componentId;
    private final StormOnFlinkOptions options;

    private transient Map<Integer, BoltTask> tasks;
    /** tasks by id - firstTask: an array read per record instead of a boxed map lookup. */
    private transient BoltTask[] byTask;

    private transient int firstTask;
    private transient Thread taskThread;
    private transient ConcurrentLinkedQueue<StormRecord> offThread;
    /** Set after an add to offThread: one volatile read per record instead of the queue's isEmpty. */
    private transient volatile boolean offThreadQueued;

    private transient AtomicBoolean drainScheduled;
    private transient TaskSupport.Metrics metrics;
    private transient StormMetricRegistry metricRegistry;
    private transient Counter failedCounter;
    /** To this bolt's coordinator, the way of fail() to the spouts ({@link FailRoute}); null when there is none. */
    private transient OperatorEventGateway failGateway;
    /** Roots failed and not yet sent (a bolt's own threads fail too, hence the lock). */
    private transient long[] failedRoots;

    private transient int failedCount;
    /** Acks at tree completion (Storm's acker, see {@link FailRoute}): tuples carry edges, acks go to the spouts. */
    private transient boolean treeAcks;
    /** The job's {@link FailRoute.Layout#token}: acks for spout readers in this JVM go there directly ({@link LocalAcks}). */
    private transient String ackToken;
    /** Guarded by this, as failedRoots. */
    private transient AckXors acked;
    /** Roots whose timeout a bolt reset (collector.resetTimeout), guarded by this; sent as acks of value 0. */
    private transient long[] resetRoots;

    private transient int resetCount;
    private transient boolean warnedNoReplay;
    private transient Counter errorCounter;
    private transient volatile String pendingRestartReason;
    /** Task-thread emits of the execute in progress, sent when it returns (see BoltTask.execute). */
    private transient EmitBatcher emits;

    private transient boolean executing;
    private transient StreamRecord<StormRecord> outRecord;
    /** The component's tick frequency, or null: read per tuple in the tick modes that count or follow a clock. */
    private transient Integer tickSecs;
    /** TickMode.EXTERNAL: verify's clock as last seen by this subtask. */
    private transient long tickClockSeen;
    /** options.verifyHooks, read once: verify's clock and fault injection (nothing in a deployed job). */
    private transient VerifyHooks hooks;

    public BoltOperator(TopologyPlan plan, String componentId, StormOnFlinkOptions options) {
        this.plan = plan;
        this.componentId = componentId;
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        taskThread = Thread.currentThread();
        hooks = options.verifyHooks;
        offThread = new ConcurrentLinkedQueue<>();
        drainScheduled = new AtomicBoolean();
        int maxTask = 0;
        for (int task : plan.taskToComponent.keySet()) maxTask = Math.max(maxTask, task);
        emits = new EmitBatcher(componentId, maxTask, this::collect);
        acked = new AckXors();
        failedRoots = new long[16];
        outRecord = new StreamRecord<>(null);
        metrics = new TaskSupport.Metrics();
        failedCounter = getMetricGroup().counter("stormFailedTuples");
        errorCounter = getMetricGroup().counter("stormReportedErrors");
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int n = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        TopologyPlan.Component comp = plan.component(componentId);
        tickSecs = comp.tickSecs;
        List<Integer> mine = comp.tasksOfSubtask(subtask, n);
        boolean external = comp.tickSecs != null && options.tickMode == StormOnFlinkOptions.TickMode.EXTERNAL;
        // Registered before the hooks' prepare: verify's driver counts prepared tasks, then reads these.
        if (external) for (int taskId : mine) hooks.tickingTask(componentId, taskId, comp.tickSecs);
        Map<String, Object> executorData = new HashMap<>();
        AtomicBoolean prepared = new AtomicBoolean(false);
        StormMetricRegistry registry = new StormMetricRegistry();
        metricRegistry = registry;
        tasks = new LinkedHashMap<>();
        for (int taskId : mine) {
            TopologyContext ctx = plan.newContext(taskId, mine, executorData, metrics.registered, prepared, registry);
            TaskSupport.addAutoHooks(plan.topoConf, ctx);
            Object obj = plan.instantiate(componentId);
            if (!(obj instanceof IBolt)) {
                throw new UnsupportedTopologyException("Component '" + componentId + "' is not a bolt: "
                        + obj.getClass().getName());
            }
            BoltTask t = new BoltTask(taskId, (IBolt) obj, ctx);
            tasks.put(taskId, t);
            FlinkStateProvider.OPENING.set(t.states);
            try {
                t.bolt.prepare(TaskSupport.componentConf(comp, obj), ctx, new AnchorFreeCollector(t));
            } finally {
                FlinkStateProvider.OPENING.remove();
            }
            initState(t);
        }
        prepared.set(true);
        firstTask = mine.isEmpty() ? 0 : java.util.Collections.min(mine);
        byTask = new BoltTask[mine.isEmpty() ? 0 : java.util.Collections.max(mine) - firstTask + 1];
        for (BoltTask t : tasks.values()) byTask[t.taskId - firstTask] = t;
        for (int bucket : metrics.expose(getMetricGroup())) {
            long ms = bucket * 1000L;
            getProcessingTimeService().scheduleAtFixedRate(ts -> metrics.sample(bucket), ms, ms);
        }
        metrics.exposeV2(getMetricGroup(), registry, mine);
        getProcessingTimeService()
                .scheduleAtFixedRate(
                        ts -> metrics.exposeV2(getMetricGroup(), registry, mine),
                        TaskSupport.Metrics.V2_CHECK_MS,
                        TaskSupport.Metrics.V2_CHECK_MS);
        if (comp.tickSecs != null && options.tickMode == StormOnFlinkOptions.TickMode.TIME) {
            long ms = comp.tickSecs * 1000L;
            getProcessingTimeService().scheduleAtFixedRate(ts -> tickAll(), ms, ms);
        }
        if (external) getProcessingTimeService().scheduleAtFixedRate(ts -> externalTicks(), 5, 5);
        if (failGateway != null) {
            long every = treeAcks ? ACK_FLUSH_MS : FAIL_FLUSH_MS;
            getProcessingTimeService().scheduleAtFixedRate(ts -> sendFails(-1), every, every);
        }
    }

    /** Restored stateful bolt state: "task/namespace" to the bytes of its KvState, and the checkpoint it is from. */
    private transient Map<String, byte[]> restoredStates;

    private transient long restoredCheckpoint;
    private transient org.apache.flink.api.common.state.ListState<byte[]> stormState;

    /**
     * Union list state: every subtask reads every entry and keeps those of the tasks it hosts, so a job restored at
     * another parallelism still finds each task's state (Storm tasks never change; subtasks do).
     */
    @Override
    public void initializeState(org.apache.flink.runtime.state.StateInitializationContext context) throws Exception {
        super.initializeState(context);
        stormState = context.getOperatorStateStore()
                .getUnionListState(new org.apache.flink.api.common.state.ListStateDescriptor<>(
                        "storm-stateful-bolts",
                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredStates = new HashMap<>();
        if (context.isRestored()) {
            restoredCheckpoint = context.getRestoredCheckpointId().orElse(0L);
            for (byte[] entry : stormState.get()) {
                java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(entry));
                String key = in.readUTF();
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                restoredStates.put(key, b);
            }
        }
    }

    /** A StatefulBoltExecutor task's state back from the checkpoint, then INITSTATE, as Storm sends it at start. */
    private void initState(BoltTask t) throws java.io.IOException {
        for (Map.Entry<String, FlinkStateProvider.KvState> e : t.states.entrySet()) {
            byte[] b = restoredStates == null ? null : restoredStates.get(t.taskId + "/" + e.getKey());
            if (b != null) e.getValue().restore(b);
        }
        t.checkpointAction(org.apache.storm.spout.CheckPointState.Action.INITSTATE, restoredCheckpoint);
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (stormState == null) return;
        List<byte[]> entries = new ArrayList<>();
        for (BoltTask t : tasks.values()) {
            for (Map.Entry<String, FlinkStateProvider.KvState> e : t.states.entrySet()) {
                byte[] b = e.getValue().snapshot();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(b.length + 64);
                java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                out.writeUTF(t.taskId + "/" + e.getKey());
                out.writeInt(b.length);
                out.write(b);
                out.flush();
                entries.add(bytes.toByteArray());
            }
        }
        stormState.update(entries);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        drain();
        for (BoltTask t : tasks.values())
            t.checkpointAction(org.apache.storm.spout.CheckPointState.Action.COMMIT, checkpointId);
    }

    /** The field in which the bolt holds a Kafka Producer (storm-kafka-client's and storm-kafka's KafkaBolt), or null. */
    static java.lang.reflect.Field kafkaProducer(Object bolt) {
        Class<?> producerType;
        try {
            producerType = Class.forName(
                    "org.apache.kafka.clients.producer.Producer",
                    false,
                    bolt.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        for (Class<?> c = bolt.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())
                        || !producerType.isAssignableFrom(f.getType())) continue;
                try {
                    f.setAccessible(true);
                    return f;
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private void flushProducer(BoltTask t) throws Exception {
        Object producer = t.producer.get(t.bolt);
        if (producer == null) return;
        producer.getClass().getMethod("flush").invoke(producer);
    }

    /** How often failed roots go to the spouts (and at every checkpoint barrier). */
    static final long FAIL_FLUSH_MS = 20;

    /** Set by {@link BoltOperatorFactory} before open. */
    void failGateway(OperatorEventGateway gateway, boolean treeAcks, String token) {
        this.failGateway = gateway;
        this.treeAcks = treeAcks;
        this.ackToken = treeAcks ? token : null;
    }

    /** A random edge id, never 0 (0 would leave its tuple out of the tree's XOR). */
    static long edgeId() {
        long e = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        return e == 0 ? 1 : e;
    }

    /**
     * The edges of one copy of an emit with these roots: one new edge id per anchor, XORed into the anchor's ackVal and
     * into this copy's id in each of the anchor's roots, as Storm's BoltOutputCollectorImpl does.
     */
    private long[] edges(Object anchors, long[] roots) {
        if (!treeAcks || roots == null) return null;
        long[] e = new long[roots.length];
        if (anchors instanceof RootedTuple) {
            addEdge((RootedTuple) anchors, roots, e);
        } else if (anchors instanceof Collection) {
            for (Object a : (Collection<?>) anchors) if (a instanceof RootedTuple) addEdge((RootedTuple) a, roots, e);
        }
        return e;
    }

    private static void addEdge(RootedTuple a, long[] roots, long[] e) {
        if (a.roots == null || a.edges == null) return;
        long id = edgeId();
        a.ackVal ^= id;
        if (a.roots == roots) {
            for (int i = 0; i < e.length; i++) e[i] ^= id;
            return;
        }
        for (long r : a.roots) {
            for (int i = 0; i < roots.length; i++) {
                if (roots[i] == r) {
                    e[i] ^= id;
                    break;
                }
            }
        }
    }

    /** An ack of a rooted tuple: its id in each tree XOR the edges of what was anchored to it (Storm's acker input). */
    private void acked(RootedTuple t) {
        long v = t.ackVal;
        int size;
        synchronized (this) {
            for (int i = 0; i < t.roots.length; i++)
                if (t.roots[i] != Roots.KAFKA) acked.xor(t.roots[i], t.edges[i] ^ v);
            size = acked.size();
        }
        // A spout held back by max.spout.pending waits for these acks: a full table goes at once, not at the next tick.
        if (size >= ACK_FLUSH_ENTRIES && Thread.currentThread() == taskThread) sendFails(-1);
    }

    /**
     * With acks at tree completion, how often acks (and fails) go to the spouts, and the entries of the ack table that
     * make it go at once: a spout held back by max.spout.pending gets at most that many ids per round trip, so the
     * round trip bounds its rate (2,000 pending sentences and a 20 ms tick held word count at a third of its rate).
     */
    static final long ACK_FLUSH_MS = 5;

    static final int ACK_FLUSH_ENTRIES = 256;

    private void failed(long[] roots) {
        synchronized (this) {
            for (long r : roots) {
                if (failedCount == failedRoots.length)
                    failedRoots = java.util.Arrays.copyOf(failedRoots, failedCount * 2);
                failedRoots[failedCount++] = r;
            }
        }
    }

    /**
     * Task thread: sends the roots failed so far, and with {@code flushed >= 0} says that every fail of a tuple executed
     * before that checkpoint's barrier is sent (the spouts ack that checkpoint's ids only then).
     */
    private void sendFails(long flushed) {
        if (failGateway == null) return;
        long[] roots = null;
        FailEvents.Acks acks = null;
        synchronized (this) {
            if (failedCount > 0) {
                roots = java.util.Arrays.copyOf(failedRoots, failedCount);
                failedCount = 0;
            }
            if (!acked.isEmpty()) acks = acked.drain();
            if (resetCount > 0) {
                // A reset travels as an ack that XORs 0: same route, same order; the reader restarts its clock.
                int n = acks == null ? 0 : acks.roots.length;
                long[] ackRoots = java.util.Arrays.copyOf(acks == null ? new long[0] : acks.roots, n + resetCount);
                long[] values = java.util.Arrays.copyOf(acks == null ? new long[0] : acks.values, n + resetCount);
                System.arraycopy(resetRoots, 0, ackRoots, n, resetCount);
                acks = new FailEvents.Acks(ackRoots, values);
                resetCount = 0;
            }
        }
        // Acks for spout readers in this JVM go to them directly; the rest (and fails) through the JobManager.
        if (acks != null && ackToken != null) acks = LocalAcks.deliver(ackToken, acks);
        if (roots == null && acks == null && flushed < 0) return;
        long[] held = flushed >= 0 ? heldRoots() : null;
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        failGateway.sendEventToCoordinator(new FailEvents.BoltFailed(componentId, subtask, roots, flushed, held, acks));
    }

    /** The roots of every tuple a task of this subtask executed and has not acked or failed yet. */
    private long[] heldRoots() {
        java.util.HashSet<Long> all = null;
        for (BoltTask t : tasks.values()) {
            synchronized (t.held) {
                for (long[] roots : t.held.values()) {
                    if (all == null) all = new java.util.HashSet<>();
                    for (long r : roots) all.add(r);
                }
            }
        }
        if (all == null) return null;
        long[] out = new long[all.size()];
        int i = 0;
        for (long r : all) out[i++] = r;
        return out;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        drain();
        // A bolt writing to Kafka acks from its producer's callback: flush it, so every tuple it executed before the
        // barrier is written (and acked, or failed) before it, as Flink's KafkaSink flushes at a checkpoint.
        boolean flushed = false;
        for (BoltTask t : tasks.values()) {
            if (t.producer != null) {
                flushProducer(t);
                flushed = true;
            }
        }
        if (flushed) drain();
        // Before the barrier: what prePrepare emits belongs to this checkpoint, and the state is the barrier's.
        for (BoltTask t : tasks.values())
            t.checkpointAction(org.apache.storm.spout.CheckPointState.Action.PREPARE, checkpointId);
        sendFails(checkpointId);
    }

    /** TickMode.EXTERNAL: one tick per multiple of the frequency the verify clock passed since the last look. */
    private void externalTicks() throws Exception {
        long now = hooks.clockSecs();
        if (now == tickClockSeen) return;
        int secs = tickSecs;
        long due = now / secs - tickClockSeen / secs;
        tickClockSeen = now;
        for (long i = 0; i < due; i++) tickAll();
    }

    private void tickAll() throws Exception {
        drain();
        for (BoltTask t : tasks.values()) t.tick();
    }

    @Override
    public void processElement(StreamRecord<StormRecord> element) throws Exception {
        if (offThreadQueued) drain();
        StormRecord r = element.getValue();
        int slot = r.targetTask - firstTask;
        BoltTask t = slot >= 0 && slot < byTask.length ? byTask[slot] : null;
        if (t == null) {
            throw new IllegalStateException("Record for task " + r.targetTask + " reached subtask hosting "
                    + tasks.keySet() + " of " + componentId);
        }
        execute(t, r.sourceComponent, r.sourceTask, r.streamId, r.values, r.roots, r.edges);
        for (int i = 1; i <= r.more; i++) {
            execute(t, r.sourceComponent, r.sourceTask, r.streamAt(i), r.valuesAt(i), r.rootsAt(i), r.edgesAt(i));
        }
    }

    private void execute(
            BoltTask t,
            String sourceComponent,
            int sourceTask,
            String stream,
            List<Object> values,
            long[] roots,
            long[] edges)
            throws Exception {
        // Ticks due before this tuple: a tuple another bolt emitted on its tick comes after this bolt's own tick.
        if (options.tickMode == StormOnFlinkOptions.TickMode.EXTERNAL && tickSecs != null) externalTicks();
        hooks.beforeExecute(componentId);
        t.execute(new RootedTuple(t.context, values, sourceComponent, sourceTask, stream, roots, edges));
        if (options.tickMode == StormOnFlinkOptions.TickMode.RECORDS
                && tickSecs != null
                && ++t.sinceTick >= options.tickEveryRecords) {
            t.tick();
        }
        String restart = pendingRestartReason;
        if (restart != null) {
            pendingRestartReason = null;
            throw new RuntimeException("Bolt " + componentId + " failed a tuple (boltFailAction=RESTART): " + restart);
        }
    }

    @Override
    public void finish() throws Exception {
        drain();
        awaitAsyncBolts();
        // Nothing more will fail here: spouts need not wait for this subtask's flush at later checkpoints.
        sendFails(Long.MAX_VALUE);
        metrics.exposeV2(getMetricGroup(), metricRegistry, tasks.keySet());
        super.finish();
    }

    /**
     * ShellBolts answer asynchronously (their reader thread emits and acks): at end of input wait, bounded,
     * until every tuple they executed is acked or failed, so bounded runs do not cut their output short.
     */
    private void awaitAsyncBolts() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            boolean busy = false;
            for (BoltTask t : tasks.values()) {
                if (t.async && t.executed.get() > t.completed.get()) busy = true;
            }
            drain();
            if (!busy) return;
            Thread.sleep(5);
        }
        LOG.warn("{}: gave up waiting for asynchronous bolt acks at end of input", componentId);
    }

    @Override
    public void close() throws Exception {
        if (tasks != null) {
            for (BoltTask t : tasks.values()) {
                try {
                    t.bolt.cleanup();
                } catch (Throwable e) {
                    LOG.warn("cleanup of {} task {} failed", componentId, t.taskId, e);
                }
                TaskSupport.cleanupHooks(t.context);
            }
        }
        super.close();
    }

    private void drain() {
        drainScheduled.set(false);
        offThreadQueued = false;
        StormRecord r;
        while ((r = offThread.poll()) != null) collect(r);
    }

    /** Task thread only. Downstream either serializes the record or (chained) copies it, so one StreamRecord is reused. */
    private void collect(StormRecord r) {
        // A chained operator may have replaced the value (StreamMap does): set it only if it is not ours.
        output.collect(outRecord.getValue() == r ? outRecord : outRecord.replace(r));
    }

    private void send(int target, int source, String stream, List<Object> values, long[] roots, long[] edges) {
        if (Thread.currentThread() == taskThread) {
            if (executing) emits.add(target, source, stream, values, roots, edges);
            else emits.send(target, source, stream, values, roots, edges);
        } else {
            // Emits from the bolt's own threads (ShellBolt, time windows, async clients) reach Flink via the mailbox.
            StormRecord r = new StormRecord(target, source, componentId, stream, values, roots);
            r.edges = edges;
            offThread.add(r);
            offThreadQueued = true;
            if (drainScheduled.compareAndSet(false, true)) {
                try {
                    getProcessingTimeService()
                            .registerTimer(getProcessingTimeService().getCurrentProcessingTime(), ts -> drain());
                } catch (Throwable e) {
                    drainScheduled.set(false);
                }
            }
        }
    }

    /** Test and diagnostics access: the Storm tasks of this subtask. */
    Collection<Integer> taskIds() {
        return Collections.unmodifiableCollection(tasks.keySet());
    }

    private static final List<Tuple> NO_ANCHORS = Collections.emptyList();

    /**
     * Storm's OutputCollector wraps a single anchor in a new list per emit; only the anchor's roots matter here (acking
     * follows checkpoints; roots carry fail() back), so the single-anchor emits pass those on without the list: those
     * two objects were a tenth of what a bolt allocated per tuple. Every other method is Storm's, delegating to the
     * task's collector as before.
     */
    private static final class AnchorFreeCollector extends OutputCollector {
        private final BoltTask task;

        AnchorFreeCollector(BoltTask task) {
            super(task);
            this.task = task;
        }

        @Override
        public List<Integer> emit(String streamId, Tuple anchor, List<Object> tuple) {
            return task.emitRooted(streamId, anchor, Roots.of(anchor), tuple);
        }

        @Override
        public void emitDirect(int taskId, String streamId, Tuple anchor, List<Object> tuple) {
            task.emitDirectRooted(taskId, streamId, anchor, Roots.of(anchor), tuple);
        }
    }

    private final class BoltTask implements IOutputCollector {
        final int taskId;
        final IBolt bolt;
        final TopologyContext context;
        final OutgoingTasks outgoing;
        int sinceTick;
        /** The KeyValueStates its prepare asked FlinkStateProvider for, by namespace (a StatefulBoltExecutor's one). */
        final Map<String, FlinkStateProvider.KvState> states = new LinkedHashMap<>();

        BoltTask(int taskId, IBolt bolt, TopologyContext context) {
            this.taskId = taskId;
            this.bolt = bolt;
            this.context = context;
            this.outgoing = new OutgoingTasks(plan, componentId, context);
            this.out = (target, stream, values, roots) -> send(target, taskId, stream, values, roots, null);
            this.async = bolt instanceof org.apache.storm.task.ShellBolt;
            this.stateful = bolt instanceof org.apache.storm.topology.StatefulBoltExecutor;
            this.producer = kafkaProducer(bolt);
            this.debug =
                    Boolean.TRUE.equals(plan.component(componentId).conf.get(org.apache.storm.Config.TOPOLOGY_DEBUG));
        }

        /** topology.debug (topology or component level): emits logged as Storm's Task logs them. */
        final boolean debug;

        /** ShellBolts ack from their own thread: only they need the in-flight count (two atomics per tuple otherwise). */
        final boolean async;

        final java.util.concurrent.atomic.AtomicLong executed = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();

        void execute(Tuple tuple) {
            if (async && !Constants.SYSTEM_COMPONENT_ID.equals(tuple.getSourceComponent())) executed.incrementAndGet();
            long start = context.getHooks().isEmpty() ? 0 : System.currentTimeMillis();
            // Emits are held until execute returns: a chained downstream bolt then never runs inside this bolt's
            // execute (whose try/catch could swallow its exceptions), as in Storm where executors are separate.
            // A StatefulBoltExecutor acks only at its commit, but what it executed before a barrier is in that
            // checkpoint's state: its tuples are done at the barrier, never held (holding them would replay them
            // into the restored state twice).
            // With acks at tree completion an unacked tuple simply leaves its tree incomplete: nothing to hold.
            long[] roots = failGateway != null && !stateful && !treeAcks ? Roots.of(tuple) : null;
            running = tuple;
            settled = false;
            executing = true;
            try {
                bolt.execute(tuple);
            } finally {
                executing = false;
                // An ack of this tuple after execute (a timer on the task thread) must find it held, not running.
                running = null;
            }
            // Neither acked nor failed in execute (a window keeps it, an async client answers later): its tree is not
            // complete, so the spout must not ack its id at the next checkpoint (see FailRoute).
            if (roots != null && !settled) hold(tuple, roots);
            emits.flush();
            if (!context.getHooks().isEmpty()) {
                new BoltExecuteInfo(tuple, taskId, System.currentTimeMillis() - start).applyOn(context);
            }
        }

        final boolean stateful;
        /** The field holding a Kafka Producer, flushed before each barrier (see prepareSnapshotPreBarrier). */
        final java.lang.reflect.Field producer;

        /** The tuple whose execute is running (task thread), and whether it was acked or failed in it. */
        Tuple running;

        boolean settled;
        /** Executed, rooted, and not yet acked or failed; guarded by itself (a bolt's own threads ack too). */
        final java.util.IdentityHashMap<Tuple, long[]> held = new java.util.IdentityHashMap<>();
        /** Acked from another thread before its execute returned (ShellBolt): not to be held. */
        final java.util.Set<Tuple> settledEarly =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        /** A stateful executor's checkpoint action (StatefulBolts); nothing for other bolts. */
        void checkpointAction(org.apache.storm.spout.CheckPointState.Action action, long txid) {
            if (stateful)
                StatefulBolts.act((org.apache.storm.topology.StatefulBoltExecutor<?>) bolt, context, action, txid);
        }

        private void hold(Tuple tuple, long[] roots) {
            synchronized (held) {
                if (!settledEarly.remove(tuple)) held.put(tuple, roots);
            }
        }

        /** An ack or fail: the common case (the running tuple, on the task thread) is one store. */
        private void settle(Tuple input) {
            if (failGateway == null) return;
            boolean taskThread = Thread.currentThread() == BoltOperator.this.taskThread;
            if (taskThread && input == running) {
                settled = true;
                return;
            }
            if (Roots.of(input) == null) return;
            synchronized (held) {
                if (held.remove(input) == null && !taskThread) settledEarly.add(input);
            }
        }

        void tick() {
            sinceTick = 0;
            int secs = tickSecs;
            execute(new TupleImpl(
                    context,
                    new Values(secs),
                    Constants.SYSTEM_COMPONENT_ID,
                    (int) Constants.SYSTEM_TASK_ID,
                    Constants.SYSTEM_TICK_STREAM_ID,
                    MessageId.makeUnanchored()));
        }

        private final OutgoingTasks.Out out;

        /** Not synchronized, as Storm 2's collector: OutgoingTasks is safe for a bolt's own threads, and send() hands their emits to the task thread. */
        @Override
        public List<Integer> emit(String streamId, Collection<Tuple> anchors, List<Object> tuple) {
            return emitRooted(streamId, anchors, Roots.union(anchors), tuple);
        }

        /** anchors: a Tuple, or a Collection of them (for the edges of acks at tree completion). */
        List<Integer> emitRooted(String streamId, Object anchors, long[] roots, List<Object> tuple) {
            if (debug)
                LOG.info(
                        "Emitting Tuple: taskId={} componentId={} stream={} values={}",
                        taskId,
                        componentId,
                        streamId,
                        tuple);
            // The common cases (one target task, or none) without OutgoingTasks building a list per emit.
            int one = outgoing.single(streamId, tuple);
            if (one >= 0) {
                send(one, taskId, streamId, tuple, roots, edges(anchors, roots));
                TaskIds targets = new TaskIds(one);
                if (!context.getHooks().isEmpty()) emitHooks(streamId, tuple, targets);
                return targets;
            }
            if (one == OutgoingTasks.NONE) {
                ArrayList<Integer> targets = new ArrayList<>(0);
                if (!context.getHooks().isEmpty()) emitHooks(streamId, tuple, targets);
                return targets;
            }
            List<Integer> targets = outgoing.emit(taskId, streamId, tuple, roots, out(anchors, roots));
            if (!context.getHooks().isEmpty()) emitHooks(streamId, tuple, targets);
            return targets;
        }

        private void emitHooks(String streamId, List<Object> tuple, List<Integer> targets) {
            new EmitInfo(tuple, streamId, taskId, targets).applyOn(context);
        }

        @Override
        public void emitDirect(int target, String streamId, Collection<Tuple> anchors, List<Object> tuple) {
            emitDirectRooted(target, streamId, anchors, Roots.union(anchors), tuple);
        }

        /** Where OutgoingTasks sends each copy: with acks at tree completion, each copy gets its own edges. */
        private OutgoingTasks.Out out(Object anchors, long[] roots) {
            if (!treeAcks || roots == null) return out;
            return (target, stream, values, r) -> send(target, taskId, stream, values, r, edges(anchors, r));
        }

        void emitDirectRooted(int target, String streamId, Object anchors, long[] roots, List<Object> tuple) {
            if (debug) LOG.info("Emitting direct: {}; {} {} {}", target, componentId, streamId, tuple);
            List<Integer> targets = outgoing.emitDirect(taskId, target, streamId, tuple, roots, out(anchors, roots));
            if (!context.getHooks().isEmpty()) {
                new EmitInfo(tuple, streamId, taskId, targets.isEmpty() ? new ArrayList<>() : targets).applyOn(context);
            }
        }

        @Override
        public void ack(Tuple input) {
            if (async) completed.incrementAndGet();
            settle(input);
            if (treeAcks && input instanceof RootedTuple && ((RootedTuple) input).edges != null)
                acked((RootedTuple) input);
            try {
                if (!context.getHooks().isEmpty()) new BoltAckInfo(input, taskId, 0L).applyOn(context);
            } catch (Throwable e) {
                LOG.warn("ack hook failed", e);
            }
        }

        @Override
        public void fail(Tuple input) {
            if (async) completed.incrementAndGet();
            settle(input);
            try {
                failedCounter.inc();
                if (!context.getHooks().isEmpty()) new BoltFailInfo(input, taskId, 0L).applyOn(context);
                long[] roots = Roots.of(input);
                StormOnFlinkOptions.BoltFailAction action = options.boltFailAction;
                if (action == StormOnFlinkOptions.BoltFailAction.RESTART
                        || action == StormOnFlinkOptions.BoltFailAction.REPLAY && Roots.fromKafka(roots)) {
                    // A Kafka spout runs as Flink's KafkaSource, which cannot replay one record: restore the
                    // checkpoint.
                    pendingRestartReason = String.valueOf(input);
                } else if (action == StormOnFlinkOptions.BoltFailAction.LOG) {
                    LOG.debug(
                            "{} task {} failed tuple {} (not replayed: boltFailAction LOG)",
                            componentId,
                            taskId,
                            input);
                } else if (roots == null) {
                    LOG.debug(
                            "{} task {} failed an unanchored tuple {} (no tree to fail, as in Storm)",
                            componentId,
                            taskId,
                            input);
                } else if (failGateway != null) {
                    failed(roots);
                } else if (!warnedNoReplay) {
                    warnedNoReplay = true;
                    LOG.warn(
                            "{} task {} failed tuple {}: NOT REPLAYED. Spout ids are acked at once here (Flink checkpointing is off or "
                                    + "ackMode is IMMEDIATE): enable checkpointing for fail() to replay. Further fails are only counted "
                                    + "(metric stormFailedTuples).",
                            componentId,
                            taskId,
                            input);
                }
            } catch (Throwable e) {
                LOG.warn("fail hook failed", e);
            }
        }

        /** As Storm's acker: the timeout of every tree the tuple belongs to starts again. */
        @Override
        public void resetTimeout(Tuple input) {
            long[] roots = Roots.of(input);
            if (failGateway == null || roots == null) return;
            synchronized (BoltOperator.this) {
                if (resetRoots == null) resetRoots = new long[16];
                for (long r : roots) {
                    if (r == Roots.KAFKA) continue;
                    if (resetCount == resetRoots.length)
                        resetRoots = java.util.Arrays.copyOf(resetRoots, resetCount * 2);
                    resetRoots[resetCount++] = r;
                }
            }
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
