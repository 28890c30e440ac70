package com.example.legacy;

import java.util.HashMap;
import java.util.Map;

import backtype.storm.task.OutputCollector;
import backtype.storm.task.TopologyContext;
import backtype.storm.topology.OutputFieldsDeclarer;
import backtype.storm.topology.base.BaseRichBolt;
import backtype.storm.tuple.Fields;
import backtype.storm.tuple.Tuple;
import backtype.storm.tuple.Values;

/** Counts views per URL (fields grouping); anchored emit, explicit ack. */
public class UrlCountBolt extends BaseRichBolt {
    private OutputCollector collector;
    private Map<String, Integer> counts;

    public void prepare(Map stormConf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.counts = new HashMap<String, Integer>();
    }

    public void execute(Tuple tuple) {
        String url = tuple.getStringByField("url");
        Integer count = counts.get(url);
        count = (count == null) ? 1 : count + 1;
        counts.put(url, count);
        collector.emit(tuple, new Values(url, count));
        collector.ack(tuple);
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("url", "count"));
    }
}
