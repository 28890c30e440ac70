package dev.storm2flink.samples.multistream;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** A replica of the "last item clicked per user" cache, fed by {@link FanOutGrouping}. */
public class ClickReplicaBolt extends BaseBasicBolt {
    private final Map<String, Long> clicksPerUser = new HashMap<>();

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String user = input.getStringByField("user");
        long n = clicksPerUser.merge(user, 1L, Long::sum);
        collector.emit(new Values(user, n));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("user", "clicks"));
    }
}
