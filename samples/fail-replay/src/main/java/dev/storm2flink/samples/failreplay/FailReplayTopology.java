package dev.storm2flink.samples.failreplay;

import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * orders (reliable) --fields(order)--> price --fields(order)--> ledger. The price bolt fails a fifth of the orders on
 * their first try, as code calling a flaky service does; the spout replays them, so every order is booked once.
 * Built in main(), as most published topologies are.
 */
public final class FailReplayTopology {
    private FailReplayTopology() {
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("orders", new OrderSpout(), 1);
        builder.setBolt("price", new FlakyPriceBolt(), 2).fieldsGrouping("orders", new Fields("order"));
        builder.setBolt("ledger", new LedgerBolt(), 2).fieldsGrouping("price", new Fields("order"));

        Config conf = new Config();
        conf.setNumAckers(1);
        conf.setMessageTimeoutSecs(30);
        String data = System.getProperty(OrderSpout.DATA_KEY);
        if (data != null) {
            conf.put(OrderSpout.DATA_KEY, data);
        }
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopology(args[0], conf, builder.createTopology());
        } else {
            try (LocalCluster cluster = new LocalCluster()) {
                cluster.submitTopology("fail-replay", conf, builder.createTopology());
                Utils.sleep(10_000);
            }
        }
    }
}
