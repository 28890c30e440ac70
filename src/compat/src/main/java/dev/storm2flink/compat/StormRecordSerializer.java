package dev.storm2flink.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Serializer of {@link StormRecord}: header fields written directly, tuple values through {@link ValueCodec};
 * anything else goes through Flink's Kryo. Component and stream ids in the header are indexes into the names the
 * topology declares ({@link StormRecordTypeInfo#forPlan}), so a record does not carry (or re-read) those strings;
 * names outside that list, and serializers without one, write the string. Generic Kryo on the whole record wrote
 * the list class name per record and dominated the CPU profile.
 */
public final class StormRecordSerializer extends TypeSerializer<StormRecord> {
    private static final long serialVersionUID = 1L;
    private static final String[] NO_NAMES = new String[0];

    /** Kryo for values outside the fast path; not thread-safe, hence {@link #duplicate()}. */
    private final TypeSerializer<Object> fallback;
    /** Component and stream ids of the topology, sorted; part of the format (in the snapshot too). */
    private final String[] names;
    /** Per instance, hence duplicate(): scratch buffers, the name index, the last header strings written/read. */
    private transient ValueCodec codec;
    private transient byte[] scratch;
    private static final int SCRATCH = 256;
    private transient HashMap<String, Integer> nameIndex;
    private transient String[] writtenString;
    private transient int[] writtenCode;
    private transient byte[][] writtenBytes;
    private transient byte[][] lastBytes;
    private transient String[] lastString;

    public StormRecordSerializer(SerializerConfig config) {
        this(config, NO_NAMES);
    }

    StormRecordSerializer(SerializerConfig config, String[] names) {
        this(new KryoSerializer<>(Object.class, config), names);
    }

    StormRecordSerializer(TypeSerializer<Object> fallback) {
        this(fallback, NO_NAMES);
    }

    StormRecordSerializer(TypeSerializer<Object> fallback, String[] names) {
        this.fallback = fallback;
        this.names = names;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StormRecord> duplicate() {
        return new StormRecordSerializer(fallback.duplicate(), names);
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
        if (v instanceof byte[]) return ((byte[]) v).clone();
        if (ValueCodec.isDirect(v)) return v;
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

    private ValueCodec codec() {
        if (codec == null) codec = new ValueCodec();
        return codec;
    }

    @Override
    public void serialize(StormRecord r, DataOutputView out) throws IOException {
        List<Object> values = r.values;
        int n = values == null ? -1 : values.size();
        int component = headerCode(0, r.sourceComponent), stream = headerCode(1, r.streamId);
        int i = 0;
        if (component >= 0 && stream >= 0) {
            // Both ids in the names: header and the leading short values (words, ids, counts) in one write; per-value
            // writes to the output were a visible share of the profile.
            if (scratch == null) scratch = new byte[SCRATCH];
            byte[] b = scratch;
            int p = ValueCodec.putVarInt(r.targetTask, b, 0);
            p = ValueCodec.putVarInt(r.sourceTask, b, p);
            p = ValueCodec.putVarInt(-3 - component, b, p);
            p = ValueCodec.putVarInt(-3 - stream, b, p);
            p = ValueCodec.putVarInt(n, b, p);
            for (; i < n; i++) {
                if (p > SCRATCH - ValueCodec.PUT_MAX) {
                    out.write(b, 0, p);
                    p = 0;
                }
                int next = ValueCodec.put(values.get(i), b, p);
                if (next < 0) break;
                p = next;
            }
            out.write(b, 0, p);
        } else {
            ValueCodec.writeVarInt(r.targetTask, out);
            ValueCodec.writeVarInt(r.sourceTask, out);
            writeHeaderString(0, r.sourceComponent, out);
            writeHeaderString(1, r.streamId, out);
            ValueCodec.writeVarInt(n, out);
        }
        ValueCodec c = i < n ? codec() : null;
        for (; i < n; i++) {
            Object v = values.get(i);
            if (!c.write(v, out)) {
                out.writeByte(ValueCodec.OTHER);
                fallback.serialize(v, out);
            }
        }
    }

    @Override
    public StormRecord deserialize(DataInputView in) throws IOException {
        return deserialize(new StormRecord(), in);
    }

    @Override
    public StormRecord deserialize(StormRecord r, DataInputView in) throws IOException {
        r.targetTask = ValueCodec.readVarInt(in);
        r.sourceTask = ValueCodec.readVarInt(in);
        r.sourceComponent = readHeaderString(0, in);
        r.streamId = readHeaderString(1, in);
        int n = ValueCodec.readVarInt(in);
        if (n < 0) {
            r.values = null;
        } else {
            // A fresh list: bolts may keep the tuple (or its values) after execute.
            List<Object> values = new ArrayList<>(n);
            ValueCodec c = codec();
            for (int i = 0; i < n; i++) {
                byte tag = in.readByte();
                values.add(tag == ValueCodec.OTHER ? fallback.deserialize(in) : c.read(tag, in));
            }
            r.values = values;
        }
        return r;
    }

    /** ASCII bytes of s, or null if s has another char (StringValue then). */
    private static byte[] asciiBytes(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return null;
            b[i] = (byte) c;
        }
        return b;
    }

    /**
     * Varint code: -1 = null, -2 = StringValue follows, n >= 0 = n ASCII bytes follow (format 1, still read),
     * -3 - i = names[i].
     */
    private void writeHeaderString(int slot, String s, DataOutputView out) throws IOException {
        if (s == null) {
            ValueCodec.writeVarInt(-1, out);
            return;
        }
        int code = headerCode(slot, s);
        if (code >= 0) {
            ValueCodec.writeVarInt(-3 - code, out);
            return;
        }
        byte[] ascii = writtenBytes[slot];
        if (ascii != null) {
            ValueCodec.writeVarInt(ascii.length, out);
            out.write(ascii);
        } else {
            ValueCodec.writeVarInt(-2, out);
            StringValue.writeString(s, out);
        }
    }

    /** Index of s in the names, or -1 (null or not there). An emitter sends the same String instances every time: looked up once. */
    private int headerCode(int slot, String s) {
        if (s == null) return -1;
        if (writtenString == null) {
            writtenString = new String[2];
            writtenCode = new int[2];
            writtenBytes = new byte[2][];
        }
        if (s != writtenString[slot]) {
            int code = nameCode(s);
            writtenCode[slot] = code;
            writtenBytes[slot] = code >= 0 ? null : asciiBytes(s);
            writtenString[slot] = s;
        }
        return writtenCode[slot];
    }

    private int nameCode(String s) {
        if (names.length == 0) return -1;
        if (nameIndex == null) {
            nameIndex = new HashMap<>();
            for (int i = 0; i < names.length; i++) nameIndex.put(names[i], i);
        }
        Integer i = nameIndex.get(s);
        return i == null ? -1 : i;
    }

    /** Literal ids repeat on every record of an edge: reuse the String when the bytes match the last one. */
    private String readHeaderString(int slot, DataInputView in) throws IOException {
        int n = ValueCodec.readVarInt(in);
        if (n <= -3) {
            int i = -3 - n;
            if (i >= names.length) throw new IOException("Corrupt StormRecord stream: name " + i + " of " + names.length);
            return names[i];
        }
        if (n == -1) return null;
        if (n == -2) return StringValue.readString(in);
        byte[] b = codec().readBytes(n, in);
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

    private static boolean sameBytes(byte[] b, int n, byte[] last) {
        if (last.length != n) return false;
        for (int i = 0; i < n; i++) {
            if (b[i] != last[i]) return false;
        }
        return true;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StormRecordSerializer && fallback.equals(((StormRecordSerializer) o).fallback)
                && Arrays.equals(names, ((StormRecordSerializer) o).names);
    }

    @Override
    public int hashCode() {
        return (StormRecordSerializer.class.hashCode() * 31 + fallback.hashCode()) * 31 + Arrays.hashCode(names);
    }

    @Override
    public TypeSerializerSnapshot<StormRecord> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /**
     * The Kryo fallback is the nested serializer, so Kryo registrations are checked on restore. Same API on Flink
     * 1.20 and 2.x. Version 2 adds the names; a version 1 snapshot restores a serializer without names, which reads
     * what version 1 wrote (the value tags and literal header strings are unchanged).
     */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<StormRecord, StormRecordSerializer> {
        private static final int VERSION = 2;
        private String[] names = NO_NAMES;

        public Snapshot() {}

        Snapshot(StormRecordSerializer serializer) {
            super(serializer);
            this.names = serializer.names;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeInt(names.length);
            for (String n : names) out.writeUTF(n);
        }

        @Override
        protected void readOuterSnapshot(int version, DataInputView in, ClassLoader cl) throws IOException {
            if (version < 2) {
                names = NO_NAMES;
                return;
            }
            String[] read = new String[in.readInt()];
            for (int i = 0; i < read.length; i++) read[i] = in.readUTF();
            names = read;
        }

        /** Data written with other names has other codes; without names it has only literals, which any version reads. */
        @Override
        protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(TypeSerializerSnapshot<StormRecord> old) {
            if (!(old instanceof Snapshot)) return OuterSchemaCompatibility.INCOMPATIBLE;
            String[] oldNames = ((Snapshot) old).names;
            return oldNames.length == 0 || Arrays.equals(oldNames, names)
                    ? OuterSchemaCompatibility.COMPATIBLE_AS_IS : OuterSchemaCompatibility.COMPATIBLE_AFTER_MIGRATION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(StormRecordSerializer outer) {
            return new TypeSerializer<?>[] {outer.fallback};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected StormRecordSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new StormRecordSerializer((TypeSerializer<Object>) nested[0], names);
        }
    }
}
