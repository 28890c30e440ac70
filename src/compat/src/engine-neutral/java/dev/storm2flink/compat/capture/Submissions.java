package dev.storm2flink.compat.capture;

import dev.storm2flink.compat.DrpcSpouts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.storm.generated.StormTopology;

/**
 * What the user's code handed to Storm while {@link Capture} ran it: every submission, in order, whichever way it
 * went (StormSubmitter through the Nimbus override, a LocalCluster stand-in, the translator's StormSubmission).
 */
public final class Submissions {
    private Submissions() {}

    /** One submitted topology: its name, its config as Nimbus would have received it, the topology. */
    public static final class Submission {
        public final String name;
        public final Map<String, Object> conf;
        public final StormTopology topology;

        Submission(String name, Map<String, Object> conf, StormTopology topology) {
            this.name = name;
            this.conf = conf;
            this.topology = topology;
        }
    }

    private static final List<Submission> RECORDED = new ArrayList<>();
    private static long lastNanos;

    @SuppressWarnings("unchecked")
    public static synchronized void record(String name, Map<?, ?> conf, StormTopology topology) {
        Map<String, Object> copy = conf == null ? new HashMap<>() : new HashMap<>((Map<String, Object>) conf);
        // A deep copy: the user's code may go on changing its builder's topology object after submitting.
        RECORDED.add(new Submission(name, copy, topology.deepCopy()));
        if (!drpcSubmitted)
            drpcSubmitted = DrpcSpouts.hasDrpcSpout(topology) && !DrpcSpouts.besideTridentSpouts(topology);
        lastNanos = System.nanoTime();
        Submissions.class.notifyAll();
    }

    /** A DRPC request the user's code made while captured ({@code drpc.execute(function, args)}), in order. */
    public static final class DrpcRequest {
        public final String function;
        public final String args;

        DrpcRequest(String function, String args) {
            this.function = function;
            this.args = args;
        }
    }

    private static final List<DrpcRequest> DRPC = new ArrayList<>();
    private static final Set<String> CAPTURE_SERVICES = ConcurrentHashMap.newKeySet();
    private static volatile boolean capturing;

    /** True while Capture runs the user's code: a DRPC client then records its requests instead of waiting on them. */
    public static boolean capturing() {
        return capturing;
    }

    static void capturing(boolean on) {
        capturing = on;
    }

    public static synchronized void recordDrpc(String function, String args) {
        DRPC.add(new DrpcRequest(function, args));
    }

    /**
     * Whether a submitted topology is a DRPC topology verify sends requests to (DrpcSpouts): its main may go on to
     * make them after a pause.
     */
    static synchronized boolean drpcSubmitted() {
        return drpcSubmitted;
    }

    private static boolean drpcSubmitted;

    /** The DRPC requests of the last capture, in the order the code made them. */
    public static synchronized List<DrpcRequest> drpcRequests() {
        return new ArrayList<>(DRPC);
    }

    static synchronized void clearDrpc() {
        DRPC.clear();
        drpcSubmitted = false;
    }

    /** A DRPC service id (ServiceRegistry) made while capturing: it serves nothing once the capture is over. */
    public static void captureService(String serviceId) {
        CAPTURE_SERVICES.add(serviceId);
    }

    public static boolean isCaptureService(String serviceId) {
        return serviceId != null && CAPTURE_SERVICES.contains(serviceId);
    }

    static synchronized int count() {
        return RECORDED.size();
    }

    static synchronized long lastNanos() {
        return lastNanos;
    }

    static synchronized List<Submission> drain() {
        List<Submission> out = new ArrayList<>(RECORDED);
        RECORDED.clear();
        return out;
    }
}
