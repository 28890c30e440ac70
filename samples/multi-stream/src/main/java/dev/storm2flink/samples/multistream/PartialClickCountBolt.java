package dev.storm2flink.samples.multistream;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Partial click counts per user. Under partialKeyGrouping a user's clicks are split over two
 * tasks, so this emits a partial running count that {@link UserStatsBolt} merges per source task.
 */
public class PartialClickCountBolt extends BaseBasicBolt {
    private final Map<String, Long> partial = new HashMap<>();

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String user = input.getStringByField("user");
        collector.emit(new Values(user, partial.merge(user, 1L, Long::sum)));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("user", "partialClicks"));
    }
}
