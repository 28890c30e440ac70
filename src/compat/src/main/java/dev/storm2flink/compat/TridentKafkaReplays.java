package dev.storm2flink.compat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.storm.Config;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutBatchMetadata;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutEmitter;
import org.apache.storm.kafka.spout.trident.KafkaTridentSpoutTopicPartition;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.FailedException;
import org.apache.storm.trident.operation.TridentCollector;
import org.apache.storm.trident.spout.IPartitionedTridentSpout;
import org.apache.storm.trident.spout.ISpoutPartition;
import org.apache.storm.trident.topology.TransactionAttempt;
import org.apache.storm.tuple.Fields;

/**
 * storm-kafka-client's {@code KafkaTridentSpoutTransactional} replays a transaction's batch with one {@code
 * consumer.poll(pollTimeoutMs)} and emits what that poll returns. A poll that returns nothing in time (the first of a
 * new consumer, after a restore, on a loaded machine) replays the batch empty, and Trident commits it so: its records
 * are lost (TridentKafkaTest lost one partition's offsets 200..299 so; a Storm worker restart does the same). Its
 * emitter is wrapped here: a replay that did not read up to the batch's last offset is polled again while it emitted
 * nothing, and otherwise fails the batch ({@link FailedException}), so Trident replays the transaction. And an empty
 * batch's metadata is written so that its replay emits nothing (the spout's own replays the previous record again).
 */
