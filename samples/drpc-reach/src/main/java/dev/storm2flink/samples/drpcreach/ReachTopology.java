package dev.storm2flink.samples.drpcreach;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.LocalDRPC;
import org.apache.storm.StormSubmitter;
import org.apache.storm.coordination.BatchOutputCollector;
import org.apache.storm.drpc.LinearDRPCTopologyBuilder;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseBatchBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * A DRPC function, "reach": how many distinct readers follow the authors who wrote about a topic. Each request goes
 * through four bolts; the last two are batch bolts that CoordinatedBolt tells when a request is complete on their task.
 */
public class ReachTopology {
    static final Map<String, List<String>> AUTHORS = Map.of(
            "flink", List.of("ana", "bo", "cy"),
            "storm", List.of("bo", "dee", "eve"),
            "kafka", List.of("eve"),
            "yarn", List.of());
    static final Map<String, List<String>> READERS = Map.of(
            "ana", List.of("r1", "r2", "r3"),
            "bo", List.of("r2", "r4"),
            "cy", List.of("r1", "r5", "r6", "r7"),
            "dee", List.of("r4", "r8"),
            "eve", List.of("r3", "r8", "r9"));

    public static class Authors extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            for (String a : AUTHORS.getOrDefault(tuple.getString(1), List.of())) collector.emit(new Values(tuple.getValue(0), a));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "author"));
        }
    }

    public static class Readers extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            for (String r : READERS.getOrDefault(tuple.getString(1), List.of())) collector.emit(new Values(tuple.getValue(0), r));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "reader"));
        }
    }

    /** The distinct readers of one request that reached this task. */
    public static class DistinctReaders extends BaseBatchBolt<Object> {
        private BatchOutputCollector collector;
        private Object id;
        private final Set<String> readers = new HashSet<>();

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, BatchOutputCollector collector, Object id) {
            this.collector = collector;
            this.id = id;
        }

        @Override
        public void execute(Tuple tuple) {
            readers.add(tuple.getString(1));
        }

        @Override
        public void finishBatch() {
            collector.emit(new Values(id, readers.size()));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "partial"));
        }
    }

    public static class Sum extends BaseBatchBolt<Object> {
        private BatchOutputCollector collector;
        private Object id;
        private int reach;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, BatchOutputCollector collector, Object id) {
            this.collector = collector;
            this.id = id;
        }

        @Override
        public void execute(Tuple tuple) {
            reach += tuple.getInteger(1);
        }

        @Override
        public void finishBatch() {
            collector.emit(new Values(id, reach));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "reach"));
        }
    }

    static LinearDRPCTopologyBuilder builder() {
        LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("reach");
        builder.addBolt(new Authors(), 2);
        builder.addBolt(new Readers(), 3).shuffleGrouping();
        builder.addBolt(new DistinctReaders(), 3).fieldsGrouping(new Fields("id", "reader"));
        builder.addBolt(new Sum(), 2).fieldsGrouping(new Fields("id"));
        return builder;
    }

    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        if (args.length > 0) {
            conf.setNumWorkers(2);
            StormSubmitter.submitTopology(args[0], conf, builder().createRemoteTopology());
            return;
        }
        try (LocalDRPC drpc = new LocalDRPC(); LocalCluster cluster = new LocalCluster()) {
            cluster.submitTopology("drpc-reach", conf, builder().createLocalTopology(drpc));
            for (String topic : new String[] {"flink", "storm", "kafka", "yarn", "flink"}) {
                System.out.println("reach(" + topic + ") = " + drpc.execute("reach", topic));
            }
        }
    }
}
