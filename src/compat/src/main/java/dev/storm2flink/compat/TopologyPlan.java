package dev.storm2flink.compat;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.Thrift;
import org.apache.storm.daemon.StormCommon;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.JavaObject;
import org.apache.storm.generated.ShellComponent;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * Everything decided about a Storm topology before it runs: task ids, parallelism, stream fields,
 * merged configs. Shipped (Java-serialized) inside every Flink operator of the job.
 */
public final class TopologyPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Storm's tick stream declares one field. */
    static final String TICK_FIELD = "rate_secs";

    public static final class Component implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String id;
        public final boolean spout;
        public final int parallelism;
        /** Sorted Storm task ids. */
        public final List<Integer> tasks;
        /** Topology conf merged with the component's json_conf: what prepare/open receive. */
        public final HashMap<String, Object> conf;
        /** Tick frequency in seconds, null for none (always null for spouts). */
        public final Integer tickSecs;

        Component(
                String id,
                boolean spout,
                int parallelism,
                List<Integer> tasks,
                HashMap<String, Object> conf,
                Integer tickSecs) {
            this.id = id;
            this.spout = spout;
            this.parallelism = parallelism;
            this.tasks = tasks;
            this.conf = conf;
            this.tickSecs = tickSecs;
        }

        /** Flink subtask hosting the task at {@code index}: contiguous ranges, as Storm splits tasks over executors. */
        public int subtaskOfIndex(int index, int numSubtasks) {
            int n = tasks.size();
            int q = n / numSubtasks;
            int r = n % numSubtasks;
            int big = r * (q + 1);
            return index < big ? index / (q + 1) : r + (index - big) / Math.max(q, 1);
        }

        public List<Integer> tasksOfSubtask(int subtask, int numSubtasks) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                if (subtaskOfIndex(i, numSubtasks) == subtask) out.add(tasks.get(i));
            }
            return out;
        }
    }

    public final String name;
    public final String stormId;
    /** Thrift objects hold ByteBuffers (not Java-serializable): shipped as thrift bytes, rebuilt on read. */
    public transient StormTopology topology;

    private final byte[] topologyBytes;
    /** Storm defaults + the user's topology conf. */
    public final HashMap<String, Object> topoConf;

    public final TreeMap<String, Component> components = new TreeMap<>();
    public final HashMap<Integer, String> taskToComponent = new HashMap<>();
    public final HashMap<String, List<Integer>> componentToTasks = new HashMap<>();
    /** component -> stream -> declared output fields. */
    public final HashMap<String, HashMap<String, List<String>>> streamFields = new HashMap<>();
    /** component -> streams declared direct. */
    public final HashMap<String, List<String>> directStreams = new HashMap<>();
    /** producer component -> stream -> consumer component -> grouping. */
    public transient HashMap<String, LinkedHashMap<String, LinkedHashMap<String, Grouping>>> targets = new HashMap<>();

    public final String codeDir;
    /** The topology has stateful bolts (Storm put its checkpoint spout in; this plan runs them on Flink's checkpoints). */
    public final boolean stateful;

    TopologyPlan(String name, Map<String, Object> userConf, StormTopology topology, StormOnFlinkOptions options) {
        this.name = name;
        this.stormId = name + "-1-0";
        int checkpointSpoutTasks = 0;
        if (StatefulBolts.uses(topology)) {
            checkpointSpoutTasks = Math.max(
                    1,
                    topology.get_spouts().get(StatefulBolts.SPOUT).get_common().get_parallelism_hint());
            topology = StatefulBolts.withoutCheckpointSpout(topology);
        }
        this.topology = topology;
        this.topologyBytes = Utils.thriftSerialize(topology);
        this.topoConf = new HashMap<>(Utils.readDefaultConfig());
        if (userConf != null) this.topoConf.putAll(userConf);
        this.topoConf.put(Config.TOPOLOGY_NAME, name);
        this.topoConf.put(Config.STORM_ID, stormId);
        this.stateful = checkpointSpoutTasks > 0;
        if (checkpointSpoutTasks > 0) StatefulBolts.useFlinkState(topoConf);
        if (Trident.uses(topology)) Trident.prepare(topoConf, name, options.bounded);
        this.codeDir = options.codeDir;

        if (topology.get_state_spouts_size() > 0) {
            throw new UnsupportedTopologyException("State spouts are not supported: "
                    + topology.get_state_spouts().keySet());
        }
        Map<String, ComponentCommon> commons = new TreeMap<>();
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet())
            commons.put(e.getKey(), e.getValue().get_common());
        for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet()) {
            if (commons.containsKey(e.getKey())) {
                throw new UnsupportedTopologyException("Component id used twice: " + e.getKey());
            }
            commons.put(e.getKey(), e.getValue().get_common());
        }
        Integer maxTaskParallelism = toInt(topoConf.get(Config.TOPOLOGY_MAX_TASK_PARALLELISM));

        // Task ids as Storm numbers them: every component of Storm's system topology in id order, consecutive ids
        // from 1. Storm's own components (__acker, __eventlogger, metrics consumers) do not run here but keep their
        // ids, so a task id a bolt sees or an emitDirect targets is the one it has on Storm.
        for (String id : commons.keySet()) {
            if (Utils.isSystemId(id)) {
                throw new UnsupportedTopologyException("Component '" + id + "' uses a reserved Storm system id");
            }
        }
        Map<String, Integer> systemTasks = systemTasks(topoConf, topology);
        if (checkpointSpoutTasks > 0) systemTasks.put(StatefulBolts.SPOUT, checkpointSpoutTasks);
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(commons.keySet());
        ids.addAll(systemTasks.keySet());
        int nextTask = 1;
        for (String id : ids) {
            if (!commons.containsKey(id)) {
                nextTask += systemTasks.get(id);
                continue;
            }
            ComponentCommon common = commons.get(id);
            HashMap<String, Object> compConf = new HashMap<>();
            if (common.is_set_json_conf() && common.get_json_conf() != null) {
                Map<String, Object> parsed = Utils.parseJson(common.get_json_conf());
                if (parsed != null) compConf.putAll(parsed);
            }
            int hint = common.is_set_parallelism_hint() ? Math.max(1, common.get_parallelism_hint()) : 1;
            Integer declaredTasks = toInt(compConf.get(Config.TOPOLOGY_TASKS));
            int numTasks = declaredTasks != null ? Math.max(1, declaredTasks) : hint;
            if (maxTaskParallelism != null) numTasks = Math.min(numTasks, Math.max(1, maxTaskParallelism));
            int parallelism = Math.min(hint, numTasks);
            Integer override = options.parallelism.get(id);
            if (override != null) parallelism = Math.max(1, override);
            if (options.maxParallelism > 0) parallelism = Math.min(parallelism, options.maxParallelism);
            parallelism = Math.min(parallelism, numTasks);

            List<Integer> tasks = new ArrayList<>();
            for (int i = 0; i < numTasks; i++) {
                tasks.add(nextTask);
                taskToComponent.put(nextTask, id);
                nextTask++;
            }
            componentToTasks.put(id, Collections.unmodifiableList(tasks));

            HashMap<String, Object> merged = new HashMap<>(topoConf);
            merged.putAll(compConf);
            boolean isSpout = topology.get_spouts().containsKey(id);
            Integer tick = isSpout ? null : toInt(merged.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS));
            if (tick != null && tick <= 0) tick = null;
            components.put(id, new Component(id, isSpout, parallelism, tasks, merged, tick));

            HashMap<String, List<String>> fields = new HashMap<>();
            List<String> direct = new ArrayList<>();
            for (Map.Entry<String, StreamInfo> s : common.get_streams().entrySet()) {
                fields.put(s.getKey(), new ArrayList<>(s.getValue().get_output_fields()));
                if (s.getValue().is_direct()) direct.add(s.getKey());
            }
            streamFields.put(id, fields);
            directStreams.put(id, direct);
        }
        HashMap<String, List<String>> system = new HashMap<>();
        system.put(Constants.SYSTEM_TICK_STREAM_ID, List.of(TICK_FIELD));
        streamFields.put(Constants.SYSTEM_COMPONENT_ID, system);

        computeTargets(commons);
    }

    /** Tasks of the components Storm adds to a topology (StormCommon.systemTopology): __acker, __eventlogger, metrics consumers. */
    static Map<String, Integer> systemTasks(Map<String, Object> conf, StormTopology topology) {
        Map<String, Integer> out = new TreeMap<>();
        StormTopology system;
        try {
            system = StormCommon.systemTopology(conf, topology);
        } catch (Exception e) {
            // An invalid topology: the checks below name what is wrong with it.
            return out;
        }
        for (Map.Entry<String, Bolt> e : system.get_bolts().entrySet()) {
            if (topology.get_bolts().containsKey(e.getKey())) continue;
            String json = e.getValue().get_common().get_json_conf();
            Map<String, Object> c = json == null ? null : Utils.parseJson(json);
            Integer n = c == null ? null : toInt(c.get(Config.TOPOLOGY_TASKS));
            if (n != null && n > 0) out.put(e.getKey(), n);
        }
        return out;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        topology = Utils.thriftDeserialize(StormTopology.class, topologyBytes);
        targets = new HashMap<>();
        Map<String, ComponentCommon> commons = new TreeMap<>();
        for (String id : components.keySet()) commons.put(id, common(id));
        computeTargets(commons);
    }

    /** Subscriptions, checked against declared streams. */
    private void computeTargets(Map<String, ComponentCommon> commons) {
        for (Map.Entry<String, ComponentCommon> e : commons.entrySet()) {
            for (Map.Entry<GlobalStreamId, Grouping> in :
                    e.getValue().get_inputs().entrySet()) {
                String src = in.getKey().get_componentId();
                String stream = in.getKey().get_streamId();
                if (!commons.containsKey(src)) {
                    throw new UnsupportedTopologyException(
                            "Component '" + e.getKey() + "' subscribes to unknown component '" + src + "'");
                }
                if (!streamFields.get(src).containsKey(stream)) {
                    throw new UnsupportedTopologyException("Component '" + e.getKey() + "' subscribes to stream '"
                            + stream + "' which component '" + src + "' does not declare");
                }
                Grouping g = in.getValue();
                if (g.is_set_fields()) {
                    for (String f : g.get_fields()) {
                        if (!streamFields.get(src).get(stream).contains(f)) {
                            throw new UnsupportedTopologyException("Component '" + e.getKey() + "' groups stream " + src
                                    + ":" + stream + " by field '" + f + "' which is not declared");
                        }
                    }
                }
                if (g.is_set_direct() && !directStreams.get(src).contains(stream)) {
                    throw new UnsupportedTopologyException(
                            "Component '" + e.getKey() + "' uses direct grouping on stream " + src + ":" + stream
                                    + " which is not declared direct");
                }
                targets.computeIfAbsent(src, k -> new LinkedHashMap<>())
                        .computeIfAbsent(stream, k -> new LinkedHashMap<>())
                        .put(e.getKey(), g);
            }
        }
    }

    static Integer toInt(Object o) {
        if (o == null) return null;
        if (o instanceof Number) return ((Number) o).intValue();
        try {
            return Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Component component(String id) {
        Component c = components.get(id);
        if (c == null) throw new IllegalArgumentException("No component " + id);
        return c;
    }

    public ComponentCommon common(String id) {
        if (topology.get_spouts().containsKey(id))
            return topology.get_spouts().get(id).get_common();
        return topology.get_bolts().get(id).get_common();
    }

    /** A fresh instance of the component's spout/bolt object (one per task, as Storm does). */
    public Object instantiate(String id) {
        ComponentObject co = topology.get_spouts().containsKey(id)
                ? topology.get_spouts().get(id).get_spout_object()
                : topology.get_bolts().get(id).get_bolt_object();
        Object obj = Utils.getSetComponentObject(co);
        if (obj instanceof ShellComponent) {
            obj = topology.get_spouts().containsKey(id)
                    ? new ShellSpout((ShellComponent) obj)
                    : new ShellBolt((ShellComponent) obj);
        } else if (obj instanceof JavaObject) {
            obj = Thrift.instantiateJavaObject((JavaObject) obj);
        }
        return Trident.guardReplays(obj);
    }

    public Fields fields(String component, String stream) {
        Map<String, List<String>> m = streamFields.get(component);
        List<String> f = m == null ? null : m.get(stream);
        if (f == null)
            throw new IllegalArgumentException(
                    "No output fields defined for component:stream " + component + ":" + stream);
        return new Fields(f);
    }

    /** Builds the TopologyContext of one task, from the same maps a Storm worker would hold. */
    public TopologyContext newContext(
            int taskId,
            List<Integer> workerTasks,
            Map<String, Object> executorData,
            Map<Integer, Map<Integer, Map<String, IMetric>>> registeredMetrics,
            AtomicBoolean openOrPrepareWasCalled,
            StormMetricRegistry metricRegistry) {
        Map<String, Map<String, Fields>> c2s2f = new HashMap<>();
        for (Map.Entry<String, HashMap<String, List<String>>> e : streamFields.entrySet()) {
            Map<String, Fields> m = new HashMap<>();
            for (Map.Entry<String, List<String>> s : e.getValue().entrySet())
                m.put(s.getKey(), new Fields(s.getValue()));
            c2s2f.put(e.getKey(), m);
        }
        Map<Integer, String> t2c = new HashMap<>(taskToComponent);
        t2c.put((int) Constants.SYSTEM_TASK_ID, Constants.SYSTEM_COMPONENT_ID);
        Map<String, List<Integer>> c2t = new HashMap<>(componentToTasks);
        String dir = codeDir();
        return new TopologyContext(
                topology,
                topoConf,
                t2c,
                c2t,
                c2s2f,
                new HashMap<>(),
                stormId,
                dir,
                dir,
                taskId,
                6700,
                workerTasks,
                new HashMap<>(),
                new HashMap<>(),
                executorData,
                registeredMetrics,
                openOrPrepareWasCalled,
                metricRegistry);
    }

    private transient String resolvedCodeDir;

    /** Storm unpacks the topology jar's resources/ into the code dir that ShellBolt/ShellSpout run in. */
    static void extractResources(File dir) {
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            java.util.Enumeration<java.net.URL> urls =
                    (cl != null ? cl : TopologyPlan.class.getClassLoader()).getResources("resources");
            while (urls.hasMoreElements()) {
                java.net.URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    java.nio.file.Path src = java.nio.file.Paths.get(url.toURI());
                    try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(src)) {
                        for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                            java.nio.file.Path to =
                                    dir.toPath().resolve(src.relativize(f).toString());
                            if (Files.isDirectory(f)) Files.createDirectories(to);
                            else Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    java.net.JarURLConnection conn = (java.net.JarURLConnection) url.openConnection();
                    try (java.util.jar.JarFile jar =
                            new java.util.jar.JarFile(conn.getJarFileURL().getFile())) {
                        for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                            if (!e.getName().startsWith("resources/") || e.isDirectory()) continue;
                            java.nio.file.Path to =
                                    dir.toPath().resolve(e.getName().substring("resources/".length()));
                            Files.createDirectories(to.getParent());
                            try (java.io.InputStream in = jar.getInputStream(e)) {
                                Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                            to.toFile().setExecutable(true);
                        }
                    }
                }
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TopologyPlan.class)
                    .warn("Could not extract multilang resources/ into {}", dir, e);
        }
    }

    /** Extracted code dirs of this JVM by topology name: one per job, not one per task; deleted at JVM exit. */
    private static final Map<String, String> CODE_DIRS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Multilang components run in codeDir, where Storm would have unpacked the topology jar's resources/. */
    synchronized String codeDir() {
        if (resolvedCodeDir != null) return resolvedCodeDir;
        try {
            if (codeDir != null) {
                File dir = new File(codeDir);
                dir.mkdirs();
                extractResources(dir);
                resolvedCodeDir = dir.getAbsolutePath();
            } else {
                resolvedCodeDir = CODE_DIRS.computeIfAbsent(name, n -> {
                    try {
                        java.nio.file.Path dir = Files.createTempDirectory("storm2flink-" + n);
                        extractResources(dir.toFile());
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "storm2flink-code-dir"));
                        return dir.toString();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            return resolvedCodeDir;
        } catch (Exception e) {
            return System.getProperty("java.io.tmpdir");
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // The JVM is going away; a leftover temp dir is all that can happen.
        }
    }
}
