package com.acme.broken;

import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;

// A file that does not compile: the analyzer says where, and still reads what it can.
public class BrokenTopology {
    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("words", new TestWordSpout(), 1)
        builder.setBolt("echo", new EchoBolt(), 1).shuffleGrouping("words");
        StormSubmitter.submitTopology("broken", new org.apache.storm.Config(), builder.createTopology());
    }
}

abstract class EchoBolt extends BaseBasicBolt {}
