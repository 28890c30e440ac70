package dev.storm2flink.samples.failreplay;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Prices an order. A fifth of the orders hit a "timeout" on their first try: the bolt fails the tuple, as Storm code
 * does on a transient error, and expects the spout to send it again.
 */
public class FlakyPriceBolt extends BaseRichBolt {
    private OutputCollector collector;
    private final Set<String> triedOnce = new HashSet<>();

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(Tuple input) {
        String order = input.getStringByField("order");
        if (Math.floorMod(order.hashCode(), 5) == 0 && triedOnce.add(order)) {
            collector.fail(input);
            return;
        }
        int cents = 100 + Math.floorMod(order.hashCode() * 31, 900);
        collector.emit(input, new Values(order, cents));
        collector.ack(input);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("order", "cents"));
    }
}
