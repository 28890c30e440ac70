package dev.storm2flink.compat;

import dev.storm2flink.compat.verify.VerifyMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.apache.storm.Config;
import org.apache.storm.flux.FluxBuilder;
import org.apache.storm.flux.model.ExecutionContext;
import org.apache.storm.flux.model.TopologyDef;
import org.apache.storm.flux.parser.FluxParser;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ISpout;
import org.apache.storm.task.IBolt;

/**
 * Entry point of the compat runtime: turns a Storm topology, as the user's code builds it, into a Flink
 * DataStream graph. A generated job does:
 * <pre>
 *   StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(...));
 *   StormOnFlink.build(env, "wordcount", conf, builder.createTopology(), StormOnFlinkOptions.defaults());
 *   env.execute("wordcount");
 * </pre>
 */
public final class StormOnFlink {
    public static final TypeInformation<StormRecord> RECORD_TYPE = new StormRecordTypeInfo();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StormOnFlink.class);

    private StormOnFlink() {}

    /**
     * Acks at tree completion, unless asked otherwise or the topology has stateful bolts: their executors ack at the
     * commit of a checkpoint, and a restore from it must find those ids acked at the spouts too, which acks that follow
     * checkpoints guarantee and acks arriving after it do not (the restored state would count the replays twice).
     */
    private static boolean treeAcks(StormOnFlinkOptions options, TopologyPlan plan, String name) {
        if (options.ackMode == StormOnFlinkOptions.AckMode.TREE) return true;
        if (options.ackMode != StormOnFlinkOptions.AckMode.AUTO) return false;
        if (plan.stateful)
            LOG.info(
                    "{}: stateful bolts: spout ids are acked as checkpoints complete (ackMode CHECKPOINT), so a restored state and the spouts agree",
                    name);
        return !plan.stateful;
    }

    /** Builds the Flink graph for {@code topology} into {@code env}; call {@code env.execute()} (or {@link StormJob#execute()}) to run. */
    public static StormJob build(
            StreamExecutionEnvironment env,
            String name,
            Map<String, Object> conf,
            StormTopology topology,
            StormOnFlinkOptions options) {
        if (options == null) options = StormOnFlinkOptions.defaults();
        options = options.ackModeFrom(env.getConfiguration()
                .getOptional(ConfigOptions.key(StormOnFlinkOptions.ACK_MODE_KEY)
                        .stringType()
                        .noDefaultValue())
                .orElse(System.getProperty(StormOnFlinkOptions.ACK_MODE_KEY)));
        // `storm2flink verify` runs the job's own main: it asks through a system property (VerifyMode).
        VerifyMode verify = VerifyMode.apply(env, conf, topology, options);
        if (verify != null) {
            conf = verify.conf;
            topology = verify.topology;
            options = verify.options;
        }
        // DRPC: which server the DRPC spouts take requests from (Drpc); everything else runs as built.
        if (!Drpc.spouts(topology).isEmpty()) {
            topology = topology.deepCopy();
            conf = Drpc.rewire(topology, conf, null, Drpc.flinkServers(env));
        }
        // Trident: the ZooKeeper its TransactionalState lives in, when the job's Flink configuration names one
        // (Trident).
        if (Trident.uses(topology)) conf = Trident.withZooKeeper(conf, env.getConfiguration());
        TopologyPlan plan = new TopologyPlan(name, conf, topology, options);
        Map<String, String> kafkaSpouts = validate(plan, options);
        KryoRegistrations.apply(env, plan.topoConf);

        Integer ackers = TopologyPlan.toInt(plan.topoConf.get(Config.TOPOLOGY_ACKER_EXECUTORS));
        boolean reliable = ackers == null || ackers > 0;
        boolean checkpointing = env.getCheckpointConfig().isCheckpointingEnabled();
        boolean checkpointAcks;
        switch (options.ackMode) {
            case CHECKPOINT:
                checkpointAcks = reliable;
                break;
            case IMMEDIATE:
                checkpointAcks = false;
                break;
            default:
                checkpointAcks = reliable && checkpointing;
        }

        // A bolt's fail() reaches its spout only where acks wait for checkpoints: acked at once, there is nothing to
        // fail.
        FailRoute.Layout failLayout = checkpointAcks
                        && options.boltFailAction == StormOnFlinkOptions.BoltFailAction.REPLAY
                ? new FailRoute.Layout(java.util.UUID.randomUUID().toString(), plan, treeAcks(options, plan, name))
                : null;
        if (reliable && !checkpointAcks) {
            LOG.warn(
                    "{}: spout message ids are acked as soon as emitted (Flink checkpointing is off, or ackMode IMMEDIATE): "
                            + "a bolt's fail() will not replay its tuple, and a failure loses what was in flight.",
                    name);
        }
        // Exactly-once to Kafka: KafkaBolts become transactional KafkaSinks, acking what they take on the fail route.
        boolean exactlyOnce = checkpointing
                && env.getCheckpointConfig().getCheckpointingConsistencyMode()
                        == org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE;
        Set<String> kafkaSinks = new HashSet<>(KafkaSinks.replaced(plan, options, exactlyOnce));
        StormRecordTypeInfo recordType = StormRecordTypeInfo.forPlan(plan);
        Map<String, DataStream<StormRecord>> streams = new LinkedHashMap<>();
        for (String id : topologicalOrder(plan)) {
            TopologyPlan.Component comp = plan.component(id);
            DataStream<StormRecord> out;
            if (comp.spout) {
                if (LegacyKafkaSpoutBridge.SPOUT_CLASS.equals(kafkaSpouts.get(id))) {
                    out = LegacyKafkaSpoutBridge.build(env, plan, id, options);
                } else if (kafkaSpouts.containsKey(id)) {
                    out = KafkaSpoutBridge.build(env, plan, id, options);
                } else {
                    out = env.fromSource(
                                    new SpoutSource(plan, id, options, checkpointAcks, failLayout),
                                    WatermarkStrategy.noWatermarks(),
                                    "spout:" + id,
                                    recordType)
                            .setParallelism(comp.parallelism)
                            .uid("storm-spout-" + id);
                }
            } else {
                DataStream<StormRecord> input = null;
                for (String src : sources(plan, id)) {
                    DataStream<StormRecord> s = streams.get(src);
                    if (consumers(plan, src).size() > 1) {
                        s = s.filter(new SubtaskRouting.ForComponent(new HashSet<>(comp.tasks)))
                                .setParallelism(plan.component(src).parallelism)
                                .name("route:" + src + "->" + id)
                                .uid("storm-route-" + src + "-" + id);
                    }
                    // 1 -> 1 subtask: every record goes to the only subtask anyway; forward lets Flink chain the two
                    // (no serialization, no network buffer), as it chains a native job's operators.
                    s = s.getParallelism() == 1 && comp.parallelism == 1
                            ? s.forward()
                            : SubtaskRouting.toTasks(s, comp);
                    input = input == null ? s : input.union(s);
                }
                if (input == null) {
                    // Subscribed to nothing (Storm accepts that): an empty input, so it is still prepared and ticked.
                    String first = streams.keySet().iterator().next();
                    input = SubtaskRouting.toTasks(
                            streams.get(first)
                                    .filter(new SubtaskRouting.ForComponent(java.util.Set.of()))
                                    .setParallelism(plan.component(first).parallelism)
                                    .name("no-input:" + id)
                                    .uid("storm-noinput-" + id),
                            comp);
                }
                if (kafkaSinks.contains(id)) {
                    streams.put(id, KafkaBoltSink.build(env, input, plan, id, failLayout));
                    continue;
                }
                BoltOperator bolt = new BoltOperator(plan, id, options);
                SingleOutputStreamOperator<StormRecord> op = failLayout == null
                        ? input.transform("bolt:" + id, recordType, bolt)
                        : input.transform("bolt:" + id, recordType, new BoltOperatorFactory(bolt, failLayout, id));
                out = chainable(op.setParallelism(comp.parallelism).uid("storm-bolt-" + id));
            }
            streams.put(id, out);
            // A spout no bolt subscribes to (a spout-only benchmark topology) still runs, as on Storm: Flink only runs
            // sources something consumes.
            if (comp.spout && consumers(plan, id).isEmpty()) {
                out.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                        .name("unsubscribed:" + id)
                        .uid("storm-unsubscribed-" + id);
            }
        }
        return new StormJob(env, name, plan, streams);
    }

    /** AbstractStreamOperator defaults to HEAD on Flink 1.20 (ALWAYS on 2.x): let our operators chain to their input. */
    static <T> SingleOutputStreamOperator<T> chainable(SingleOutputStreamOperator<T> op) {
        ((PhysicalTransformation<T>) op.getTransformation()).setChainingStrategy(ChainingStrategy.ALWAYS);
        return op;
    }

    /** Flux YAML entry: parsed and built by Storm's own flux-core, then {@link #build}. */
    public static StormJob buildFlux(
            StreamExecutionEnvironment env,
            String yamlFile,
            String propertiesFile,
            boolean envSubstitution,
            StormOnFlinkOptions options)
            throws Exception {
        Properties props = propertiesFile == null ? null : FluxParser.parseProperties(propertiesFile, false);
        TopologyDef def = FluxParser.parseFile(yamlFile, false, true, props, envSubstitution);
        return buildFlux(env, def, options);
    }

    /** Flux YAML from the classpath. */
    public static StormJob buildFluxResource(
            StreamExecutionEnvironment env,
            String resource,
            String propertiesFile,
            boolean envSubstitution,
            StormOnFlinkOptions options)
            throws Exception {
        Properties props = propertiesFile == null ? null : FluxParser.parseProperties(propertiesFile, false);
        TopologyDef def = FluxParser.parseResource(resource, false, true, props, envSubstitution);
        return buildFlux(env, def, options);
    }

    private static StormJob buildFlux(StreamExecutionEnvironment env, TopologyDef def, StormOnFlinkOptions options)
            throws Exception {
        Config conf = FluxBuilder.buildConfig(def);
        StormTopology topology = FluxBuilder.buildTopology(new ExecutionContext(def, conf));
        return build(env, def.getName(), conf, topology, options);
    }

    /**
     * Flink configuration for a translated job, through configuration keys only (no RestartStrategies/Time
     * classes): checkpointing every {@code checkpointIntervalMs} (0 = off) and a fixed-delay restart strategy.
     */
    public static Configuration flinkConfiguration(
            long checkpointIntervalMs, int restartAttempts, long restartDelayMs) {
        Configuration c = new Configuration();
        if (checkpointIntervalMs > 0) {
            set(c, "execution.checkpointing.interval", checkpointIntervalMs + " ms");
            set(c, "execution.checkpointing.mode", "AT_LEAST_ONCE");
        }
        if (restartAttempts > 0) {
            set(c, "restart-strategy.type", "fixed-delay");
            set(c, "restart-strategy.fixed-delay.attempts", String.valueOf(restartAttempts));
            set(c, "restart-strategy.fixed-delay.delay", restartDelayMs + " ms");
        } else {
            set(c, "restart-strategy.type", "none");
        }
        return c;
    }

    private static void set(Configuration c, String key, String value) {
        c.set(ConfigOptions.key(key).stringType().noDefaultValue(), value);
    }

    /** Fails fast, naming the component, on what cannot run; returns the KafkaSpouts to replace (id → which spout class). */
    private static Map<String, String> validate(TopologyPlan plan, StormOnFlinkOptions options) {
        Map<String, String> kafka = new TreeMap<>();
        for (TopologyPlan.Component c : plan.components.values()) {
            Object obj;
            try {
                obj = plan.instantiate(c.id);
            } catch (RuntimeException e) {
                throw new UnsupportedTopologyException("Component '" + c.id + "' cannot be deserialized: " + e, e);
            }
            String cls = obj.getClass().getName();
            String why = unsupportedReason(cls);
            if (why != null) {
                throw new UnsupportedTopologyException("Component '" + c.id + "' (" + cls + "): " + why);
            }
            if (c.spout && !(obj instanceof ISpout)) {
                throw new UnsupportedTopologyException("Spout '" + c.id + "' is not an ISpout: " + cls);
            }
            if (!c.spout && !(obj instanceof IBolt)) {
                throw new UnsupportedTopologyException("Bolt '" + c.id + "' is not an IBolt: " + cls);
            }
            String kafkaClass = c.spout && options.replaceKafkaSpouts ? kafkaSpoutClass(obj) : null;
            if (kafkaClass != null) kafka.put(c.id, kafkaClass);
        }
        return kafka;
    }

    static final String KAFKA_SPOUT_CLASS = "org.apache.storm.kafka.spout.KafkaSpout";

    /**
     * By class name, so the bridges (and with them flink-connector-kafka, storm-kafka-client, storm-kafka) are only
     * loaded when a topology has a Kafka spout: jobs without one need none of these jars. Returns the storm-kafka-client
     * or the old storm-kafka spout class found in the spout's class hierarchy, else null.
     */
    static String kafkaSpoutClass(Object spout) {
        for (Class<?> c = spout.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(KAFKA_SPOUT_CLASS) || c.getName().equals(LegacyKafkaSpoutBridge.SPOUT_CLASS))
                return c.getName();
        }
        return null;
    }

    static String unsupportedReason(String cls) {
        if (cls.startsWith("storm.kafka.")) {
            return "storm-kafka before 1.0 is built on backtype.storm and cannot run on Storm 2.x; rewrite its imports to "
                    + "org.apache.storm.kafka (storm-kafka 1.2.4), as storm2flink translate does";
        }
        return null;
    }

    static List<String> sources(TopologyPlan plan, String id) {
        Set<String> out = new TreeSet<>();
        for (GlobalStreamId g : plan.common(id).get_inputs().keySet()) out.add(g.get_componentId());
        return new ArrayList<>(out);
    }

    static Set<String> consumers(TopologyPlan plan, String id) {
        Set<String> out = new TreeSet<>();
        Map<String, LinkedHashMap<String, org.apache.storm.generated.Grouping>> byStream = plan.targets.get(id);
        if (byStream != null) for (Map<String, ?> m : byStream.values()) out.addAll(m.keySet());
        return out;
    }

    /** Flink graphs are acyclic: Storm cycles (a bolt feeding an upstream bolt) are rejected, naming the components. */
    static List<String> topologicalOrder(TopologyPlan plan) {
        Map<String, Integer> indegree = new HashMap<>();
        for (String id : plan.components.keySet())
            indegree.put(id, sources(plan, id).size());
        Deque<String> ready = new ArrayDeque<>();
        // Spouts first: a bolt subscribed to nothing borrows an (emptied) input stream from one.
        for (Map.Entry<String, Integer> e : indegree.entrySet())
            if (e.getValue() == 0 && plan.component(e.getKey()).spout) ready.add(e.getKey());
        for (Map.Entry<String, Integer> e : indegree.entrySet())
            if (e.getValue() == 0 && !plan.component(e.getKey()).spout) ready.add(e.getKey());
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String c : consumers(plan, id)) {
                if (indegree.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (order.size() != plan.components.size()) {
            Set<String> cyclic = new TreeSet<>(plan.components.keySet());
            cyclic.removeAll(order);
            throw new UnsupportedTopologyException("Cycles between components are not supported: " + cyclic);
        }
        if (!order.isEmpty() && !plan.component(order.get(0)).spout) {
            throw new UnsupportedTopologyException("The topology has no spout");
        }
        return order;
    }
}
