package dev.storm2flink.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.InstantiationUtil;

/** One Storm spout task as a FLIP-27 split; its state is the message ids still pending an ack. */
public final class SpoutSplit implements SourceSplit, Serializable {
    private static final long serialVersionUID = 1L;
    public final int taskId;
    public final ArrayList<Object> pending;

    public SpoutSplit(int taskId, List<Object> pending) {
        this.taskId = taskId;
        this.pending = new ArrayList<>(pending);
    }

    @Override
    public String splitId() {
        return String.valueOf(taskId);
    }

    @Override
    public String toString() {
        return "SpoutSplit{task=" + taskId + ", pending=" + pending.size() + "}";
    }

    /** Java serialization; message ids that are not serializable are dropped (they cannot be failed after a restore). */
    static final class Serializer implements SimpleVersionedSerializer<SpoutSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(SpoutSplit split) throws IOException {
            ArrayList<Object> ok = new ArrayList<>();
            for (Object id : split.pending) {
                if (id instanceof Serializable && serializable(id)) ok.add(id);
            }
            return InstantiationUtil.serializeObject(new SpoutSplit(split.taskId, ok));
        }

        private static boolean serializable(Object o) {
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(o);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public SpoutSplit deserialize(int version, byte[] bytes) throws IOException {
            try {
                return InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }
    }

    static final class ListSerializer implements SimpleVersionedSerializer<ArrayList<SpoutSplit>> {
        private final Serializer inner = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ArrayList<SpoutSplit> splits) throws IOException {
            ArrayList<byte[]> parts = new ArrayList<>();
            for (SpoutSplit s : splits) parts.add(inner.serialize(s));
            return InstantiationUtil.serializeObject(parts);
        }

        @Override
        @SuppressWarnings("unchecked")
        public ArrayList<SpoutSplit> deserialize(int version, byte[] bytes) throws IOException {
            try {
                ArrayList<byte[]> parts = InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
                ArrayList<SpoutSplit> out = new ArrayList<>();
                for (byte[] p : parts) out.add(inner.deserialize(1, p));
                return out;
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }
    }
}
