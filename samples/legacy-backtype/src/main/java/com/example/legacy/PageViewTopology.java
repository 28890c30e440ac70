package com.example.legacy;

import backtype.storm.Config;
import backtype.storm.LocalCluster;
import backtype.storm.StormSubmitter;
import backtype.storm.spout.SchemeAsMultiScheme;
import backtype.storm.topology.TopologyBuilder;
import backtype.storm.tuple.Fields;
import backtype.storm.utils.Utils;
import storm.kafka.BrokerHosts;
import storm.kafka.KafkaSpout;
import storm.kafka.SpoutConfig;
import storm.kafka.StringScheme;
import storm.kafka.ZkHosts;

/**
 * Storm 0.10-style topology reading the "page-views" topic through the ZooKeeper-based
 * storm-kafka spout: kafka-spout --shuffle--> parser --fields(url)--> url-counts, parser:errors
 * --global--> error-log.
 *
 * <p>Args: [topologyName [zkConnect]]; zkConnect defaults to localhost:2181.
 */
public class PageViewTopology {

    public static void main(String[] args) throws Exception {
        String zkConnect = args.length > 1 ? args[1] : System.getProperty("zk.connect", "localhost:2181");

        BrokerHosts hosts = new ZkHosts(zkConnect);
        SpoutConfig spoutConfig = new SpoutConfig(hosts, "page-views", "/kafka-spout", "page-view-counter");
        spoutConfig.scheme = new SchemeAsMultiScheme(new StringScheme());
        spoutConfig.startOffsetTime = kafka.api.OffsetRequest.EarliestTime();

        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("kafka-spout", new KafkaSpout(spoutConfig), 1);
        builder.setBolt("parser", new PageViewParserBolt(), 2).shuffleGrouping("kafka-spout");
        builder.setBolt("url-counts", new UrlCountBolt(), 2).fieldsGrouping("parser", new Fields("url"));
        builder.setBolt("error-log", new ErrorLogBolt(), 1).globalGrouping("parser", "errors");

        Config conf = new Config();
        conf.setDebug(false);
        conf.setMaxSpoutPending(100);

        if (args != null && args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopology(args[0], conf, builder.createTopology());
        } else {
            LocalCluster cluster = new LocalCluster();
            cluster.submitTopology("page-views", conf, builder.createTopology());
            Utils.sleep(30000);
            cluster.killTopology("page-views");
            cluster.shutdown();
        }
    }
}
