package dev.storm2flink.samples.trident;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.storm.Config;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.trident.operation.TridentCollector;
import org.apache.storm.trident.spout.IBatchSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

/**
 * Batch spout over the sample sentences: each batch holds the next {@code batchSize} lines; a
 * replayed batch id re-emits the same lines. Once the data is exhausted, batches are empty.
 */
public class SentenceBatchSpout implements IBatchSpout {
    public static final String DATA_KEY = "storm2flink.sample.data";
    private static final String[] BUILT_IN = {
        "the cow jumped over the moon",
        "the man went to the store and bought some candy",
        "four score and seven years ago",
        "how many apples can you eat",
        "to be or not to be the person",
    };

    private final int batchSize;
    private List<String> sentences;
    private int next;
    private final Map<Long, List<String>> batches = new HashMap<>();

    public SentenceBatchSpout(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context) {
        this.sentences = load(conf);
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
    public void emitBatch(long batchId, TridentCollector collector) {
        List<String> batch = batches.get(batchId);
        if (batch == null) {
            batch = new ArrayList<>();
            while (batch.size() < batchSize && next < sentences.size()) {
                batch.add(sentences.get(next++));
            }
            if (batch.isEmpty()) {
                Utils.sleep(1);
                return;
            }
            batches.put(batchId, batch);
        }
        for (String sentence : batch) {
            collector.emit(new Values(sentence));
        }
    }

    @Override
    public void ack(long batchId) {
        batches.remove(batchId);
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        Config conf = new Config();
        conf.setMaxTaskParallelism(1);
        return conf;
    }

    @Override
    public Fields getOutputFields() {
        return new Fields("sentence");
    }
}
