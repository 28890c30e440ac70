package dev.storm2flink.compat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.minidev.json.JSONValue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.storm.Config;
import org.apache.storm.shade.org.apache.zookeeper.KeeperException;
import org.apache.storm.shade.org.apache.zookeeper.Watcher;
import org.apache.storm.shade.org.apache.zookeeper.ZooKeeper;
import org.apache.storm.spout.MultiScheme;
import org.apache.storm.utils.Utils;

/**
 * Replaces the old ZooKeeper-based storm-kafka {@code org.apache.storm.kafka.KafkaSpout} (storm-kafka 1.x, what the
 * translator rewrites {@code storm.kafka} to) by a Flink KafkaSource with offsets in checkpoints. Its SpoutConfig is
 * read by reflection: storm-kafka is only on the class path of jobs that use it. The spout's scheme turns each
 * record value into the same tuples, on the same stream, as the spout emitted.
 */
final class LegacyKafkaSpoutBridge {
    static final String SPOUT_CLASS = "org.apache.storm.kafka.KafkaSpout";
    /** Where the Kafka brokers are: component config, topology config or JVM system property. */
    static final String BOOTSTRAP_KEY = "storm2flink.kafka.bootstrap.servers";

    private LegacyKafkaSpoutBridge() {}

    static DataStream<StormRecord> build(
            StreamExecutionEnvironment env, TopologyPlan plan, String id, StormOnFlinkOptions options) {
        Object cfg = spoutConfig(plan.instantiate(id), id);
        String topic = (String) field(cfg, "topic", id);
        MultiScheme scheme = (MultiScheme) field(cfg, "scheme", id);
        if (topic == null || topic.isEmpty())
            throw new UnsupportedTopologyException("Spout '" + id + "' (storm-kafka KafkaSpout) has no topic");
        if (scheme == null)
            throw new UnsupportedTopologyException("Spout '" + id + "' (storm-kafka KafkaSpout) has no scheme");
        String stream = (String) optionalField(cfg, "outputStreamId");
        KafkaSourceBuilder<StormRecord> b = KafkaSource.<StormRecord>builder();
        b.setBootstrapServers(bootstrapServers(plan, id, field(cfg, "hosts", id)));
        b.setTopics(topic);
        // The SpoutConfig id named the spout's offsets in ZooKeeper; it becomes the consumer group.
        String group = (String) optionalField(cfg, "id");
        boolean hasGroup = group != null && !group.isEmpty();
        if (hasGroup) b.setGroupId(group);
        boolean ignoreStored = !hasGroup || Boolean.TRUE.equals(optionalField(cfg, "ignoreZkOffsets"));
        b.setStartingOffsets(startingOffsets((Long) field(cfg, "startOffsetTime", id), ignoreStored));
        if (options.bounded) b.setBounded(OffsetsInitializer.latest());
        Object fetch = optionalField(cfg, "fetchSizeBytes");
        if (fetch instanceof Integer && (Integer) fetch > 0)
            b.setProperty("max.partition.fetch.bytes", fetch.toString());
        Object buffer = optionalField(cfg, "bufferSizeBytes");
        if (buffer instanceof Integer && (Integer) buffer > 0) b.setProperty("receive.buffer.bytes", buffer.toString());
        String clientId = (String) optionalField(cfg, "clientId");
        String prefix = KafkaSources.clientIdPrefix(plan, id);
        b.setClientIdPrefix(clientId == null || clientId.isEmpty() ? prefix : prefix + "-" + clientId);
        b.setDeserializer(new SchemeDeserializer(
                id, scheme, stream == null || stream.isEmpty() ? Utils.DEFAULT_STREAM_ID : stream));
        return KafkaSources.emit(env, plan, id, b.build());
    }

    /**
     * startOffsetTime: -2 earliest, -1 latest, else a timestamp. Unless ignoreZkOffsets, the group's committed offsets
     * come first, as the spout preferred the offsets it had stored (a timestamp start always uses the timestamp).
     */
    static OffsetsInitializer startingOffsets(long startOffsetTime, boolean ignoreStoredOffsets) {
        if (startOffsetTime >= 0) return OffsetsInitializer.timestamp(startOffsetTime);
        boolean latest = startOffsetTime == -1;
        if (ignoreStoredOffsets) return latest ? OffsetsInitializer.latest() : OffsetsInitializer.earliest();
        return OffsetsInitializer.committedOffsets(latest ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST);
    }

