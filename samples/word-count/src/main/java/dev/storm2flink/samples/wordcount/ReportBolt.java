package dev.storm2flink.samples.wordcount;

import java.util.Map;
import java.util.TreeMap;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Single task (global grouping) that keeps the latest count per word and logs the totals. */
public class ReportBolt extends BaseBasicBolt {
    private static final Logger LOG = LoggerFactory.getLogger(ReportBolt.class);

    private final Map<String, Long> totals = new TreeMap<>();

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String word = input.getStringByField("word");
        long count = input.getLongByField("count");
        totals.merge(word, count, Math::max);
    }

    @Override
    public void cleanup() {
        LOG.info("word-count report: {} distinct words", totals.size());
        totals.forEach((word, count) -> LOG.info("{} {}", word, count));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        // terminal bolt: no output streams
    }
}
