package com.acme.traffic;

import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;

// The project's own spout, named like storm-kafka-client's: it reads with its own consumer.
public class KafkaSpout extends BaseRichSpout {
    private final String topic;

    public KafkaSpout(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {}

    @Override
    public void nextTuple() {}

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("lane", "speed"));
    }
}
