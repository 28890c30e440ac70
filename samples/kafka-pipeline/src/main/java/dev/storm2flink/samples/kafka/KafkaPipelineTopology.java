package dev.storm2flink.samples.kafka;

import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.kafka.bolt.KafkaBolt;
import org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper;
import org.apache.storm.kafka.bolt.selector.DefaultTopicSelector;
import org.apache.storm.kafka.spout.FirstPollOffsetStrategy;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.Utils;

/**
 * orders (Kafka) --> kafka-spout --shuffle--> enrich --shuffle--> kafka-bolt --> orders-enriched.
 *
 * <p>Bootstrap servers: second argument, else system property {@code kafka.bootstrap.servers},
 * else {@value #DEFAULT_BOOTSTRAP}. First argument, when present, is the topology name to submit.
 */
public final class KafkaPipelineTopology {
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String INPUT_TOPIC = "orders";
    public static final String OUTPUT_TOPIC = "orders-enriched";
    public static final String GROUP_ID = "orders-enricher";

    private KafkaPipelineTopology() {
    }

    static KafkaSpoutConfig<String, String> spoutConfig(String bootstrap) {
        return KafkaSpoutConfig.builder(bootstrap, INPUT_TOPIC)
            .setGroupId(GROUP_ID)
            .setFirstPollOffsetStrategy(FirstPollOffsetStrategy.EARLIEST)
            .setProcessingGuarantee(KafkaSpoutConfig.ProcessingGuarantee.AT_LEAST_ONCE)
            .setOffsetCommitPeriodMs(1_000)
            .setMaxUncommittedOffsets(250)
            .setRecordTranslator(new OrderRecordTranslator())
            .build();
    }

    static KafkaBolt<String, String> kafkaBolt(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaBolt<String, String>()
            .withProducerProperties(props)
            .withTopicSelector(new DefaultTopicSelector(OUTPUT_TOPIC))
            .withTupleToKafkaMapper(new FieldNameBasedTupleToKafkaMapper<>("key", "message"));
    }

    public static StormTopology buildTopology(String bootstrap) {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("kafka-spout", new KafkaSpout<>(spoutConfig(bootstrap)), 1);
        builder.setBolt("enrich", new EnrichOrderBolt(), 2).shuffleGrouping("kafka-spout");
        builder.setBolt("kafka-bolt", kafkaBolt(bootstrap), 1).shuffleGrouping("enrich");
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 1 ? args[1]
            : System.getProperty("kafka.bootstrap.servers", DEFAULT_BOOTSTRAP);
        Config conf = new Config();
        conf.setMessageTimeoutSecs(60);
        StormTopology topology = buildTopology(bootstrap);
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("kafka-pipeline", conf, topology);
                Utils.sleep(30_000);
            }
        }
    }
}
