package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storm's {@code topology.kryo.register} applied to the Kryo that Flink uses for tuple values outside the record
 * serializer's own types: a class alone is registered, a class with a serializer gets that serializer (Storm
 * serializers extend Kryo's {@code Serializer}, the class Flink's Kryo takes). Through
 * {@code pipeline.serialization-config}, the one way both Flink lines accept. A class that cannot be loaded fails
 * the job's construction, as Storm's submit does, unless {@code topology.skip.missing.kryo.registrations} is true.
 * {@code topology.kryo.decorators} and {@code topology.kryo.factory} have no Flink counterpart: logged, not applied.
 */
final class KryoRegistrations {
    private static final Logger LOG = LoggerFactory.getLogger(KryoRegistrations.class);
    private static final String SERIALIZER = "com.esotericsoftware.kryo.Serializer";

    private KryoRegistrations() {}

    static void apply(StreamExecutionEnvironment env, Map<String, Object> topoConf) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) cl = KryoRegistrations.class.getClassLoader();
        List<String> entries = entries(topoConf, cl);
        Object decorators = topoConf.get(Config.TOPOLOGY_KRYO_DECORATORS);
        if (decorators instanceof List && !((List<?>) decorators).isEmpty()) {
            LOG.warn(
                    "topology.kryo.decorators {} not applied: Flink creates its Kryo itself (register serializers instead)",
                    decorators);
        }
        if (entries.isEmpty()) return;
        Configuration c = new Configuration();
        List<String> all = new ArrayList<>(env.getConfiguration()
                .getOptional(PipelineOptions.SERIALIZATION_CONFIG)
                .orElse(List.of()));
        all.addAll(entries);
        c.set(PipelineOptions.SERIALIZATION_CONFIG, all);
        env.configure(c, cl);
    }

    /** The registrations as pipeline.serialization-config entries, built from loaded classes' names only. */
    static List<String> entries(Map<String, Object> topoConf, ClassLoader cl) {
        boolean skipMissing = Boolean.TRUE.equals(topoConf.get(Config.TOPOLOGY_SKIP_MISSING_KRYO_REGISTRATIONS));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> r :
                normalize(topoConf.get(Config.TOPOLOGY_KRYO_REGISTER)).entrySet()) {
            Class<?> type = load(r.getKey(), cl, skipMissing, "class");
            if (type == null) continue;
            if (r.getValue() == null) {
                out.add(type.getName() + ": {type: kryo}");
                continue;
            }
            Class<?> serializer = load(r.getValue(), cl, skipMissing, "serializer");
            if (serializer == null) continue;
            if (!isKryoSerializer(serializer)) {
                throw new IllegalArgumentException("topology.kryo.register: " + serializer.getName()
                        + ", the serializer of " + type.getName() + ", does not extend " + SERIALIZER);
            }
            out.add(type.getName() + ": {type: kryo, kryo-type: registered, class: " + serializer.getName() + "}");
        }
        return out;
    }

    /** Storm's forms: a list of class names and {class: serializer} maps, or one such map. */
    static Map<String, String> normalize(Object register) {
        Map<String, String> out = new LinkedHashMap<>();
        if (register == null) return out;
        List<?> items = register instanceof List ? (List<?>) register : List.of(register);
        for (Object item : items) {
            if (item instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
                    out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
                }
            } else if (item != null) {
                out.put(item.toString(), null);
            }
        }
        return out;
    }

    private static Class<?> load(String name, ClassLoader cl, boolean skipMissing, String what) {
        try {
            return Class.forName(name, false, cl);
        } catch (ClassNotFoundException | LinkageError e) {
            if (skipMissing) {
                LOG.warn(
                        "topology.kryo.register: {} {} not found, skipped (topology.skip.missing.kryo.registrations)",
                        what,
                        name);
                return null;
            }
            throw new IllegalArgumentException(
                    "topology.kryo.register names " + what + " " + name
                            + ", which is not on the job's class path (set topology.skip.missing.kryo.registrations to skip it)",
                    e);
        }
    }

    private static boolean isKryoSerializer(Class<?> c) {
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            if (s.getName().equals(SERIALIZER)) return true;
        }
        return false;
    }
}
