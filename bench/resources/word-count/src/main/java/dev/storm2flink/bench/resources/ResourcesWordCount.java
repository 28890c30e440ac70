package dev.storm2flink.bench.resources;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/** Word count at a fixed offered load: {@code main(sentencesPerSecond)} runs it in a LocalCluster until killed. */
public class ResourcesWordCount {
    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new PacedSentenceSpout(), 1);
        builder.setBolt("split", new SplitBolt(), 2).shuffleGrouping("sentences");
        builder.setBolt("count", new CountBolt(), 2).fieldsGrouping("split", new Fields("word"));
        Config conf = new Config();
        conf.put(PacedSentenceSpout.RATE_KEY, args.length > 0 ? Integer.parseInt(args[0]) : 2000);
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.submitTopology("resources-word-count", conf, builder.createTopology());
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
