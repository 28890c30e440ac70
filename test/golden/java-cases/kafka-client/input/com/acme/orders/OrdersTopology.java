package com.acme.orders;

import static org.apache.storm.kafka.spout.FirstPollOffsetStrategy.EARLIEST;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.bolt.KafkaBolt;
import org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper;
import org.apache.storm.kafka.bolt.selector.DefaultTopicSelector;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.topology.TopologyBuilder;

// storm-kafka-client in, KafkaBolt out.
public class OrdersTopology {
    private static final String BROKERS = "kafka-1:9092,kafka-2:9092";

    static KafkaSpoutConfig<String, String> spoutConfig() {
        return KafkaSpoutConfig.builder(BROKERS, "orders")
                .setProp(ConsumerConfig.GROUP_ID_CONFIG, "orders-enricher")
                .setFirstPollOffsetStrategy(EARLIEST)
                .setProcessingGuarantee(KafkaSpoutConfig.ProcessingGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("orders", new KafkaSpout<>(spoutConfig()), 3);
        builder.setBolt("enrich", new EnrichBolt(), 3).localOrShuffleGrouping("orders");

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaBolt<String, String> sink = new KafkaBolt<String, String>()
                .withProducerProperties(props)
                .withTopicSelector(new DefaultTopicSelector("orders-enriched"))
                .withTupleToKafkaMapper(new FieldNameBasedTupleToKafkaMapper<>("key", "order"));
        builder.setBolt("publish", sink, 2).shuffleGrouping("enrich");

        Config conf = new Config();
        conf.setNumWorkers(3);
        StormSubmitter.submitTopology("orders-enricher", conf, builder.createTopology());
    }
}
