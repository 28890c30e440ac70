package dev.storm2flink.samples.streamswordcount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

/** Emits each sentence once, with its line number as message id; replays a failed one. */
public class SentenceSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";

    private SpoutOutputCollector collector;
    private List<String> sentences;
    private final Deque<Integer> toEmit = new ArrayDeque<>();

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.sentences = load(conf);
        for (int i = 0; i < sentences.size(); i++) {
            toEmit.add(i);
        }
    }

    static List<String> load(Map<String, Object> conf) {
        Object path = conf.get(DATA_KEY);
        if (path == null) {
            return List.of("the cow jumped over the moon", "an apple a day keeps the doctor away",
                    "four score and seven years ago", "snow white and the seven dwarfs", "i am at two with nature",
                    "the moon is made of green cheese", "a stitch in time saves nine", "the early bird catches the worm",
                    "all that glitters is not gold", "two heads are better than one");
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
        Integer i = toEmit.poll();
        if (i == null) {
            Utils.sleep(1);
            return;
        }
        collector.emit(new Values(sentences.get(i)), i);
    }

    @Override
    public void fail(Object msgId) {
        toEmit.add((Integer) msgId);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
