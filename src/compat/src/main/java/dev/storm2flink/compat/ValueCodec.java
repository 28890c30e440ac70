package dev.storm2flink.compat;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Tagged encoding of the values Storm tuples and message ids mostly are (String, Long, Integer, ...), shared by
 * {@link StormRecordSerializer} (tuple values) and {@link SpoutSplit} (pending message ids in checkpoints).
 * The tags are part of both persisted formats: add new ones, never renumber. Not thread-safe (scratch buffer).
 */
final class ValueCodec {
    static final byte NULL = 0,
            STRING = 1,
            LONG = 2,
            INT = 3,
            DOUBLE = 4,
            BOOLEAN = 5,
            BYTES = 6,
            SHORT = 7,
            BYTE = 8,
            FLOAT = 9,
            CHAR = 10,
            ASCII = 12;
    /** Not written by the codec: the caller's tag for everything else (Kryo in records, Java serialization in splits). */
    static final byte OTHER = 11;
    /** Not written by the codec either: a Serializable value of a class Kryo cannot carry, Java-serialized (length, bytes). */
    static final byte JAVA = 13;
    /** Tags 64..127: an ASCII string of (tag - 64) chars, tag and length in one byte (words, ids). */
    private static final int SHORT_ASCII = 64, SHORT_ASCII_MAX = 63;

    private byte[] buf = new byte[64];

    /** True if {@link #write} encodes v itself; such values are also immutable, except byte[]. */
    static boolean isDirect(Object v) {
        return v == null
                || v instanceof String
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Double
                || v instanceof Boolean
                || v instanceof byte[]
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Float
                || v instanceof Character;
    }

    /** Writes tag and value and returns true, or writes nothing and returns false (not a direct type). */
    boolean write(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String) {
            writeString((String) v, out);
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
            return false;
        }
        return true;
    }

    /** ASCII (most Storm strings) as one bulk copy with its tag, no per-string allocation; anything else via StringValue. */
    private void writeString(String s, DataOutputView out) throws IOException {
        int n = s.length();
        byte[] b = buffer(n + 1);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.writeByte(STRING);
                StringValue.writeString(s, out);
                return;
            }
            b[i + 1] = (byte) c;
        }
        if (n <= SHORT_ASCII_MAX) {
            b[0] = (byte) (SHORT_ASCII + n);
            out.write(b, 0, n + 1);
        } else {
            out.writeByte(ASCII);
            writeVarInt(n, out);
            out.write(b, 1, n);
        }
    }

    /**
     * Big-endian long and int stores into a byte array (DataOutput's order): one store each where the loop of byte
     * stores was eight or four (HotSpot 17 does not merge them; writing edges was 7% of a split bolt's
     * samples, round 9).
     */
    static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Most bytes {@link #put} writes. */
    static final int PUT_MAX = 1 + SHORT_ASCII_MAX;

    /**
     * The same encoding as {@link #write} for short ASCII strings, Long and Integer, into b at p (room for
     * {@link #PUT_MAX} bytes); returns the position after it, or -1 (nothing written) for any other value.
     */
    static int put(Object v, byte[] b, int p) {
        if (v instanceof String) {
            String s = (String) v;
            int n = s.length();
            if (n > SHORT_ASCII_MAX) return -1;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) return -1;
                b[p + 1 + i] = (byte) c;
            }
            b[p] = (byte) (SHORT_ASCII + n);
            return p + 1 + n;
        }
        if (v instanceof Long) {
            b[p] = LONG;
            LONG_BE.set(b, p + 1, (long) (Long) v);
            return p + 9;
        }
        if (v instanceof Integer) {
            b[p] = INT;
            INT_BE.set(b, p + 1, (int) (Integer) v);
            return p + 5;
        }
        return -1;
    }

    /** The value of a tag written by {@link #write}; {@link #OTHER} and unknown tags are the caller's. */
    Object read(byte tag, DataInputView in) throws IOException {
        if (tag >= SHORT_ASCII) return ascii(tag - SHORT_ASCII, in);
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return StringValue.readString(in);
            case ASCII:
                return ascii(readVarInt(in), in);
            case LONG:
                return in.readLong();
            case INT:
                return in.readInt();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case BYTES: {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            case FLOAT:
                return in.readFloat();
            case CHAR:
                return in.readChar();
            default:
                throw new IOException("Corrupt stream: unknown value tag " + tag);
        }
    }

    private String ascii(int n, DataInputView in) throws IOException {
        return new String(readBytes(n, in), 0, n, StandardCharsets.ISO_8859_1);
    }

    /** n bytes into the scratch buffer (valid until the next call). */
    byte[] readBytes(int n, DataInputView in) throws IOException {
        byte[] b = buffer(n);
        if (n <= 16) {
            // Short strings byte by byte: readFully ends in a checked Unsafe.copyMemory whose fixed cost dominates
            // here.
            for (int i = 0; i < n; i++) b[i] = in.readByte();
        } else {
            in.readFully(b, 0, n);
        }
        return b;
    }

    private byte[] buffer(int n) {
        if (buf.length < n) buf = new byte[Math.max(n, buf.length * 2)];
        return buf;
    }

    /** Zigzag varint: task ids, sizes and lengths are small, and bytes per record matter on network edges. */
    static void writeVarInt(int v, DataOutputView out) throws IOException {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7F) != 0) {
            out.writeByte((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        out.writeByte(z);
    }

    /** writeVarInt into b at p; returns the position after it. */
    static int putVarInt(int v, byte[] b, int p) {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7F) != 0) {
            b[p++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        b[p++] = (byte) z;
        return p;
    }

    static int readVarInt(DataInputView in) throws IOException {
        int z = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.readByte();
            z |= (b & 0x7F) << shift;
            if (b >= 0) return (z >>> 1) ^ -(z & 1);
        }
        throw new IOException("Corrupt stream: varint too long");
    }
}
