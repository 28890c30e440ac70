package dev.storm2flink.samples.windowed;

import java.util.Map;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseWindowedBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.windowing.TupleWindow;

/**
 * Sliding count window (configured with {@code withWindow(Count.of(n), Count.of(m))}): for every
 * activation emits (window number, first seq, last seq, sum, count of readings in the window).
 */
public class SlidingSumBolt extends BaseWindowedBolt {
    private OutputCollector collector;
    private long windows;

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(TupleWindow window) {
        long sum = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Tuple t : window.get()) {
            sum += t.getLongByField("value");
            long seq = t.getLongByField("seq");
            first = Math.min(first, seq);
            last = Math.max(last, seq);
        }
        windows++;
        collector.emit(new Values(windows, first, last, sum, (long) window.get().size()));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("window", "firstSeq", "lastSeq", "sum", "count"));
    }
}
