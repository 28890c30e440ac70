package org.apache.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import org.apache.storm.generated.NotAliveException;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.TopologyInfo;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;
import org.junit.jupiter.api.Test;

/** The stand-in answers the status queries a main makes after submitting (storm-starter's ThroughputVsLatency). */
class LocalClusterStandInTest {
    @Test
    void answersForWhatWasSubmittedToIt() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("words", new TestWordSpout(), 1);
        StormTopology topology = b.createTopology();
        try (LocalCluster cluster = new LocalCluster()) {
            assertThrows(NotAliveException.class, () -> cluster.getTopologyInfo("tvl"));
            cluster.submitTopology("tvl", new HashMap<>(), topology);
            TopologyInfo info = cluster.getTopologyInfo("tvl");
            assertEquals("tvl", info.get_name());
            assertEquals("ACTIVE", info.get_status());
            assertTrue(info.get_executors().isEmpty());
            assertEquals("tvl", cluster.getClusterInfo().get_topologies().get(0).get_name());
            assertSame(topology, cluster.getTopology("tvl"));
            cluster.killTopologyWithOpts("tvl", LocalCluster.KILL_NOW);
            assertTrue(cluster.getClusterInfo().get_topologies().isEmpty());
            assertThrows(NotAliveException.class, () -> cluster.getTopologyInfoByName("tvl"));
        }
    }
}
