package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.MetricGroup;
import org.apache.storm.Config;
import org.apache.storm.hooks.ITaskHook;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.task.TopologyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pieces shared by spout and bolt tasks: auto task hooks and Storm metrics mapped onto Flink gauges. */
final class TaskSupport {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSupport.class);

    private TaskSupport() {}

    /**
     * The conf handed to open/prepare. Multilang components see local mode: a dying subprocess then fails
     * the next execute (Flink restarts the job) instead of System.exit on the TaskManager.
     */
    static Map<String, Object> componentConf(TopologyPlan.Component comp, Object obj) {
        Map<String, Object> conf = new HashMap<>(comp.conf);
        if (obj instanceof org.apache.storm.task.ShellBolt || obj instanceof org.apache.storm.spout.ShellSpout) {
            conf.put(Config.STORM_CLUSTER_MODE, "local");
        }
        return conf;
    }

    /** topology.auto.task.hooks: instantiated per task and registered (addTaskHook calls prepare), as Storm's Task does. */
    @SuppressWarnings("unchecked")
    static void addAutoHooks(Map<String, Object> topoConf, TopologyContext ctx) {
        Object hooks = topoConf.get(Config.TOPOLOGY_AUTO_TASK_HOOKS);
        if (!(hooks instanceof List)) return;
        for (Object name : (List<Object>) hooks) {
            try {
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                Class<?> cls = Class.forName(name.toString(), true, cl != null ? cl : TaskSupport.class.getClassLoader());
                ctx.addTaskHook((ITaskHook) cls.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new RuntimeException("Failed to add hook: " + name, e);
            }
        }
    }

    static void cleanupHooks(TopologyContext ctx) {
        for (ITaskHook h : ctx.getHooks()) {
            try {
                h.cleanup();
            } catch (Throwable t) {
                LOG.warn("Task hook cleanup failed", t);
            }
        }
    }

    /**
     * Storm calls IMetric.getValueAndReset every bucket; we do the same on the task thread and expose
     * the last value as a Flink gauge under group storm/&lt;taskId&gt;/&lt;name&gt;.
     */
    static final class Metrics {
        final Map<Integer, Map<Integer, Map<String, IMetric>>> registered = new HashMap<>();
        private final Map<String, Object> last = new ConcurrentHashMap<>();
        private final java.util.Set<String> exposed = new java.util.HashSet<>();

        /** Registers gauges for metrics not yet exposed; returns the distinct bucket sizes in seconds. */
        List<Integer> expose(MetricGroup group) {
            List<Integer> buckets = new ArrayList<>();
            for (Map.Entry<Integer, Map<Integer, Map<String, IMetric>>> b : registered.entrySet()) {
                buckets.add(b.getKey());
                for (Map.Entry<Integer, Map<String, IMetric>> t : b.getValue().entrySet()) {
                    for (String name : t.getValue().keySet()) {
                        String key = t.getKey() + "/" + name;
                        if (exposed.add(key)) {
                            group.addGroup("storm").addGroup(String.valueOf(t.getKey()))
                                    .gauge(name, () -> last.get(key));
                        }
                    }
                }
            }
            return buckets;
        }

        void sample(int bucketSecs) {
            Map<Integer, Map<String, IMetric>> tasks = registered.get(bucketSecs);
            if (tasks == null) return;
            for (Map.Entry<Integer, Map<String, IMetric>> t : tasks.entrySet()) {
                for (Map.Entry<String, IMetric> m : t.getValue().entrySet()) {
                    try {
                        Object v = m.getValue().getValueAndReset();
                        String key = t.getKey() + "/" + m.getKey();
                        if (v == null) last.remove(key);
                        else last.put(key, v instanceof Number || v instanceof String ? v : String.valueOf(v));
                    } catch (Throwable e) {
                        LOG.warn("Metric {} failed", m.getKey(), e);
                    }
                }
            }
        }

        Object lastValue(int task, String name) {
            return last.get(task + "/" + name);
        }
    }
}
