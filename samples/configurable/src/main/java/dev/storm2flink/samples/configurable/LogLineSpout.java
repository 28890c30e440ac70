package dev.storm2flink.samples.configurable;

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

/** Emits each "LEVEL component message" log line of the sample data once, then idles. */
public class LogLineSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";
    private static final String[] BUILT_IN = {
        "INFO api request served",
        "WARN db slow query",
        "ERROR api upstream timeout",
        "INFO worker job done",
        "ERROR db connection reset",
    };

    private SpoutOutputCollector collector;
    private final List<String> lines = new ArrayList<>();
    private int next;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        int tasks = context.getComponentTasks(context.getThisComponentId()).size();
        int index = context.getThisTaskIndex();
        List<String> all = load(conf);
        for (int i = 0; i < all.size(); i++) {
            if (i % tasks == index) {
                lines.add(all.get(i));
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
            List<String> result = new ArrayList<>();
            for (String line : Files.readAllLines(Paths.get(path.toString()), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    result.add(line.trim());
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample data " + path, e);
        }
    }

    @Override
    public void nextTuple() {
        if (next < lines.size()) {
            collector.emit(new Values(lines.get(next++)));
        } else {
            Utils.sleep(1);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("line"));
    }
}