final class TridentKafkaReplays {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TridentKafkaReplays.class);

    static final String SPOUT = "org.apache.storm.kafka.spout.trident.KafkaTridentSpoutTransactional";

    private TridentKafkaReplays() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static IPartitionedTridentSpout<Object, ISpoutPartition, Object> guard(IPartitionedTridentSpout spout) {
        return new Spout(spout);
    }

    /** The spout, its emitter guarded; everything else as the spout says. */
    private static final class Spout implements IPartitionedTridentSpout<Object, ISpoutPartition, Object> {
        private static final long serialVersionUID = 1L;
        private final IPartitionedTridentSpout<Object, ISpoutPartition, Object> spout;

        Spout(IPartitionedTridentSpout<Object, ISpoutPartition, Object> spout) {
            this.spout = spout;
        }

        @Override
        public Coordinator<Object> getCoordinator(Map<String, Object> conf, TopologyContext context) {
            return spout.getCoordinator(conf, context);
        }

        @Override
        public Emitter<Object, ISpoutPartition, Object> getEmitter(Map<String, Object> conf, TopologyContext context) {
            Emitter<Object, ISpoutPartition, Object> emitter = spout.getEmitter(conf, context);
            Consumer<?, ?> consumer = consumerOf(emitter);
            if (consumer == null) {
                LOG.warn(
                        "{}: no Kafka consumer found in {}; a transaction's replay is not checked for records its poll missed",
                        context.getThisComponentId(),
                        emitter.getClass().getName());
                return emitter;
            }
            Number secs = (Number) conf.get(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS);
            return new GuardedEmitter(
                    emitter, consumer, context.getStormId(), (secs == null ? 30 : secs.longValue()) * 1000);
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return spout.getComponentConfiguration();
        }

        @Override
        public Fields getOutputFields() {
            return spout.getOutputFields();
        }
    }

    /** KafkaTridentTransactionalSpoutEmitter holds a KafkaTridentSpoutEmitter, which holds the consumer. */
    private static Consumer<?, ?> consumerOf(Object emitter) {
        Object inner = fieldOfType(emitter, KafkaTridentSpoutEmitter.class);
        return inner == null ? null : (Consumer<?, ?>) fieldOfType(inner, Consumer.class);
    }

    private static Object fieldOfType(Object o, Class<?> type) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!type.isAssignableFrom(f.getType())) continue;
                try {
                    f.setAccessible(true);
                    return f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static final class GuardedEmitter
            implements IPartitionedTridentSpout.Emitter<Object, ISpoutPartition, Object> {
        private final IPartitionedTridentSpout.Emitter<Object, ISpoutPartition, Object> emitter;
        private final Consumer<?, ?> consumer;
        private final String stormId;
        private final long patienceMs;

        GuardedEmitter(
                IPartitionedTridentSpout.Emitter<Object, ISpoutPartition, Object> emitter,
                Consumer<?, ?> consumer,
                String stormId,
                long patienceMs) {
            this.emitter = emitter;
            this.consumer = consumer;
            this.stormId = stormId;
            this.patienceMs = patienceMs;
        }

        @Override
        public void reEmitPartitionBatch(
                TransactionAttempt tx, TridentCollector collector, ISpoutPartition partition, Object meta) {
            Counting counting = new Counting(collector);
            KafkaTridentSpoutBatchMetadata batch =
                    meta instanceof Map ? KafkaTridentSpoutBatchMetadata.fromMap(castMap(meta)) : null;
            // Replays the spout itself skips (a batch of another deployment, the empty first batch) are left alone.
            boolean check = batch != null
                    && partition instanceof KafkaTridentSpoutTopicPartition
                    && batch.getFirstOffset() >= 0
                    && batch.getLastOffset() >= batch.getFirstOffset()
                    && stormId.equals(batch.getTopologyId());
            long deadline = System.currentTimeMillis() + patienceMs;
            for (int polls = 1; ; polls++) {
                emitter.reEmitPartitionBatch(tx, counting, partition, meta);
                if (!check) return;
                TopicPartition tp = ((KafkaTridentSpoutTopicPartition) partition).getTopicPartition();
                long position = consumer.position(tp);
                if (position > batch.getLastOffset()) {
                    if (polls > 1)
                        LOG.info(
                                "transaction {}: the replay of {} (offsets {}..{}) read its records at poll {}",
                                tx,
                                tp,
                                batch.getFirstOffset(),
                                batch.getLastOffset(),
                                polls);
                    return;
                }
                // Part of the batch emitted: polling again would emit it twice. Trident replays the whole transaction.
                if (counting.count > 0 || System.currentTimeMillis() >= deadline) {
                    throw new FailedException("transaction " + tx + ": the replay of " + tp + " read up to offset "
                            + (position - 1) + " of its batch " + batch.getFirstOffset() + ".." + batch.getLastOffset()
                            + " (" + counting.count + " records in " + polls
                            + " polls): the batch is failed and replayed");
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Object meta) {
            return (Map<String, Object>) meta;
        }

        @Override
        public List<ISpoutPartition> getOrderedPartitions(Object allPartitionInfo) {
            return emitter.getOrderedPartitions(allPartitionInfo);
        }

        @Override
        public Map<ISpoutPartition, Object> emitBatchNew(
                TransactionAttempt tx,
                TridentCollector collector,
                Set<ISpoutPartition> partitions,
                Map<ISpoutPartition, Object> lastPartitionMetaMap) {
            Map<ISpoutPartition, Object> metas =
                    new java.util.HashMap<>(emitter.emitBatchNew(tx, collector, partitions, lastPartitionMetaMap));
            for (Map.Entry<ISpoutPartition, Object> e : metas.entrySet()) {
                Object last = lastPartitionMetaMap.get(e.getKey());
                if (!(last instanceof Map) || !(e.getValue() instanceof Map)) continue;
                KafkaTridentSpoutBatchMetadata before = KafkaTridentSpoutBatchMetadata.fromMap(castMap(last));
                KafkaTridentSpoutBatchMetadata now = KafkaTridentSpoutBatchMetadata.fromMap(castMap(e.getValue()));
                // A poll that returned nothing is written as the batch (position - 1, position - 1): replayed, that
                // emits the previous batch's last record again (counted twice). Written as (position, position - 1)
                // instead, its replay emits nothing and the next batch still starts at the position.
                if (now.getFirstOffset() == now.getLastOffset() && now.getLastOffset() == before.getLastOffset()) {
                    e.setValue(new KafkaTridentSpoutBatchMetadata(
                                    now.getLastOffset() + 1, now.getLastOffset(), now.getTopologyId())
                            .toMap());
                }
            }
            return metas;
        }

        @Override
        public void refreshPartitions(List<ISpoutPartition> partitionResponsibilities) {
            emitter.refreshPartitions(partitionResponsibilities);
        }

        @Override
        public List<ISpoutPartition> getPartitionsForTask(
                int taskId, int numTasks, List<ISpoutPartition> allPartitionInfoSorted) {
            return emitter.getPartitionsForTask(taskId, numTasks, allPartitionInfoSorted);
        }

        @Override
        public void close() {
            emitter.close();
        }
    }

    /** Counts what a replay emitted. */
    private static final class Counting implements TridentCollector {
        private final TridentCollector collector;
        int count;

        Counting(TridentCollector collector) {
            this.collector = collector;
        }

        @Override
        public void emit(List<Object> values) {
            count++;
            collector.emit(values);
        }

        @Override
        public void flush() {
            collector.flush();
        }

        @Override
        public void reportError(Throwable t) {
            collector.reportError(t);
        }
    }
}
