package dev.storm2flink.samples.windowed;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseWindowedBolt.Count;
import org.apache.storm.utils.Utils;

/**
 * readings --global--> sliding-sum (window 5, slide 2) --global--> tumbling-max (tumbling 3).
 * One task per component and global groupings keep the window contents deterministic.
 */
public final class WindowedTopology {
    public static final int WINDOW_LENGTH = 5;
    public static final int SLIDING_INTERVAL = 2;
    public static final int TUMBLING_LENGTH = 3;

    private WindowedTopology() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("readings", new ReadingSpout(), 1);
        builder.setBolt("sliding-sum",
                new SlidingSumBolt().withWindow(Count.of(WINDOW_LENGTH), Count.of(SLIDING_INTERVAL)), 1)
            .globalGrouping("readings");
        builder.setBolt("tumbling-max",
                new TumblingMaxBolt().withTumblingWindow(Count.of(TUMBLING_LENGTH)), 1)
            .globalGrouping("sliding-sum");
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        String data = System.getProperty(ReadingSpout.DATA_KEY);
        if (data != null) {
            conf.put(ReadingSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(1);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("windowed", conf, topology);
                Utils.sleep(10_000);
            }
        }
    }
}
