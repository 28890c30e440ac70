package dev.storm2flink.samples.multistream;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every task receives every invalid line (all grouping) and logs it. */
public class InvalidLogBolt extends BaseBasicBolt {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidLogBolt.class);

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        LOG.warn("invalid event: {}", input.getStringByField("line"));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        // terminal
    }
}
