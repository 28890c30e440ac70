package io.acme.search;

import org.apache.storm.Config;
import org.apache.storm.topology.ConfigurableTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

// Storm 2's ConfigurableTopology: start() runs run(args) on the instance; conf is inherited.
public class IndexTopology extends ConfigurableTopology {
    public static void main(String[] args) throws Exception {
        ConfigurableTopology.start(new IndexTopology(), args);
    }

    @Override
    protected int run(String[] args) {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("docs", new DocSpout(), 2);
        builder.setBolt("tokenize", new TokenizeBolt(), 4).shuffleGrouping("docs");
        builder.setBolt("index", new IndexBolt(), 2).partialKeyGrouping("tokenize", new Fields("term"));
        conf.setNumWorkers(2);
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 30);
        Config.setMaxSpoutPending(getConf(), 500);
        return submit("search-index", conf, builder);
    }
}
