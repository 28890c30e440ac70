package dev.storm2flink.compat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * TreeAcksTest with every ack through the JobManager ({@link FailRoute}), the route acks take when a spout task's reader
 * runs in another TaskManager than the bolt: in one MiniCluster they would otherwise go straight to it ({@link LocalAcks}).
 */
class TreeAcksThroughJobManagerTest extends TreeAcksTest {
    @BeforeAll
    static void throughTheJobManager() {
        LocalAcks.enabled = false;
    }

    @AfterAll
    static void localAgain() {
        LocalAcks.enabled = true;
    }
}
