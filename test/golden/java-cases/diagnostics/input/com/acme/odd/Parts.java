package com.acme.odd;

import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;

class QuietSpout extends TestWordSpout {}

class NamedBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {}

    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
