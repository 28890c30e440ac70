package dev.storm2flink.compat;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
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

    /**
     * Version 2: Long/Integer/String message ids written directly, others Java-serialized one by one; ids that are
     * not serializable are dropped (they cannot be failed after a restore). Every checkpoint writes all pending
     * ids, so this is on the spout's task thread once per checkpoint. Version 1 (whole split Java-serialized) is still read.
     */
    static final class Serializer implements SimpleVersionedSerializer<SpoutSplit> {
        private static final byte LONG = 1, INT = 2, STRING = 3, JAVA = 4;

        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(SpoutSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(16 + split.pending.size() * 9);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        static void write(SpoutSplit split, DataOutputSerializer out) throws IOException {
            DataOutputSerializer body = new DataOutputSerializer(16 + split.pending.size() * 9);
            int n = 0;
            for (Object id : split.pending) {
                if (id instanceof Long) {
                    body.writeByte(LONG);
                    body.writeLong((Long) id);
                } else if (id instanceof Integer) {
                    body.writeByte(INT);
                    body.writeInt((Integer) id);
                } else if (id instanceof String) {
                    body.writeByte(STRING);
                    StringValue.writeString((String) id, body);
                } else {
                    byte[] b;
                    try {
                        if (!(id instanceof Serializable)) continue;
                        b = InstantiationUtil.serializeObject(id);
                    } catch (IOException e) {
                        continue;
                    }
                    body.writeByte(JAVA);
                    body.writeInt(b.length);
                    body.write(b);
                }
                n++;
            }
            out.writeInt(split.taskId);
            out.writeInt(n);
            out.write(body.getSharedBuffer(), 0, body.length());
        }

        static SpoutSplit read(DataInputDeserializer in) throws IOException {
            int taskId = in.readInt();
            int n = in.readInt();
            ArrayList<Object> pending = new ArrayList<>(n);
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            for (int i = 0; i < n; i++) {
                byte tag = in.readByte();
                switch (tag) {
                    case LONG: pending.add(in.readLong()); break;
                    case INT: pending.add(in.readInt()); break;
                    case STRING: pending.add(StringValue.readString(in)); break;
                    case JAVA: {
                        byte[] b = new byte[in.readInt()];
                        in.readFully(b);
                        try {
                            pending.add(InstantiationUtil.deserializeObject(b, cl));
                        } catch (ClassNotFoundException e) {
                            throw new IOException(e);
                        }
                        break;
                    }
                    default: throw new IOException("Corrupt SpoutSplit: unknown tag " + tag);
                }
            }
            return new SpoutSplit(taskId, pending);
        }

        @Override
        public SpoutSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version == 1) {
                try {
                    return InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
            }
            return read(new DataInputDeserializer(bytes));
        }
    }

    static final class ListSerializer implements SimpleVersionedSerializer<ArrayList<SpoutSplit>> {
        private final Serializer inner = new Serializer();

        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(ArrayList<SpoutSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(splits.size());
            for (SpoutSplit s : splits) Serializer.write(s, out);
            return out.getCopyOfBuffer();
        }

        @Override
        @SuppressWarnings("unchecked")
        public ArrayList<SpoutSplit> deserialize(int version, byte[] bytes) throws IOException {
            if (version == 1) {
                try {
                    ArrayList<byte[]> parts = InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
                    ArrayList<SpoutSplit> out = new ArrayList<>();
                    for (byte[] p : parts) out.add(inner.deserialize(1, p));
                    return out;
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
            }
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int n = in.readInt();
            ArrayList<SpoutSplit> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(Serializer.read(in));
            return out;
        }
    }
}
