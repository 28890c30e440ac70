package dev.storm2flink.compat.verify;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one failure `storm2flink verify --inject-failure` puts into a Flink run: the first bolt to execute a tuple
 * after a checkpoint completed throws once; Flink restores from that checkpoint and goes on. Static because the
 * MiniCluster's tasks, before and after the restore, live in this JVM.
 */
public final class Faults {
    private static volatile boolean armed;
    private static final AtomicBoolean checkpointed = new AtomicBoolean();
    private static final AtomicBoolean injected = new AtomicBoolean();
    private static volatile String injectedAt;

    private Faults() {}

    public static void arm() {
        armed = true;
    }

    /** Replay spouts hold their second half back until then, so the failure lands mid-run. */
    public static boolean holdBack() {
        return armed && !checkpointed.get();
    }

    public static void checkpointCompleted() {
        if (armed) checkpointed.set(true);
    }

    /** Called before a bolt executes a tuple. */
    public static void beforeExecute(String component) {
        if (armed && checkpointed.get() && injected.compareAndSet(false, true)) {
            injectedAt = component;
            throw new InjectedFailure(component);
        }
    }

    public static boolean injected() {
        return injected.get();
    }

    public static String injectedAt() {
        return injectedAt;
    }

    /** Thrown once by design; its message says so in Flink's logs. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String component) {
            super("storm2flink verify --inject-failure: failing bolt '" + component
                    + "' once after a completed checkpoint");
        }
    }
}
