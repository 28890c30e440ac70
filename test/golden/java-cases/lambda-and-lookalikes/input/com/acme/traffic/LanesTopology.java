package com.acme.traffic;

import java.util.Arrays;
import java.util.List;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.BoltDeclarer;
import org.apache.storm.topology.TopologyBuilder;

// One bolt per lane, added by lambdas over a list read from the arguments, then one collector subscribed to each.
public class LanesTopology {
    public static void main(String[] args) throws Exception {
        List<String> lanes = Arrays.asList(args);
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sensors", new KafkaSpout("lanes"), 2);
        lanes.forEach(lane -> builder.setBolt("lane-" + lane, new LaneBolt(lane)).shuffleGrouping("sensors", lane));
        BoltDeclarer collect = builder.setBolt("collect", new KafkaBolt(), 1);
        lanes.forEach(lane -> collect.globalGrouping("lane-" + lane));
        Runnable log = () -> System.out.println(lanes.size());
        log.run();
        StormSubmitter.submitTopology("lanes", new Config(), builder.createTopology());
    }
}
