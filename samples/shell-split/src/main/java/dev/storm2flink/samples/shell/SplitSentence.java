package dev.storm2flink.samples.shell;

import java.util.Map;

import org.apache.storm.task.ShellBolt;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/**
 * Multilang bolt: runs {@code node splitsentence.js} from the topology jar's {@code resources/}
 * directory and talks to it over Storm's multilang JSON protocol.
 */
public class SplitSentence extends ShellBolt implements IRichBolt {
    public SplitSentence() {
        super("node", "splitsentence.js");
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return null;
    }
}
