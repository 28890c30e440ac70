package dev.storm2flink.samples.failreplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

/** Emits each order id with itself as message id; a failed order goes back to the front of the queue. */
public class OrderSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";

    private SpoutOutputCollector collector;
    private final Deque<String> toEmit = new ArrayDeque<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        toEmit.addAll(load(conf));
    }

    static List<String> load(Map<String, Object> conf) {
        Object path = conf.get(DATA_KEY);
        if (path == null) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                ids.add(String.format("order-%04d", i));
            }
            return ids;
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
        String order = toEmit.poll();
        if (order == null) {
            Utils.sleep(1);
            return;
        }
        attempts.merge(order, 1, Integer::sum);
        collector.emit(new Values(order), order);
    }

    @Override
    public void ack(Object msgId) {
        attempts.remove(msgId);
    }

    @Override
    public void fail(Object msgId) {
        toEmit.addFirst((String) msgId);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("order"));
    }
}
