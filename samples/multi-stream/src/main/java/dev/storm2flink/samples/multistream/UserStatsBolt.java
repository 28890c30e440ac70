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
 * Subscribed to two inputs with their own groupings: partial click counts (fields on user) and
 * the router's "purchases" stream (fields on user). Emits (user, clicks, purchases, spent) after
 * every update; the last value per user is deterministic.
 */
public class UserStatsBolt extends BaseBasicBolt {
    private final Map<String, Map<Integer, Long>> partialClicks = new HashMap<>();
    private final Map<String, long[]> purchases = new HashMap<>();

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String user = input.getStringByField("user");
        if (Streams.PURCHASES.equals(input.getSourceStreamId())) {
            long[] p = purchases.computeIfAbsent(user, u -> new long[2]);
            p[0]++;
            p[1] += input.getLongByField("amount");
        } else {
            partialClicks.computeIfAbsent(user, u -> new HashMap<>())
                .merge(input.getSourceTask(), input.getLongByField("partialClicks"), Math::max);
        }
        long clicks = partialClicks.getOrDefault(user, Map.of()).values().stream()
            .mapToLong(Long::longValue).sum();
        long[] p = purchases.getOrDefault(user, new long[2]);
        collector.emit(new Values(user, clicks, p[0], p[1]));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("user", "clicks", "purchases", "spent"));
    }
}
