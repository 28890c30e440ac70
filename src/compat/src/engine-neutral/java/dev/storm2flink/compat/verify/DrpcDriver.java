package dev.storm2flink.compat.verify;

import dev.storm2flink.compat.BoundedSpout;
import dev.storm2flink.compat.DrpcSpouts;
import dev.storm2flink.compat.capture.Submissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.storm.ILocalDRPC;
import org.apache.storm.drpc.DRPCSpout;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ISpout;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.utils.Utils;

/**
 * verify's DRPC client, the same on both engines: the DRPC spouts of the topology are pointed at a DRPC server of this
 * JVM (Storm's LocalDRPC on the Storm side, the compat runtime's on the Flink side), then the requests the user's main
 * made while it was captured ({@code drpc.execute(function, args)}, in order) are sent one after another, each
 * answer (or the failure, as DRPC reports it) written to the tap as component {@link #COMPONENT}, stream = the
 * function, values [n, args, answer]. The request ids PrepareRequest draws are random, so the components' own tuples
 * differ between any two runs; the answers are what verify compares.
 */
public final class DrpcDriver {
    public static final String COMPONENT = "$drpc";
    private static volatile boolean done = true;

    private DrpcDriver() {}

    /** True when no requests are outstanding (none started, or all answered or timed out). */
    public static boolean done() {
        return done;
    }

    /** The DRPC spouts of {@code topology} (Trident's DRPC streams' included): id → function. */
    public static Map<String, String> spouts(StormTopology topology) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
            DRPCSpout spout = DrpcSpouts.drpcSpout(deserialize(e.getValue().get_spout_object()));
            if (spout != null) out.put(e.getKey(), spout.get_function());
        }
        return out;
    }

    /**
     * Points every DRPC spout at {@code server} (changed in place; inside Trident's spout as well); {@code bounded}:
     * wrapped so that it ends once the requests are answered (the Flink side's bounded run). Returns how many there were.
     */
    public static int pointSpouts(StormTopology topology, ILocalDRPC server, boolean bounded) {
        Map<String, String> spouts = spouts(topology);
        for (Map.Entry<String, String> e : spouts.entrySet()) {
            SpoutSpec spec = topology.get_spouts().get(e.getKey());
            IRichSpout spout =
                    DrpcSpouts.withDrpcSpout(deserialize(spec.get_spout_object()), new DRPCSpout(e.getValue(), server));
            if (bounded) spout = new UntilAnswered(spout);
            spec.set_spout_object(ComponentObject.serialized_java(Utils.javaSerialize(spout)));
        }
        return spouts.size();
    }

    private static Object deserialize(ComponentObject o) {
        if (!o.is_set_serialized_java()) return null;
        try {
            return Utils.javaDeserialize(o.get_serialized_java(), Object.class);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * The requests to send: the spec's ({function, args} objects) when given, else those of the last capture; none to
     * a DRPC stream beside Trident spouts ({@link DrpcSpouts#besideTridentSpouts}), whose spouts are compared instead.
     */
    public static List<String[]> requests(StormTopology topology, Object fromSpec) {
        if (DrpcSpouts.besideTridentSpouts(topology)) return List.of();
        List<String[]> out = new ArrayList<>();
        if (fromSpec instanceof List) {
            for (Object o : (List<?>) fromSpec) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.add(new String[] {
                    String.valueOf(m.get("function")), m.get("args") == null ? null : String.valueOf(m.get("args"))
                });
            }
            return out;
        }
        for (Submissions.DrpcRequest r : Submissions.drpcRequests()) out.add(new String[] {r.function, r.args});
        return out;
    }

    /** Sends {@code requests} one after another from a thread of its own; each waits at most {@code timeoutMs}. */
    public static void start(ILocalDRPC server, List<String[]> requests, long timeoutMs) {
        done = false;
        Thread t = new Thread(
                () -> {
                    ExecutorService calls = Executors.newCachedThreadPool(r -> {
                        Thread c = new Thread(r, "s2f-verify-drpc-call");
                        c.setDaemon(true);
                        return c;
                    });
                    try {
                        int n = 0;
                        for (String[] req : requests) {
                            Future<String> answer = calls.submit(() -> server.execute(req[0], req[1]));
                            String result;
                            try {
                                result = answer.get(timeoutMs, TimeUnit.MILLISECONDS);
                            } catch (TimeoutException e) {
                                answer.cancel(true);
                                result = "no answer within " + timeoutMs / 1000 + " s";
                            } catch (ExecutionException e) {
                                Throwable c = e.getCause();
                                result = "failed: "
                                        + (c instanceof org.apache.storm.generated.DRPCExecutionException
                                                ? ((org.apache.storm.generated.DRPCExecutionException) c).get_msg()
                                                : String.valueOf(c));
                            }
                            List<Object> values = new ArrayList<>();
                            values.add(n++);
                            values.add(req[1]);
                            values.add(result);
                            Tap.record(COMPONENT, req[0], -1, values, List.of("request", "args", "result"));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        calls.shutdownNow();
                        done = true;
                    }
                },
                "s2f-verify-drpc");
        t.setDaemon(true);
        t.start();
    }

    /** A DRPC spout that ends (bounded mode) once verify's requests are answered; otherwise the spout itself. */
    static final class UntilAnswered extends DelegatingSpout implements BoundedSpout {
        private static final long serialVersionUID = 1L;
        private final IRichSpout spout;

        UntilAnswered(IRichSpout spout) {
            this.spout = spout;
        }

        @Override
        protected ISpout delegate() {
            return spout;
        }

        @Override
        public boolean isFinished() {
            return done;
        }
    }
}
