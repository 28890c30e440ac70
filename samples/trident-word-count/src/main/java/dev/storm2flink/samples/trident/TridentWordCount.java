package dev.storm2flink.samples.trident;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.trident.TridentState;
import org.apache.storm.trident.TridentTopology;
import org.apache.storm.trident.operation.builtin.Count;
import org.apache.storm.trident.testing.MemoryMapState;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * Trident word count: sentences -> each(Split) -> groupBy(word) -> persistentAggregate(Count)
 * into a MemoryMapState; the state's update stream is logged.
 */
public final class TridentWordCount {
    public static final int BATCH_SIZE = 4;

    private TridentWordCount() {
    }

    public static StormTopology buildTopology() {
        TridentTopology topology = new TridentTopology();
        TridentState wordCounts = topology.newStream("sentences", new SentenceBatchSpout(BATCH_SIZE))
            .parallelismHint(1)
            .each(new Fields("sentence"), new Split(), new Fields("word"))
            .groupBy(new Fields("word"))
            .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"))
            .parallelismHint(2);
        wordCounts.newValuesStream()
            .each(new Fields("word", "count"), new LogUpdates());
        return topology.build();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        conf.setMaxSpoutPending(5);
        String data = System.getProperty(SentenceBatchSpout.DATA_KEY);
        if (data != null) {
            conf.put(SentenceBatchSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("trident-word-count", conf, topology);
                Utils.sleep(15_000);
            }
        }
    }
}
