package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.storm.kafka.spout.FirstPollOffsetStrategy;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

class KafkaSpoutTest extends KafkaTestBase {

    static KafkaSpout<String, String> spout(String topic, String group) {
        KafkaSpoutConfig<String, String> cfg = KafkaSpoutConfig.builder(broker.bootstrap, topic)
                .setProp("group.id", group)
                .setFirstPollOffsetStrategy(FirstPollOffsetStrategy.EARLIEST)
                .setRecordTranslator(
                        r -> new Values(r.key(), r.value(), r.topic()), new Fields("key", "value", "topic"), "records")
                .build();
        return new KafkaSpout<>(cfg);
    }

    @Test
    void kafkaSpoutBecomesKafkaSourceWithTheUsersTranslator() throws Exception {
        broker.createTopic("words", 2);
        broker.produce("words", 500);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("kspout", spout("words", "g1"), 2);
        b.setBolt("counter", new Components.SinkBolt(), 2)
                .setNumTasks(3)
                .fieldsGrouping("kspout", "records", new Fields("key"));
        run("kafka", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(200, 0, 0));

        Set<Object> values = new HashSet<>();
        Map<Object, Set<Integer>> keyTasks = new HashMap<>();
        for (Rec.Exec e : Rec.execs("counter")) {
            assertEquals("records", e.stream);
            assertEquals("kspout", e.source);
            assertEquals("words", e.values.get(2));
            values.add(e.values.get(1));
            keyTasks.computeIfAbsent(e.values.get(0), k -> new HashSet<>()).add(e.task);
        }
        assertEquals(500, values.size());
        assertEquals(500, Rec.execs("counter").size());
        for (Set<Integer> s : keyTasks.values()) assertEquals(1, s.size());
        // emit hooks see the spout's emits
        long spoutEmits =
                Rec.EMITS.stream().filter(em -> em.component.equals("kspout")).count();
        assertEquals(500, spoutEmits);
    }

    @Test
    void noRecordLostWhenTheJobFailsAndRestoresKafkaOffsets() throws Exception {
        Components.FailAfterBolt.reset();
        broker.createTopic("events", 2);
        broker.produce("events", 1500);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("kspout", spout("events", "g2"), 1);
        b.setBolt("flaky", new Components.FailAfterBolt(700, 1), 1).shuffleGrouping("kspout", "records");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        run("kafka-fail", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 200));
        assertTrue(Components.FailAfterBolt.THROWN.get(), "failure was injected");
        Set<Object> values = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) values.add(e.values.get(0));
        for (int i = 0; i < 1500; i++) assertTrue(values.contains("v" + i), "lost v" + i);
    }
}
