package org.example.alerts;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

// Storm 1.x: the builder is made in the constructor and kept in a field; a method submits it.
public class AlertTopology {
    private final TopologyBuilder builder;
    private final Config config = new Config();
    private final int threshold;

    public AlertTopology(int threshold) {
        this.threshold = threshold;
        builder = new TopologyBuilder();
        builder.setSpout("events", new TestWordSpout(), 1);
        builder.setBolt("threshold", new ThresholdBolt(threshold), 2).localOrShuffleGrouping("events");
        config.setNumWorkers(1);
        config.setMessageTimeoutSecs(20);
    }

    StormTopology build() {
        return builder.createTopology();
    }

    void submit(String name) throws Exception {
        StormSubmitter.submitTopology(name, config, build());
    }

    public static void main(String[] args) throws Exception {
        new AlertTopology(10).submit("alerts");
    }
}
