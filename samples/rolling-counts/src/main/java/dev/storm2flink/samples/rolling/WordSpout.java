package dev.storm2flink.samples.rolling;

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

/** Emits every word of the sample data (whitespace separated) once, then idles. */
public class WordSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";
    private static final String BUILT_IN =
        "storm flink storm kafka flink storm zookeeper storm kafka nimbus flink storm";

    private SpoutOutputCollector collector;
    private final List<String> words = new ArrayList<>();
    private int next;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        int tasks = context.getComponentTasks(context.getThisComponentId()).size();
        int index = context.getThisTaskIndex();
        List<String> lines = load(conf);
        for (int i = 0; i < lines.size(); i++) {
            if (i % tasks == index) {
                for (String word : lines.get(i).split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
        }
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
        if (next < words.size()) {
            collector.emit(new Values(words.get(next++)));
        } else {
            Utils.sleep(1);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
}
