package dev.storm2flink.samples.configurable;

/** Stream ids used between the parser and the counters. */
public final class StreamIds {
    public static final String ENTRIES = "entries";
    public static final String ERRORS = "errors";

    private StreamIds() {
    }
}
