package dev.storm2flink.compat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.storm.kafka.bolt.mapper.TupleToKafkaMapper;
import org.apache.storm.kafka.bolt.selector.KafkaTopicSelector;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.tuple.TupleImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once to Kafka: a KafkaBolt (storm-kafka-client's, or the old storm-kafka one: both are
 * {@code org.apache.storm.kafka.bolt.KafkaBolt}) becomes Flink's transactional {@link KafkaSink}, whose transactions
 * commit when the checkpoint covering their records completes. The bolt's own TupleToKafkaMapper and
 * KafkaTopicSelector still turn each tuple into (topic, key, message), and its producer's serializers into bytes, in a
 * {@link Mapping} operator chained before the sink; its producer properties configure the sink's producers.
 *
 * <p>What it sets: the transactional id prefix {@code storm2flink.kafka.transactional.id.prefix} of the bolt's (or the
 * topology's) config, else {@code <topology>-<component>}: stable across restarts, so a restored job aborts what its
 * previous run left open, and unique per topology name and component (two jobs of one topology name writing one
 * cluster need their own prefix). {@code transaction.timeout.ms}, unless the producer properties set it: the broker's
 * default {@code transaction.max.timeout.ms} (15 min), or more when checkpoint interval + checkpoint timeout + a
 * minute of restart does not fit in it (then the broker's maximum must be raised: logged). {@code acks=all}: a
 * transactional producer needs it.
 *
 * <p>No storm-kafka-client class but the two mapper interfaces is referenced, and those only by name, so the old
 * storm-kafka jar (same package and interface names) serves as well. What the bolt does not get here: its
 * {@code prepare}/{@code execute} (no task hooks see it), and a {@code withProducerCallback} callback (logged).
 */
final class KafkaBoltSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBoltSink.class);
    /** Config key (bolt or topology) naming the transactional id prefix. */
    static final String PREFIX_KEY = "storm2flink.kafka.transactional.id.prefix";
    /** Kafka brokers' default transaction.max.timeout.ms: a producer asking more is refused by such a broker. */
    static final long BROKER_DEFAULT_MAX_TIMEOUT_MS = 15 * 60_000L;
    /** The translated job's longest restart backoff (restart-strategy.exponential-delay.max-backoff). */
    static final long RESTART_ALLOWANCE_MS = 60_000L;

    private KafkaBoltSink() {}

    /** What is read of a KafkaBolt: its producer properties, mapper and topic selector (the defaults its prepare applies). */
    static final class Config implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Properties producer;
        final TupleToKafkaMapper<Object, Object> mapper;
        final KafkaTopicSelector selector;

        Config(Properties producer, TupleToKafkaMapper<Object, Object> mapper, KafkaTopicSelector selector) {
            this.producer = producer;
            this.mapper = mapper;
            this.selector = selector;
        }
    }

    @SuppressWarnings("unchecked")
    static Config read(Object bolt, String id, Map<String, Object> conf) {
        Properties props = (Properties) field(bolt, id, "boltSpecifiedProperties", "boltSpecfiedProperties");
        TupleToKafkaMapper<Object, Object> mapper = (TupleToKafkaMapper<Object, Object>) field(bolt, id, "mapper");
        KafkaTopicSelector selector = (KafkaTopicSelector) field(bolt, id, "topicSelector");
        ClassLoader cl = bolt.getClass().getClassLoader();
        try {
            // KafkaBolt.prepare's defaults: fields "key"/"message", and the topology config's "topic".
            if (mapper == null) {
                mapper = (TupleToKafkaMapper<Object, Object>)
                        Class.forName("org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper", true, cl)
                                .getDeclaredConstructor()
                                .newInstance();
            }
            if (selector == null) {
                Object topic = conf.get("topic");
                if (topic == null)
                    throw new UnsupportedTopologyException(
                            "KafkaBolt '" + id + "' has no topic selector and the config has no 'topic'");
                selector = (KafkaTopicSelector)
                        Class.forName("org.apache.storm.kafka.bolt.selector.DefaultTopicSelector", true, cl)
                                .getDeclaredConstructor(String.class)
                                .newInstance(topic.toString());
            }
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedTopologyException(
                    "KafkaBolt '" + id + "': cannot make its default mapper or topic selector: " + e, e);
        }
        if (props == null || props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new UnsupportedTopologyException(
                    "KafkaBolt '" + id + "' has no bootstrap.servers in its producer properties");
        }
        try {
            if (field(bolt, id, "providedCallback") != null) {
                LOG.warn(
                        "KafkaBolt '{}': its producer callback (withProducerCallback) is not called by the transactional KafkaSink",
                        id);
            }
        } catch (UnsupportedTopologyException e) {
            // storm-kafka's KafkaBolt has no callback.
        }
        return new Config(props, mapper, selector);
    }

    private static Object field(Object bolt, String id, String... names) {
        for (Class<?> c = bolt.getClass(); c != null; c = c.getSuperclass()) {
            for (String n : names) {
                try {
                    Field f = c.getDeclaredField(n);
                    f.setAccessible(true);
                    return f.get(bolt);
                } catch (NoSuchFieldException e) {
                    // the other spelling (storm-kafka's "boltSpecfiedProperties"), or a superclass
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new UnsupportedTopologyException("KafkaBolt '" + id + "': cannot read " + n + ": " + e, e);
                }
            }
        }
        throw new UnsupportedTopologyException(
                "KafkaBolt '" + id + "' (" + bolt.getClass().getName() + ") has no field " + names[0]);
    }

    /** The sink's producer properties: the bolt's, with what a transactional producer needs. */
    static Properties producerProperties(
            Properties bolt, String id, long checkpointIntervalMs, long checkpointTimeoutMs) {
        Properties p = new Properties();
        for (String k : bolt.stringPropertyNames()) p.setProperty(k, bolt.getProperty(k));
        for (Map.Entry<Object, Object> e : bolt.entrySet()) {
            // Properties may hold non-String values (a Class as serializer, an Integer): as the producer reads them.
            if (e.getKey() instanceof String && !(e.getValue() instanceof String) && e.getValue() != null) {
                p.setProperty(
                        (String) e.getKey(),
                        e.getValue() instanceof Class
                                ? ((Class<?>) e.getValue()).getName()
                                : e.getValue().toString());
            }
        }
        // The sink writes bytes: the bolt's serializers run in the Mapping operator.
        p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        String acks = p.getProperty(ProducerConfig.ACKS_CONFIG);
        if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
            LOG.warn("KafkaBolt '{}': acks={} replaced by acks=all (a transactional producer needs it)", id, acks);
        }
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        if ("false".equalsIgnoreCase(p.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))) {
            LOG.warn("KafkaBolt '{}': enable.idempotence=false dropped (a transactional producer is idempotent)", id);
            p.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        }
        if (p.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG) == null) {
            long needed = checkpointIntervalMs + checkpointTimeoutMs + RESTART_ALLOWANCE_MS;
            long timeout = Math.max(needed, BROKER_DEFAULT_MAX_TIMEOUT_MS);
            if (timeout > BROKER_DEFAULT_MAX_TIMEOUT_MS) {
                LOG.warn(
                        "KafkaBolt '{}': transaction.timeout.ms={} (checkpoint interval + timeout + 1 min): the brokers' "
                                + "transaction.max.timeout.ms must be at least that (default 900000)",
                        id,
                        timeout);
            }
            p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(timeout));
        }
        return p;
    }

    static String transactionalIdPrefix(TopologyPlan plan, String id) {
        Object p = plan.component(id).conf.get(PREFIX_KEY);
        return p != null ? p.toString() : plan.name + "-" + id;
    }

    /**
     * The KafkaBolt {@code id} fed by {@code input} (routed to its tasks as the bolt's input would be): the Mapping
     * operator, whose main output is the bolt's (empty) output stream, and the transactional KafkaSink on its side output.
     */
    static DataStream<StormRecord> build(
            StreamExecutionEnvironment env,
            DataStream<StormRecord> input,
            TopologyPlan plan,
            String id,
            FailRoute.Layout failLayout) {
        TopologyPlan.Component comp = plan.component(id);
        Config cfg = read(plan.instantiate(id), id, comp.conf);
        long interval = env.getCheckpointConfig().getCheckpointInterval();
        if (interval <= 0)
            throw new UnsupportedTopologyException(
                    "KafkaBolt '" + id + "': a transactional KafkaSink needs Flink checkpointing");
        Properties producer = producerProperties(
                cfg.producer, id, interval, env.getCheckpointConfig().getCheckpointTimeout());
        String prefix = transactionalIdPrefix(plan, id);
        StormRecordTypeInfo type = StormRecordTypeInfo.forPlan(plan);
        OutputTag<StormRecord> tag = new OutputTag<>("kafka-bolt-" + id, type);
        Mapping mapping = new Mapping(plan, id, cfg, tag);
        // With the fail route, the operator acks what it takes as a bolt does, on that route (FailRoute).
        SingleOutputStreamOperator<StormRecord> mapped = StormOnFlink.chainable((failLayout == null
                        ? input.transform("kafka-bolt:" + id, type, mapping)
                        : input.transform("kafka-bolt:" + id, type, new MappingFactory(mapping, failLayout, id)))
                .setParallelism(comp.parallelism)
                .uid("storm-kafka-bolt-" + id));
        KafkaSink<StormRecord> sink = KafkaSink.<StormRecord>builder()
                .setBootstrapServers(producer.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(prefix)
                .setRecordSerializer(new Serializing())
                .build();
        mapped.getSideOutput(tag)
                .sinkTo(sink)
                .setParallelism(comp.parallelism)
                .name("kafka-sink:" + id)
                .uid("storm-kafka-sink-" + id);
        LOG.info(
                "KafkaBolt '{}' → transactional KafkaSink (EXACTLY_ONCE), transactional id prefix '{}', transaction.timeout.ms {}",
                id,
                prefix,
                producer.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        return mapped;
    }

    /**
     * A Mapping output (values topic, key bytes, message bytes: a StormRecord, whose serializer carries nulls) → the
     * ProducerRecord; the producer's partitioner picks the partition, as for KafkaBolt.
     */
    static final class Serializing implements KafkaRecordSerializationSchema<StormRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(StormRecord r, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>((String) r.values.get(0), (byte[]) r.values.get(1), (byte[]) r.values.get(2));
        }
    }

    /**
     * The user's mapper and topic selector on each tuple, then the bolt's serializers. A null topic skips the tuple, as
     * KafkaBolt does (it logs and acks). Emits nothing on its main output (KafkaBolt declares no streams).
     */
    static final class Mapping extends AbstractStreamOperator<StormRecord>
            implements OneInputStreamOperator<StormRecord, StormRecord> {
        private static final long serialVersionUID = 1L;
        private final TopologyPlan plan;
        private final String componentId;
        private final Config cfg;
        private final OutputTag<StormRecord> tag;
        private transient GeneralTopologyContext context;
        private transient Serializer<Object> keySerializer;
        private transient Serializer<Object> valueSerializer;
        private transient long skipped;
        /** Set by {@link MappingFactory}: the way to the spouts, and whether acks complete trees there. */
        private transient org.apache.flink.runtime.operators.coordination.OperatorEventGateway gateway;

        private transient boolean treeAcks;
        private transient AckXors acked;

        Mapping(TopologyPlan plan, String componentId, Config cfg, OutputTag<StormRecord> tag) {
            this.plan = plan;
            this.componentId = componentId;
            this.cfg = cfg;
            this.tag = tag;
        }

        @Override
        public void open() throws Exception {
            super.open();
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            int n = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            List<Integer> tasks = plan.component(componentId).tasksOfSubtask(subtask, n);
            int task = tasks.isEmpty() ? plan.component(componentId).tasks.get(0) : tasks.get(0);
            context = plan.newContext(
                    task, tasks, new HashMap<>(), new HashMap<>(), new AtomicBoolean(true), new StormMetricRegistry());
            Map<String, Object> props = new HashMap<>();
            for (String k : cfg.producer.stringPropertyNames()) props.put(k, cfg.producer.getProperty(k));
            for (Map.Entry<Object, Object> e : cfg.producer.entrySet())
                if (e.getKey() instanceof String) props.put((String) e.getKey(), e.getValue());
            keySerializer = serializer(props.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG), "key");
            valueSerializer = serializer(props.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG), "value");
            keySerializer.configure(props, true);
            valueSerializer.configure(props, false);
            acked = new AckXors();
            long every = treeAcks ? BoltOperator.ACK_FLUSH_MS : BoltOperator.FAIL_FLUSH_MS;
            if (gateway != null) getProcessingTimeService().scheduleAtFixedRate(ts -> send(-1), every, every);
        }

        void gateway(org.apache.flink.runtime.operators.coordination.OperatorEventGateway gateway, boolean treeAcks) {
            this.gateway = gateway;
            this.treeAcks = treeAcks;
        }

        /** A tuple the sink took is acked, as KafkaBolt acks it: its id in each tree goes to the acker (nothing anchored to it). */
        private void ack(StormRecord r, int i) {
            if (!treeAcks) return;
            long[] roots = r.rootsAt(i);
            long[] edges = r.edgesAt(i);
            if (roots == null || edges == null) return;
            for (int j = 0; j < roots.length; j++) if (roots[j] != Roots.KAFKA) acked.xor(roots[j], edges[j]);
        }

        /**
         * Task thread: the acks since the last call, and with {@code flushed >= 0} that everything before that checkpoint's
         * barrier is acked (nothing is held or failed here). As a bolt subtask tells the route (BoltOperator.sendFails).
         */
        private void send(long flushed) {
            if (gateway == null) return;
            FailEvents.Acks acks = acked.isEmpty() ? null : acked.drain();
            if (acks == null && flushed < 0) return;
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            gateway.sendEventToCoordinator(new FailEvents.BoltFailed(componentId, subtask, null, flushed, null, acks));
        }

        @Override
        public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
            super.prepareSnapshotPreBarrier(checkpointId);
            send(checkpointId);
        }

        @Override
        public void finish() throws Exception {
            send(Long.MAX_VALUE);
            super.finish();
        }

        @SuppressWarnings("unchecked")
        private Serializer<Object> serializer(Object cls, String what) throws ReflectiveOperationException {
            if (cls == null)
                throw new UnsupportedTopologyException(
                        "KafkaBolt '" + componentId + "' has no " + what + ".serializer in its producer properties");
            Class<?> c = cls instanceof Class
                    ? (Class<?>) cls
                    : Class.forName(
                            cls.toString().trim(), true, Thread.currentThread().getContextClassLoader());
            return (Serializer<Object>) c.getDeclaredConstructor().newInstance();
        }

        @Override
        public void processElement(StreamRecord<StormRecord> element) {
            StormRecord r = element.getValue();
            for (int i = 0; i < r.size(); i++) {
                TupleImpl tuple = new TupleImpl(context, r.valuesAt(i), r.sourceComponent, r.sourceTask, r.streamAt(i));
                String topic = cfg.selector.getTopic(tuple);
                if (topic == null) {
                    if (skipped++ == 0)
                        LOG.warn(
                                "KafkaBolt '{}': the topic selector returned null; skipping such tuples, as KafkaBolt does",
                                componentId);
                    ack(r, i);
                    continue;
                }
                Object key = cfg.mapper.getKeyFromTuple(tuple);
                Object message = cfg.mapper.getMessageFromTuple(tuple);
                List<Object> out = new ArrayList<>(3);
                out.add(topic);
                out.add(key == null ? null : keySerializer.serialize(topic, key));
                out.add(message == null ? null : valueSerializer.serialize(topic, message));
                output.collect(
                        tag, new StreamRecord<>(new StormRecord(r.targetTask, r.sourceTask, componentId, topic, out)));
                // The sink writer (chained) has it in its open transaction now.
                ack(r, i);
            }
        }

        @Override
        public void close() throws Exception {
            if (keySerializer != null) keySerializer.close();
            if (valueSerializer != null) valueSerializer.close();
            super.close();
        }
    }

    /** The Mapping operator with an operator coordinator: its way to the spouts for acks ({@link FailRoute}), as BoltOperatorFactory. */
    static final class MappingFactory
            extends org.apache.flink.streaming.api.operators.SimpleOperatorFactory<StormRecord>
            implements org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory<StormRecord, StormRecord>,
                    org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory<StormRecord> {
        private static final long serialVersionUID = 1L;
        private final FailRoute.Layout layout;
        private final String component;

        MappingFactory(Mapping operator, FailRoute.Layout layout, String component) {
            super(operator);
            this.layout = layout;
            this.component = component;
        }

        @Override
        public <T extends org.apache.flink.streaming.api.operators.StreamOperator<StormRecord>> T createStreamOperator(
                org.apache.flink.streaming.api.operators.StreamOperatorParameters<StormRecord> parameters) {
            T op = super.createStreamOperator(parameters);
            org.apache.flink.runtime.jobgraph.OperatorID id =
                    parameters.getStreamConfig().getOperatorID();
            ((Mapping) op)
                    .gateway(parameters.getOperatorEventDispatcher().getOperatorEventGateway(id), layout.treeAcks);
            return op;
        }

        @Override
        public org.apache.flink.runtime.operators.coordination.OperatorCoordinator.Provider getCoordinatorProvider(
                String operatorName, org.apache.flink.runtime.jobgraph.OperatorID operatorID) {
            return new FailRoute.Provider(operatorID, layout, component);
        }
    }
}
