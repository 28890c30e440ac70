package dev.storm2flink.samples.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.storm.kafka.spout.RecordTranslator;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/** Turns a Kafka record into the tuple (topic, key, value) on the default stream. */
public class OrderRecordTranslator implements RecordTranslator<String, String> {
    private static final long serialVersionUID = 1L;
    public static final Fields FIELDS = new Fields("topic", "key", "value");

    @Override
    public List<Object> apply(ConsumerRecord<String, String> record) {
        return new Values(record.topic(), record.key(), record.value());
    }

    @Override
    public Fields getFieldsFor(String stream) {
        return FIELDS;
    }
}
