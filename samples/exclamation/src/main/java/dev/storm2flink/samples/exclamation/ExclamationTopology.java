package dev.storm2flink.samples.exclamation;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.Utils;

/** words (reliable) --shuffle--> exclaim1 --shuffle--> exclaim2; every tuple anchored and acked. */
public final class ExclamationTopology {
    private ExclamationTopology() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("words", new ReliableWordSpout(), 1);
        builder.setBolt("exclaim1", new ExclamationBolt("!!!"), 3).shuffleGrouping("words");
        builder.setBolt("exclaim2", new ExclamationBolt("!!!"), 2).shuffleGrouping("exclaim1");
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        conf.setMaxSpoutPending(50);
        conf.setMessageTimeoutSecs(30);
        conf.setNumAckers(1);
        String data = System.getProperty(ReliableWordSpout.DATA_KEY);
        if (data != null) {
            conf.put(ReliableWordSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(3);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("exclamation", conf, topology);
                Utils.sleep(10_000);
            }
        }
    }
}
