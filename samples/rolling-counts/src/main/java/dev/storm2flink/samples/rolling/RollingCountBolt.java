package dev.storm2flink.samples.rolling;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.storm.Config;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;

/**
 * Counts words and, on every tick, emits the running count of each word seen since the previous
 * tick. Its tick frequency comes from {@link #getComponentConfiguration()}, overriding the
 * topology-level frequency.
 */
public class RollingCountBolt extends BaseRichBolt {
    public static final int EMIT_FREQUENCY_SECS = 2;

    private OutputCollector collector;
    private Map<String, Long> counts;
    private TreeSet<String> changed;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.counts = new HashMap<>();
        this.changed = new TreeSet<>();
    }

    @Override
    public void execute(Tuple tuple) {
        if (TupleUtils.isTick(tuple)) {
            for (String word : changed) {
                collector.emit(new Values(word, counts.get(word)));
            }
            changed.clear();
        } else {
            String word = tuple.getStringByField("word");
            counts.merge(word, 1L, Long::sum);
            changed.add(word);
        }
        collector.ack(tuple);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, EMIT_FREQUENCY_SECS);
        return conf;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word", "count"));
    }
}
