package com.acme.ingest;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

// The builder goes through static helpers; ids and stream names come from a constants class.
public final class IngestTopology {
    private IngestTopology() {}

    static TopologyBuilder newBuilder() {
        TopologyBuilder b = new TopologyBuilder();
        addSources(b, Names.PARALLELISM * 2);
        return b;
    }

    private static void addSources(TopologyBuilder b, int hint) {
        b.setSpout(Names.SOURCE, new LineSpout(), hint);
    }

    private static void addRouting(TopologyBuilder b) {
        b.setBolt(Names.ROUTER, new RouterBolt(), Names.PARALLELISM).shuffleGrouping(Names.SOURCE);
        b.setBolt(Names.ERRORS, new SinkBolt()).shuffleGrouping(Names.ROUTER, Names.ERROR_STREAM);
        b.setBolt(Names.STORE, new SinkBolt(), Names.PARALLELISM).fieldsGrouping(Names.ROUTER, new Fields(Names.KEY));
    }

    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = newBuilder();
        addRouting(builder);
        Config conf = new Config();
        conf.setNumAckers(0);
        StormSubmitter.submitTopologyWithProgressBar(Names.TOPOLOGY, conf, builder.createTopology());
    }
}
