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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the intermediate rankings (global grouping: one task) and, on each tick at the
 * topology-level frequency, emits the global top N as "word=count,..." when it changed.
 */
public class TotalRankerBolt extends BaseBasicBolt {
    private static final Logger LOG = LoggerFactory.getLogger(TotalRankerBolt.class);

    private final int topN;
    private final Map<String, Long> counts = new HashMap<>();
    private String lastEmitted = "";

    public TotalRankerBolt(int topN) {
        this.topN = topN;
    }

    @Override
    public void execute(Tuple tuple, BasicOutputCollector collector) {
        if (TupleUtils.isTick(tuple)) {
            List<Map.Entry<String, Long>> ranking = Rankings.top(counts, topN);
            String rankings = Rankings.format(ranking);
            if (!ranking.isEmpty() && !rankings.equals(lastEmitted)) {
                LOG.info("top {}: {}", topN, rankings);
                collector.emit(new Values(rankings));
                lastEmitted = rankings;
            }
            return;
        }
        counts.merge(tuple.getStringByField("word"), tuple.getLongByField("count"), Math::max);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("rankings"));
    }
}
