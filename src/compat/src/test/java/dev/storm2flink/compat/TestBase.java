package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

abstract class TestBase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @BeforeEach
    void clearRecordings() {
        Rec.clear();
    }

    static Config conf() {
        Config c = new Config();
        List<String> hooks = new ArrayList<>();
        hooks.add(Rec.Hook.class.getName());
        c.put(Config.TOPOLOGY_AUTO_TASK_HOOKS, hooks);
        return c;
    }

    static StormOnFlinkOptions bounded() {
        return StormOnFlinkOptions.defaults().bounded(true).idlePollsToFinish(50);
    }

    static void run(String name, Map<String, Object> conf, StormTopology topology, StormOnFlinkOptions options)
            throws Exception {
        run(name, conf, topology, options, new Configuration());
    }

    static void run(
            String name,
            Map<String, Object> conf,
            StormTopology topology,
            StormOnFlinkOptions options,
            Configuration flink)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        StormOnFlink.build(env, name, conf, topology, options).execute();
    }
}
