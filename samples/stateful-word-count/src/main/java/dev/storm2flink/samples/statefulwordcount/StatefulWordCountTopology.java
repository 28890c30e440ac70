package dev.storm2flink.samples.statefulwordcount;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * sentences (reliable) --shuffle--> split --fields(word)--> count (stateful: a KeyValueState of word counts). On Storm
 * the state lives in the configured state provider (in memory here, Redis or HBase in production) and is committed
 * at Storm's checkpoints; on Flink it lives in Flink's checkpoints.
 */
public final class StatefulWordCountTopology {
    private StatefulWordCountTopology() {
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new SentenceSpout(), 1);
        builder.setBolt("split", new SplitBolt(), 2).shuffleGrouping("sentences");
        builder.setBolt("count", new StatefulCountBolt(), 2).fieldsGrouping("split", new Fields("word"));

        Config conf = new Config();
        conf.setNumAckers(1);
        // Storm's checkpoint interval for stateful bolts (the translated job commits at Flink's checkpoints).
        conf.put(Config.TOPOLOGY_STATE_CHECKPOINT_INTERVAL, 1000);
        String data = System.getProperty(SentenceSpout.DATA_KEY);
        if (data != null) {
            conf.put(SentenceSpout.DATA_KEY, data);
        }
        if (args.length > 0) {
            conf.put(Config.TOPOLOGY_STATE_PROVIDER, "org.apache.storm.redis.state.RedisKeyValueStateProvider");
            StormSubmitter.submitTopology(args[0], conf, builder.createTopology());
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("stateful-word-count", conf, builder.createTopology());
                Utils.sleep(10_000);
            }
        }
    }
}
