package com.acme.sensors;

import java.util.concurrent.TimeUnit;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.KafkaSpout;
import org.apache.storm.kafka.SpoutConfig;
import org.apache.storm.kafka.StringScheme;
import org.apache.storm.kafka.ZkHosts;
import org.apache.storm.spout.SchemeAsMultiScheme;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseWindowedBolt.Duration;
import org.apache.storm.tuple.Fields;

// Storm 1.x: storm-kafka's ZooKeeper spout under org.apache.storm, a sliding event-time window.
public class SensorTopology {
    public static void main(String[] args) throws Exception {
        SpoutConfig kafka = new SpoutConfig(new ZkHosts("zk:2181"), "sensor-readings", "/storm", "sensors");
        kafka.scheme = new SchemeAsMultiScheme(new StringScheme());

        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("readings", new KafkaSpout(kafka), 2);
        builder.setBolt("parse", new ParseReadingBolt(), 2).shuffleGrouping("readings");
        builder.setBolt("average", new AverageBolt()
                        .withWindow(new Duration(10, TimeUnit.SECONDS), Duration.seconds(5))
                        .withTimestampField("ts")
                        .withLag(new Duration(2, TimeUnit.SECONDS)), 1)
                .fieldsGrouping("parse", new Fields("sensor"));

        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMessageTimeoutSecs(30);
        StormSubmitter.submitTopology("sensor-averages", conf, builder.createTopology());
    }
}
