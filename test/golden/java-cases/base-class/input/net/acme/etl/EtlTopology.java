package net.acme.etl;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;

// A base class builds the common part; each concrete job adds its own sink. One topology per concrete class.
public abstract class EtlTopology {
    protected final TopologyBuilder builder = new TopologyBuilder();

    protected abstract String name();

    protected abstract void addSink(TopologyBuilder b, String upstream);

    protected int parallelism() {
        return 1;
    }

    public void run() throws Exception {
        builder.setSpout("read", new ReadSpout(), parallelism());
        builder.setBolt("clean", new CleanBolt(), parallelism()).shuffleGrouping("read");
        addSink(builder, "clean");
        Config conf = new Config();
        conf.setNumWorkers(parallelism());
        StormSubmitter.submitTopology(name(), conf, builder.createTopology());
    }
}
