package dev.storm2flink.verify.storm.sample;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** The runner's test topology: sentences -> split (shuffle) -> count (fields "word"), plus a "long" side stream. */
public final class WordCountTopology {
    private WordCountTopology() {}

    public static TopologyBuilder build() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("sentences", new SentenceSpout(), 1);
        b.setBolt("split", new SplitBolt(), 2).shuffleGrouping("sentences");
        b.setBolt("count", new CountBolt(), 2).fieldsGrouping("split", new Fields("word"));
        return b;
    }

    /** Emits three fixed sentences once; replaced by the replay spout when sample data is given. */
    public static class SentenceSpout extends BaseRichSpout {
        private static final String[] SENTENCES = {"the cow jumped", "over the moon", "the end"};
        private SpoutOutputCollector collector;
        private int next;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void nextTuple() {
            if (next < SENTENCES.length) {
                collector.emit(new Values(SENTENCES[next]), next);
                next++;
            }
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("sentence"));
        }
    }

    public static class SplitBolt extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            for (String w : input.getString(0).split("\\s+")) {
                if (w.isEmpty()) continue;
                collector.emit(new Values(w));
                if (w.length() > 4) collector.emit("long", new Values(w, w.length()));
            }
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("word"));
            declarer.declareStream("long", new Fields("word", "length"));
        }
    }

    public static class CountBolt extends BaseBasicBolt {
        private final Map<String, Integer> counts = new HashMap<>();

        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            String w = input.getStringByField("word");
            int c = counts.merge(w, 1, Integer::sum);
            collector.emit(new Values(w, c));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("word", "count"));
        }
    }
}