    /** Config key or system property first; else StaticHosts' brokers, or the brokers registered in ZooKeeper. */
    static String bootstrapServers(TopologyPlan plan, String id, Object hosts) {
        Object set = plan.component(id).conf.get(BOOTSTRAP_KEY);
        if (set == null || set.toString().isBlank()) set = System.getProperty(BOOTSTRAP_KEY);
        if (set != null && !set.toString().isBlank()) return set.toString().trim();
        String how = "Set " + BOOTSTRAP_KEY + " (host:port,...) in the topology config, the spout's component config"
                + " or as a JVM system property.";
        String cls = hosts == null ? "null" : hosts.getClass().getName();
        try {
            if (cls.equals("org.apache.storm.kafka.StaticHosts")) {
                Object info =
                        hosts.getClass().getMethod("getPartitionInformation").invoke(hosts);
                TreeSet<String> brokers = new TreeSet<>();
                for (Object p : (List<?>)
                        info.getClass().getMethod("getOrderedPartitions").invoke(info)) {
                    Object broker = p.getClass().getField("host").get(p);
                    brokers.add(broker.getClass().getField("host").get(broker) + ":"
                            + broker.getClass().getField("port").get(broker));
                }
                if (brokers.isEmpty()) throw new Discovery("its StaticHosts list no broker");
                return String.join(",", brokers);
            }
            if (cls.equals("org.apache.storm.kafka.ZkHosts")) {
                String zk = (String) hosts.getClass().getField("brokerZkStr").get(hosts);
                String path = (String) hosts.getClass().getField("brokerZkPath").get(hosts);
                Map<String, Object> conf = plan.component(id).conf;
                int connectMs = intConf(conf, Config.STORM_ZOOKEEPER_CONNECTION_TIMEOUT, 15_000);
                int sessionMs = intConf(conf, Config.STORM_ZOOKEEPER_SESSION_TIMEOUT, 20_000);
                return fromZooKeeper(zk, path == null ? "/brokers" : path, connectMs, sessionMs);
            }
            throw new Discovery("its hosts are a " + cls);
        } catch (Discovery e) {
            throw new UnsupportedTopologyException("Spout '" + id
                    + "' (storm-kafka KafkaSpout): no Kafka bootstrap servers: " + e.getMessage() + ". " + how);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedTopologyException(
                    "Spout '" + id + "' (storm-kafka KafkaSpout): cannot read its " + cls + " (" + e + "). " + how, e);
        }
    }

