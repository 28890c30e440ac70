package com.acme.fanout;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.BoltDeclarer;
import org.apache.storm.topology.TopologyBuilder;

// Local or cluster by argument; one bolt per region added in a loop; a hint chosen by a condition.
public class FanoutTopology {
    static final String[] REGIONS = {"eu", "us", "ap"};

    public static void main(String[] args) throws Exception {
        boolean local = args.length == 0;
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("source", new EventSpout(), 1);
        int hint = local ? 1 : 8;
        BoltDeclarer route = builder.setBolt("route", new RouteBolt(), hint);
        route.shuffleGrouping("source");
        if (!local) {
            route.setNumTasks(16);
        }
        for (String region : REGIONS) {
            builder.setBolt("store-" + region, new RouteBolt(), 2).shuffleGrouping("route", region);
        }
        Config conf = new Config();
        if (local) {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("fanout", conf, builder.createTopology());
                Thread.sleep(30_000);
            }
        } else {
            conf.setNumWorkers(6);
            StormSubmitter.submitTopology(args[0], conf, builder.createTopology());
        }
    }
}
