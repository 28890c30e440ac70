package dev.storm2flink.compat.verify;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.trident.spout.ITridentSpout;
import org.apache.storm.trident.topology.MasterBatchCoordinator;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * verify runs a Trident topology's first {@code n} transactions on both engines, its spouts as written (a Trident
 * spout's data lives inside the transaction protocol: there is no tuple stream to capture and replay). The master
 * batch coordinator is rebuilt around coordinators that are not ready for any transaction after {@code n}: the same
 * transactions, with the same batches, run on Storm and on Flink, retries of a failed one included, and a spout that
 * cycles forever (FixedBatchSpout.setCycle) still ends. They are also not ready for a transaction while a lower one
 * has not started: the coordinator's loop over free transaction ids asks its throttle per id, so when a slow pass
 * crosses the throttle window it starts a later id before an earlier one, and a spout that fills batches in call
 * order (FixedBatchSpout) then gives them other contents; acks that come in bulk (a checkpoint) free many ids at once.
 */
public final class TridentBatches {
    /** Transaction {@code n}, in the topology conf of both engines' runs alike (the compat runtime gets it through its VerifyHooks). */
    public static final String KEY = "storm2flink.trident.batches";
    /** The highest transaction id each master coordinator reported successful, by component id (the Storm side waits on it). */
    public static final Map<String, AtomicLong> SUCCEEDED = new ConcurrentHashMap<>();

    private TridentBatches() {}

    /** Limits every master batch coordinator of {@code topology}; returns how many there are. */
    public static int limit(StormTopology topology, long n) {
        int found = 0;
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
            ComponentObject obj = e.getValue().get_spout_object();
            if (!obj.is_set_serialized_java()) continue;
            Object spout = Utils.javaDeserialize(obj.get_serialized_java(), java.io.Serializable.class);
            if (!(spout instanceof MasterBatchCoordinator)) continue;
            MasterBatchCoordinator mbc = (MasterBatchCoordinator) spout;
            List<ITridentSpout> limited = new ArrayList<>();
            Sequence started = new Sequence();
            for (ITridentSpout<?> s : spoutsOf(mbc)) limited.add(new Limited<>(s, n, started));
            e.getValue()
                    .set_spout_object(ComponentObject.serialized_java(
                            Utils.javaSerialize(new MasterBatchCoordinator(mbc.getManagedSpoutIds(), limited))));
            found++;
        }
        return found;
    }

    /** Called by the tap hook for each $success of a master coordinator. */
    public static void succeeded(String component, Object tx) {
        if (!(tx instanceof org.apache.storm.trident.topology.TransactionAttempt)) return;
        long id = ((org.apache.storm.trident.topology.TransactionAttempt) tx).getTransactionId();
        SUCCEEDED.computeIfAbsent(component, k -> new AtomicLong()).accumulateAndGet(id, Math::max);
    }

    /** True once every one of {@code coordinators} master coordinators reported transaction {@code n} successful. */
    public static boolean done(int coordinators, long n) {
        if (SUCCEEDED.size() < coordinators) return false;
        for (AtomicLong a : SUCCEEDED.values()) if (a.get() < n) return false;
        return true;
    }

    public static void newRun() {
        SUCCEEDED.clear();
    }

    @SuppressWarnings("unchecked")
    private static List<ITridentSpout<?>> spoutsOf(MasterBatchCoordinator mbc) {
        try {
            Field f = MasterBatchCoordinator.class.getDeclaredField("spouts");
            f.setAccessible(true);
            return (List<ITridentSpout<?>>) f.get(mbc);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the Trident spouts of a MasterBatchCoordinator: " + e, e);
        }
    }

    /** The next transaction id to start, shared by the coordinators of one master coordinator (one task). */
    static final class Sequence implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** 0 until asked: the first id asked is the coordinator's current transaction (1, or where a restore resumes). */
        long next;
    }

    /** The user's Trident spout, with a coordinator that is not ready after transaction {@code n}, nor out of order. */
    static final class Limited<T> implements ITridentSpout<T> {
        private static final long serialVersionUID = 1L;
        private final ITridentSpout<T> spout;
        private final long n;
        private final Sequence started;

        Limited(ITridentSpout<T> spout, long n, Sequence started) {
            this.spout = spout;
            this.n = n;
            this.started = started;
        }

        @Override
        public BatchCoordinator<T> getCoordinator(String txStateId, Map<String, Object> conf, TopologyContext context) {
            BatchCoordinator<T> c = spout.getCoordinator(txStateId, conf, context);
            return new BatchCoordinator<T>() {
                @Override
                public T initializeTransaction(long txid, T prevMetadata, T currMetadata) {
                    return c.initializeTransaction(txid, prevMetadata, currMetadata);
                }

                @Override
                public void success(long txid) {
                    c.success(txid);
                }

                /** Asked after the throttle let the master coordinator start one: true means it starts {@code txid}. */
                @Override
                public boolean isReady(long txid) {
                    if (started.next == 0) started.next = txid;
                    if (txid > n || txid > started.next || !c.isReady(txid)) return false;
                    if (txid == started.next) started.next++;
                    return true;
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        }

        @Override
        public Emitter<T> getEmitter(String txStateId, Map<String, Object> conf, TopologyContext context) {
            return spout.getEmitter(txStateId, conf, context);
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
}
