package net.acme.etl;

import org.apache.storm.topology.TopologyBuilder;

public class UsersEtl extends EtlTopology {
    @Override
    protected String name() {
        return "users-etl";
    }

    @Override
    protected void addSink(TopologyBuilder b, String upstream) {
        b.setBolt("users-db", new CleanBolt()).shuffleGrouping(upstream);
    }

    public static void main(String[] args) throws Exception {
        new UsersEtl().run();
    }
}
