package dev.storm2flink.samples.wordcount;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * sentences --shuffle--> split --fields(word)--> count --global--> report.
 *
 * <p>Usage: {@code storm jar word-count.jar dev.storm2flink.samples.wordcount.WordCountTopology <name>}
 * submits to the cluster; without arguments it runs for a few seconds in a LocalCluster.
 */
public final class WordCountTopology {
    private WordCountTopology() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new SentenceSpout(), 1);
        builder.setBolt("split", new SplitSentenceBolt(), 2).shuffleGrouping("sentences");
        builder.setBolt("count", new WordCountBolt(), 3).fieldsGrouping("split", new Fields("word"));
        builder.setBolt("report", new ReportBolt(), 1).globalGrouping("count");
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        conf.setDebug(false);
        String data = System.getProperty(SentenceSpout.DATA_KEY);
        if (data != null) {
            conf.put(SentenceSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            conf.setMaxTaskParallelism(3);
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("word-count", conf, topology);
                Utils.sleep(10_000);
            }
        }
    }
}
