package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.storm.kafka.bolt.KafkaBolt;
import org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper;
import org.apache.storm.kafka.bolt.selector.FieldNameTopicSelector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once to Kafka: KafkaSpout → a bolt that fails its task once → storm-kafka-client's KafkaBolt, with its own
 * mapper and per-tuple topic selector. With checkpoints in EXACTLY_ONCE mode the KafkaBolt is Flink's transactional
 * KafkaSink: a read_committed consumer finds every input once. At AT_LEAST_ONCE it stays a bolt: none is missing.
 */
class KafkaBoltSinkTest extends KafkaTestBase {
    static final int N = 1500;

    /** Emits (key, value, topic: "<prefix>-even"/"-odd" by the number in the value); its task fails once at {@code failAt}. */
    static class FailOnceBolt extends BaseRichBolt {
        static final AtomicBoolean THROWN = new AtomicBoolean();
        static final AtomicInteger SEEN = new AtomicInteger();
        final int failAt;
        final String prefix;
        transient OutputCollector collector;

        FailOnceBolt(int failAt, String prefix) {
            this.failAt = failAt;
            this.prefix = prefix;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (SEEN.incrementAndGet() >= failAt && THROWN.compareAndSet(false, true))
                throw new IllegalStateException("injected failure");
            String value = input.getStringByField("value");
            int i = Integer.parseInt(value.substring(1));
            collector.emit(
                    input, new Values(input.getStringByField("key"), value, prefix + (i % 2 == 0 ? "-even" : "-odd")));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("key", "value", "topic"));
        }
    }

    static KafkaBolt<String, String> kafkaBolt(String acks) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", acks);
        return new KafkaBolt<String, String>()
                .withProducerProperties(p)
                .withTopicSelector(new FieldNameTopicSelector("topic", "unused"))
                .withTupleToKafkaMapper(new FieldNameBasedTupleToKafkaMapper<>("key", "value"));
    }

    /** The job: N records in {@code in}, read by a KafkaSpout, through FailOnceBolt, to the KafkaBolt (2 tasks). */
    static void runJob(String name, String in, String out, String mode) throws Exception {
        FailOnceBolt.THROWN.set(false);
        FailOnceBolt.SEEN.set(0);
        broker.createTopic(in, 2);
        broker.createTopic(out + "-even", 2);
        broker.createTopic(out + "-odd", 1);
        broker.produce(in, N);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("kspout", KafkaSpoutTest.spout(in, name), 1);
        b.setBolt("stamp", new FailOnceBolt(N / 2, out), 1).shuffleGrouping("kspout", "records");
        b.setBolt("to-kafka", kafkaBolt("1"), 2).shuffleGrouping("stamp");
        Configuration flink = StormOnFlink.flinkConfiguration(100, 3, 200);
        flink.setString("execution.checkpointing.mode", mode);
        run(name, conf(), b.createTopology(), bounded(), flink);
        assertTrue(FailOnceBolt.THROWN.get(), "failure was injected");
    }

    /** Every record of the topics, to their end, read with {@code isolation}. */
    static List<ConsumerRecord<String, String>> readAll(String isolation, String... topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("isolation.level", isolation);
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics)
                for (PartitionInfo pi : c.partitionsFor(t)) parts.add(new TopicPartition(t, pi.partition()));
            c.assign(parts);
            c.seekToBeginning(parts);
            // With read_committed, the end is the last stable offset: nothing open is waited for.
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline)
                    throw new AssertionError("could not read " + String.join(",", topics) + " to its end");
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) out.add(r);
            }
        }
        return out;
    }

    static Map<String, Integer> counts(List<ConsumerRecord<String, String>> records) {
        Map<String, Integer> n = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) n.merge(r.value(), 1, Integer::sum);
        return n;
    }

    static Set<String> transactionalIds(String prefix) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (var admin = broker.admin()) {
            for (TransactionListing t : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
                if (t.transactionalId().startsWith(prefix)) ids.add(t.transactionalId());
            }
        }
        return ids;
    }

    @Test
    void producerPropertiesFitATransactionalProducerAndTheBrokersDefaultMaximum() {
        Properties bolt = new Properties();
        bolt.put("bootstrap.servers", "b:9092");
        bolt.put("key.serializer", StringSerializer.class);
        bolt.put("acks", "1");
        bolt.put("enable.idempotence", "false");
        bolt.put("linger.ms", 5);
        Properties p = KafkaBoltSink.producerProperties(bolt, "k", 10_000, 60_000);
        assertEquals("all", p.getProperty("acks"));
        assertEquals(null, p.getProperty("enable.idempotence"));
        assertEquals(null, p.getProperty("key.serializer"), "the sink writes bytes");
        assertEquals("5", p.getProperty("linger.ms"));
        assertEquals(
                "900000",
                p.getProperty("transaction.timeout.ms"),
                "the brokers' default maximum when the checkpoints fit in it");
        // A checkpoint interval + timeout + a minute of restart beyond 15 min: asked as is (the brokers must allow it).
        assertEquals(
                String.valueOf(20 * 60_000 + 10 * 60_000 + 60_000),
                KafkaBoltSink.producerProperties(bolt, "k", 20 * 60_000, 10 * 60_000)
                        .getProperty("transaction.timeout.ms"));
        bolt.put("transaction.timeout.ms", "120000");
        assertEquals(
                "120000",
                KafkaBoltSink.producerProperties(bolt, "k", 10_000, 60_000).getProperty("transaction.timeout.ms"),
                "the user's own kept");
    }

    @Test
    void exactlyOnceCheckpointsMakeTheKafkaBoltATransactionalSinkAndReadCommittedSeesEveryRecordOnce()
            throws Exception {
        runJob("eo", "eo-in", "eo-out", "EXACTLY_ONCE");
        List<ConsumerRecord<String, String>> records = readAll("read_committed", "eo-out-even", "eo-out-odd");
        Map<String, Integer> n = counts(records);
        for (int i = 0; i < N; i++)
            assertEquals(1, n.getOrDefault("v" + i, 0), "v" + i + " read " + n.getOrDefault("v" + i, 0) + " times");
        assertEquals(N, records.size());
        // The user's mapper (key from "key") and topic selector (topic from "topic") made each record.
        for (ConsumerRecord<String, String> r : records) {
            int i = Integer.parseInt(r.value().substring(1));
            assertEquals("k" + (i % 7), r.key());
            assertEquals(i % 2 == 0 ? "eo-out-even" : "eo-out-odd", r.topic());
        }
        // Written through transactions whose ids start with <topology>-<component>.
        assertTrue(!transactionalIds("eo-to-kafka-").isEmpty(), "transactional ids eo-to-kafka-*");
        // Uncommitted reading shows what read_committed hides: records of the transaction the failure aborted, if any
        // were sent before it (logged; not asserted: when the failure struck is up to the scheduler).
        int uncommitted =
                readAll("read_uncommitted", "eo-out-even", "eo-out-odd").size();
        System.out.println("KafkaBoltSinkTest exactly-once: " + records.size() + " committed, " + uncommitted
                + " in the log with aborted ones");
    }

    /** A user's own mapper: the key field, and the number as text. */
    static class NumberMapper implements org.apache.storm.kafka.bolt.mapper.TupleToKafkaMapper<String, String> {
        @Override
        public String getKeyFromTuple(Tuple t) {
            return t.getStringByField("key");
        }

        @Override
        public String getMessageFromTuple(Tuple t) {
            return "n" + t.getIntegerByField("n");
        }
    }

    @Test
    // Without the sink's acks the trees never complete and the bounded job never ends: fail instead of hanging.
    @org.junit.jupiter.api.Timeout(180)
    void aReliableSpoutsTreesCompleteAtTheSinkAndEachIdIsAckedOnce() throws Exception {
        int n = 4000;
        broker.createTopic("tree-out", 2);
        TopologyBuilder b = new TopologyBuilder();
        // About 1 ms per tuple, so the spout runs for seconds, longer than the message timeout below.
        b.setSpout("seq", new Components.SeqSpout(n, 5, true).slow(1), 1);
        b.setBolt("pass", new Components.PassBolt(), 2).shuffleGrouping("seq");
        b.setBolt(
                        "to-kafka",
                        kafkaBolt("all")
                                .withTupleToKafkaMapper(new NumberMapper())
                                .withTopicSelector(
                                        new org.apache.storm.kafka.bolt.selector.DefaultTopicSelector("tree-out")),
                        2)
                .shuffleGrouping("pass");
        Configuration flink = StormOnFlink.flinkConfiguration(200, 0, 0);
        flink.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        org.apache.storm.Config conf = conf();
        // A tree the sink did not complete would time out and be replayed (failed, then written twice).
        conf.setMessageTimeoutSecs(3);
        run("tree", conf, b.createTopology(), bounded(), flink);
        Map<String, Integer> counts = counts(readAll("read_committed", "tree-out"));
        for (int i = 0; i < n; i++) assertEquals(1, counts.getOrDefault("n" + i, 0), "n" + i);
        // Acks at tree completion: the sink's take completes each tree, so every id is acked once, none timed out.
        assertEquals(n, Rec.SPOUT_ACKS.size());
        assertEquals(n, new java.util.HashSet<>(Rec.SPOUT_ACKS).size());
        assertTrue(Rec.SPOUT_FAILS.isEmpty(), "failed: " + Rec.SPOUT_FAILS);
    }

    @Test
    void atLeastOnceKeepsTheKafkaBoltABoltAndNoRecordIsMissing() throws Exception {
        runJob("alo", "alo-in", "alo-out", "AT_LEAST_ONCE");
        List<ConsumerRecord<String, String>> records = readAll("read_committed", "alo-out-even", "alo-out-odd");
        Map<String, Integer> n = counts(records);
        int duplicated = 0;
        for (int i = 0; i < N; i++) {
            int c = n.getOrDefault("v" + i, 0);
            assertTrue(c >= 1, "v" + i + " missing");
            if (c > 1) duplicated++;
        }
        assertTrue(transactionalIds("alo-to-kafka-").isEmpty(), "no transactions at at-least-once");
        // Records written after the last checkpoint before the failure are written again after the restore: duplicates
        // are possible here (how many depends on when the failure struck), never at exactly-once.
        System.out.println("KafkaBoltSinkTest at-least-once: " + records.size() + " records, " + duplicated
                + " values written more than once");
    }
}
