package dev.storm2flink.compat.verify;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.Utils;

/**
 * Points a topology's storm-kafka-client KafkaSpouts and KafkaBolts at the verify broker, identically for the
 * Storm runner and the compat runtime: the spout's KafkaSpoutConfig gets the broker, a group of its own and a
 * first poll from EARLIEST; the bolt's producer properties get the broker. Everything else the user configured
 * (translator, guarantee, deserializers, topic selector) stays as serialized.
 *
 * <p>Reflection by class name on purpose: the Storm runner compiles this package without storm-kafka-client
 * (it comes from the user's classpath), and patching the deserialized objects keeps every other setting
 * rather than rebuilding a config field by field.
 */
public final class KafkaRedirect {
    static final String SPOUT = "org.apache.storm.kafka.spout.KafkaSpout";
    static final String BOLT = "org.apache.storm.kafka.bolt.KafkaBolt";
    static final String TOPIC_SELECTOR = "org.apache.storm.kafka.bolt.selector.DefaultTopicSelector";

    private KafkaRedirect() {}

    /** What was re-pointed: spouts (id → processing guarantee) and the static topics of KafkaBolts. */
    public static final class Result {
        public final Map<String, String> spouts = new LinkedHashMap<>();
        public final List<String> outputTopics = new ArrayList<>();
    }

    /** Re-points every KafkaSpout and KafkaBolt of {@code topology} in place; group ids are {@code groupPrefix-<spout>}. */
    public static Result apply(StormTopology topology, String bootstrapServers, String groupPrefix) {
        Result r = new Result();
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
            ComponentObject co = e.getValue().get_spout_object();
            if (!co.is_set_serialized_java()) continue;
            Object spout = Utils.javaDeserialize(co.get_serialized_java(), Serializable.class);
            if (!isA(spout.getClass(), SPOUT)) continue;
            String guarantee = repointSpout(spout, bootstrapServers, groupPrefix + "-" + e.getKey(), e.getKey());
            e.getValue().set_spout_object(ComponentObject.serialized_java(Utils.javaSerialize(spout)));
            r.spouts.put(e.getKey(), guarantee);
        }
        for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet()) {
            ComponentObject co = e.getValue().get_bolt_object();
            if (!co.is_set_serialized_java()) continue;
            Object bolt = Utils.javaDeserialize(co.get_serialized_java(), Serializable.class);
            if (!isA(bolt.getClass(), BOLT)) continue;
            Properties props = (Properties) get(bolt, "boltSpecifiedProperties", e.getKey());
            if (props == null) {
                props = new Properties();
                set(bolt, "boltSpecifiedProperties", props, e.getKey());
            }
            props.put("bootstrap.servers", bootstrapServers);
            Object selector = get(bolt, "topicSelector", e.getKey());
            if (selector != null && isA(selector.getClass(), TOPIC_SELECTOR)) {
                Object topic = get(selector, "topicName", e.getKey());
                if (topic != null && !r.outputTopics.contains(topic.toString())) r.outputTopics.add(topic.toString());
            }
            e.getValue().set_bolt_object(ComponentObject.serialized_java(Utils.javaSerialize(bolt)));
        }
        return r;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String repointSpout(Object spout, String bootstrapServers, String group, String id) {
        Object cfg = get(spout, "kafkaSpoutConfig", id);
        if (cfg == null)
            throw new IllegalStateException(
                    "KafkaSpout \"" + id + "\" has no kafkaSpoutConfig to point at the verify broker");
        Map<String, Object> props = (Map<String, Object>) get(cfg, "kafkaProps", id);
        Map<String, Object> patched = new HashMap<>(props == null ? Map.of() : props);
        patched.put("bootstrap.servers", bootstrapServers);
        // A group of its own: offsets committed by an earlier run (or by production) must not skip records.
        patched.put("group.id", group);
        set(cfg, "kafkaProps", patched, id);
        Field strategy = field(cfg.getClass(), "firstPollOffsetStrategy", id);
        set(cfg, "firstPollOffsetStrategy", Enum.valueOf((Class<Enum>) strategy.getType(), "EARLIEST"), id);
        Object guarantee = invoke(cfg, "getProcessingGuarantee");
        return guarantee == null ? "AT_LEAST_ONCE" : guarantee.toString();
    }

    private static boolean isA(Class<?> c, String name) {
        for (; c != null; c = c.getSuperclass()) if (c.getName().equals(name)) return true;
        return false;
    }

    private static Field field(Class<?> c, String name, String id) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // Up the hierarchy.
            }
        }
        throw new IllegalStateException("cannot point \"" + id + "\" at the verify broker: " + c.getName()
                + " has no field " + name + " (a storm-kafka-client version verify does not know)");
    }

    private static Object get(Object o, String name, String id) {
        try {
            return field(o.getClass(), name, id).get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Object o, String name, Object value, String id) {
        try {
            field(o.getClass(), name, id).set(o, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Object o, String method) {
        try {
            Method m = o.getClass().getMethod(method);
            return m.invoke(o);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
