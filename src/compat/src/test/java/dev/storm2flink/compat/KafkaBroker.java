package dev.storm2flink.compat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A single-node KRaft Kafka 4.x broker in a child JVM (its own classpath, resolved once from
 * src/test/kafka-broker/pom.xml): format storage, then start; loopback, free ports, temp dir.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final Process process;
    final String bootstrap;

    private KafkaBroker(Path dir, Process process, String bootstrap) {
        this.dir = dir;
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static String classpath() throws Exception {
        File base = new File(System.getProperty("basedir", System.getProperty("user.dir")));
        File out = new File(base, "target/kafka-broker.classpath");
        if (!out.isFile() || out.length() == 0) {
            String home = System.getProperty("maven.home");
            String mvn = home != null && new File(home, "bin/mvn").canExecute()
                    ? new File(home, "bin/mvn").getPath()
                    : "mvn";
            Process p = new ProcessBuilder(
                            mvn,
                            "-B",
                            "-q",
                            "-f",
                            new File(base, "src/test/kafka-broker/pom.xml").getPath(),
                            "dependency:build-classpath",
                            "-Dmdep.outputFile=" + out.getAbsolutePath())
                    .redirectErrorStream(true)
                    .redirectOutput(new File(base, "target/kafka-broker-resolve.log"))
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "could not resolve the Kafka broker classpath, see target/kafka-broker-resolve.log");
            }
        }
        return new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static KafkaBroker start() throws Exception {
        String cp = classpath();
        Path dir = Files.createTempDirectory("kafka-broker");
        int port = freePort();
        int controller = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "2");
        Path props = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(props)) {
            p.store(w, null);
        }
        String java = System.getProperty("java.home") + "/bin/java";
        Process format = new ProcessBuilder(
                        java,
                        "-cp",
                        cp,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException(
                    "kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process broker = new ProcessBuilder(
                        java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", cp, "kafka.Kafka", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        KafkaBroker b = new KafkaBroker(dir, broker, "127.0.0.1:" + port);
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            if (!broker.isAlive())
                throw new IllegalStateException("broker died: " + Files.readString(dir.resolve("broker.log")));
            try (AdminClient admin = b.admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return b;
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline) {
                    b.close();
                    throw new IllegalStateException("broker did not start", e);
                }
                Thread.sleep(300);
            }
        }
    }

    AdminClient admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "10000");
        return AdminClient.create(p);
    }

    void createTopic(String name, int partitions) throws Exception {
        try (AdminClient admin = admin()) {
            List<NewTopic> t = new ArrayList<>();
            t.add(new NewTopic(name, partitions, (short) 1));
            admin.createTopics(t).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code n} records: key "k" + (i % 7), value "v" + i. */
    void produce(String topic, int n) {
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) records.add(new String[] {"k" + (i % 7), "v" + i});
        send(topic, records);
    }

    /** One record without key per value. */
    void produce(String topic, List<String> values) {
        List<String[]> records = new ArrayList<>();
        for (String v : values) records.add(new String[] {null, v});
        send(topic, records);
    }

    private void send(String topic, List<String[]> records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String[] r : records) producer.send(new ProducerRecord<>(topic, r[0], r[1]));
            producer.flush();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
