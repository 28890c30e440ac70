package dev.storm2flink.compat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.storm.kafka.spout.FirstPollOffsetStrategy;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.kafka.spout.KafkaTuple;
import org.apache.storm.kafka.spout.RecordTranslator;
import org.apache.storm.kafka.spout.subscription.NamedTopicFilter;
import org.apache.storm.kafka.spout.subscription.PatternTopicFilter;
import org.apache.storm.kafka.spout.subscription.TopicFilter;
import org.apache.storm.utils.Utils;

/**
 * Replaces storm-kafka-client's KafkaSpout by a Flink KafkaSource: offsets live in Flink checkpoints
 * (and are committed to the group on checkpoint), the user's RecordTranslator builds the same tuples
 * and streams, then {@link KafkaSources} routes them exactly as the spout's collector would.
 */
final class KafkaSpoutBridge {
    private KafkaSpoutBridge() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KafkaSpoutConfig<Object, Object> config(KafkaSpout spout) {
        try {
            Field f = KafkaSpout.class.getDeclaredField("kafkaSpoutConfig");
            f.setAccessible(true);
            return (KafkaSpoutConfig<Object, Object>) f.get(spout);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedTopologyException("Cannot read the KafkaSpoutConfig of a KafkaSpout: " + e, e);
        }
    }

    static DataStream<StormRecord> build(
            StreamExecutionEnvironment env, TopologyPlan plan, String id, StormOnFlinkOptions options) {
        KafkaSpoutConfig<Object, Object> cfg = config((KafkaSpout<?, ?>) plan.instantiate(id));
        Map<String, Object> props = cfg.getKafkaProps();
        KafkaSourceBuilder<StormRecord> b = KafkaSource.<StormRecord>builder();
        Object servers = props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null) throw new UnsupportedTopologyException("KafkaSpout '" + id + "' has no bootstrap.servers");
        b.setBootstrapServers(servers.toString());
        TopicFilter filter = cfg.getTopicFilter();
        if (filter instanceof PatternTopicFilter) {
            b.setTopicPattern(Pattern.compile(((PatternTopicFilter) filter).getTopicsPattern()));
        } else if (filter instanceof NamedTopicFilter) {
            b.setTopics(new ArrayList<>(List.of(filter.getTopicsString().split(","))));
        } else {
            throw new UnsupportedTopologyException("KafkaSpout '" + id + "': custom TopicFilter "
                    + filter.getClass().getName() + " is not supported");
        }
        String group = cfg.getConsumerGroupId();
        if (group != null) b.setGroupId(group);
        b.setStartingOffsets(startingOffsets(cfg));
        if (options.bounded) b.setBounded(OffsetsInitializer.latest());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            String k = e.getKey();
            if (k.equals(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)
                    || k.equals(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)
                    || k.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
                    || e.getValue() == null) {
                continue;
            }
            b.setProperty(
                    k,
                    e.getValue() instanceof Class
                            ? ((Class<?>) e.getValue()).getName()
                            : e.getValue().toString());
        }
        b.setClientIdPrefix(KafkaSources.clientIdPrefix(plan, id));
        b.setDeserializer(new Translating(id, props, cfg.getTranslator(), cfg.isEmitNullTuples()));
        return KafkaSources.emit(env, plan, id, b.build());
    }

    static OffsetsInitializer startingOffsets(KafkaSpoutConfig<?, ?> cfg) {
        FirstPollOffsetStrategy s = cfg.getFirstPollOffsetStrategy();
        switch (s) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case UNCOMMITTED_LATEST:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(cfg.getStartTimeStamp());
            case UNCOMMITTED_TIMESTAMP:
                return OffsetsInitializer.timestamp(cfg.getStartTimeStamp());
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /** Applies the user's deserializers and RecordTranslator on the source thread; no routing yet. */
    static final class Translating implements KafkaRecordDeserializationSchema<StormRecord> {
        private static final long serialVersionUID = 1L;
        private final String component;
        private final HashMap<String, String> props = new HashMap<>();
        private final RecordTranslator<Object, Object> translator;
        private final boolean emitNull;
        private final String keyDeserializer;
        private final String valueDeserializer;
        private transient Deserializer<Object> key;
        private transient Deserializer<Object> value;

        Translating(
                String component,
                Map<String, Object> kafkaProps,
                RecordTranslator<Object, Object> translator,
                boolean emitNull) {
            this.component = component;
            for (Map.Entry<String, Object> e : kafkaProps.entrySet()) {
                if (e.getValue() != null)
                    props.put(
                            e.getKey(),
                            e.getValue() instanceof Class
                                    ? ((Class<?>) e.getValue()).getName()
                                    : e.getValue().toString());
            }
            this.keyDeserializer = props.getOrDefault(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    "org.apache.kafka.common.serialization.StringDeserializer");
            this.valueDeserializer = props.getOrDefault(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    "org.apache.kafka.common.serialization.StringDeserializer");
            this.translator = translator;
            this.emitNull = emitNull;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            key = (Deserializer<Object>) Class.forName(keyDeserializer, true, cl)
                    .getDeclaredConstructor()
                    .newInstance();
            value = (Deserializer<Object>) Class.forName(valueDeserializer, true, cl)
                    .getDeclaredConstructor()
                    .newInstance();
            key.configure(props, true);
            value.configure(props, false);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<StormRecord> out) {
            if (key == null) {
                try {
                    open(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            Object k = r.key() == null ? null : key.deserialize(r.topic(), r.headers(), r.key());
            Object v = r.value() == null ? null : value.deserialize(r.topic(), r.headers(), r.value());
            ConsumerRecord<Object, Object> typed = new ConsumerRecord<>(
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    r.timestamp(),
                    r.timestampType(),
                    r.serializedKeySize(),
                    r.serializedValueSize(),
                    k,
                    v,
                    r.headers(),
                    Optional.empty());
            List<Object> tuple = translator.apply(typed);
            if (tuple == null) {
                if (!emitNull) return;
                tuple = new ArrayList<>();
            }
            String stream = tuple instanceof KafkaTuple && ((KafkaTuple) tuple).getStream() != null
                    ? ((KafkaTuple) tuple).getStream()
                    : Utils.DEFAULT_STREAM_ID;
            out.collect(new StormRecord(-1, -1, component, stream, new ArrayList<>(tuple)));
        }

        @Override
        public TypeInformation<StormRecord> getProducedType() {
            return StormOnFlink.RECORD_TYPE;
        }
    }
}
