package dev.storm2flink.samples.rolling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;

/**
 * Ranks the words of its partition (fields grouping on "word"); on a tick it emits its top N when
 * they changed. Its tick frequency is set on the declarer with {@code addConfiguration}.
 */
public class IntermediateRankerBolt extends BaseBasicBolt {
    private final int topN;
    private final Map<String, Long> counts = new HashMap<>();
    private List<Map.Entry<String, Long>> lastEmitted = List.of();

    public IntermediateRankerBolt(int topN) {
        this.topN = topN;
    }

    @Override
    public void execute(Tuple tuple, BasicOutputCollector collector) {
        if (TupleUtils.isTick(tuple)) {
            List<Map.Entry<String, Long>> ranking = Rankings.top(counts, topN);
            if (!ranking.equals(lastEmitted)) {
                for (Map.Entry<String, Long> e : ranking) {
                    collector.emit(new Values(e.getKey(), e.getValue()));
                }
                lastEmitted = ranking;
            }
            return;
        }
        counts.put(tuple.getStringByField("word"), tuple.getLongByField("count"));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word", "count"));
    }
}
