package dev.storm2flink.compat.verify;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

/** JSON for the tap (writer with a fixed mapping of Java values, see src/diff/README.md) and the replay files. */
public final class Json {
    private Json() {}

    /** Strict JSON; integers become Long (BigInteger beyond), decimals Double, on both engines alike. */
    public static Object parse(String text) throws ParseException {
        return new JSONParser(JSONParser.MODE_RFC4627 & ~JSONParser.USE_INTEGER_STORAGE).parse(text);
    }

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    public static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN/Infinity: write them as strings so the line stays valid.
            if (Double.isNaN(d) || Double.isInfinite(d)) str(sb, String.valueOf(d));
            else sb.append(v);
        } else if (v instanceof Number) {
            sb.append(v); // Integer, Long, Short, Byte, BigInteger, BigDecimal: exact decimal text
        } else if (v instanceof CharSequence || v instanceof Character) {
            str(sb, v.toString());
        } else if (v instanceof byte[]) {
            // Kafka values often arrive as bytes: UTF-8 text when it decodes cleanly, else base64 in an object.
            byte[] b = (byte[]) v;
            String s = new String(b, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b)) str(sb, s);
            else {
                sb.append("{\"base64\":");
                str(sb, Base64.getEncoder().encodeToString(b));
                sb.append('}');
            }
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                str(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Collection<?>) v) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0) sb.append(',');
                write(sb, Array.get(v, i));
            }
            sb.append(']');
        } else {
            // Any other object: its toString, which both engines see identically for the same class.
            str(sb, v.toString());
        }
    }

    private static void str(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        sb.append('"');
    }
}
