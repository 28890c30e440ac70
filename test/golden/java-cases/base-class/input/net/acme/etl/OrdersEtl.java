package net.acme.etl;

import org.apache.storm.topology.TopologyBuilder;

public class OrdersEtl extends EtlTopology {
    @Override
    protected String name() {
        return "orders-etl";
    }

    @Override
    protected int parallelism() {
        return 3;
    }

    @Override
    protected void addSink(TopologyBuilder b, String upstream) {
        b.setBolt("orders-db", new CleanBolt(), 2).allGrouping(upstream);
    }

    public static void main(String[] args) throws Exception {
        new OrdersEtl().run();
    }
}
