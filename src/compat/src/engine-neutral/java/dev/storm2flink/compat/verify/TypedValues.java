package dev.storm2flink.compat.verify;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tuple values in replay files, typed where JSON is not: a JSON integer is a Long and a decimal a Double (as
 * {@link Json#parse} reads them); other Java types are written as one-key objects, which both engines read back
 * into the same class: {"$int": 5}, {"$short": 5}, {"$byte": 5}, {"$float": 1.5}, {"$char": "x"}, and
 * {"$java": "&lt;base64&gt;"} for anything else that is Serializable (Java serialization, as Storm falls back to
 * for classes Kryo has no registration for). Strings, booleans and null are plain JSON.
 */
public final class TypedValues {
    private TypedValues() {}

    /** The JSON-ready form of a value. Throws IllegalArgumentException for a value that cannot be written back. */
    public static Object encode(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double)
            return v;
        if (v instanceof Integer) return tagged("$int", v);
        if (v instanceof Short) return tagged("$short", v);
        if (v instanceof Byte) return tagged("$byte", v);
        if (v instanceof Float) return tagged("$float", v);
        if (v instanceof Character) return tagged("$char", v.toString());
        if (v instanceof Serializable)
            return tagged("$java", Base64.getEncoder().encodeToString(serialize(v)));
        throw new IllegalArgumentException(
                "a " + v.getClass().getName() + " is not Serializable, so it cannot be written to a replay file");
    }

    /** A value as a replay file line holds it, back in its Java type; `loader` resolves user classes. */
    public static Object decode(Object v, ClassLoader loader) {
        if (!(v instanceof Map)) return v;
        Map<?, ?> m = (Map<?, ?>) v;
        if (m.size() != 1) return v;
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        Object x = e.getValue();
        switch (String.valueOf(e.getKey())) {
            case "$int":
                return ((Number) x).intValue();
            case "$short":
                return ((Number) x).shortValue();
            case "$byte":
                return ((Number) x).byteValue();
            case "$float":
                return ((Number) x).floatValue();
            case "$long":
                return ((Number) x).longValue();
            case "$double":
                return ((Number) x).doubleValue();
            case "$char":
                return x.toString().charAt(0);
            case "$java":
                return deserialize(Base64.getDecoder().decode(x.toString()), loader);
            default:
                return v;
        }
    }

    public static List<Object> decodeAll(List<?> values, ClassLoader loader) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(decode(v, loader));
        return out;
    }

    private static Map<String, Object> tagged(String tag, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(tag, v);
        return m;
    }

    private static byte[] serialize(Object v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(v);
        } catch (IOException e) {
            throw new IllegalArgumentException("a " + v.getClass().getName() + " could not be serialized: " + e, e);
        }
        return b.toByteArray();
    }

    private static Object deserialize(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a {\"$java\": …} value could not be read back: " + e, e);
        }
    }
}
