package dev.storm2flink.samples.configurable;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Parses a log line; every entry goes to {@link StreamIds#ENTRIES}, errors also to {@link StreamIds#ERRORS}. */
public class LogParserBolt extends BaseBasicBolt {
    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String[] parts = input.getStringByField("line").split("\\s+", 3);
        if (parts.length < 2) {
            return;
        }
        String level = parts[0];
        String component = parts[1];
        collector.emit(StreamIds.ENTRIES, new Values(level, component));
        if ("ERROR".equals(level)) {
            collector.emit(StreamIds.ERRORS, new Values(component, parts.length > 2 ? parts[2] : ""));
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declareStream(StreamIds.ENTRIES, new Fields("level", "component"));
        declarer.declareStream(StreamIds.ERRORS, new Fields("component", "message"));
    }
}
