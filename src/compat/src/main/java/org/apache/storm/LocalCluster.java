package org.apache.storm;

import dev.storm2flink.compat.capture.Submissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.Credentials;
import org.apache.storm.generated.GetInfoOptions;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.LogConfig;
import org.apache.storm.generated.NotAliveException;
import org.apache.storm.generated.RebalanceOptions;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.SubmitOptions;
import org.apache.storm.generated.TopologyInfo;
import org.apache.storm.generated.TopologySummary;
import org.apache.storm.utils.Utils;

/**
 * storm2flink's stand-in for Storm's LocalCluster (storm-server), carried by the compat runtime: a user's main that
 * creates a LocalCluster and submits to it hands its topology to the Flink job (or to verify's capture) instead of
 * starting a Storm cluster inside it. It has the public API user code calls (Storm 2.x signatures); everything but
 * the submission does nothing; the query methods answer for the topologies submitted to this instance (their id is
 * their name, no executors, no errors), so a main that polls its topology's status after submitting (storm-starter's
 * ThroughputVsLatency) links and runs. On a classpath with storm-server first, Storm's own class wins (as in verify's Storm
 * runner, which loads this one only for the user's code while it captures).
 */
public class LocalCluster implements AutoCloseable {
    public static final KillOptions KILL_NOW = new KillOptions();

    static {
        KILL_NOW.set_wait_secs(0);
    }

    /** name -> topology, in submission order: what the query methods answer about. */
    private final Map<String, StormTopology> submitted = new LinkedHashMap<>();

    private final long started = System.currentTimeMillis();

    public LocalCluster() {}

    public LocalCluster(String zkHost, Long zkPort) {}

    public static <T> T withLocalModeOverride(Callable<T> c, long ttlSec) throws Exception {
        return c.call();
    }

    public static <T> T withLocalModeOverride(Callable<T> c, long ttlSec, Map<String, Object> daemonConf)
            throws Exception {
        return c.call();
    }

    public LocalTopology submitTopology(String topologyName, Map<String, Object> conf, StormTopology topology) {
        Submissions.record(topologyName, conf, topology);
        synchronized (submitted) {
            submitted.put(topologyName, topology);
        }
        return new LocalTopology(topologyName, topology);
    }

    public LocalTopology submitTopologyWithOpts(
            String topologyName, Map<String, Object> conf, StormTopology topology, SubmitOptions submitOpts) {
        return submitTopology(topologyName, conf, topology);
    }

    public void killTopology(String topologyName) {
        synchronized (submitted) {
            submitted.remove(topologyName);
        }
    }

    public void killTopologyWithOpts(String name, KillOptions options) {
        killTopology(name);
    }

    public void activate(String topologyName) {}

    public void deactivate(String topologyName) {}

    public void rebalance(String name, RebalanceOptions options) {}

    public ClusterSummary getClusterInfo() {
        ClusterSummary summary = new ClusterSummary();
        summary.set_supervisors(new ArrayList<>());
        summary.set_nimbuses(new ArrayList<>());
        summary.set_topologies(getTopologySummaries());
        return summary;
    }

    public List<TopologySummary> getTopologySummaries() {
        List<TopologySummary> out = new ArrayList<>();
        for (String name : names()) out.add(new TopologySummary(name, name, 0, 0, 0, uptimeSecs(), "ACTIVE"));
        return out;
    }

    public TopologySummary getTopologySummaryByName(String name) throws NotAliveException {
        topology(name);
        return new TopologySummary(name, name, 0, 0, 0, uptimeSecs(), "ACTIVE");
    }

    public TopologySummary getTopologySummary(String id) throws NotAliveException {
        return getTopologySummaryByName(id);
    }

    public TopologyInfo getTopologyInfo(String id) throws NotAliveException {
        topology(id);
        return new TopologyInfo(id, id, uptimeSecs(), new ArrayList<>(), "ACTIVE", new HashMap<>());
    }

    public TopologyInfo getTopologyInfoByName(String name) throws NotAliveException {
        return getTopologyInfo(name);
    }

    public TopologyInfo getTopologyInfoWithOpts(String id, GetInfoOptions options) throws NotAliveException {
        return getTopologyInfo(id);
    }

    public TopologyInfo getTopologyInfoByNameWithOpts(String name, GetInfoOptions options) throws NotAliveException {
        return getTopologyInfo(name);
    }

    public StormTopology getTopology(String id) throws NotAliveException {
        return topology(id);
    }

    public StormTopology getUserTopology(String id) throws NotAliveException {
        return topology(id);
    }

    public String getTopologyConf(String id) throws NotAliveException {
        topology(id);
        return "{}";
    }

    public Map<String, Object> getDaemonConf() {
        return Utils.readDefaultConfig();
    }

    public boolean isTopologyNameAllowed(String name) {
        synchronized (submitted) {
            return !submitted.containsKey(name);
        }
    }

    public void uploadNewCredentials(String topologyName, Credentials creds) {}

    public void setLogConfig(String id, LogConfig config) {}

    public LogConfig getLogConfig(String id) {
        return new LogConfig();
    }

    public void debug(String name, String component, boolean enable, double samplingPercentage) {}

    private List<String> names() {
        synchronized (submitted) {
            return new ArrayList<>(submitted.keySet());
        }
    }

    private StormTopology topology(String id) throws NotAliveException {
        synchronized (submitted) {
            StormTopology t = submitted.get(id);
            if (t == null) throw new NotAliveException(id + " is not alive");
            return t;
        }
    }

    private int uptimeSecs() {
        return (int) ((System.currentTimeMillis() - started) / 1000);
    }

    public void advanceClusterTime(int secs) {}

    public void advanceClusterTime(int secs, int incSecs) {}

    public void waitForIdle() {}

    public void waitForIdle(long timeoutMs) {}

    public void shutdown() {}

    @Override
    public void close() {}

    /** What Storm's LocalCluster.submitTopology returns; closing it kills the topology, which here is nothing. */
    public class LocalTopology extends StormTopology implements AutoCloseable {
        private static final long serialVersionUID = 1L;

        public LocalTopology(String topoName, StormTopology topo) {
            super(topo);
        }

        @Override
        public void close() {}
    }

    /** LocalCluster.Builder: every setting is accepted and ignored. */
    public static class Builder {
        public Builder withSupervisors(int supervisors) {
            return this;
        }

        public Builder withPortsPerSupervisor(int portsPerSupervisor) {
            return this;
        }

        public Builder withDaemonConf(Map<String, Object> conf) {
            return this;
        }

        public Builder withDaemonConf(String key, Object value) {
            return this;
        }

        public Builder withSupervisorSlotPortMin(Number minPort) {
            return this;
        }

        public Builder withNimbusDaemon() {
            return this;
        }

        public Builder withNimbusDaemon(Boolean nimbusDaemon) {
            return this;
        }

        public Builder withSimulatedTime() {
            return this;
        }

        public Builder withSimulatedTime(boolean simulateTime) {
            return this;
        }

        public Builder withTracked() {
            return this;
        }

        public Builder withTracked(String trackId) {
            return this;
        }

        public LocalCluster build() {
            return new LocalCluster();
        }
    }
}
