package dev.storm2flink.samples.shell;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/** sentences --shuffle--> split (node ShellBolt) --fields(word)--> count (Java). */
public final class ShellSplitTopology {
    private ShellSplitTopology() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new SentenceSpout(), 1);
        builder.setBolt("split", new SplitSentence(), 2).shuffleGrouping("sentences");
        builder.setBolt("count", new WordCountBolt(), 2).fieldsGrouping("split", new Fields("word"));
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        String data = System.getProperty(SentenceSpout.DATA_KEY);
        if (data != null) {
            conf.put(SentenceSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("shell-split", conf, topology);
                Utils.sleep(15_000);
            }
        }
    }
}
