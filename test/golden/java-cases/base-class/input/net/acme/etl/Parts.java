package net.acme.etl;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

class ReadSpout extends TestWordSpout {}

class CleanBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        collector.emit(new Values(input.getString(0).trim()));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("record"));
    }
}
