package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.kafka.Broker;
import org.apache.storm.kafka.BrokerHosts;
import org.apache.storm.kafka.KafkaSpout;
import org.apache.storm.kafka.SpoutConfig;
import org.apache.storm.kafka.StaticHosts;
import org.apache.storm.kafka.StringScheme;
import org.apache.storm.kafka.ZkHosts;
import org.apache.storm.kafka.trident.GlobalPartitionInformation;
import org.apache.storm.shade.org.apache.zookeeper.CreateMode;
import org.apache.storm.shade.org.apache.zookeeper.Watcher;
import org.apache.storm.shade.org.apache.zookeeper.ZooDefs;
import org.apache.storm.shade.org.apache.zookeeper.ZooKeeper;
import org.apache.storm.shade.org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.storm.shade.org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.storm.spout.MultiScheme;
import org.apache.storm.spout.SchemeAsMultiScheme;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/**
 * The old ZooKeeper storm-kafka spout (storm-kafka 1.2.4, what translated Storm 0.x/1.x topologies use) becomes a
 * KafkaSource: against a real broker, and with the brokers found in a real in-process ZooKeeper as storm-kafka did.
 */
class LegacyKafkaSpoutTest extends KafkaTestBase {

    /** value "skip…" → nothing (null), "two…" → two tuples, else [value, length]: what the spout emitted per message. */
    static class WordScheme implements MultiScheme {
        @Override
        public Iterable<List<Object>> deserialize(ByteBuffer ser) {
            String s = StandardCharsets.UTF_8.decode(ser).toString();
            if (s.startsWith("skip")) return null;
            List<List<Object>> out = new ArrayList<>();
            out.add(new Values(s, s.length()));
            if (s.startsWith("two")) out.add(new Values(s + "+", s.length() + 1));
            return out;
        }

        @Override
        public Fields getOutputFields() {
            return new Fields("word", "len");
        }
    }

    static KafkaSpout spout(BrokerHosts hosts, String topic, String id, MultiScheme scheme) {
        SpoutConfig cfg = new SpoutConfig(hosts, topic, "/kafka-spout", id);
        cfg.scheme = scheme;
        cfg.startOffsetTime = -2; // kafka.api.OffsetRequest.EarliestTime()
        return new KafkaSpout(cfg);
    }

    static Config confWithBroker() {
        Config c = conf();
        c.put(LegacyKafkaSpoutBridge.BOOTSTRAP_KEY, broker.bootstrap);
        return c;
    }

