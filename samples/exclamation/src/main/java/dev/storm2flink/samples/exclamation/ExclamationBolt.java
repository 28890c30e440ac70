package dev.storm2flink.samples.exclamation;

import java.util.Map;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Appends a suffix; emits anchored to the input tuple, then acks it explicitly. */
public class ExclamationBolt extends BaseRichBolt {
    private final String suffix;
    private OutputCollector collector;

    public ExclamationBolt() {
        this("!!!");
    }

    public ExclamationBolt(String suffix) {
        this.suffix = suffix;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(Tuple tuple) {
        String word = tuple.getString(0);
        if (word.isEmpty()) {
            collector.fail(tuple);
            return;
        }
        collector.emit(tuple, new Values(word + suffix));
        collector.ack(tuple);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
}
