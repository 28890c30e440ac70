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
    /** In the order emitted (see {@link PendingIds}). */
    public final List<Object> pending;

    /** Takes a {@link PendingIds} as it is (the reader builds a fresh one per checkpoint); copies anything else. */
    public SpoutSplit(int taskId, List<Object> pending) {
        this.taskId = taskId;
        this.pending = pending instanceof PendingIds ? pending : new PendingIds(pending);
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
     * Version 3: each message id as a {@link ValueCodec} value (the same encoding as tuple values in records),
     * others Java-serialized one by one; ids that are not serializable are dropped (they cannot be failed after a
     * restore). Every checkpoint writes all pending ids, so this is on the spout's task thread once per checkpoint.
     * Still read: version 2 (Long/Integer/String with their own tags) and version 1 (whole split Java-serialized).
     */
    static final class Serializer implements SimpleVersionedSerializer<SpoutSplit> {
        static final int VERSION = 3;
        /** Version 2 tags. */
        private static final byte V2_LONG = 1, V2_INT = 2, V2_STRING = 3, V2_JAVA = 4;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(SpoutSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(16 + split.pending.size() * 9);
            write(split, out, new ValueCodec());
            return out.getCopyOfBuffer();
        }

        static void write(SpoutSplit split, DataOutputSerializer out, ValueCodec codec) throws IOException {
            DataOutputSerializer body = new DataOutputSerializer(16 + split.pending.size() * 9);
            int n = 0;
            PendingIds ids = split.pending instanceof PendingIds ? (PendingIds) split.pending : null;
            for (int i = 0, size = split.pending.size(); i < size; i++) {
                if (ids != null && ids.isRemoved(i)) continue;
                if (ids != null && ids.isLong(i)) {
                    // Long ids straight from the numbers: the same LONG value as the codec writes, without boxing each.
                    body.writeByte(ValueCodec.LONG);
                    body.writeLong(ids.longAt(i));
                    n++;
                    continue;
                }
                Object id = split.pending.get(i);
                if (!codec.write(id, body)) {
                    byte[] b;
                    try {
                        if (!(id instanceof Serializable)) continue;
                        b = InstantiationUtil.serializeObject(id);
                    } catch (IOException e) {
                        continue;
                    }
                    body.writeByte(ValueCodec.OTHER);
                    body.writeInt(b.length);
                    body.write(b);
                }
                n++;
            }
            out.writeInt(split.taskId);
            out.writeInt(n);
            out.write(body.getSharedBuffer(), 0, body.length());
        }

        static SpoutSplit read(int version, DataInputDeserializer in, ValueCodec codec) throws IOException {
            int taskId = in.readInt();
            int n = in.readInt();
            PendingIds pending = new PendingIds();
            for (int i = 0; i < n; i++) {
                byte tag = in.readByte();
                if (version == 2) {
                    switch (tag) {
                        case V2_LONG:
                            pending.add(in.readLong());
                            break;
                        case V2_INT:
                            pending.add(in.readInt());
                            break;
                        case V2_STRING:
                            pending.add(StringValue.readString(in));
                            break;
                        case V2_JAVA:
                            pending.add(javaObject(in));
                            break;
                        default:
                            throw new IOException("Corrupt SpoutSplit: unknown tag " + tag);
                    }
                } else {
                    pending.add(tag == ValueCodec.OTHER ? javaObject(in) : codec.read(tag, in));
                }
            }
            return new SpoutSplit(taskId, pending);
        }

        private static Object javaObject(DataInputDeserializer in) throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            try {
                return InstantiationUtil.deserializeObject(
                        b, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }

        @Override
        public SpoutSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version == 1) {
                try {
                    return InstantiationUtil.deserializeObject(
                            bytes, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
            }
            return read(version, new DataInputDeserializer(bytes), new ValueCodec());
        }
    }

    static final class ListSerializer implements SimpleVersionedSerializer<ArrayList<SpoutSplit>> {
        private final Serializer inner = new Serializer();

        @Override
        public int getVersion() {
            return Serializer.VERSION;
        }

        @Override
        public byte[] serialize(ArrayList<SpoutSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(splits.size());
            ValueCodec codec = new ValueCodec();
            for (SpoutSplit s : splits) Serializer.write(s, out, codec);
            return out.getCopyOfBuffer();
        }

        @Override
        @SuppressWarnings("unchecked")
        public ArrayList<SpoutSplit> deserialize(int version, byte[] bytes) throws IOException {
            if (version == 1) {
                try {
                    ArrayList<byte[]> parts = InstantiationUtil.deserializeObject(
                            bytes, Thread.currentThread().getContextClassLoader());
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
            ValueCodec codec = new ValueCodec();
            for (int i = 0; i < n; i++) out.add(Serializer.read(version, in, codec));
            return out;
        }
    }
}
