package io.acme.search;

import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;

class DocSpout extends BaseRichSpout {
    private SpoutOutputCollector out;

    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        out = collector;
    }

    public void nextTuple() {
        out.emit(new Values("doc-1", "hello search"));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "text"));
    }
}

class TokenizeBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        for (String t : input.getStringByField("text").split(" ")) collector.emit(new Values(input.getStringByField("id"), t));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "term"));
    }
}

class IndexBolt extends BaseBasicBolt {
    public void execute(Tuple input, BasicOutputCollector collector) {
        if (TupleUtils.isTick(input)) return;
        collector.emit(new Values(input.getStringByField("term")));
    }

    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("term"));
    }
}
