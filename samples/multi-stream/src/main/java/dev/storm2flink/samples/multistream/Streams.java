package dev.storm2flink.samples.multistream;

/** Stream ids declared by {@link RouterBolt}. */
public final class Streams {
    public static final String CLICKS = "clicks";
    public static final String PURCHASES = "purchases";
    public static final String INVALID = "invalid";
    /** Declared direct: filled with emitDirect, consumed with directGrouping. */
    public static final String AUDIT = "audit";

    private Streams() {
    }
}
