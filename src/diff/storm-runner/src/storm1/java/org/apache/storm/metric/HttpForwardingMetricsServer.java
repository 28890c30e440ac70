package org.apache.storm.metric;

import com.esotericsoftware.kryo.io.Input;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.storm.metric.api.IMetricsConsumer.DataPoint;
import org.apache.storm.metric.api.IMetricsConsumer.TaskInfo;
import org.apache.storm.serialization.KryoValuesDeserializer;

/**
 * Storm 1.x's {@code org.apache.storm.metric.HttpForwardingMetricsServer} (storm-core), which Storm 2 dropped, with
 * its 1.x API, for Storm 1.x topologies verify runs on Storm 2 (storm-starter's ThroughputVsLatency). It receives
 * what {@link HttpForwardingMetricsConsumer} posts: a Kryo-serialized [TaskInfo, Collection&lt;DataPoint&gt;].
 * Served by the JDK's HTTP server instead of 1.x's shaded Jetty, which Storm 2's client does not carry.
 */
public abstract class HttpForwardingMetricsServer {
    private final Map<String, Object> conf;
    private final ThreadLocal<KryoValuesDeserializer> des;
    private HttpServer server;
    private int port;
    private String url;

    /** Storm's defaults and the given conf, read when the first post comes (the caller goes on filling it in, as in 1.x). */
    @SuppressWarnings("unchecked")
    public HttpForwardingMetricsServer(Map conf) {
        this.conf = (Map<String, Object>) conf;
        this.des = ThreadLocal.withInitial(() -> {
            Map<String, Object> all = org.apache.storm.utils.Utils.readStormConfig();
            if (this.conf != null) all.putAll(this.conf);
            return new KryoValuesDeserializer(withJavaFallback(all));
        });
    }

    /**
     * Data point values Kryo has no registration for (an HdrHistogram) went as Java serialization under Storm 1.x's
     * default, which Storm 2 turned off: both ends keep 1.x's.
     */
    static Map<String, Object> withJavaFallback(Map<String, Object> conf) {
        Map<String, Object> copy = new java.util.HashMap<>(conf == null ? Map.of() : conf);
        copy.put(org.apache.storm.Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION, true);
        return copy;
    }

    /** What a subclass does with each post. */
    public abstract void handle(TaskInfo taskInfo, Collection<DataPoint> dataPoints);

    /** Starts serving on a port (any free one when null or not positive), as 1.x did. */
    @SuppressWarnings("unchecked")
    public void serve(Integer port) {
        if (server != null) throw new RuntimeException("The server is already running");
        try {
            server = HttpServer.create(new InetSocketAddress(port == null || port <= 0 ? 0 : port), 0);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    List<Object> metrics = des.get().deserializeFrom(new Input(body));
                    handle((TaskInfo) metrics.get(0), (Collection<DataPoint>) metrics.get(1));
                    exchange.sendResponseHeaders(200, -1);
                } catch (RuntimeException e) {
                    exchange.sendResponseHeaders(500, -1);
                } finally {
                    exchange.close();
                }
            });
            // Daemon threads: 1.x's Jetty did not keep a JVM alive either once main returned and exit was called.
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "http-forwarding-metrics-server");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            this.port = server.getAddress().getPort();
            this.url = "http://" + InetAddress.getLocalHost().getHostName() + ":" + this.port + "/";
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    public void serve() {
        serve(null);
    }

    public int getPort() {
        return port;
    }

    public String getUrl() {
        return url;
    }
}
