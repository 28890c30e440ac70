package dev.storm2flink.bench.resources;

import java.util.Map;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * Emits sentences at a fixed rate (the offered load), with message ids so both engines track them
 * (Storm's ackers, Flink's checkpoints). Behind schedule it catches up at most one second's worth.
 */
public class PacedSentenceSpout extends BaseRichSpout {
    public static final String RATE_KEY = "bench.sentences.per.second";

    private static final String[] SENTENCES = {
        "the cow jumped over the moon",
        "an apple a day keeps the doctor away",
        "four score and seven years ago",
        "snow white and the seven dwarfs",
        "i am at two with nature",
    };

    private SpoutOutputCollector collector;
    private double perNano;
    private long start;
    private long emitted;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        int tasks = context.getComponentTasks(context.getThisComponentId()).size();
        this.perNano = ((Number) conf.getOrDefault(RATE_KEY, 2000)).doubleValue() / tasks / 1e9;
        this.start = System.nanoTime();
    }

    @Override
    public void nextTuple() {
        long due = (long) ((System.nanoTime() - start) * perNano);
        if (due - emitted > perNano * 1e9) emitted = due - (long) (perNano * 1e9);
        // Nothing due: return, and the engine's idle strategy waits (Storm's spout wait strategy, the compat poll).
        for (int i = 0; i < 100 && emitted < due; i++, emitted++) {
            collector.emit(new Values(SENTENCES[(int) (emitted % SENTENCES.length)]), emitted);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