    /** As storm-kafka's DynamicBrokersReader: every {@code <path>/ids/<id>} node holds a broker's JSON registration. */
    static String fromZooKeeper(String connect, String path, int connectMs, int sessionMs) throws Discovery {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connect, sessionMs, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
            });
        } catch (Exception e) {
            throw new Discovery("cannot connect to ZooKeeper " + connect + " (" + e.getMessage() + ")");
        }
        try {
            if (!connected.await(connectMs, TimeUnit.MILLISECONDS)) {
                throw new Discovery("ZooKeeper " + connect + " did not answer within " + connectMs + " ms");
            }
            String ids = path.replaceAll("/+$", "") + "/ids";
            TreeSet<String> brokers = new TreeSet<>();
            for (String child : zk.getChildren(ids, false)) {
                String address =
                        brokerAddress(new String(zk.getData(ids + "/" + child, false, null), StandardCharsets.UTF_8));
                if (address != null) brokers.add(address);
            }
            if (brokers.isEmpty()) throw new Discovery("ZooKeeper " + connect + " has no broker under " + ids);
            return String.join(",", brokers);
        } catch (KeeperException.NoNodeException e) {
            throw new Discovery("ZooKeeper " + connect + " has no " + e.getPath());
        } catch (KeeperException e) {
            throw new Discovery("ZooKeeper " + connect + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Discovery("interrupted while reading ZooKeeper " + connect);
        } finally {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** host/port of a registration, else its first PLAINTEXT endpoint, else its first endpoint. */
    static String brokerAddress(String json) {
        Object parsed = JSONValue.parse(json);
        if (!(parsed instanceof Map)) return null;
        Map<?, ?> m = (Map<?, ?>) parsed;
        Object host = m.get("host");
        Object port = m.get("port");
        if (host != null && port instanceof Number && ((Number) port).intValue() > 0) return host + ":" + port;
        if (!(m.get("endpoints") instanceof List)) return null;
        String first = null;
        for (Object e : (List<?>) m.get("endpoints")) {
            String s = String.valueOf(e);
            int sep = s.indexOf("://");
            if (sep < 0) continue;
            String address = s.substring(sep + 3);
            if (s.startsWith("PLAINTEXT://")) return address;
            if (first == null) first = address;
        }
        return first;
    }

    private static int intConf(Map<String, Object> conf, String key, int dflt) {
        Integer v = TopologyPlan.toInt(conf.get(key));
        return v == null || v <= 0 ? dflt : v;
    }

    static Object spoutConfig(Object spout, String id) {
        for (Class<?> c = spout.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SPOUT_CLASS)) {
                try {
                    Field f = c.getDeclaredField("_spoutConfig");
                    f.setAccessible(true);
                    Object cfg = f.get(spout);
                    if (cfg == null)
                        throw new UnsupportedTopologyException(
                                "Spout '" + id + "' (storm-kafka KafkaSpout) has no SpoutConfig");
                    return cfg;
                } catch (ReflectiveOperationException e) {
                    throw new UnsupportedTopologyException(
                            "Spout '" + id + "': cannot read the SpoutConfig of its storm-kafka KafkaSpout (" + e + ")",
                            e);
                }
            }
        }
        throw new UnsupportedTopologyException("Spout '" + id + "' is not a storm-kafka KafkaSpout");
    }

    private static Object field(Object o, String name, String id) {
        try {
            return o.getClass().getField(name).get(o);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedTopologyException(
                    "Spout '" + id + "': its SpoutConfig has no field " + name + " (" + e + ")", e);
        }
    }

    private static Object optionalField(Object o, String name) {
        try {
            return o.getClass().getField(name).get(o);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static boolean isA(Class<?> c, String name) {
        for (; c != null; c = c.getSuperclass()) if (c.getName().equals(name)) return true;
        return false;
    }

    /** A discovery failure: its message ends up in the construction error. */
    static final class Discovery extends Exception {
        private static final long serialVersionUID = 1L;

        Discovery(String message) {
            super(message);
        }
    }

    /**
     * storm-kafka's KafkaUtils.generateTuples: a null value emits nothing; key/value, with-topic and with-metadata
     * schemes get what they expect (the Partition's broker is not known here and is null); a null or empty result
     * emits nothing.
     */
    static final class SchemeDeserializer implements KafkaRecordDeserializationSchema<StormRecord> {
        private static final long serialVersionUID = 1L;
        private final String component;
        private final MultiScheme scheme;
        private final String stream;
        private transient boolean resolved;
        private transient Method keyValue;
        private transient Method withTopic;
        private transient Method withMetadata;
        private transient java.lang.reflect.Constructor<?> partition;

        SchemeDeserializer(String component, MultiScheme scheme, String stream) {
            this.component = component;
            this.scheme = scheme;
            this.stream = stream;
        }

        private void resolve() throws ReflectiveOperationException {
            Class<?> c = scheme.getClass();
            if (isA(c, "org.apache.storm.kafka.KeyValueSchemeAsMultiScheme")) {
                keyValue = c.getMethod("deserializeKeyAndValue", ByteBuffer.class, ByteBuffer.class);
            } else if (isA(c, "org.apache.storm.kafka.StringMultiSchemeWithTopic")) {
                withTopic = c.getMethod("deserializeWithTopic", String.class, ByteBuffer.class);
            } else if (isA(c, "org.apache.storm.kafka.MessageMetadataSchemeAsMultiScheme")) {
                ClassLoader cl = c.getClassLoader();
                Class<?> p = Class.forName("org.apache.storm.kafka.Partition", false, cl);
                Class<?> broker = Class.forName("org.apache.storm.kafka.Broker", false, cl);
                partition = p.getConstructor(broker, String.class, int.class);
                withMetadata = c.getMethod("deserializeMessageWithMetadata", ByteBuffer.class, p, long.class);
            }
            resolved = true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<StormRecord> out)
                throws java.io.IOException {
            if (r.value() == null) return;
            ByteBuffer payload = ByteBuffer.wrap(r.value());
            Iterable<List<Object>> tuples;
            try {
                if (!resolved) resolve();
                if (keyValue != null && r.key() != null) {
                    tuples = (Iterable<List<Object>>) keyValue.invoke(scheme, ByteBuffer.wrap(r.key()), payload);
                } else if (withTopic != null) {
                    tuples = (Iterable<List<Object>>) withTopic.invoke(scheme, r.topic(), payload);
                } else if (withMetadata != null) {
                    Object p = partition.newInstance(null, r.topic(), r.partition());
                    tuples = (Iterable<List<Object>>) withMetadata.invoke(scheme, payload, p, r.offset());
                } else {
                    tuples = scheme.deserialize(payload);
                }
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) throw (RuntimeException) cause;
                throw new java.io.IOException("scheme of spout '" + component + "' failed", cause);
            } catch (ReflectiveOperationException e) {
                throw new java.io.IOException("scheme of spout '" + component + "' cannot be called", e);
            }
            if (tuples == null) return;
            for (List<Object> t : tuples) {
                if (t != null) out.collect(new StormRecord(-1, -1, component, stream, new ArrayList<>(t)));
            }
        }

        @Override
        public TypeInformation<StormRecord> getProducedType() {
            return StormOnFlink.RECORD_TYPE;
        }
    }
}
