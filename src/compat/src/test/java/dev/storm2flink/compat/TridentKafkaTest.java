package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.kafka.spout.FirstPollOffsetStrategy;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutConfig;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutOpaque;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutTransactional;
import org.apache.storm.trident.TridentState;
import org.apache.storm.trident.TridentTopology;
import org.apache.storm.trident.operation.BaseFilter;
import org.apache.storm.trident.operation.builtin.Count;
import org.apache.storm.trident.testing.MemoryMapState;
import org.apache.storm.trident.tuple.TridentTuple;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/**
 * storm-kafka-client's opaque Trident spout on Flink, against a real broker: its coordinator and emitters keep the
 * partitions' offsets in TransactionalState, batch by batch. Every record is counted exactly once by an opaque
 * persistentAggregate, also when a task fails mid-run and the job restores, also when the transactional spout's replay
 * polls nothing (TridentKafkaReplays).
 */
class TridentKafkaTest extends KafkaTestBase {
    static final int RECORDS = 1200;
    static final Map<String, Long> LAST = new ConcurrentHashMap<>();
    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicBoolean THROWN = new AtomicBoolean();
    static volatile boolean inject;

    static class Record extends BaseFilter {
        @Override
        public boolean isKeep(TridentTuple tuple) {
            LAST.merge(tuple.getString(0), tuple.getLong(1), Math::max);
            return true;
        }
    }

    /** Fails its task once, after some records went through (inject). */
    static class Flaky extends BaseFilter {
        @Override
        public boolean isKeep(TridentTuple tuple) {
            if (inject && SEEN.incrementAndGet() > RECORDS / 3 && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected task failure");
            }
            return true;
        }
    }

    static org.apache.storm.generated.StormTopology topology(String topic) {
        return topology(topic, false);
    }

    /** transactional: KafkaTridentSpoutTransactional (a batch replays exactly its first contents) instead of Opaque. */
    static org.apache.storm.generated.StormTopology topology(String topic, boolean transactional) {
        return topology(topic, transactional, KafkaTridentSpoutConfig.DEFAULT_POLL_TIMEOUT_MS);
    }

    static org.apache.storm.generated.StormTopology topology(String topic, boolean transactional, long pollTimeoutMs) {
        KafkaTridentSpoutConfig<String, String> cfg = KafkaTridentSpoutConfig.builder(broker.bootstrap, topic)
                .setFirstPollOffsetStrategy(FirstPollOffsetStrategy.EARLIEST)
                .setRecordTranslator(r -> new Values(r.value()), new Fields("value"))
                .setProp("max.poll.records", 100)
                .setPollTimeoutMs(pollTimeoutMs)
                .build();
        TridentTopology t = new TridentTopology();
        org.apache.storm.trident.Stream in = transactional
                ? t.newStream("kafka-" + topic, new KafkaTridentSpoutTransactional<>(cfg))
                : t.newStream("kafka-" + topic, new KafkaTridentSpoutOpaque<>(cfg));
        TridentState counts = in.parallelismHint(2)
                .each(new Fields("value"), new Flaky())
                .groupBy(new Fields("value"))
                .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"))
                .parallelismHint(2);
        counts.newValuesStream().each(new Fields("value", "count"), new Record());
        return t.build();
    }

    private static void assertEachRecordCountedOnce() {
        Map<String, Long> want = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) want.put("v" + i, 1L);
        assertEquals(want, new TreeMap<>(LAST));
    }

    @Test
    void opaqueKafkaSpoutCountsEveryRecordOnce() throws Exception {
        LAST.clear();
        inject = false;
        broker.createTopic("trident-words", 2);
        broker.produce("trident-words", RECORDS);
        org.apache.storm.Config c = conf();
        c.setMaxSpoutPending(3);
        run("trident-kafka", c, topology("trident-words"), bounded(), StormOnFlink.flinkConfiguration(100, 0, 100));
        assertEachRecordCountedOnce();
    }

    @Test
    void afterARestoreEveryRecordIsStillCountedOnce() throws Exception {
        countOnceAcrossARestore("trident-restore", false);
    }

    @Test
    void transactionalKafkaSpoutCountsEveryRecordOnceAcrossARestore() throws Exception {
        countOnceAcrossARestore("trident-transactional", true);
    }

    /**
     * The spout replays a transaction with one poll of pollTimeoutMs and emits what it returns: after the restore, the
     * new consumer's first poll of 1 ms returns nothing, and without TridentKafkaReplays the replayed batches were
     * committed empty (200 of 1,200 records lost in 3 runs of 3; with a 20 ms poll, 3 runs of 5 at load average 30).
     */
    @Test
    void aTransactionalReplayWhosePollReturnsNothingIsPolledAgain() throws Exception {
        countOnceAcrossARestore("trident-short-poll", true, 1);
    }

    private static void countOnceAcrossARestore(String topic, boolean transactional) throws Exception {
        countOnceAcrossARestore(topic, transactional, KafkaTridentSpoutConfig.DEFAULT_POLL_TIMEOUT_MS);
    }

    private static void countOnceAcrossARestore(String topic, boolean transactional, long pollTimeoutMs)
            throws Exception {
        LAST.clear();
        SEEN.set(0);
        THROWN.set(false);
        inject = true;
        broker.createTopic(topic, 2);
        broker.produce(topic, RECORDS);
        org.apache.storm.Config c = conf();
        c.setMaxSpoutPending(3);
        run(
                "trident-kafka-" + topic,
                c,
                topology(topic, transactional, pollTimeoutMs),
                bounded(),
                StormOnFlink.flinkConfiguration(100, 3, 100));
        assertTrue(THROWN.get(), "a task failure was injected");
        assertEachRecordCountedOnce();
    }
}
