package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
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
