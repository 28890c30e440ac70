package dev.storm2flink.samples.configurable;

/** Parallelism hints and component ids, kept apart from the wiring as many real projects do. */
public interface TopologyConstants {
    String TOPOLOGY_NAME = "log-levels";

    String LOG_SPOUT = "log-lines";
    String PARSER = "parser";
    String LEVEL_COUNTER = "level-counter";
    String ERROR_COUNTER = "error-counter";

    int WORKERS = 2;
    int LOG_SPOUT_PARALLELISM = 1;
    int PARSER_PARALLELISM = 2;
    int LEVEL_COUNTER_PARALLELISM = 2;
    int ERROR_COUNTER_PARALLELISM = 3;
}
