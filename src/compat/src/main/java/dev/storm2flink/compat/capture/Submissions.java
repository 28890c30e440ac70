package dev.storm2flink.compat.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        lastNanos = System.nanoTime();
        Submissions.class.notifyAll();
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
