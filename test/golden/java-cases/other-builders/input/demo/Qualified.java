package demo;

import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.testing.TestWordSpout;

// Both builders written qualified in one file: only Storm's is a topology.
public class Qualified {
    public static void main(String[] args) throws Exception {
        org.apache.kafka.streams.processor.TopologyBuilder streams = new org.apache.kafka.streams.processor.TopologyBuilder();
        streams.addSource("source", "in");
        org.apache.storm.topology.TopologyBuilder builder = new org.apache.storm.topology.TopologyBuilder();
        builder.setSpout("words", new TestWordSpout(), 1);
        builder.setBolt("count", new TestWordCounter(), 2).shuffleGrouping("words");
        StormSubmitter.submitTopology("qualified", new org.apache.storm.Config(), builder.createTopology());
    }
}
