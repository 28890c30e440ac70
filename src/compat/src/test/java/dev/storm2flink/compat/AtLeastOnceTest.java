package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

class AtLeastOnceTest extends TestBase {

    @Test
    void noRecordLostWhenABoltFailsAfterACompletedCheckpoint() throws Exception {
        Components.FailOnceBolt.THROWN.set(false);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(3000, 10, true).slow(2), 2);
        b.setBolt("flaky", new Components.FailOnceBolt(), 2).fieldsGrouping("spout", new Fields("key"));
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("flaky");
        Configuration flink = StormOnFlink.flinkConfiguration(100, 3, 100);
        run("alo", conf(), b.createTopology(), bounded(), flink);

        assertTrue(Components.FailOnceBolt.THROWN.get(), "failure was injected");
        Set<Integer> seen = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.add((Integer) e.values.get(0));
        for (int i = 0; i < 3000; i++) assertTrue(seen.contains(i), "lost " + i);
        assertEquals(3000, seen.size());
        // acks come from completed checkpoints
        assertTrue(Rec.SPOUT_ACKS.size() > 0);
    }

    /** Emits inside a try/catch, as many Storm bolts do: it must not catch a failure of the bolt chained after it. */
    static class CatchingPassBolt extends BaseRichBolt {
        static final AtomicInteger CAUGHT = new AtomicInteger();
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            try {
                collector.emit(input, new Values(input.getValue(0), input.getValue(1)));
            } catch (RuntimeException e) {
                CAUGHT.incrementAndGet();
                collector.reportError(e);
            }
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }
    }

    @Test
    void chainedSingleSubtaskTopologyRestartsOnADownstreamBoltFailure() throws Exception {
        Components.FailOnceBolt.THROWN.set(false);
        CatchingPassBolt.CAUGHT.set(0);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(2000, 10, true).slow(2), 1);
        b.setBolt("guard", new CatchingPassBolt(), 1).shuffleGrouping("spout");
        b.setBolt("flaky", new Components.FailOnceBolt(), 1).fieldsGrouping("guard", new Fields("key"));
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(100, 3, 100));
        StormJob job = StormOnFlink.build(env, "alo-chained", conf(), b.createTopology(), bounded());
        assertEquals(
                1, env.getStreamGraph(false).getJobGraph().getNumberOfVertices(), "parallelism-1 edges are chained");
        job.execute();

        assertTrue(Components.FailOnceBolt.THROWN.get(), "failure was injected");
        assertEquals(0, CatchingPassBolt.CAUGHT.get(), "the upstream bolt saw the downstream failure");
        Set<Integer> seen = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.add((Integer) e.values.get(0));
        for (int i = 0; i < 2000; i++) assertTrue(seen.contains(i), "lost " + i);
    }

    @Test
    void checkpointAcksEveryMessageIdOnceWithoutFailures() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(1000, 10, true).slow(4), 1);
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("spout");
        run("acks", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(50, 0, 0));
        Set<Object> acked = new HashSet<>(Rec.SPOUT_ACKS);
        assertEquals(Rec.SPOUT_ACKS.size(), acked.size(), "no double ack");
        assertEquals(1000, acked.size(), "every message id acked after its checkpoint completed");
    }
}
