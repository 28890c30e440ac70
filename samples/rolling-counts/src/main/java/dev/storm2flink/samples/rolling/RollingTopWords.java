package dev.storm2flink.samples.rolling;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * words --fields(word)--> counter --fields(word)--> intermediate-ranker --global--> total-ranker.
 *
 * <p>Tick tuples: topology level every {@value #TOPOLOGY_TICK_SECS}s (used by total-ranker),
 * counter overrides it in getComponentConfiguration (2s), intermediate-ranker through
 * addConfiguration on its declarer ({@value #INTERMEDIATE_TICK_SECS}s).
 */
public final class RollingTopWords {
    public static final int TOP_N = 5;
    public static final int TOPOLOGY_TICK_SECS = 4;
    public static final int INTERMEDIATE_TICK_SECS = 3;

    private RollingTopWords() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("words", new WordSpout(), 1);
        builder.setBolt("counter", new RollingCountBolt(), 3)
            .fieldsGrouping("words", new Fields("word"));
        builder.setBolt("intermediate-ranker", new IntermediateRankerBolt(TOP_N), 2)
            .fieldsGrouping("counter", new Fields("word"))
            .addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, INTERMEDIATE_TICK_SECS);
        builder.setBolt("total-ranker", new TotalRankerBolt(TOP_N))
            .globalGrouping("intermediate-ranker");
        return builder.createTopology();
    }

    public static Config buildConfig() {
        Config conf = new Config();
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, TOPOLOGY_TICK_SECS);
        String data = System.getProperty(WordSpout.DATA_KEY);
        if (data != null) {
            conf.put(WordSpout.DATA_KEY, data);
        }
        return conf;
    }

    public static void main(String[] args) throws Exception {
        Config conf = buildConfig();
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopology(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("rolling-counts", conf, topology);
                Utils.sleep(15_000);
            }
        }
    }
}
