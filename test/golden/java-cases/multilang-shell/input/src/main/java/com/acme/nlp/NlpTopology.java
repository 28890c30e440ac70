package com.acme.nlp;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

// A Python bolt through Storm's multilang protocol (ShellBolt), its script in the project's resources.
public class NlpTopology {
    public static class SentimentBolt extends ShellBolt implements IRichBolt {
        public SentimentBolt() {
            super("python3", "sentiment.py");
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("text", "score"));
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("texts", new TestWordSpout(), 1);
        builder.setBolt("sentiment", new SentimentBolt(), 2).shuffleGrouping("texts");
        StormSubmitter.submitTopology("nlp", new Config(), builder.createTopology());
    }
}
