package com.acme.fraud;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

// Config from maps: a defaults map put into Config, per-component config, Kryo registration, a metrics consumer.
public class FraudTopology {
    static Map<String, Object> defaults() {
        Map<String, Object> m = new HashMap<>();
        m.put(Config.TOPOLOGY_WORKERS, 4);
        m.put("fraud.rules.path", "/etc/fraud/rules.yaml");
        return m;
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("payments", new PaymentSpout(), 2);
        Map<String, Object> scoreConf = new HashMap<>();
        scoreConf.put("fraud.model", "gbt-v3");
        builder.setBolt("score", new ScoreBolt(), 4)
                .fieldsGrouping("payments", new Fields("card"))
                .addConfigurations(scoreConf)
                .addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 60);
        builder.setBolt("alert", new ScoreBolt(), 1).shuffleGrouping("score").setMemoryLoad(512.0).setCPULoad(50.0);

        Config conf = new Config();
        conf.putAll(defaults());
        conf.registerSerialization(Payment.class);
        conf.registerMetricsConsumer(org.apache.storm.metric.LoggingMetricsConsumer.class, 1);
        conf.setFallBackOnJavaSerialization(false);
        conf.put(Config.TOPOLOGY_WORKER_CHILDOPTS, "-Xmx1g");
        StormSubmitter.submitTopology("fraud", conf, builder.createTopology());
    }
}