    @Test
    void legacySpoutBecomesKafkaSourceEmittingTheSchemesTuples() throws Exception {
        broker.createTopic("page-views-1", 2);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) values.add((i % 10 == 0 ? "skip" : i % 10 == 1 ? "two" : "w") + i);
        broker.produce("page-views-1", values);
        TopologyBuilder b = new TopologyBuilder();
        // The hosts are never asked: the config key names the brokers.
        b.setSpout("kafka-spout", spout(new ZkHosts("127.0.0.1:1"), "page-views-1", "pv1", new WordScheme()), 2);
        b.setBolt("counter", new Components.SinkBolt(), 2).fieldsGrouping("kafka-spout", new Fields("word"));
        run("legacy", confWithBroker(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(200, 0, 0));

        Map<Object, Object> got = new HashMap<>();
        for (Rec.Exec e : Rec.execs("counter")) {
            assertEquals("default", e.stream);
            assertEquals("kafka-spout", e.source);
            got.put(e.values.get(0), e.values.get(1));
        }
        Map<Object, Object> expected = new HashMap<>();
        for (String v : values) {
            Iterable<List<Object>> tuples =
                    new WordScheme().deserialize(ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8)));
            if (tuples != null) for (List<Object> t : tuples) expected.put(t.get(0), t.get(1));
        }
        assertEquals(300, expected.size(), "30 skipped, 30 emitted twice");
        assertEquals(expected, got);
        assertEquals(expected.size(), Rec.execs("counter").size(), "each tuple once");
        assertEquals(
                expected.size(),
                Rec.EMITS.stream()
                        .filter(em -> em.component.equals("kafka-spout"))
                        .count(),
                "emit hooks see the spout's emits");
    }

    @Test
    void noRecordLostWhenTheJobFailsAndRestoresKafkaOffsets() throws Exception {
        Components.FailAfterBolt.reset();
        broker.createTopic("page-views-2", 2);
        broker.produce("page-views-2", 1500);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout(
                "kafka-spout",
                spout(new ZkHosts("127.0.0.1:1"), "page-views-2", "pv2", new SchemeAsMultiScheme(new StringScheme())),
                1);
        b.setBolt("flaky", new Components.FailAfterBolt(700, 0), 1).shuffleGrouping("kafka-spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("flaky");
        run(
                "legacy-fail",
                confWithBroker(),
                b.createTopology(),
                bounded(),
                StormOnFlink.flinkConfiguration(100, 3, 200));
        assertTrue(Components.FailAfterBolt.THROWN.get(), "failure was injected");
        Set<Object> seen = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.add(e.values.get(0));
        for (int i = 0; i < 1500; i++) assertTrue(seen.contains("v" + i), "lost v" + i);
    }

    @Test
    void bootstrapServersComeFromTheBrokersRegisteredInZooKeeper() throws Exception {
        File dir = Files.createTempDirectory("zookeeper").toFile();
        ZooKeeperServer server = new ZooKeeperServer(dir, dir, 2000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 60);
        try {
            factory.startup(server);
            String zk = "127.0.0.1:" + factory.getLocalPort();
            String host = broker.bootstrap.substring(0, broker.bootstrap.lastIndexOf(':'));
            int port = Integer.parseInt(broker.bootstrap.substring(broker.bootstrap.lastIndexOf(':') + 1));
            // Kafka 0.10-2.x registration: host/port of the PLAINTEXT listener plus the endpoints.
            register(
                    zk,
                    "/brokers/ids/0",
                    "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},\"endpoints\":[\"PLAINTEXT://"
                            + broker.bootstrap + "\"],\"jmx_port\":-1,\"host\":\"" + host
                            + "\",\"timestamp\":\"1\",\"port\":" + port + ",\"version\":4}");
            broker.createTopic("page-views-3", 2);
            broker.produce("page-views-3", 200);
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout(
                    "kafka-spout",
                    spout(new ZkHosts(zk), "page-views-3", "pv3", new SchemeAsMultiScheme(new StringScheme())),
                    1);
            b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("kafka-spout");
            run("legacy-zk", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(200, 0, 0));
            Set<Object> seen = new HashSet<>();
            for (Rec.Exec e : Rec.execs("sink")) seen.add(e.values.get(0));
            assertEquals(200, seen.size());
            assertTrue(seen.contains("v199"));

            // A ZooKeeper without broker registrations under the path: the error names the spout and the key.
            TopologyBuilder missing = new TopologyBuilder();
            missing.setSpout(
                    "kafka-spout",
                    spout(
                            new ZkHosts(zk, "/kafka/brokers"),
                            "page-views-3",
                            "pv4",
                            new SchemeAsMultiScheme(new StringScheme())),
                    1);
            missing.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("kafka-spout");
            UnsupportedTopologyException e = assertThrows(
                    UnsupportedTopologyException.class,
                    () -> StormOnFlink.build(
                            StreamExecutionEnvironment.getExecutionEnvironment(),
                            "legacy-zk",
                            conf(),
                            missing.createTopology(),
                            bounded()));
            assertEquals(
                    "Spout 'kafka-spout' (storm-kafka KafkaSpout): no Kafka bootstrap servers: ZooKeeper " + zk
                            + " has no /kafka/brokers/ids. Set storm2flink.kafka.bootstrap.servers (host:port,...) in the topology config,"
                            + " the spout's component config or as a JVM system property.",
                    e.getMessage());
        } finally {
            factory.shutdown();
            server.shutdown();
        }
    }

    @Test
    void bootstrapServersComeFromStaticHosts() throws Exception {
        broker.createTopic("page-views-4", 1);
        broker.produce("page-views-4", 50);
        GlobalPartitionInformation partitions = new GlobalPartitionInformation("page-views-4");
        partitions.addPartition(0, Broker.fromString(broker.bootstrap));
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout(
                "kafka-spout",
                spout(new StaticHosts(partitions), "page-views-4", "pv6", new SchemeAsMultiScheme(new StringScheme())),
                1);
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("kafka-spout");
        run("legacy-static", conf(), b.createTopology(), bounded(), StormOnFlink.flinkConfiguration(200, 0, 0));
        Set<Object> seen = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) seen.add(e.values.get(0));
        assertEquals(50, seen.size());
    }

    @Test
    void noZooKeeperAnsweringFailsAtConstructionNamingTheSpoutAndTheKey() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout(
                "kafka-spout",
                spout(new ZkHosts("127.0.0.1:1"), "t", "pv5", new SchemeAsMultiScheme(new StringScheme())),
                1);
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("kafka-spout");
        Config c = conf();
        c.put(Config.STORM_ZOOKEEPER_CONNECTION_TIMEOUT, 500);
        UnsupportedTopologyException e = assertThrows(
                UnsupportedTopologyException.class,
                () -> StormOnFlink.build(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        "legacy-nozk",
                        c,
                        b.createTopology(),
                        bounded()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Spout 'kafka-spout' (storm-kafka KafkaSpout): no Kafka bootstrap servers: ZooKeeper 127.0.0.1:1"
                                        + " did not answer within 500 ms. Set storm2flink.kafka.bootstrap.servers"),
                e.getMessage());
    }

    @Test
    void brokerRegistrationsWithEndpointsOnly() {
        assertEquals(
                "b1:9092",
                LegacyKafkaSpoutBridge.brokerAddress(
                        "{\"host\":\"b1\",\"port\":9092,\"endpoints\":[\"SSL://b1:9093\"]}"));
        assertEquals(
                "b2:9092",
                LegacyKafkaSpoutBridge.brokerAddress(
                        "{\"host\":null,\"port\":-1,\"endpoints\":[\"SSL://b2:9093\",\"PLAINTEXT://b2:9092\"]}"));
        assertEquals("b3:9093", LegacyKafkaSpoutBridge.brokerAddress("{\"endpoints\":[\"SSL://b3:9093\"]}"));
    }

    static void register(String connect, String path, String json) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) up.countDown();
        });
        try {
            assertTrue(up.await(10, TimeUnit.SECONDS), "in-process ZooKeeper did not answer");
            StringBuilder at = new StringBuilder();
            String[] parts = path.substring(1).split("/");
            for (int i = 0; i < parts.length; i++) {
                at.append('/').append(parts[i]);
                byte[] data = i == parts.length - 1 ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
                zk.create(at.toString(), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        } finally {
            zk.close();
        }
    }
}
