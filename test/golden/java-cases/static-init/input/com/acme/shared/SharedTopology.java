package com.acme.shared;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;

// The builder is a static field filled by a static initializer; main only submits it.
public class SharedTopology {
    static final TopologyBuilder BUILDER = new TopologyBuilder();
    static final Config CONF = new Config();

    static {
        BUILDER.setSpout("words", new TestWordSpout(), 2);
        BUILDER.setBolt("sink", new SinkBolt(), 1).globalGrouping("words");
        CONF.setNumWorkers(1);
    }

    public static void main(String[] args) throws Exception {
        StormSubmitter.submitTopology("shared", CONF, BUILDER.createTopology());
    }

    static class SinkBolt extends BaseBasicBolt {
        public void execute(Tuple input, BasicOutputCollector collector) {}

        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }
}
