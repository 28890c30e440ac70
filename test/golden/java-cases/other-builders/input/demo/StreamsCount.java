package demo;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TopologyBuilder;

// Kafka Streams 0.10/0.11's Processor API: a TopologyBuilder of its own, nothing of Storm's.
public class StreamsCount {
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("application.id", "streams-count");
        TopologyBuilder builder = new TopologyBuilder();
        builder.addSource("source", "in");
        builder.addSink("sink", "out", "source");
        new KafkaStreams(builder, props).start();
    }
}
