package dev.storm2flink.compat;

import java.io.Serializable;

/**
 * What `storm2flink verify` needs from the running job: its clock for ticks, its one injected failure, its Trident
 * transaction count. The runtime reaches verify only through this, set on {@link StormOnFlinkOptions#verifyHooks};
 * a deployed job has {@link #NONE}. Serialized with the options into every operator, so an implementation keeps
 * its run's state where the tasks of that JVM share it (verify's MiniCluster runs in one JVM).
 */
public interface VerifyHooks extends Serializable {
    /** Does nothing: the default of every deployed job. */
    VerifyHooks NONE = None.INSTANCE;

    /** {@code TickMode.EXTERNAL}: a bolt task ticking on verify's clock, said before its task hooks prepare. */
    default void tickingTask(String component, int taskId, int secs) {}

    /** {@code TickMode.EXTERNAL}: seconds of verify's clock; a bolt ticks when it passes a multiple of its frequency. */
    default long clockSecs() {
        return 0;
    }

    /** Before a bolt executes a tuple (on its task thread): an injected failure throws here. */
    default void beforeExecute(String component) {}

    /** A spout subtask heard that a checkpoint completed. */
    default void checkpointCompleted(long checkpointId) {}

    /** Bounded Trident runs: the transaction after whose success the run ends; 0 to end when the input is quiet. */
    default long tridentTransactions() {
        return 0;
    }

    /** An enum: one instance after deserialization too, so the JIT sees one receiver class in a deployed job. */
    enum None implements VerifyHooks {
        INSTANCE
    }
}
