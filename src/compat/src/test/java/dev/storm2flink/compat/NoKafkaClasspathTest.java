package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A topology without KafkaSpout builds and runs with neither flink-connector-kafka, storm-kafka-client, storm-kafka nor
 * kafka-clients on the classpath: {@link NoKafkaRunner} runs in a child JVM on the test classpath minus those jars
 * (a child class loader is not enough: MiniCluster threads resolve Flink classes through the application loader).
 */
class NoKafkaClasspathTest {
    @Test
    void topologyWithoutKafkaSpoutNeedsNoKafkaJars() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            String name = new File(entry).getName();
            // storm-kafka-client and the old storm-kafka, kafka-clients and the Scala kafka_2.10 core.
            if (name.startsWith("flink-connector-kafka")
                    || name.startsWith("storm-kafka")
                    || name.startsWith("kafka")) {
                dropped.add(name);
            } else {
                kept.add(entry);
            }
        }
        assertTrue(
                dropped.stream().anyMatch(n -> n.startsWith("flink-connector-kafka")),
                "connector jar not found on " + cp);
        assertTrue(
                dropped.stream().anyMatch(n -> n.startsWith("storm-kafka-client")),
                "storm-kafka-client not found on " + cp);
        assertTrue(dropped.stream().anyMatch(n -> n.startsWith("storm-kafka-1.")), "storm-kafka not found on " + cp);

        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "--add-opens",
                "java.base/java.util=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "-cp",
                String.join(File.pathSeparator, kept),
                NoKafkaRunner.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "runner did not finish");
        String tail = out.length() > 4000 ? out.substring(out.length() - 4000) : out;
        assertEquals(0, p.exitValue(), tail);
        assertTrue(out.contains("NO_KAFKA_EXECUTED 200\n"), tail);
    }
}
