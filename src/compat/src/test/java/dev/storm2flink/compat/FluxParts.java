package dev.storm2flink.compat;

/** Public classes Flux can instantiate by name. */
public final class FluxParts {
    private FluxParts() {}

    public static class Spout extends Components.SeqSpout {
        public Spout(int count) {
            super(count, 5, false);
        }
    }

    public static class Pass extends Components.PassBolt {
        public Pass() {}
    }

    public static class Sink extends Components.SinkBolt {
        public Sink() {}
    }
}
