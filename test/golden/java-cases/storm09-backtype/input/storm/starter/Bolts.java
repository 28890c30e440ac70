package storm.starter;

import backtype.storm.topology.BasicOutputCollector;
import backtype.storm.topology.OutputFieldsDeclarer;
import backtype.storm.topology.base.BaseBasicBolt;
import backtype.storm.tuple.Fields;
import backtype.storm.tuple.Tuple;
import backtype.storm.tuple.Values;
import java.util.HashMap;
import java.util.Map;

class SplitViewBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        String[] parts = input.getString(0).split("\t");
        collector.emit(new Values(parts[0], parts[1]));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("user", "page"));
    }
}

class CountViewBolt extends BaseBasicBolt {
    private final Map<String, Integer> counts = new HashMap<String, Integer>();

    public void execute(Tuple input, BasicOutputCollector collector) {
        String page = input.getStringByField("page");
        Integer n = counts.get(page);
        counts.put(page, n == null ? 1 : n + 1);
        collector.emit(new Values(page, counts.get(page)));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("page", "count"));
    }
}
