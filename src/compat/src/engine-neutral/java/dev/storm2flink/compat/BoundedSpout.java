package dev.storm2flink.compat;

/**
 * Optional interface a spout may implement to end its input in bounded mode
 * ({@link StormOnFlinkOptions#bounded}). Polled after each {@code nextTuple()} on the spout's own thread.
 */
public interface BoundedSpout {
    /** True once the spout has emitted everything it ever will. */
    boolean isFinished();
}
