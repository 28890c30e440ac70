package dev.storm2flink.compat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests against a real Kafka broker: one per test class, started from its Maven jars (KafkaBroker). */
abstract class KafkaTestBase extends TestBase {
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
        broker = null;
    }
}
