package com.acme.names;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import com.acme.shared.*;
import com.acme.util.*;

// Component ids named after their classes, the way many projects write them.
public class NamesTopology {
    public static class Upper extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("word"));
        }
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        String spout = TestWordSpout.class.getSimpleName();
        builder.setSpout(spout, new TestWordSpout(), 1);
        builder.setBolt(Upper.class.getName(), new Upper(), 2).shuffleGrouping(spout);
        builder.setBolt(WordSink.class.getSimpleName() + "-1", new WordSink(), 1).fieldsGrouping(Upper.class.getName(), new Fields("word"));
        builder.setBolt(Map.Entry.class.getCanonicalName(), new WordSink(), 1).shuffleGrouping(spout);
        // A wildcard-imported class outside the sources: its simple name is known, its package is not.
        builder.setBolt(Audit.class.getName(), new Audit(), 1).shuffleGrouping(spout);
        builder.setBolt("audit-" + Audit.class.getSimpleName().toLowerCase(), new Audit(), 1).shuffleGrouping(spout);
        StormSubmitter.submitTopology("class-names", new Config(), builder.createTopology());
    }
}
