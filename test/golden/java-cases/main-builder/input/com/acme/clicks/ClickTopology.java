package com.acme.clicks;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

// Storm 2: everything in main(), names from constants, Config through setters and put.
public class ClickTopology {
    static final String SPOUT = "clicks";
    private static final String COUNTER = "count-by-page";

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout(SPOUT, new ClickSpout(), 2);
        builder.setBolt("parse", new ParseBolt(), 4).setNumTasks(8).shuffleGrouping(SPOUT);
        builder.setBolt(COUNTER, new CountBolt(), 3).fieldsGrouping("parse", new Fields("page"));
        builder.setBolt("report", new CountBolt()).globalGrouping(COUNTER);

        Config conf = new Config();
        conf.setNumWorkers(3);
        conf.setMaxSpoutPending(1000);
        conf.setDebug(false);
        conf.put(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS, 60);
        conf.put("clicks.window.minutes", 5);
        StormSubmitter.submitTopology("clicks-" + "prod", conf, builder.createTopology());
    }
}
