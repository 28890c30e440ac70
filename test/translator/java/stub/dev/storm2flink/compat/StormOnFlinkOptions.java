package dev.storm2flink.compat;

/** Compile-time stand-in for the compat runtime options. */
public final class StormOnFlinkOptions {
  public static StormOnFlinkOptions defaults() {
    return new StormOnFlinkOptions();
  }

  public StormOnFlinkOptions bounded(boolean b) {
    return this;
  }

  public StormOnFlinkOptions spoutIdleWaitMs(long ms) {
    return this;
  }
}
