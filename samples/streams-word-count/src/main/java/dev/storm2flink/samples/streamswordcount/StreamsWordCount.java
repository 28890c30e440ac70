package dev.storm2flink.samples.streamswordcount;

import java.util.Arrays;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.streams.Pair;
import org.apache.storm.streams.StreamBuilder;
import org.apache.storm.streams.operations.mappers.ValueMapper;
import org.apache.storm.utils.Utils;

/**
 * A word count with the Storm Streams API: sentences are split into words, short words dropped, and each word
 * counted per key (a running count, emitted for every word) and summed by length in stream state
 * (updateStateByKey: a stateful bolt). StreamBuilder compiles this to spouts and bolts, which is what runs.
 */
public final class StreamsWordCount {
    private StreamsWordCount() {
    }

    public static void main(String[] args) throws Exception {
        StreamBuilder builder = new StreamBuilder();
        builder.newStream(new SentenceSpout(), new ValueMapper<String>(0), 1)
                .flatMap(sentence -> Arrays.asList(sentence.split(" ")))
                .filter(word -> word.length() > 2)
                .mapToPair(word -> Pair.of(word, 1))
                .countByKey()
                .print();
        builder.newStream(new SentenceSpout(), new ValueMapper<String>(0), 1)
                .flatMap(sentence -> Arrays.asList(sentence.split(" ")))
                .mapToPair(word -> Pair.of(word.length(), 1L))
                .updateStateByKey(0L, (Long total, Long one) -> total + one)
                .toPairStream()
                .print();

        Config conf = new Config();
        conf.setNumAckers(1);
        String data = System.getProperty(SentenceSpout.DATA_KEY);
        if (data != null) {
            conf.put(SentenceSpout.DATA_KEY, data);
        }
        if (args.length > 0) {
            StormSubmitter.submitTopology(args[0], conf, builder.build());
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("streams-word-count", conf, builder.build());
                Utils.sleep(10_000);
            }
        }
    }
}
