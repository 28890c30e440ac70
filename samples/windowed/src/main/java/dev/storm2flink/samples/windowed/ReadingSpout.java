package dev.storm2flink.samples.windowed;

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

/** Emits each reading once as (seq, sensor, value), then idles. */
public class ReadingSpout extends BaseRichSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";
    private static final String[] BUILT_IN = {
        "s1,10", "s2,12", "s1,11", "s3,30", "s2,14", "s1,9", "s3,28", "s2,15", "s1,12", "s3,31",
    };

    private SpoutOutputCollector collector;
    private List<String> readings;
    private int next;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.readings = load(conf);
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
                    lines.add(sensorValue(line.trim()));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample data " + path, e);
        }
    }

    /** A data line is a JSON array [seq, "sensor", value] (what verify replays as the tuple): "sensor,value". */
    static String sensorValue(String line) {
        String[] parts = line.replaceAll("[\\[\\]\" ]", "").split(",");
        return parts[1] + "," + parts[2];
    }

    @Override
    public void nextTuple() {
        if (next < readings.size()) {
            String[] parts = readings.get(next).split(",");
            collector.emit(new Values((long) next, parts[0], Long.parseLong(parts[1])));
            next++;
        } else {
            Utils.sleep(1);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("seq", "sensor", "value"));
    }
}
