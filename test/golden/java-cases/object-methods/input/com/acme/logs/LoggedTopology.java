package com.acme.logs;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BoltDeclarer;
import org.apache.storm.topology.TopologyBuilder;

// java.lang.Object's methods on Storm's objects (a log line) change nothing in the topology.
public class LoggedTopology {
    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("words", new TestWordSpout(), 1);
        BoltDeclarer echo = builder.setBolt("echo", new TestWordCounter(), 1).shuffleGrouping("words");
        System.out.println("declared " + echo.toString() + " " + echo.hashCode());
        Config conf = new Config();
        conf.setNumWorkers(1);
        System.out.println("config " + conf.toString() + " " + conf.valueOf());
        StormSubmitter.submitTopology("logged", conf, builder.createTopology());
    }
}
