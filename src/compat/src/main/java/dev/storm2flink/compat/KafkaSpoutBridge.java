package dev.storm2flink.compat;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Replaces storm-kafka-client's KafkaSpout by a Flink KafkaSource (offsets in checkpoints). */
final class KafkaSpoutBridge {
    private KafkaSpoutBridge() {}

    static boolean isKafkaSpout(Object spout) {
        return false;
    }

    static DataStream<StormRecord> build(StreamExecutionEnvironment env, TopologyPlan plan, String id, StormOnFlinkOptions options) {
        throw new UnsupportedOperationException("not yet");
    }
}
