package dev.storm2flink.compat;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;
import org.apache.storm.state.KeyValueState;
import org.apache.storm.state.State;
import org.apache.storm.state.StateProvider;
import org.apache.storm.task.TopologyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * topology.state.provider of a translated job: a stateful bolt's KeyValueState lives in the bolt task's memory and is
 * written into Flink operator state at each checkpoint (BoltOperator), instead of Redis or HBase. Storm's own
 * StatefulBoltExecutor asks for it in prepare through StateFactory, as on Storm; the bolt operator collects what it
 * hands out ({@link #OPENING}) to snapshot and restore it.
 */
public final class FlinkStateProvider implements StateProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkStateProvider.class);
    /** Set by the bolt operator around a task's prepare (its thread): the states created there, by namespace. */
    static final ThreadLocal<Map<String, KvState>> OPENING = new ThreadLocal<>();

    public FlinkStateProvider() {}

    @Override
    public State newState(String namespace, Map<String, Object> topoConf, TopologyContext context) {
        KvState s = new KvState(namespace);
        Map<String, KvState> opening = OPENING.get();
        if (opening != null) {
            opening.put(namespace, s);
        } else {
            LOG.warn(
                    "state '{}' created outside a bolt's prepare: it lives in memory only and is not checkpointed",
                    namespace);
        }
        return s;
    }

    /**
     * Storm's InMemoryKeyValueState semantics (prepareCommit copies, commit keeps the copy, rollback returns to it), plus
     * the bytes of the prepared copy for a Flink snapshot. Keys and values are written as tuple values are (ValueCodec),
     * else Java-serialized, else with Flink's Kryo: Storm's DefaultStateSerializer is Kryo 4, which Flink 1.20's Kryo 2
     * cannot run.
     */
    static final class KvState implements KeyValueState<Object, Object> {
        private final String namespace;
        private final ValueCodec codec = new ValueCodec();
        /** For what is neither a tuple value kind nor Serializable (StatefulWindowedBoltExecutor's TaskStream keys). */
        private org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer<Object> kryo;

        private HashMap<Object, Object> state = new HashMap<>();
        private HashMap<Object, Object> prepared;
        private long preparedTxid = -1;
        private HashMap<Object, Object> committed;

        KvState(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public void put(Object key, Object value) {
            state.put(key, value);
        }

        @Override
        public Object get(Object key) {
            return state.get(key);
        }

        @Override
        public Object get(Object key, Object defaultValue) {
            Object v = state.get(key);
            return v != null ? v : defaultValue;
        }

        @Override
        public Object delete(Object key) {
            return state.remove(key);
        }

        @Override
        public Iterator<Map.Entry<Object, Object>> iterator() {
            return state.entrySet().iterator();
        }

        @Override
        public void prepareCommit(long txid) {
            prepared = new HashMap<>(state);
            preparedTxid = txid;
        }

        @Override
        public void commit(long txid) {
            if (prepared != null && txid == preparedTxid) {
                committed = prepared;
                prepared = null;
            }
        }

        @Override
        public void commit() {
            committed = new HashMap<>(state);
        }

        @Override
        public void rollback() {
            prepared = null;
            state = committed == null ? new HashMap<>() : new HashMap<>(committed);
        }

        /** The state as of the last prepareCommit (or now, if none is pending), serialized. */
        byte[] snapshot() throws IOException {
            Map<Object, Object> m = prepared != null ? prepared : state;
            DataOutputSerializer out = new DataOutputSerializer(64 + m.size() * 16);
            out.writeInt(m.size());
            for (Map.Entry<Object, Object> e : m.entrySet()) {
                write(e.getKey(), out);
                write(e.getValue(), out);
            }
            return out.getCopyOfBuffer();
        }

        /** Restored from a snapshot: also the committed state a rollback returns to. */
        void restore(byte[] snapshot) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(snapshot);
            HashMap<Object, Object> m = new HashMap<>();
            for (int i = 0, n = in.readInt(); i < n; i++) m.put(read(in), read(in));
            state = m;
            committed = new HashMap<>(m);
        }

        private void write(Object v, DataOutputView out) throws IOException {
            if (codec.write(v, out)) return;
            if (!(v instanceof Serializable)) {
                out.writeByte(ValueCodec.OTHER);
                kryo().serialize(v, out);
                return;
            }
            byte[] b = InstantiationUtil.serializeObject(v);
            out.writeByte(ValueCodec.JAVA);
            out.writeInt(b.length);
            out.write(b);
        }

        private org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer<Object> kryo() {
            if (kryo == null) {
                kryo = new org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer<>(
                        Object.class, new org.apache.flink.api.common.serialization.SerializerConfigImpl());
            }
            return kryo;
        }

        private Object read(DataInputView in) throws IOException {
            byte tag = in.readByte();
            if (tag == ValueCodec.OTHER) return kryo().deserialize(in);
            if (tag != ValueCodec.JAVA) return codec.read(tag, in);
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            try {
                return InstantiationUtil.deserializeObject(
                        b, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("state '" + namespace + "': " + e.getMessage(), e);
            }
        }
    }
}
