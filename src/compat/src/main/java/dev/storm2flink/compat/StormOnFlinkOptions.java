package dev.storm2flink.compat;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Knobs of a translated job. Defaults reproduce Storm's behaviour on an unbounded stream. */
public class StormOnFlinkOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum TickMode {
        /** Ticks every {@code freqSecs} of processing time (Storm's behaviour). */
        TIME,
        /** Deterministic: a tick after every {@link #tickEveryRecords} input tuples of each task. */
        RECORDS,
        /** No tick tuples at all. */
        OFF,
        /** `storm2flink verify`: a tick when verify's clock ({@link VerifyHooks#clockSecs}) passes a multiple of the frequency. */
        EXTERNAL
    }

    public enum AckMode {
        /** TREE when Flink checkpointing is enabled (CHECKPOINT for a topology with stateful bolts), else IMMEDIATE. */
        AUTO,
        /**
         * As Storm's acker: a spout message id is acked when its tuple tree completes (every tuple in it acked), with
         * topology.max.spout.pending bounding the trees in flight. Needs checkpointing (ids pending at a checkpoint are
         * failed back after its restore) and boltFailAction REPLAY (the acks share fail()'s route); CHECKPOINT otherwise.
         */
        TREE,
        /** Spout message ids are acked when the checkpoint taken after their emit completes. */
        CHECKPOINT,
        /** Acked right after nextTuple returns (Storm with 0 ackers); no replay. */
        IMMEDIATE
    }

    public enum BoltFailAction {
        /**
         * collector.fail(tuple) reaches the spout of the tuple's tree, which gets fail(msgId) and replays as on Storm
         * (needs acks that follow checkpoints; a tuple of a replaced Kafka spout restarts the job from the checkpoint).
         */
        REPLAY,
        /** collector.fail(tuple) is logged and counted; the tuple is not replayed. */
        LOG,
        /** collector.fail(tuple) fails the Flink task after execute returns: restart from the last checkpoint replays it. */
        RESTART
    }

    public enum KafkaBoltSink {
        /** TRANSACTIONAL when Flink checkpoints are on in EXACTLY_ONCE mode, else BOLT. */
        AUTO,
        /** A KafkaBolt no component subscribes to becomes Flink's transactional KafkaSink (needs checkpointing). */
        TRANSACTIONAL,
        /** A KafkaBolt runs as a bolt, its producer flushed at each checkpoint barrier (at-least-once). */
        BOLT
    }

    /** Spouts end (and the job finishes) when they say so or after {@link #idlePollsToFinish} empty polls. */
    public boolean bounded = false;

    public int idlePollsToFinish = 2000;
    /** Pause after an empty nextTuple (Storm's sleep spout wait strategy), milliseconds. */
    public long spoutIdleWaitMs = 1;

    public TickMode tickMode = TickMode.TIME;
    public int tickEveryRecords = 100;
    public AckMode ackMode = AckMode.AUTO;
    public BoltFailAction boltFailAction = BoltFailAction.REPLAY;
    /** After a restore, call spout.fail(id) for the message ids that were pending in the restored state. */
    public boolean failPendingOnRestore = true;
    /** Replace storm-kafka-client KafkaSpout by a Flink KafkaSource. */
    public boolean replaceKafkaSpouts = true;
    /** What a KafkaBolt becomes: see {@link KafkaBoltSink}. */
    public KafkaBoltSink kafkaBoltSink = KafkaBoltSink.AUTO;
    /** Per-component Flink parallelism overriding the Storm parallelism hint (tasks stay as declared). */
    public Map<String, Integer> parallelism = new HashMap<>();
    /** Upper bound on every component's parallelism (0 = none). */
    public int maxParallelism = 0;
    /** Working directory for multilang ShellBolt/ShellSpout (resources/ extracted here); null = temp dir. */
    public String codeDir = null;
    /** `storm2flink verify`'s clock, fault injection and run limits; nothing in a deployed job. */
    public VerifyHooks verifyHooks = VerifyHooks.NONE;

    public static StormOnFlinkOptions defaults() {
        return new StormOnFlinkOptions();
    }

    /**
     * The job's Flink configuration key (or system property) that picks {@link #ackMode} for a job whose code leaves
     * it at AUTO: {@code auto}, {@code tree}, {@code checkpoint} or {@code immediate}. A deployed job's user chooses
     * without editing its main ({@code flink run -Dstorm2flink.ack-mode=checkpoint}, or deploy/config.yaml).
     */
    public static final String ACK_MODE_KEY = "storm2flink.ack-mode";

    /**
     * {@link #ACK_MODE_KEY}'s value (null: not set) applied to a copy of this (the caller's options may build other
     * jobs); an ackMode set in code wins, and then this is returned as it is.
     */
    StormOnFlinkOptions ackModeFrom(String value) {
        if (value == null || value.isBlank() || ackMode != AckMode.AUTO) return this;
        AckMode mode;
        try {
            mode = AckMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    ACK_MODE_KEY + ": '" + value + "' is not one of auto, tree, checkpoint, immediate", e);
        }
        StormOnFlinkOptions copy = copy();
        copy.ackMode = mode;
        return copy;
    }

    /** A deep copy (the options are Serializable: hooks and maps included), for a job that changes some of them. */
    public StormOnFlinkOptions copy() {
        try {
            return org.apache.flink.util.InstantiationUtil.clone(this);
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public StormOnFlinkOptions bounded(boolean b) {
        this.bounded = b;
        return this;
    }

    public StormOnFlinkOptions idlePollsToFinish(int n) {
        this.idlePollsToFinish = n;
        return this;
    }

    public StormOnFlinkOptions spoutIdleWaitMs(long ms) {
        this.spoutIdleWaitMs = ms;
        return this;
    }

    public StormOnFlinkOptions tickMode(TickMode m) {
        this.tickMode = m;
        return this;
    }

    public StormOnFlinkOptions tickEveryRecords(int n) {
        this.tickMode = TickMode.RECORDS;
        this.tickEveryRecords = n;
        return this;
    }

    public StormOnFlinkOptions ackMode(AckMode m) {
        this.ackMode = m;
        return this;
    }

    public StormOnFlinkOptions boltFailAction(BoltFailAction a) {
        this.boltFailAction = a;
        return this;
    }

    public StormOnFlinkOptions failPendingOnRestore(boolean b) {
        this.failPendingOnRestore = b;
        return this;
    }

    public StormOnFlinkOptions replaceKafkaSpouts(boolean b) {
        this.replaceKafkaSpouts = b;
        return this;
    }

    public StormOnFlinkOptions kafkaBoltSink(KafkaBoltSink k) {
        this.kafkaBoltSink = k;
        return this;
    }

    public StormOnFlinkOptions parallelism(String component, int p) {
        this.parallelism.put(component, p);
        return this;
    }

    public StormOnFlinkOptions maxParallelism(int p) {
        this.maxParallelism = p;
        return this;
    }

    public StormOnFlinkOptions codeDir(String dir) {
        this.codeDir = dir;
        return this;
    }

    public StormOnFlinkOptions verifyHooks(VerifyHooks h) {
        this.verifyHooks = h == null ? VerifyHooks.NONE : h;
        return this;
    }
}
