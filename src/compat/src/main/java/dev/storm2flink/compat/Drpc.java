package dev.storm2flink.compat;

import dev.storm2flink.compat.capture.Submissions;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.Config;
import org.apache.storm.ILocalDRPC;
import org.apache.storm.drpc.DRPCSpout;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.ServiceRegistry;
import org.apache.storm.utils.Utils;

/**
 * DRPC topologies (a {@code DRPCSpout} → … → {@code ReturnResults}, as {@code LinearDRPCTopologyBuilder} compiles
 * them, CoordinatedBolts included, and Trident's {@code newDRPCStream}) run as written; what this decides is which DRPC server their spouts talk to:
 * <ul>
 *   <li>{@code drpc.servers} in the topology config, else {@code storm2flink.drpc.servers: host[,host]} in the job's
 *   Flink configuration ({@code flink run -D...}, as deploy/submit.sh passes it; {@code host:port} names the
 *   invocations port), else the same JVM system property: Storm's
 *   DRPC server beside the job (Thrift, {@code drpc.invocations.port}); a spout built for a LocalDRPC is rebuilt as
 *   {@code new DRPCSpout(function)}, as {@code createRemoteTopology} builds it;</li>
 *   <li>else a LocalDRPC of this JVM the spout was built with (a test, a MiniCluster run);</li>
 *   <li>else the job cannot serve requests: refused at build, naming the spout and the key.</li>
 * </ul>
 * {@code ReturnResults} answers a local spout's requests through ServiceRegistry only when it sees
 * {@code storm.cluster.mode=local} ({@link #LOCAL}, read by TaskSupport); otherwise it connects to the server the
 * request came from.
 */
public final class Drpc {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Drpc.class);
    static final String SERVERS_PROPERTY = "storm2flink.drpc.servers";
    /** Set in the topology config when every DRPC spout talks to a LocalDRPC of this JVM. */
    public static final String LOCAL = "storm2flink.drpc.local";

    private Drpc() {}

    /** DRPC spouts by id → their function. */
    static Map<String, String> spouts(StormTopology topology) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
            DRPCSpout spout = DrpcSpouts.drpcSpout(deserialize(e.getValue().get_spout_object()));
            if (spout != null) out.put(e.getKey(), spout.get_function());
        }
        return out;
    }

    /**
     * Points the DRPC spouts of {@code topology} (changed in place) at {@code server} when given (verify), else as the
     * class comment says; returns the config to run with (a copy when changed).
     */
    static Map<String, Object> rewire(
            StormTopology topology, Map<String, Object> conf, ILocalDRPC server, String flinkServers) {
        Map<String, String> spouts = spouts(topology);
        if (spouts.isEmpty()) return conf;
        List<String> servers = servers(conf, flinkServers);
        boolean allLocal = true;
        for (Map.Entry<String, String> e : spouts.entrySet()) {
            String id = e.getKey();
            Object outer = deserialize(topology.get_spouts().get(id).get_spout_object());
            DRPCSpout spout = DrpcSpouts.drpcSpout(outer);
            String local = localId(spout);
            DRPCSpout now;
            if (server != null) {
                now = new DRPCSpout(e.getValue(), server);
            } else if (!servers.isEmpty()) {
                now = local == null ? spout : new DRPCSpout(e.getValue());
                allLocal = false;
            } else if (local != null
                    && ServiceRegistry.getService(local) != null
                    && !Submissions.isCaptureService(local)) {
                now = spout;
            } else if (DrpcSpouts.besideTridentSpouts(topology)) {
                // A DRPC stream beside Trident spouts (storm-starter's TridentWordCount): the spouts are the job's
                // input;
                // the stream just gets no requests.
                LOG.warn(
                        "Trident DRPC stream '{}' (function \"{}\") has no DRPC server to take requests from and will get none; "
                                + "set drpc.servers or {} to serve it",
                        id,
                        e.getValue(),
                        SERVERS_PROPERTY);
                now = spout;
                allLocal = false;
            } else {
                throw new UnsupportedTopologyException(
                        "DRPC spout '" + id + "' (function \"" + e.getValue() + "\") has no DRPC server "
                                + "to take requests from: run Storm's DRPC server beside the job and set drpc.servers in the topology config "
                                + "or " + SERVERS_PROPERTY
                                + "=host[,host] (flink run -D, or a JVM system property; the server's invocations port: "
                                + "drpc.invocations.port, 3773)");
            }
            if (now != spout)
                topology.get_spouts()
                        .get(id)
                        .set_spout_object(ComponentObject.serialized_java(
                                Utils.javaSerialize(DrpcSpouts.withDrpcSpout(outer, now))));
        }
        Map<String, Object> out = new HashMap<>(conf);
        if (!servers.isEmpty()) {
            // host:port (storm2flink.drpc.servers only): the invocations port of a server not on Storm's default.
            List<String> hosts = new ArrayList<>();
            for (String h : servers) {
                int colon = h.lastIndexOf(':');
                if (colon > 0 && h.substring(colon + 1).matches("\\d+")) {
                    out.put(Config.DRPC_INVOCATIONS_PORT, Integer.parseInt(h.substring(colon + 1)));
                    h = h.substring(0, colon);
                }
                hosts.add(h);
            }
            out.put(Config.DRPC_SERVERS, hosts);
        }
        out.put(LOCAL, allLocal);
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> servers(Map<String, Object> conf, String flinkServers) {
        Object v = conf.get(Config.DRPC_SERVERS);
        if (v instanceof List && !((List<?>) v).isEmpty()) return new ArrayList<>((List<String>) v);
        String prop = (flinkServers != null && !flinkServers.isBlank()
                        ? flinkServers
                        : System.getProperty(SERVERS_PROPERTY, ""))
                .trim();
        if (prop.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(prop.split(","))) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** {@code storm2flink.drpc.servers} of the job's Flink configuration, or null. */
    static String flinkServers(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env) {
        return env.getConfiguration()
                .get(org.apache.flink.configuration.ConfigOptions.key(SERVERS_PROPERTY)
                        .stringType()
                        .noDefaultValue());
    }

    /** DRPCSpout keeps the LocalDRPC it was built for in a private field (null: a remote spout). */
    static String localId(DRPCSpout spout) {
        try {
            Field f = DRPCSpout.class.getDeclaredField("localDrpcId");
            f.setAccessible(true);
            return (String) f.get(spout);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DRPCSpout of this Storm version has no localDrpcId", e);
        }
    }

    private static Object deserialize(ComponentObject o) {
        if (!o.is_set_serialized_java()) return null;
        try {
            return Utils.javaDeserialize(o.get_serialized_java(), Object.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
