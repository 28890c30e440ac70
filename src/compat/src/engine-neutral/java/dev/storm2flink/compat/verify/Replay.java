package dev.storm2flink.compat.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.utils.Utils;

/** Puts replay spouts in place of a topology's spouts, identically for the Storm runner and the compat runtime. */
public final class Replay {
    private Replay() {}

    /** Swaps a spout's object for a ReplaySpout, keeping its declared streams and parallelism. Returns its task count. */
    public static int replaceSpout(StormTopology topology, String id, String file, Map<?, ?> topoConf) {
        SpoutSpec spec = topology.get_spouts().get(id);
        if (spec == null)
            throw new IllegalArgumentException("the topology has no spout \"" + id + "\" to replay into (spouts: "
                    + topology.get_spouts().keySet() + ")");
        Map<String, List<String>> streams = new LinkedHashMap<>();
        for (Map.Entry<String, StreamInfo> s : spec.get_common().get_streams().entrySet()) {
            if (!s.getKey().startsWith("__"))
                streams.put(s.getKey(), new ArrayList<>(s.getValue().get_output_fields()));
        }
        byte[] scheme = legacyKafkaScheme(spec, id);
        ReplaySpout replay = scheme == null ? new ReplaySpout(file, streams) : new ReplaySpout(file, streams, scheme);
        spec.set_spout_object(ComponentObject.serialized_java(Utils.javaSerialize(replay)));
        return tasks(spec.get_common(), topoConf);
    }

    static final String LEGACY_KAFKA_SPOUT = "org.apache.storm.kafka.KafkaSpout";

    /**
     * The ZooKeeper storm-kafka spout (storm-kafka 1.x, or 0.x relocated) finds its brokers through ZooKeeper, which
     * verify's broker does not run: its replay goes through its own SpoutConfig scheme instead (serialized here), on
     * both engines. Null for any other spout.
     */
    static byte[] legacyKafkaScheme(SpoutSpec spec, String id) {
        if (!spec.get_spout_object().is_set_serialized_java()) return null;
        Object spout = Utils.javaDeserialize(spec.get_spout_object().get_serialized_java(), java.io.Serializable.class);
        for (Class<?> c = spout.getClass(); c != null; c = c.getSuperclass()) {
            if (!c.getName().equals(LEGACY_KAFKA_SPOUT)) continue;
            try {
                java.lang.reflect.Field f = c.getDeclaredField("_spoutConfig");
                f.setAccessible(true);
                Object cfg = f.get(spout);
                Object scheme = cfg.getClass().getField("scheme").get(cfg);
                if (scheme == null)
                    throw new IllegalStateException("spout \"" + id + "\" (storm-kafka KafkaSpout) has no scheme");
                return Utils.javaSerialize(scheme);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "spout \"" + id + "\": cannot read the scheme of its storm-kafka KafkaSpout (" + e + ")", e);
            }
        }
        return null;
    }

    /**
     * A component's task count as Storm assigns it: topology.tasks in its conf, else the parallelism hint, at most the
     * topology's topology.max.task.parallelism (storm-starter's local mains set it).
     */
    public static int tasks(ComponentCommon common, Map<?, ?> topoConf) {
        int tasks = tasks(common);
        Object max = topoConf == null ? null : topoConf.get(Config.TOPOLOGY_MAX_TASK_PARALLELISM);
        return max instanceof Number && ((Number) max).intValue() > 0
                ? Math.min(tasks, ((Number) max).intValue())
                : tasks;
    }

    private static int tasks(ComponentCommon common) {
        int tasks = common.is_set_parallelism_hint() ? common.get_parallelism_hint() : 1;
        String json = common.get_json_conf();
        if (json != null) {
            try {
                Object n = ((Map<?, ?>) Json.parse(json)).get(Config.TOPOLOGY_TASKS);
                if (n instanceof Number) tasks = ((Number) n).intValue();
            } catch (Exception ignored) {
                // Keep the parallelism hint.
            }
        }
        return Math.max(tasks, 1);
    }

    /** Tasks of the user's spouts and bolts. */
    public static int userTasks(StormTopology topology, Map<?, ?> topoConf) {
        int n = 0;
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet())
            if (!e.getKey().startsWith("__")) n += tasks(e.getValue().get_common(), topoConf);
        for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet())
            if (!e.getKey().startsWith("__")) n += tasks(e.getValue().get_common(), topoConf);
        return n;
    }
}
