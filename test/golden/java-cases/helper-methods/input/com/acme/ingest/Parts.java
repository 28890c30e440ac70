package com.acme.ingest;

import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

class LineSpout extends TestWordSpout {}

class RouterBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        String line = input.getString(0);
        if (line.isEmpty()) collector.emit(Names.ERROR_STREAM, new Values(line));
        else collector.emit(new Values(line.substring(0, 1), line));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields(Names.KEY, "line"));
        declarer.declareStream(Names.ERROR_STREAM, new Fields("line"));
    }
}

class SinkBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {}

    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
