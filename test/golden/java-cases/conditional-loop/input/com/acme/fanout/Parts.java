package com.acme.fanout;

import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

class EventSpout extends TestWordSpout {}

class RouteBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        collector.emit("eu", new Values(input.getValue(0)));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declareStream("eu", new Fields("event"));
        declarer.declareStream("us", new Fields("event"));
        declarer.declareStream("ap", new Fields("event"));
    }
}
