package com.acme.lambda;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.grouping.PartialKeyGrouping;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;

// Storm 2: lambda spout and bolts, a subscription in Thrift's form, custom and direct groupings.
public class LambdaTopology {
    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("numbers", () -> new Values(Math.random()), 1);
        builder.setBolt("double", (tuple, collector) -> collector.emit(new Values(tuple.getDouble(0) * 2)), 2, "value")
                .shuffleGrouping("numbers");
        builder.setBolt("print", tuple -> System.out.println(tuple), 1)
                .grouping(new GlobalStreamId("double", Utils.DEFAULT_STREAM_ID), Grouping.shuffle(new org.apache.storm.generated.NullStruct()));
        builder.setBolt("keyed", new KeyedBolt(), 2).customGrouping("double", new PartialKeyGrouping(new Fields("value")));
        builder.setBolt("direct", new KeyedBolt(), 2).directGrouping("keyed", "direct-out");
        StormSubmitter.submitTopology("lambdas", new Config(), builder.createTopology());
    }
}
