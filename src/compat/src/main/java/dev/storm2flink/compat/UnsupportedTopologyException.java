package dev.storm2flink.compat;

/** Thrown at job construction for Storm features the runtime cannot run; the message names the component. */
public class UnsupportedTopologyException extends IllegalArgumentException {
    public UnsupportedTopologyException(String message) {
        super(message);
    }

    public UnsupportedTopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
