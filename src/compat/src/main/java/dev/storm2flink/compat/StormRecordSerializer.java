package dev.storm2flink.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
    /** Classes registered for Kryo, exactly and as hierarchies (default serializers): see writeOther. */
    private final HashSet<Class<?>> kryoTypes;

    private final ArrayList<Class<?>> kryoDefaults;
    /** Per instance, hence duplicate(): scratch buffers, the name index, the last header strings written/read. */
    private transient ValueCodec codec;

    private transient byte[] scratch;
    /** Bytes of the record being written that are still in scratch. */
    private transient int pos;

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
        this(
                new KryoSerializer<>(Object.class, config),
                names,
                kryoTypesOf(config),
                new ArrayList<>(config.getDefaultKryoSerializerClasses().keySet()));
    }

    StormRecordSerializer(TypeSerializer<Object> fallback) {
        this(fallback, NO_NAMES);
    }

    /** Restored from a snapshot: registrations are not part of it, so Serializable values go as Java serialization. */
    StormRecordSerializer(TypeSerializer<Object> fallback, String[] names) {
        this(fallback, names, new HashSet<>(), new ArrayList<>());
    }

    private StormRecordSerializer(
            TypeSerializer<Object> fallback,
            String[] names,
            HashSet<Class<?>> kryoTypes,
            ArrayList<Class<?>> kryoDefaults) {
        this.fallback = fallback;
        this.names = names;
        this.kryoTypes = kryoTypes;
        this.kryoDefaults = kryoDefaults;
    }

    private static HashSet<Class<?>> kryoTypesOf(SerializerConfig config) {
        HashSet<Class<?>> out = new HashSet<>(config.getRegisteredKryoTypes());
        out.addAll(config.getRegisteredTypesWithKryoSerializerClasses().keySet());
        return out;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StormRecord> duplicate() {
        return new StormRecordSerializer(fallback.duplicate(), names, kryoTypes, kryoDefaults);
    }

    @Override
    public StormRecord createInstance() {
        return new StormRecord();
    }

    /**
     * A new record sharing the tuples' value lists: Storm passes tuples between the executors of one worker by
     * reference too, and the receiving tuple's values are read-only. Chained operators copy every record, and a
     * deep copy (Kryo for anything but immutable values) cost more than the bolt's own work for small tuples.
     */
    @Override
    public StormRecord copy(StormRecord from) {
        StormRecord r = new StormRecord(
                from.targetTask, from.sourceTask, from.sourceComponent, from.streamId, from.values, from.roots);
        r.edges = from.edges;
        if (from.more > 0) {
            r.more = from.more;
            r.moreStreams = Arrays.copyOf(from.moreStreams, from.more);
            r.moreValues = Arrays.copyOf(from.moreValues, from.more);
            if (from.moreRoots != null) r.moreRoots = Arrays.copyOf(from.moreRoots, from.more);
            if (from.moreEdges != null) r.moreEdges = Arrays.copyOf(from.moreEdges, from.more);
        }
        return r;
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

    /**
     * Format: target and source task (varints), component and stream id ({@link #writeName}), then the value count n
     * and the values. A record of k > 1 tuples writes -2 - k before the first count, and before each further tuple's
     * count its stream id (format 3; a single tuple is written as before, so older data reads the same). A tuple
     * with roots writes -2, their number and the roots (varlongs of root + 1: Roots.KAFKA is -1) before its count, or
     * -3 when it has the roots of the tuple before it in the record (an execute's emits share their anchor's) (format
     * 4; earlier ones never wrote -2 or -3 there, so they read the same). A tuple with edges too (acks at tree
     * completion) writes its root count as -1 - count, and one 8-byte edge per root after the roots; in place of -3, -5
     * and the edges (format 5; -4 and below before the first tuple's count mean several tuples).
     * Everything up to a value the codec cannot put goes through the scratch buffer in one write: per-value writes to
     * the output were a visible share of the profile.
     */
    @Override
    public void serialize(StormRecord r, DataOutputView out) throws IOException {
        if (scratch == null) scratch = new byte[SCRATCH];
        pos = 0;
        putVarInt(r.targetTask, out);
        putVarInt(r.sourceTask, out);
        writeName(0, r.sourceComponent, out);
        writeName(1, r.streamId, out);
        int more = r.more;
        if (more > 0) putVarInt(-3 - more, out);
        writeRoots(r.roots, r.edges, out);
        writeValues(r.values, out);
        long[] previous = r.roots;
        for (int i = 0; i < more; i++) {
            writeName(1, r.moreStreams[i], out);
            long[] roots = r.moreRoots == null ? null : r.moreRoots[i];
            long[] edges = r.moreEdges == null ? null : r.moreEdges[i];
            if (roots != null && roots == previous) {
                putVarInt(edges == null ? -3 : -5, out);
                writeEdges(edges, out);
            } else {
                writeRoots(roots, edges, out);
            }
            previous = roots;
            writeValues(r.valuesAt(i + 1), out);
        }
        flushScratch(out);
    }

    private void flushScratch(DataOutputView out) throws IOException {
        if (pos > 0) out.write(scratch, 0, pos);
        pos = 0;
    }

    private void putVarInt(int v, DataOutputView out) throws IOException {
        if (pos > SCRATCH - 5) flushScratch(out);
        pos = ValueCodec.putVarInt(v, scratch, pos);
    }

    private void writeRoots(long[] roots, long[] edges, DataOutputView out) throws IOException {
        if (roots == null) return;
        putVarInt(-2, out);
        putVarInt(edges == null ? roots.length : -1 - roots.length, out);
        for (long root : roots) {
            if (pos > SCRATCH - 10) flushScratch(out);
            // Roots are non-negative (a task id under a 48-bit count) but Roots.KAFKA (-1): + 1 keeps all unsigned.
            long v = root + 1;
            while ((v & ~0x7FL) != 0) {
                scratch[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            scratch[pos++] = (byte) v;
        }
        writeEdges(edges, out);
    }

    /** Edges are random 64-bit numbers: 8 bytes each, a varlong would take 10. */
    private void writeEdges(long[] edges, DataOutputView out) throws IOException {
        if (edges == null) return;
        for (long e : edges) {
            if (pos > SCRATCH - 8) flushScratch(out);
            ValueCodec.LONG_BE.set(scratch, pos, e);
            pos += 8;
        }
    }

    private static long[] readEdges(int n, DataInputView in) throws IOException {
        long[] edges = new long[n];
        for (int i = 0; i < n; i++) edges[i] = in.readLong();
        return edges;
    }

    /** The edges of the roots readRoots read last (null: none). */
    private long[] lastEdges;

    private long[] readRoots(DataInputView in) throws IOException {
        int n = ValueCodec.readVarInt(in);
        boolean edged = n < 0;
        if (edged) n = -1 - n;
        long[] roots = new long[n];
        for (int i = 0; i < n; i++) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = in.readByte();
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            roots[i] = v - 1;
        }
        lastEdges = edged ? readEdges(n, in) : null;
        return roots;
    }

    private void writeValues(List<Object> values, DataOutputView out) throws IOException {
        int n = values == null ? -1 : values.size();
        putVarInt(n, out);
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            if (pos > SCRATCH - ValueCodec.PUT_MAX) flushScratch(out);
            int next = ValueCodec.put(v, scratch, pos);
            if (next >= 0) {
                pos = next;
                continue;
            }
            flushScratch(out);
            if (!codec().write(v, out)) writeOther(v, out);
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
        int more = 0;
        if (n <= -4) {
            more = -3 - n;
            n = ValueCodec.readVarInt(in);
        }
        r.roots = null;
        r.edges = null;
        if (n == -2) {
            r.roots = readRoots(in);
            r.edges = lastEdges;
            n = ValueCodec.readVarInt(in);
        }
        r.values = readValues(n, in);
        r.more = more;
        r.moreRoots = null;
        r.moreEdges = null;
        if (more == 0) {
            r.moreStreams = null;
            r.moreValues = null;
        } else {
            String[] streams = new String[more];
            Object[] values = new Object[more];
            long[] previous = r.roots;
            for (int i = 0; i < more; i++) {
                streams[i] = readHeaderString(1, in);
                int k = ValueCodec.readVarInt(in);
                long[] roots = null;
                long[] edges = null;
                if (k == -2) {
                    roots = readRoots(in);
                    edges = lastEdges;
                    k = ValueCodec.readVarInt(in);
                } else if (k == -3 || k == -5) {
                    roots = previous;
                    if (k == -5) edges = readEdges(roots.length, in);
                    k = ValueCodec.readVarInt(in);
                }
                if (roots != null) {
                    if (r.moreRoots == null) r.moreRoots = new long[more][];
                    r.moreRoots[i] = roots;
                }
                if (edges != null) {
                    if (r.moreEdges == null) r.moreEdges = new long[more][];
                    r.moreEdges[i] = edges;
                }
                previous = roots;
                values[i] = readValues(k, in);
            }
            r.moreStreams = streams;
            r.moreValues = values;
        }
        return r;
    }

    /**
     * A value outside the fast path: Kryo when its class was registered for Kryo (topology.kryo.register, carried
     * into Flink's serializer config), else Java serialization when it is Serializable — as Storm does, whose Kryo
     * requires registration and otherwise falls back on Java serialization (topology.fall.back.on.java.serialization).
     * Flink's generic Kryo cannot rebuild everything (Guava's immutable collections inside a user object: its
     * collection serializer adds to them on read). Anything else (neither registered nor Serializable): Kryo.
     */
    private void writeOther(Object v, DataOutputView out) throws IOException {
        if (v instanceof java.io.Serializable && !kryoRegistered(v.getClass())) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
                o.writeObject(v);
            }
            out.writeByte(ValueCodec.JAVA);
            out.writeInt(bytes.size());
            out.write(bytes.toByteArray());
            return;
        }
        out.writeByte(ValueCodec.OTHER);
        fallback.serialize(v, out);
    }

    private boolean kryoRegistered(Class<?> c) {
        if (kryoTypes.contains(c)) return true;
        for (Class<?> d : kryoDefaults) if (d.isAssignableFrom(c)) return true;
        return false;
    }

    private static Object readJava(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (java.io.ObjectInputStream o = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(b)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return o.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("a Java-serialized tuple value's class is missing: " + e.getMessage(), e);
        }
    }

    private List<Object> readValues(int n, DataInputView in) throws IOException {
        if (n == -1) return null;
        if (n < -1) throw new IOException("Corrupt StormRecord stream: value count " + n);
        // A fresh list: bolts may keep the tuple (or its values) after execute.
        List<Object> values = new ArrayList<>(n);
        ValueCodec c = codec();
        for (int i = 0; i < n; i++) {
            byte tag = in.readByte();
            values.add(
                    tag == ValueCodec.OTHER
                            ? fallback.deserialize(in)
                            : tag == ValueCodec.JAVA ? readJava(in) : c.read(tag, in));
        }
        return values;
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
    private void writeName(int slot, String s, DataOutputView out) throws IOException {
        if (s == null) {
            putVarInt(-1, out);
            return;
        }
        int code = headerCode(slot, s);
        if (code >= 0) {
            putVarInt(-3 - code, out);
            return;
        }
        byte[] ascii = writtenBytes[slot];
        if (ascii != null) {
            putVarInt(ascii.length, out);
            flushScratch(out);
            out.write(ascii);
        } else {
            putVarInt(-2, out);
            flushScratch(out);
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
            if (i >= names.length)
                throw new IOException("Corrupt StormRecord stream: name " + i + " of " + names.length);
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
        return o instanceof StormRecordSerializer
                && fallback.equals(((StormRecordSerializer) o).fallback)
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
        /**
         * 3: records may carry several tuples; 4: tuples may carry roots; 5: and edges (the serializer's format; the
         * fields are those of 2).
         */
        private static final int VERSION = 5;

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
                    ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
                    : OuterSchemaCompatibility.COMPATIBLE_AFTER_MIGRATION;
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
