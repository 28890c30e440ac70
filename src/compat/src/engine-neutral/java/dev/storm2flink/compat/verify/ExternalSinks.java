package dev.storm2flink.compat.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.Utils;

/**
 * Storm's connector bolts that only write to an external system (HBase, Redis, a database, HDFS…), which verify does
 * not run: each such bolt whose streams nothing subscribes to is swapped, on both engines alike, for an {@link
 * AckingSink} that acks every tuple it gets and writes nothing. Its input is still compared (the tap sees what its
 * upstream emitted); left in place, it would fail or hold its tuples unacked and stall the spouts, so neither engine
 * would go quiet. A connector bolt whose output another component reads (a lookup) stays: its output comes from the
 * system itself.
 */
public final class ExternalSinks {
    private ExternalSinks() {}

    /** The connector modules' bolt base classes (by name: the modules are the user's dependencies), and their system. */
    static final Map<String, String> SYSTEMS = new LinkedHashMap<>();

    static {
        SYSTEMS.put("org.apache.storm.hbase.bolt.AbstractHBaseBolt", "HBase");
        SYSTEMS.put("org.apache.storm.redis.bolt.AbstractRedisBolt", "Redis");
        SYSTEMS.put("org.apache.storm.jdbc.bolt.AbstractJdbcBolt", "a JDBC database");
        SYSTEMS.put("org.apache.storm.hdfs.bolt.AbstractHdfsBolt", "HDFS");
        SYSTEMS.put("org.apache.storm.elasticsearch.bolt.AbstractEsBolt", "Elasticsearch");
        SYSTEMS.put("org.apache.storm.mongodb.bolt.AbstractMongoBolt", "MongoDB");
        SYSTEMS.put("org.apache.storm.cassandra.bolt.BaseCassandraBolt", "Cassandra");
        SYSTEMS.put("org.apache.storm.solr.bolt.SolrUpdateBolt", "Solr");
        SYSTEMS.put("org.apache.storm.hive.bolt.HiveBolt", "Hive");
        SYSTEMS.put("org.apache.storm.jms.bolt.JmsBolt", "a JMS broker");
        SYSTEMS.put("org.apache.storm.mqtt.bolt.MqttBolt", "an MQTT broker");
        SYSTEMS.put("org.apache.storm.opentsdb.bolt.OpenTsdbBolt", "OpenTSDB");
        SYSTEMS.put("org.apache.storm.rocketmq.bolt.RocketMqBolt", "RocketMQ");
        SYSTEMS.put("org.apache.storm.eventhubs.bolt.EventHubBolt", "Azure Event Hubs");
        SYSTEMS.put("org.apache.storm.druid.bolt.DruidBeamBolt", "Druid");
    }

    /**
     * Swaps the topology's external sinks for acking ones; returns what was swapped, bolt id → {class, system}, in
     * the topology's order. Classes are looked up in {@code loader} without being initialized; an object whose class
     * cannot be named or found is left as it is.
     */
    public static Map<String, Map<String, String>> standIn(StormTopology topology, ClassLoader loader) {
        return standIn(topology, loader, SYSTEMS);
    }

    static Map<String, Map<String, String>> standIn(
            StormTopology topology, ClassLoader loader, Map<String, String> systems) {
        Map<String, Map<String, String>> swapped = new LinkedHashMap<>();
        for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet()) {
            String id = e.getKey();
            if (id.startsWith("__") || subscribed(topology, id)) continue;
            ComponentObject object = e.getValue().get_bolt_object();
            if (!object.is_set_serialized_java()) continue;
            String cls = className(object.get_serialized_java());
            String system = cls == null ? null : system(cls, loader, systems);
            if (system == null) continue;
            object.set_serialized_java(Utils.javaSerialize(new AckingSink()));
            dropTicks(e.getValue().get_common());
            Map<String, String> what = new LinkedHashMap<>();
            what.put("class", cls);
            what.put("system", system);
            swapped.put(id, what);
        }
        return swapped;
    }

    /**
     * The sink's own tick frequency (HdfsBolt's 15 s sync, HBaseBolt's 1 s flush) goes with it: ticks would put
     * verify's run in rounds for a bolt that no longer needs them.
     */
    @SuppressWarnings("unchecked")
    static void dropTicks(ComponentCommon common) {
        String json = common.get_json_conf();
        if (json == null) return;
        try {
            Map<String, Object> conf = new LinkedHashMap<>((Map<String, Object>) Json.parse(json));
            if (conf.remove(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS) != null) common.set_json_conf(Json.write(conf));
        } catch (Exception e) {
            // Not JSON Storm could read either: left as it is.
        }
    }

    /** Whether any bolt reads one of the component's streams. */
    static boolean subscribed(StormTopology topology, String id) {
        for (Bolt b : topology.get_bolts().values())
            for (GlobalStreamId s : b.get_common().get_inputs().keySet())
                if (s.get_componentId().equals(id)) return true;
        return false;
    }

    /** The class a Java-serialized object names first (TC_OBJECT, TC_CLASSDESC, its name), or null. */
    static String className(byte[] serialized) {
        if (serialized.length < 8) return null;
        ByteBuffer b = ByteBuffer.wrap(serialized);
        if (b.getShort() != (short) 0xACED || b.getShort() != 5 || b.get() != 0x73 || b.get() != 0x72) return null;
        int length = Short.toUnsignedInt(b.getShort());
        if (b.remaining() < length) return null;
        // Modified UTF-8; class names of connector bolts are ASCII, which it encodes as UTF-8 does.
        return new String(serialized, b.position(), length, StandardCharsets.UTF_8);
    }

    /** The external system a bolt class (or one of its superclasses) writes to, or null. */
    static String system(String className, ClassLoader loader, Map<String, String> systems) {
        Class<?> c = load(className, loader);
        if (c == null) c = load(className, Thread.currentThread().getContextClassLoader());
        for (; c != null; c = c.getSuperclass()) {
            String system = systems.get(c.getName());
            if (system != null) return system;
        }
        return null;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        if (loader == null) return null;
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Acks every tuple (ticks included) and emits nothing: the spouts' trees complete as if the write succeeded. */
    public static final class AckingSink implements IRichBolt {
        private static final long serialVersionUID = 1L;
        private transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            collector.ack(input);
        }

        @Override
        public void cleanup() {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return null;
        }
    }
}
