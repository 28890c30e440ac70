package dev.storm2flink.samples.multistream;

import java.util.Map;
import java.util.TreeMap;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Receives the direct "audit" stream; counts events per user and type. */
public class AuditBolt extends BaseBasicBolt {
    private final Map<String, Long> seen = new TreeMap<>();

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String key = input.getStringByField("user") + "/" + input.getStringByField("type");
        long n = seen.merge(key, 1L, Long::sum);
        collector.emit(new Values(input.getStringByField("user"), input.getStringByField("type"), n));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("user", "type", "seen"));
    }
}
