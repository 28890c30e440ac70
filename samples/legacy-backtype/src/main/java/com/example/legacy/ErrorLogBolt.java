package com.example.legacy;

import backtype.storm.topology.BasicOutputCollector;
import backtype.storm.topology.OutputFieldsDeclarer;
import backtype.storm.topology.base.BaseBasicBolt;
import backtype.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs failed page views received on the "errors" stream. */
public class ErrorLogBolt extends BaseBasicBolt {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorLogBolt.class);

    public void execute(Tuple tuple, BasicOutputCollector collector) {
        LOG.warn("error page view: " + tuple.getStringByField("url") + " -> " + tuple.getIntegerByField("status"));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
    }
}
