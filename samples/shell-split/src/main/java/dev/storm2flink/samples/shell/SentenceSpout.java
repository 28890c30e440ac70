package dev.storm2flink.samples.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

/**
 * Emits each sentence of the sample data once, then idles.
 *
 * <p>The data file is taken from the topology config key {@value #DATA_KEY}, else from the system
 * property of the same name, else a small built-in list is used. With several spout tasks, task i
 * of n emits the lines whose index modulo n equals i, so every line is emitted exactly once.
 */
public class SentenceSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";

    private static final String[] BUILT_IN = {
        "the cow jumped over the moon",
        "an apple a day keeps the doctor away",
        "four score and seven years ago",
        "snow white and the seven dwarfs",
        "i am at two with nature",
    };

    private SpoutOutputCollector collector;
    private List<String> sentences;
    private int next;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        int tasks = context.getComponentTasks(context.getThisComponentId()).size();
        int index = context.getThisTaskIndex();
        List<String> all = load(conf);
        this.sentences = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % tasks == index) {
                sentences.add(all.get(i));
            }
        }
        this.next = 0;
    }

    static List<String> load(Map<String, Object> conf) {
        Object path = conf.get(DATA_KEY);
        if (path == null) {
            path = System.getProperty(DATA_KEY);
        }
        if (path == null) {
            return List.of(BUILT_IN);
        }
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(Paths.get(path.toString()), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample data " + path, e);
        }
    }

    @Override
    public void nextTuple() {
        if (next < sentences.size()) {
            collector.emit(new Values(sentences.get(next++)));
        } else {
            Utils.sleep(1);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
