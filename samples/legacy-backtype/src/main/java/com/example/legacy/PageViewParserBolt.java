package com.example.legacy;

import backtype.storm.topology.BasicOutputCollector;
import backtype.storm.topology.OutputFieldsDeclarer;
import backtype.storm.topology.base.BaseBasicBolt;
import backtype.storm.tuple.Fields;
import backtype.storm.tuple.Tuple;
import backtype.storm.tuple.Values;

/**
 * Parses "url user status" page-view lines from Kafka. Old 0.10-style code: raw types,
 * backtype.storm packages.
 */
public class PageViewParserBolt extends BaseBasicBolt {

    public void execute(Tuple tuple, BasicOutputCollector collector) {
        String line = tuple.getString(0);
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 3) {
            return;
        }
        String url = parts[0];
        String user = parts[1];
        int status = Integer.parseInt(parts[2]);
        if (status >= 400) {
            collector.emit("errors", new Values(url, status));
        } else {
            collector.emit(new Values(url, user));
        }
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("url", "user"));
        declarer.declareStream("errors", new Fields("url", "status"));
    }
}
