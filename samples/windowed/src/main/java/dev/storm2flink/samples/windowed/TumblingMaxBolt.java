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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tumbling count window ({@code withTumblingWindow(Count.of(k))}) over the sliding sums: emits
 * the largest sum and the window that produced it.
 */
public class TumblingMaxBolt extends BaseWindowedBolt {
    private static final Logger LOG = LoggerFactory.getLogger(TumblingMaxBolt.class);

    private OutputCollector collector;

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(TupleWindow window) {
        long bestWindow = -1;
        long bestSum = Long.MIN_VALUE;
        for (Tuple t : window.get()) {
            long sum = t.getLongByField("sum");
            long w = t.getLongByField("window");
            if (sum > bestSum || (sum == bestSum && w < bestWindow)) {
                bestSum = sum;
                bestWindow = w;
            }
        }
        LOG.info("tumbling window of {}: max sum {} in sliding window {}", window.get().size(), bestSum, bestWindow);
        collector.emit(new Values(bestWindow, bestSum));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("window", "maxSum"));
    }
}
