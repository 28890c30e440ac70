package org.apache.storm;

import java.util.Map;
import java.util.concurrent.Callable;
import dev.storm2flink.compat.capture.Submissions;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.RebalanceOptions;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.SubmitOptions;

/**
 * storm2flink's stand-in for Storm's LocalCluster (storm-server), carried by the compat runtime: a user's main that
 * creates a LocalCluster and submits to it hands its topology to the Flink job (or to verify's capture) instead of
 * starting a Storm cluster inside it. It has the public API user code calls (Storm 2.x signatures); everything but
 * the submission does nothing. On a classpath with storm-server first, Storm's own class wins (as in verify's Storm
 * runner, which loads this one only for the user's code while it captures).
 */
public class LocalCluster implements AutoCloseable {
    public LocalCluster() {}

    public LocalCluster(String zkHost, Long zkPort) {}

    public static <T> T withLocalModeOverride(Callable<T> c, long ttlSec) throws Exception {
        return c.call();
    }

    public static <T> T withLocalModeOverride(Callable<T> c, long ttlSec, Map<String, Object> daemonConf) throws Exception {
        return c.call();
    }

    public LocalTopology submitTopology(String topologyName, Map<String, Object> conf, StormTopology topology) {
        Submissions.record(topologyName, conf, topology);
        return new LocalTopology(topologyName, topology);
    }

    public LocalTopology submitTopologyWithOpts(String topologyName, Map<String, Object> conf, StormTopology topology, SubmitOptions submitOpts) {
        return submitTopology(topologyName, conf, topology);
    }

    public void killTopology(String topologyName) {}

    public void killTopologyWithOpts(String name, KillOptions options) {}

    public void activate(String topologyName) {}

    public void deactivate(String topologyName) {}

    public void rebalance(String name, RebalanceOptions options) {}

    public ClusterSummary getClusterInfo() {
        return new ClusterSummary();
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
