package dev.storm2flink.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializer of {@link StormRecord}: header fields written directly, tuple values with a one-byte tag and a
 * fast path for the types Storm tuples mostly carry; anything else goes through Flink's Kryo (as before).
 * Generic Kryo on the whole record wrote the list class name per record and dominated the CPU profile.
 */
public final class StormRecordSerializer extends TypeSerializer<StormRecord> {
    private static final long serialVersionUID = 1L;

    private static final byte NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4, BOOLEAN = 5, BYTES = 6,
            SHORT = 7, BYTE = 8, FLOAT = 9, CHAR = 10, KRYO = 11, ASCII = 12;

    /** Kryo for values outside the fast path; not thread-safe, hence {@link #duplicate()}. */
    private final TypeSerializer<Object> fallback;
    /** Read buffer and the last header strings decoded/encoded (source component, stream): per instance, hence duplicate(). */
    private transient byte[] buf;
    private transient byte[][] lastBytes;
    private transient String[] lastString;
    private transient String[] writtenString;
    private transient byte[][] writtenBytes;

    public StormRecordSerializer(SerializerConfig config) {
        this(new KryoSerializer<>(Object.class, config));
    }

    StormRecordSerializer(TypeSerializer<Object> fallback) {
        this.fallback = fallback;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StormRecord> duplicate() {
        return new StormRecordSerializer(fallback.duplicate());
    }

    @Override
    public StormRecord createInstance() {
        return new StormRecord();
    }

    @Override
    public StormRecord copy(StormRecord from) {
        List<Object> values = null;
        if (from.values != null) {
            values = new ArrayList<>(from.values.size());
            for (Object v : from.values) values.add(copyValue(v));
        }
        return new StormRecord(from.targetTask, from.sourceTask, from.sourceComponent, from.streamId, values);
    }

    /** Immutable values are shared (Storm passes values by reference inside a worker too); the rest is deep-copied. */
    private Object copyValue(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Double
                || v instanceof Boolean || v instanceof Short || v instanceof Byte || v instanceof Float || v instanceof Character) {
            return v;
        }
        if (v instanceof byte[]) return ((byte[]) v).clone();
        return fallback.copy(v);
    }

    @Override
    public StormRecord copy(StormRecord from, StormRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StormRecord r, DataOutputView out) throws IOException {
        writeVarInt(r.targetTask, out);
        writeVarInt(r.sourceTask, out);
        writeHeaderString(0, r.sourceComponent, out);
        writeHeaderString(1, r.streamId, out);
        List<Object> values = r.values;
        if (values == null) {
            writeVarInt(-1, out);
            return;
        }
        int n = values.size();
        writeVarInt(n, out);
        for (int i = 0; i < n; i++) writeValue(values.get(i), out);
    }

