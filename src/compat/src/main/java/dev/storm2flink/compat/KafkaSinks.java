package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which KafkaBolts become transactional KafkaSinks ({@link KafkaBoltSink}). By class name and without a Kafka class,
 * so a job without Kafka needs neither flink-connector-kafka nor storm-kafka-client (as {@link StormOnFlink#kafkaSpoutClass}).
 */
final class KafkaSinks {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinks.class);
    /** storm-kafka-client's KafkaBolt; the old storm-kafka one has the same name. */
    static final String BOLT_CLASS = "org.apache.storm.kafka.bolt.KafkaBolt";

    private KafkaSinks() {}

    /** Whether {@code bolt} is a KafkaBolt (or extends one). */
    static boolean isKafkaBolt(Object bolt) {
        for (Class<?> c = bolt.getClass(); c != null; c = c.getSuperclass())
            if (c.getName().equals(BOLT_CLASS)) return true;
        return false;
    }

    /** KafkaBolts the transactional sink replaces: those nothing subscribes to (a bolt a component reads stays a bolt). */
    static List<String> replaced(TopologyPlan plan, StormOnFlinkOptions options, boolean exactlyOnceCheckpoints) {
        List<String> out = new ArrayList<>();
        if (options.kafkaBoltSink == StormOnFlinkOptions.KafkaBoltSink.BOLT) return out;
        boolean wanted =
                options.kafkaBoltSink == StormOnFlinkOptions.KafkaBoltSink.TRANSACTIONAL || exactlyOnceCheckpoints;
        if (!wanted) return out;
        for (TopologyPlan.Component c : plan.components.values()) {
            if (c.spout || !isKafkaBolt(plan.instantiate(c.id))) continue;
            if (!StormOnFlink.consumers(plan, c.id).isEmpty()) {
                LOG.warn(
                        "KafkaBolt '{}' has subscribers {}: it runs as a bolt (at-least-once), not as a transactional KafkaSink",
                        c.id,
                        StormOnFlink.consumers(plan, c.id));
                continue;
            }
            out.add(c.id);
        }
        return out;
    }
}
