package dev.storm2flink.compat.capture;

import dev.storm2flink.compat.verify.Json;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.generated.StormTopology;

/**
 * A Nimbus that keeps what is submitted to it (through {@code NimbusClient.LocalOverride}, every StormSubmitter
 * call): the way Storm's own local mode takes over a main that submits, without a cluster behind it. Every other
 * call answers something harmless, so a main that polls its topology afterwards keeps going until it is abandoned.
 */
final class CaptureNimbus {
    private CaptureNimbus() {}

    static Nimbus.Iface create() {
        return (Nimbus.Iface) Proxy.newProxyInstance(
                Nimbus.Iface.class.getClassLoader(),
                new Class<?>[] {Nimbus.Iface.class},
                (proxy, method, args) -> answer(proxy, method, args));
    }

    private static Object answer(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "submitTopology":
            case "submitTopologyWithOpts":
                // (name, uploadedJarLocation, jsonConf, topology[, options])
                Object conf;
                try {
                    conf = Json.parse((String) args[2]);
                } catch (net.minidev.json.parser.ParseException e) {
                    throw new IllegalArgumentException("the submitted config is not JSON: " + e.getMessage(), e);
                }
                Submissions.record(
                        (String) args[0], conf instanceof Map ? (Map<?, ?>) conf : new HashMap<>(), (StormTopology)
                                args[3]);
                return null;
            case "beginFileUpload":
            case "beginCreateBlob":
            case "beginUpdateBlob":
                return UUID.randomUUID().toString();
            case "isTopologyNameAllowed":
                return true;
            case "getNimbusConf":
                return "{}";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return args[0] == proxy;
            case "toString":
                return "storm2flink capture Nimbus";
            default:
                return empty(method.getReturnType());
        }
    }

    /** A default for anything else: nothing, false, zero, an empty list or map, or an empty Thrift struct. */
    private static Object empty(Class<?> type) {
        if (type == void.class) return null;
        if (type == boolean.class) return false;
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        if (type == double.class) return 0.0;
        if (type == String.class) return "";
        if (type.isAssignableFrom(ArrayList.class)) return new ArrayList<>();
        if (type.isAssignableFrom(HashMap.class)) return new HashMap<>();
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