    private void writeValue(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String) {
            String str = (String) v;
            byte[] ascii = asciiBytes(str);
            if (ascii != null) {
                out.writeByte(ASCII);
                writeVarInt(ascii.length, out);
                out.write(ascii);
            } else {
                out.writeByte(STRING);
                StringValue.writeString(str, out);
            }
        } else if (v instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) v);
        } else if (v instanceof Integer) {
            out.writeByte(INT);
            out.writeInt((Integer) v);
        } else if (v instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) v);
        } else if (v instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) v);
        } else if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            out.writeByte(BYTES);
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Short) {
            out.writeByte(SHORT);
            out.writeShort((Short) v);
        } else if (v instanceof Byte) {
            out.writeByte(BYTE);
            out.writeByte((Byte) v);
        } else if (v instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) v);
        } else if (v instanceof Character) {
            out.writeByte(CHAR);
            out.writeChar((Character) v);
        } else {
            out.writeByte(KRYO);
            fallback.serialize(v, out);
        }
    }

    @Override
    public StormRecord deserialize(DataInputView in) throws IOException {
        return deserialize(new StormRecord(), in);
    }

    @Override
    public StormRecord deserialize(StormRecord r, DataInputView in) throws IOException {
        r.targetTask = readVarInt(in);
        r.sourceTask = readVarInt(in);
        r.sourceComponent = readHeaderString(0, in);
        r.streamId = readHeaderString(1, in);
        int n = readVarInt(in);
        if (n < 0) {
            r.values = null;
        } else {
            // A fresh list: bolts may keep the tuple (or its values) after execute.
            List<Object> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) values.add(readValue(in));
            r.values = values;
        }
        return r;
    }

    private Object readValue(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL: return null;
            case STRING: return StringValue.readString(in);
            case ASCII: {
                int n = readVarInt(in);
                return new String(readBytes(n, in), 0, n, StandardCharsets.ISO_8859_1);
            }
            case LONG: return in.readLong();
            case INT: return in.readInt();
            case DOUBLE: return in.readDouble();
            case BOOLEAN: return in.readBoolean();
            case BYTES: {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }
            case SHORT: return in.readShort();
            case BYTE: return in.readByte();
            case FLOAT: return in.readFloat();
            case CHAR: return in.readChar();
            case KRYO: return fallback.deserialize(in);
            default: throw new IOException("Corrupt StormRecord stream: unknown value tag " + tag);
        }
    }

    /**
     * Most Storm strings (words, ids, JSON) are ASCII: one bulk copy each way instead of StringValue's per-char coding.
     * getBytes(UTF_8) of an ASCII string is a vectorized copy; any other string encodes longer (or lossy for lone
     * surrogates), so those keep StringValue. Null if not ASCII.
     */
    private static byte[] asciiBytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length != s.length()) return null;
        // Same length: every char was ASCII or a lone surrogate, which the encoder turned into '?'.
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '?' && s.charAt(i) != '?') return null;
        }
        return b;
    }

    /** Zigzag varint: task ids, sizes and lengths are small, and bytes per record matter on network edges. */
    private static void writeVarInt(int v, DataOutputView out) throws IOException {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7F) != 0) {
            out.writeByte((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        out.writeByte(z);
    }

    private static int readVarInt(DataInputView in) throws IOException {
        int z = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.readByte();
            z |= (b & 0x7F) << shift;
            if (b >= 0) return (z >>> 1) ^ -(z & 1);
        }
        throw new IOException("Corrupt StormRecord stream: varint too long");
    }

    /** Length -1 = null, -2 = not ASCII (StringValue follows), else ASCII bytes. */
    private void writeHeaderString(int slot, String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeVarInt(-1, out);
            return;
        }
        // An emitter sends the same component and stream String instances every time: encode them once.
        if (writtenString == null) {
            writtenString = new String[2];
            writtenBytes = new byte[2][];
        }
        byte[] ascii;
        if (s == writtenString[slot]) {
            ascii = writtenBytes[slot];
        } else {
            ascii = asciiBytes(s);
            writtenString[slot] = s;
            writtenBytes[slot] = ascii;
        }
        if (ascii != null) {
            writeVarInt(ascii.length, out);
            out.write(ascii);
        } else {
            writeVarInt(-2, out);
            StringValue.writeString(s, out);
        }
    }

    /** Component and stream ids repeat on every record of an edge: reuse the String when the bytes match the last one. */
    private String readHeaderString(int slot, DataInputView in) throws IOException {
        int n = readVarInt(in);
        if (n == -1) return null;
        if (n == -2) return StringValue.readString(in);
        byte[] b = readBytes(n, in);
        if (lastBytes == null) {
            lastBytes = new byte[2][];
            lastString = new String[2];
        }
        byte[] last = lastBytes[slot];
        if (last != null && sameBytes(b, n, last)) return lastString[slot];
        String str = new String(b, 0, n, StandardCharsets.ISO_8859_1);
        lastBytes[slot] = Arrays.copyOf(b, n);
        lastString[slot] = str;
        return str;
    }

    /** Plain loop: ids and words are short, where Arrays.equals' vectorized mismatch costs more than it saves. */
    private static boolean sameBytes(byte[] b, int n, byte[] last) {
        if (last.length != n) return false;
        for (int i = 0; i < n; i++) {
            if (b[i] != last[i]) return false;
        }
        return true;
    }

    private byte[] readBytes(int n, DataInputView in) throws IOException {
        if (buf == null || buf.length < n) buf = new byte[Math.max(n, 64)];
        if (n <= 16) {
            // Short strings byte by byte: readFully ends in a checked Unsafe.copyMemory whose fixed cost dominates here.
            for (int i = 0; i < n; i++) buf[i] = in.readByte();
        } else {
            in.readFully(buf, 0, n);
        }
        return buf;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StormRecordSerializer && fallback.equals(((StormRecordSerializer) o).fallback);
    }

    @Override
    public int hashCode() {
        return StormRecordSerializer.class.hashCode() * 31 + fallback.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<StormRecord> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The Kryo fallback is the nested serializer, so Kryo registrations are checked on restore. Same API on Flink 1.20 and 2.x. */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<StormRecord, StormRecordSerializer> {
        private static final int VERSION = 1;

        public Snapshot() {}

        Snapshot(StormRecordSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(StormRecordSerializer outer) {
            return new TypeSerializer<?>[] {outer.fallback};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected StormRecordSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new StormRecordSerializer((TypeSerializer<Object>) nested[0]);
        }
    }
}
