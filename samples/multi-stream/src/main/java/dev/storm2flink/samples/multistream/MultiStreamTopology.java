package dev.storm2flink.samples.multistream;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * <pre>
 * events --localOrShuffle--> router
 *   router:clicks    --custom(FanOutGrouping 2)--> click-replicas
 *   router:clicks    --partialKey(user)--------> partial-clicks --fields(user)--> user-stats
 *   router:purchases --fields(user)------------------------------------------> user-stats
 *   router:purchases --none--> archive
 *   router:invalid   --all---> invalid-log
 *   router:audit     --direct (emitDirect)--> auditor
 * </pre>
 */
public final class MultiStreamTopology {
    private MultiStreamTopology() {
    }

    public static StormTopology buildTopology() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("events", new EventSpout(), 1);
        builder.setBolt("router", new RouterBolt("auditor"), 2).localOrShuffleGrouping("events");
        builder.setBolt("auditor", new AuditBolt(), 2).directGrouping("router", Streams.AUDIT);
        builder.setBolt("click-replicas", new ClickReplicaBolt(), 3)
            .customGrouping("router", Streams.CLICKS, new FanOutGrouping(2));
        builder.setBolt("partial-clicks", new PartialClickCountBolt(), 2)
            .partialKeyGrouping("router", Streams.CLICKS, new Fields("user"));
        builder.setBolt("user-stats", new UserStatsBolt(), 2)
            .fieldsGrouping("partial-clicks", new Fields("user"))
            .fieldsGrouping("router", Streams.PURCHASES, new Fields("user"));
        builder.setBolt("archive", new ArchiveBolt(), 1).noneGrouping("router", Streams.PURCHASES);
        builder.setBolt("invalid-log", new InvalidLogBolt(), 2).allGrouping("router", Streams.INVALID);
        return builder.createTopology();
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        String data = System.getProperty(EventSpout.DATA_KEY);
        if (data != null) {
            conf.put(EventSpout.DATA_KEY, data);
        }
        StormTopology topology = buildTopology();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopologyWithProgressBar(args[0], conf, topology);
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("multi-stream", conf, topology);
                Utils.sleep(10_000);
            }
        }
    }
}
