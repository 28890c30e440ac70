package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.daemon.StormCommon;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.Test;

/** Task ids are Storm's own: StormCommon.stormTaskInfo, with the acker (and any event loggers) holding theirs. */
class StormTaskIdsTest {
    private static StormTopology topology() {
        TopologyBuilder b = new TopologyBuilder();
        // Ids on both sides of "__acker" in sort order: "Upper" < "__acker" < "lower".
        b.setSpout("Upper", new TestWordSpout(), 2).setNumTasks(2);
        b.setBolt("lower", new TestWordCounter(), 3).setNumTasks(4).fieldsGrouping("Upper", new Fields("word"));
        b.setBolt("zed", new TestWordCounter(), 1).setNumTasks(1).shuffleGrouping("lower");
        return b.createTopology();
    }

    private static void assertStormNumbering(Map<String, Object> userConf) throws Exception {
        StormTopology topology = topology();
        Map<String, Object> conf = new HashMap<>(Utils.readDefaultConfig());
        conf.putAll(userConf);
        Map<Integer, String> storm = StormCommon.stormTaskInfo(topology, conf);
        storm.values().removeIf(id -> id.startsWith("__"));
        TopologyPlan plan = new TopologyPlan("ids", userConf, topology, StormOnFlinkOptions.defaults());
        assertEquals(storm, plan.taskToComponent);
    }

    @Test
    void acker() throws Exception {
        assertStormNumbering(new HashMap<>());
    }

    @Test
    void threeAckersAndTwoEventLoggers() throws Exception {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_ACKER_EXECUTORS, 3);
        conf.put(Config.TOPOLOGY_EVENTLOGGER_EXECUTORS, 2);
        assertStormNumbering(conf);
    }

    @Test
    void noAcker() throws Exception {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_ACKER_EXECUTORS, 0);
        assertStormNumbering(conf);
    }
}
