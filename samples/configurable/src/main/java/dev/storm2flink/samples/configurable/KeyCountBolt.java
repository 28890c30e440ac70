package dev.storm2flink.samples.configurable;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Running count per value of one input field; emits (key, count). */
public class KeyCountBolt extends BaseBasicBolt {
    private final String keyField;
    private final Map<String, Long> counts = new HashMap<>();

    public KeyCountBolt(String keyField) {
        this.keyField = keyField;
    }

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String key = input.getStringByField(keyField);
        collector.emit(new Values(key, counts.merge(key, 1L, Long::sum)));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("key", "count"));
    }
}
