package storm.starter;

import backtype.storm.Config;
import backtype.storm.LocalCluster;
import backtype.storm.spout.SchemeAsMultiScheme;
import backtype.storm.topology.TopologyBuilder;
import backtype.storm.tuple.Fields;
import backtype.storm.utils.Utils;
import storm.kafka.KafkaSpout;
import storm.kafka.SpoutConfig;
import storm.kafka.StringScheme;
import storm.kafka.ZkHosts;

// Storm 0.9: backtype.storm and storm-kafka's ZooKeeper spout, run on a LocalCluster.
public class PageViewTopology {
    public static void main(String[] args) throws Exception {
        ZkHosts hosts = new ZkHosts("zk-1:2181,zk-2:2181");
        SpoutConfig spoutConfig = new SpoutConfig(hosts, "page-views", "/kafka-spouts", "page-view-reader");
        spoutConfig.scheme = new SchemeAsMultiScheme(new StringScheme());
        spoutConfig.startOffsetTime = kafka.api.OffsetRequest.EarliestTime();

        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("views", new KafkaSpout(spoutConfig), 2);
        builder.setBolt("split", new SplitViewBolt(), 2).shuffleGrouping("views");
        builder.setBolt("count", new CountViewBolt(), 4).fieldsGrouping("split", new Fields("page"));

        Config conf = new Config();
        conf.setDebug(true);
        conf.setMaxTaskParallelism(8);
        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology("page-views", conf, builder.createTopology());
        Utils.sleep(10000);
        cluster.shutdown();
    }
}
