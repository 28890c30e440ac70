package dev.storm2flink.compat;

import java.util.List;
import org.apache.storm.Config;
import org.apache.storm.topology.TopologyBuilder;

final class StormOnFlinkTestAccess {
    private StormOnFlinkTestAccess() {}

    static List<Integer> tasks(String name, TopologyBuilder b, String component) {
        return new TopologyPlan(name, new Config(), b.createTopology(), StormOnFlinkOptions.defaults())
                .component(component)
                .tasks;
    }
}
