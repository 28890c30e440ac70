package dev.storm2flink.samples.exclamation;

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
import java.util.TreeMap;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reliable spout: every word is emitted with a message id (its line number), kept pending until
 * Storm calls {@link #ack(Object)}, and re-queued for replay when Storm calls {@link #fail(Object)}.
 * Reads {@value #DATA_KEY} (topology config, else system property), else a built-in list.
 */
public class ReliableWordSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";
    private static final Logger LOG = LoggerFactory.getLogger(ReliableWordSpout.class);
    private static final String[] BUILT_IN = {"nathan", "mike", "jackson", "golda", "bertels"};

    private SpoutOutputCollector collector;
    private final Deque<Integer> toEmit = new ArrayDeque<>();
    private final Map<Integer, String> pending = new TreeMap<>();
    private List<String> words;
    private long acked;
    private long failed;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.words = load(conf);
        int tasks = context.getComponentTasks(context.getThisComponentId()).size();
        int index = context.getThisTaskIndex();
        for (int i = 0; i < words.size(); i++) {
            if (i % tasks == index) {
                toEmit.add(i);
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
        Integer id = toEmit.poll();
        if (id == null) {
            Utils.sleep(1);
            return;
        }
        String word = words.get(id);
        pending.put(id, word);
        collector.emit(new Values(word), id);
    }

    @Override
    public void ack(Object msgId) {
        pending.remove(msgId);
        acked++;
    }

    @Override
    public void fail(Object msgId) {
        failed++;
        Integer id = (Integer) msgId;
        if (pending.containsKey(id)) {
            LOG.warn("replaying word #{} ({})", id, pending.get(id));
            toEmit.addFirst(id);
        }
    }

    @Override
    public void close() {
        LOG.info("exclamation spout: {} acked, {} failed, {} pending", acked, failed, pending.size());
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
}
