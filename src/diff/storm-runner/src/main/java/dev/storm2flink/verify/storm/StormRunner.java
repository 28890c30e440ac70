package dev.storm2flink.verify.storm;

import dev.storm2flink.compat.capture.Capture;
import dev.storm2flink.compat.capture.Submissions;
import dev.storm2flink.compat.verify.DrpcDriver;
import dev.storm2flink.compat.verify.ExternalSinks;
import dev.storm2flink.compat.verify.Json;
import dev.storm2flink.compat.verify.KafkaRedirect;
import dev.storm2flink.compat.verify.Lifeline;
import dev.storm2flink.compat.verify.Replay;
import dev.storm2flink.compat.verify.ReplaySpout;
import dev.storm2flink.compat.verify.Rounds;
import dev.storm2flink.compat.verify.Tap;
import dev.storm2flink.compat.verify.TapHook;
import dev.storm2flink.compat.verify.Watermarks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.LocalDRPC;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.Time;

/**
 * Runs a user topology in LocalCluster for `storm2flink verify` and taps every emit.
 *
 * Usage: StormRunner <spec.json> <result.json>. The spec (written by src/diff/storm.ts):
 *   source: {kind: "method", className, method, args?} | {kind: "main", className, args?} | {kind: "flux", file, filter?, envFilter?}
 *   name, tapFile, replay: {spoutId: replayFile}, config: {...}, quietMs, maxRunMs, startGraceMs, ticks?,
 *   kafka?: {bootstrapServers, groupPrefix, expected: {spoutId: records}}, drpc?: {requests?, timeoutMs?} (DrpcDriver)
 * With ticks ({recordsPerRound, secondsPerRound, quietMs, drainRounds}) and a bolt with a tick frequency, the
 * run uses simulated time and rounds (verify.Rounds). The result: {status: "quiet" | "timeout" | "no-output" |
 * "error", emitted, elapsedMs, message?, outputTopics?, rounds?}.
 * Exits 0 when it ran (whatever the status), 3 when it could not build or submit the topology.
 * Stdin is a lifeline: EOF (the parent died or closed it) halts the JVM.
 */
public final class StormRunner {
    private StormRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && "--serve".equals(args[0])) {
            RunServer.serve();
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: StormRunner <spec.json> <result.json> | StormRunner --serve");
            System.exit(64);
        }
        Lifeline.watchStdin("s2f-parent-watchdog");
        Map<?, ?> spec = (Map<?, ?>) Json.parse(Files.readString(Paths.get(args[0])));
        String resultFile = args[1];
        long t0 = System.nanoTime();
        String status;
        String message = null;
        try {
            status = run(spec, StormRunner.class.getClassLoader(), null);
        } catch (Throwable e) {
            Throwable c = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            // A capture that found no topology says why in its message; anything else is named by its class too.
            if (c instanceof ClockWindows) resultCode = ClockWindows.CODE;
            writeResult(
                    resultFile,
                    "error",
                    (System.nanoTime() - t0) / 1_000_000,
                    c instanceof Capture.CaptureException || c instanceof ClockWindows ? c.getMessage() : c.toString());
            System.err.println("S2F-STORM-FAILED: " + c);
            if (!(c instanceof ClockWindows)) c.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(3);
            return;
        }
        Tap.close();
        writeResult(resultFile, status, (System.nanoTime() - t0) / 1_000_000, message);
        System.out.flush();
        System.err.flush();
        // LocalCluster leaves non-daemon threads behind; the result is on disk, so stop here.
        Runtime.getRuntime().halt(0);
    }

    static void writeResult(String file, String status, long elapsedMs, String message) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", status);
        r.put("emitted", Tap.emitted.get());
        r.put("elapsedMs", elapsedMs);
        if (message != null) r.put("message", message);
        if (resultCode != null) r.put("code", resultCode);
        if (!outputTopics.isEmpty()) r.put("outputTopics", outputTopics);
        if (Rounds.active) r.put("rounds", Rounds.summary());
        if (capturedTuples >= 0) r.put("captured", capturedTuples);
        if (!externalSinks.isEmpty()) r.put("externalSinks", new LinkedHashMap<>(externalSinks));
        Files.writeString(Paths.get(file), Json.write(r) + "\n", StandardCharsets.UTF_8);
    }

    /** The bolts of this run that ExternalSinks swapped for acking sinks, id → {class, system}. */
    static final Map<String, Map<String, String>> externalSinks = new LinkedHashMap<>();

    /** The catalog name of a refusal (ClockWindows), for verify's report. */
    static String resultCode;

    /** Static topics of the KafkaBolts, for verify to read back. */
    static final List<String> outputTopics = new ArrayList<>();

    /** A served run that needs a JVM of its own (RunServer): the caller runs it again in one. */
    static final String FRESH_JVM = "fresh-jvm";

    private static long num(Map<?, ?> m, String k, long dflt) {
        Object v = m.get(k);
        return v instanceof Number ? ((Number) v).longValue() : dflt;
    }

    /** Trident batches as fast as the engines take them (Storm's default waits 500 ms between batches). */
    static final int TRIDENT_BATCH_INTERVAL_MS = 10;

    /**
     * Builds and runs the topology. Classes are looked up through `loader` (the user's classes). With `shared`
     * (RunServer), the topology is submitted to that long-lived cluster under `name`; a run that needs a JVM of its
     * own (simulated time for ticks, Storm looking classes up by name) returns FRESH_JVM without running.
     */
    @SuppressWarnings("unchecked")
    static String run(Map<?, ?> spec, ClassLoader loader, LocalCluster shared) throws Exception {
        externalSinks.clear();
        capturedTuples = -1;
        Map<?, ?> source = (Map<?, ?>) spec.get("source");
        String kind = (String) source.get("kind");
        String name = spec.get("name") == null ? "s2f-verify" : spec.get("name").toString();
        String tapFile = (String) spec.get("tapFile");
        Map<String, String> replay = spec.get("replay") == null ? Map.of() : (Map<String, String>) spec.get("replay");
        long quietMs = num(spec, "quietMs", 1500);
        long maxRunMs = num(spec, "maxRunMs", 120_000);
        long startGraceMs = num(spec, "startGraceMs", 30_000);

        Map<String, Object> conf = new HashMap<>();
        if (spec.get("config") instanceof Map) conf.putAll((Map<String, Object>) spec.get("config"));
        Rounds.counting = true;
        Tap.open(tapFile);
        // Storm's acker would otherwise time replayed tuples out at 30 s on a slow machine.
        conf.putIfAbsent(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS, 60);

        StormTopology topology;
        if ("flux".equals(kind)) {
            Properties filter = null;
            if (source.get("filter") != null) {
                filter = new Properties();
                try (InputStream in =
                        Files.newInputStream(Paths.get(source.get("filter").toString()))) {
                    filter.load(in);
                }
            }
            boolean env = Boolean.TRUE.equals(source.get("envFilter"));
            // Through the loader: FluxBuilder finds the user's classes with Class.forName from its own loader.
            Method build = Class.forName(FluxLoader.class.getName(), true, loader)
                    .getMethod("build", String.class, Properties.class, boolean.class);
            Object[] built = (Object[]) build.invoke(null, source.get("file").toString(), filter, env);
            topology = (StormTopology) built[0];
            Map<String, Object> merged = new HashMap<>((Map<String, Object>) built[1]);
            merged.putAll(conf);
            conf = merged;
        } else if ("method".equals(kind) || "main".equals(kind)) {
            StormTopology built = "method".equals(kind) && shared != null ? staticBuilder(spec, source, loader) : null;
            if (built != null) {
                topology = built;
            } else {
                // Whatever the user's code does (a main that submits to StormSubmitter or a LocalCluster, a builder
                // with parameters such as storm-starter's TridentWordCount.buildTopology(LocalDRPC), an instance
                // method): captured, then run here with replay spouts and taps like any other.
                Submissions.Submission captured = capture(spec, source, conf, loader);
                topology = captured.topology;
                Map<String, Object> merged = new HashMap<>(conf);
                merged.putAll(captured.conf);
                conf = merged;
            }
        } else {
            throw new IllegalArgumentException("unknown source kind " + kind);
        }

        // Worker metrics (CPU, GC, memory samples the system bolt takes for metrics consumers) carry no tuple and the
        // Flink side takes none; some need a cluster's natives (storm-starter's ThroughputVsLatency registers
        // sigar's CPUMetric, a JNI library, outside local mode) and would kill the local worker.
        if (conf.remove(Config.TOPOLOGY_WORKER_METRICS) != null)
            System.err.println(
                    "storm2flink: topology.worker.metrics left out (worker samples for metrics consumers; no tuples)");
        // Stateful bolts: no Redis or HBase here (the translated job keeps the state in Flink's checkpoints); Storm's
        // default in-memory provider holds it for the run.
        Object stateProvider = conf.remove(Config.TOPOLOGY_STATE_PROVIDER);
        if (stateProvider != null)
            System.err.println("storm2flink: topology.state.provider " + stateProvider
                    + " replaced by Storm's in-memory state (verify runs no state store)");
        // Connector bolts that only write to a system verify does not run (HBase, Redis, JDBC…): acking sinks, as on
        // the
        // Flink side (VerifyMode).
        externalSinks.putAll(ExternalSinks.standIn(topology, loader));
        Watermarks.newRun();
        // Event-time windows get watermarks at input positions (rounds), which replayed input alone has (a capture
        // run records the spouts for that replay).
        boolean replayable = spec.get("kafka") == null
                && spec.get("tridentBatches") == null
                && DrpcDriver.spouts(topology).isEmpty();
        refuseClockWindows(Watermarks.apply(topology, replayable, false));
        if (spec.get("captureInput") instanceof Map) {
            Map<?, ?> capture = (Map<?, ?>) spec.get("captureInput");
            if (shared == null) return captureInput(name, conf, topology, capture, startGraceMs, null);
            if (needsOwnJvm(conf, 0)) return FRESH_JVM;
            servedConf(conf);
            return captureInput(name, conf, topology, capture, startGraceMs, shared);
        }

        // DRPC spouts take verify's requests from a LocalDRPC here (DrpcDriver), sent once the topology is submitted.
        LocalDRPC drpc = null;
        if (!DrpcDriver.spouts(topology).isEmpty()) {
            drpc = new LocalDRPC();
            DrpcDriver.pointSpouts(topology, drpc, false);
        }
        int replayTasks = 0;
        for (Map.Entry<String, String> e : replay.entrySet())
            replayTasks += Replay.replaceSpout(topology, e.getKey(), e.getValue(), conf);
        BooleanSupplier kafkaDone = () -> true;
        if (spec.get("kafka") instanceof Map)
            kafkaDone = redirectKafka(topology, (Map<String, Object>) spec.get("kafka"));
        if (spec.get("tridentBatches") instanceof Number) {
            // Trident: its spouts run as written, for the same first n transactions as on Flink (TridentBatches).
            long n = ((Number) spec.get("tridentBatches")).longValue();
            int coordinators = dev.storm2flink.compat.verify.TridentBatches.limit(topology, n);
            dev.storm2flink.compat.verify.TridentBatches.newRun();
            conf.put(dev.storm2flink.compat.verify.TridentBatches.KEY, n);
            conf.put(Config.TOPOLOGY_TRIDENT_BATCH_EMIT_INTERVAL_MILLIS, TRIDENT_BATCH_INTERVAL_MS);
            // A cluster serving a batch keeps its ZooKeeper: each run's transactions start at 1 under a root of their
            // own.
            conf.put(Config.TRANSACTIONAL_ZOOKEEPER_ROOT, "/transactional-" + name + "-" + System.nanoTime());
            BooleanSupplier kafka = kafkaDone;
            kafkaDone =
                    () -> kafka.getAsBoolean() && dev.storm2flink.compat.verify.TridentBatches.done(coordinators, n);
        }

        refuseClockWindows(
                Watermarks.apply(topology, replayable && spec.get("ticks") instanceof Map && replayTasks > 0, true));
        addHook(conf, tapFile);
        Map<String, Integer> tickSecs = tickSecs(topology, conf);
        boolean inRounds = spec.get("ticks") instanceof Map && !tickSecs.isEmpty() && replayTasks > 0;
        if (shared != null) {
            // Simulated time is JVM-wide; Storm loads these classes by name from its own loader (a metrics consumer it
            // cannot find kills the worker, and with it this JVM: storm-starter's ThroughputVsLatency).
            if (inRounds || needsOwnJvm(conf, 1)) return FRESH_JVM;
            servedConf(conf);
            shared.submitTopology(name, conf, topology);
            if (drpc == null) return waitQuiet(quietMs, maxRunMs, startGraceMs, replayTasks, kafkaDone);
            // The run's own DRPC server, closed with the run (a request still unanswered then retires the runner).
            try (LocalDRPC server = drpc) {
                return waitQuiet(
                        quietMs, maxRunMs, startGraceMs, replayTasks, withDrpc(server, spec, topology, kafkaDone));
            }
        }
        if (inRounds) {
            Rounds.Settings settings = Rounds.Settings.of((Map<?, ?>) spec.get("ticks"));
            settings.maxRunMs = maxRunMs;
            settings.replayTasks = replayTasks;
            return runInRounds(name, conf, topology, tickSecs, settings, replayTasks, startGraceMs);
        }
        // Not closed: shutting LocalCluster down waits seconds per worker and supervisor; the runner halts the
        // JVM once the result is written.
        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology(name, conf, topology);
        if (drpc != null) kafkaDone = withDrpc(drpc, spec, topology, kafkaDone);
        return waitQuiet(quietMs, maxRunMs, startGraceMs, replayTasks, kafkaDone);
    }

    /**
     * What a shared runner cannot host: Storm loads a metrics consumer and Kryo registrations by name from its own
     * loader, not the run's (one it cannot find kills the worker, and with it this JVM: storm-starter's
     * ThroughputVsLatency), and a user's task hook ({@code ownHooks}: the run's own, the tap's).
     */
    private static boolean needsOwnJvm(Map<String, Object> conf, int ownHooks) {
        Object hooks = conf.get(Config.TOPOLOGY_AUTO_TASK_HOOKS);
        return userMetricsConsumer(conf)
                || conf.containsKey(Config.TOPOLOGY_KRYO_REGISTER)
                || conf.containsKey(Config.TOPOLOGY_KRYO_DECORATORS)
                || conf.containsKey(Config.TOPOLOGY_KRYO_FACTORY)
                || (hooks instanceof List && ((List<?>) hooks).size() > ownHooks);
    }

    /** A served run's conf: its tap's run number, and Kryo that resolves the user's classes through the run's loader. */
    private static void servedConf(Map<String, Object> conf) {
        conf.put(Tap.RUN, RunServer.run);
        conf.put(Config.TOPOLOGY_KRYO_FACTORY, RunServer.KryoFactory.class.getName());
    }

    /** Sends verify's DRPC requests once the topology is submitted; the input is done once they are answered too. */
    private static BooleanSupplier withDrpc(
            LocalDRPC drpc, Map<?, ?> spec, StormTopology topology, BooleanSupplier inputDone) {
        Map<?, ?> d = spec.get("drpc") instanceof Map ? (Map<?, ?>) spec.get("drpc") : Map.of();
        DrpcDriver.start(drpc, DrpcDriver.requests(topology, d.get("requests")), num(d, "timeoutMs", 60_000));
        return () -> inputDone.getAsBoolean() && DrpcDriver.done();
    }

    /**
     * Points the Kafka spouts and bolts at the verify broker. A spout is done once it has emitted as many tuples as
     * its topics held when the run started (verify produced them before) and, under AT_LEAST_ONCE, each was acked:
     * acks reach the expected count and every emit (retries included) was acked or failed.
     */
    @SuppressWarnings("unchecked")
    private static BooleanSupplier redirectKafka(StormTopology topology, Map<String, Object> kafka) {
        KafkaRedirect.Result r = KafkaRedirect.apply(
                topology, String.valueOf(kafka.get("bootstrapServers")), String.valueOf(kafka.get("groupPrefix")));
        outputTopics.addAll(r.outputTopics);
        Map<String, Object> expected =
                kafka.get("expected") instanceof Map ? (Map<String, Object>) kafka.get("expected") : Map.of();
        Map<String, Long> want = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            if (!r.spouts.containsKey(e.getKey())) {
                throw new IllegalStateException("spout \"" + e.getKey()
                        + "\" is not a storm-kafka-client KafkaSpout at run time (" + "re-pointed: " + r.spouts.keySet()
                        + "), so it cannot be pointed at the verify broker");
            }
            want.put(e.getKey(), ((Number) e.getValue()).longValue());
        }
        return () -> {
            for (Map.Entry<String, Long> w : want.entrySet()) {
                String id = w.getKey();
                long emits = Tap.count(Tap.emittedBy, id, 0);
                if (emits < w.getValue()) return false;
                if ("AT_LEAST_ONCE".equals(r.spouts.get(id))) {
                    long acked = Tap.count(Tap.ackedBy, id, 0);
                    if (acked < w.getValue() || acked + Tap.count(Tap.failedBy, id, 0) < emits) return false;
                }
            }
            return true;
        };
    }

    /** Bolt id → effective tick frequency: its own conf (getComponentConfiguration, addConfiguration), else the topology's. */
    static Map<String, Integer> tickSecs(StormTopology topology, Map<String, Object> conf) throws Exception {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet()) {
            if (e.getKey().startsWith("__")) continue;
            Object v = conf.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS);
            String json = e.getValue().get_common().get_json_conf();
            if (json != null) {
                Map<?, ?> own = (Map<?, ?>) Json.parse(json);
                if (own.containsKey(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS))
                    v = own.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS);
            }
            if (v instanceof Number && ((Number) v).intValue() > 0) out.put(e.getKey(), ((Number) v).intValue());
            else if (v instanceof String && ((String) v).matches("\\d+") && Integer.parseInt((String) v) > 0)
                out.put(e.getKey(), Integer.parseInt((String) v));
        }
        return out;
    }

    /**
     * Ticks by input position (verify.Rounds) on simulated time: Storm's own tick timers fire, at the seconds the
     * driver advances to. Simulated time stays frozen from the first spout open on, so every executor's tick
     * timer starts within one boot step of second 0 and fires exactly at multiples of its frequency.
     */
    private static String runInRounds(
            String name,
            Map<String, Object> conf,
            StormTopology topology,
            Map<String, Integer> tickSecs,
            Rounds.Settings settings,
            int replayTasks,
            long startGraceMs)
            throws Exception {
        int id = 0;
        for (Map.Entry<String, Integer> e : tickSecs.entrySet()) {
            int tasks = Replay.tasks(topology.get_bolts().get(e.getKey()).get_common(), conf);
            for (int i = 0; i < tasks; i++) Rounds.tickTask(e.getKey(), ++id, e.getValue());
        }
        int userTasks = Replay.userTasks(topology, conf);
        Rounds.active = true;
        // One worker: the transfer thread between workers idles with Time.sleep, which simulated time freezes.
        conf.put(Config.TOPOLOGY_WORKERS, 1);
        // Not closed: the runner halts the JVM once the result is written (shutdown under simulated time needs
        // the clock advanced).
        LocalCluster cluster = new LocalCluster.Builder()
                .withSimulatedTime()
                .withDaemonConf(Config.TOPOLOGY_ENABLE_MESSAGE_TIMEOUTS, true)
                .build();
        cluster.submitTopology(name, conf, topology);
        long end = System.nanoTime() + startGraceMs * 1_000_000L;
        // Boot needs the clock (supervisor, worker timers) until every task exists; then it stays frozen while the
        // executors pass their start gates (real-time sleeps), so every tick timer starts at the same instant.
        while (Rounds.prepared() < userTasks) {
            if (System.nanoTime() > end)
                throw new IllegalStateException("only " + Rounds.prepared() + " of " + userTasks
                        + " tasks started within " + startGraceMs + " ms (simulated time)");
            Time.advanceTime(200);
            Thread.sleep(10);
        }
        long frozenSince = System.nanoTime();
        while (ReplaySpout.opened.get() < replayTasks) {
            if (System.nanoTime() > end)
                throw new IllegalStateException(
                        "the replay spouts did not open within " + startGraceMs + " ms (simulated time)");
            // A worker still waiting on a timer: nudge the clock, slowly (Rounds reports ticks that come early).
            if (System.nanoTime() - frozenSince > 5_000_000_000L) {
                Time.advanceTime(100);
                frozenSince = System.nanoTime() - 4_500_000_000L;
            }
            Thread.sleep(5);
        }
        // Bolt prepare (and setupTicks) follows their hooks' prepare; the clock is frozen meanwhile.
        Thread.sleep(300);
        return Rounds.drive(settings, () -> {
            Rounds.holdEmits = true;
            try {
                // Every timer has fired (all ticks of this second queued) when this returns.
                cluster.advanceClusterTime(1);
            } finally {
                Rounds.holdEmits = false;
            }
        });
    }

    /**
     * Time windows verify cannot drive (processing time, a stateful window on a Duration or event time, event time
     * whose input is not replayed; src/diff/README.md "Windows"): refused from the topology as built (the analyzer
     * does not always see a window, e.g. a JoinBolt's, or a timestamp extractor). Its code goes to the result.
     */
    static final class ClockWindows extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        static final String CODE = "verify-time-windows";

        ClockWindows(List<String> bolts) {
            super(message(bolts));
        }

        private static String message(List<String> bolts) {
            boolean processing = bolts.stream().anyMatch(b -> b.endsWith("(processing time)"));
            boolean other = bolts.stream().anyMatch(b -> !b.endsWith("(processing time)"));
            return "time windows cannot be verified deterministically: " + String.join(", ", bolts) + "."
                    + (processing
                            ? " A processing-time window takes each tuple's time from the wall clock as it arrives"
                                    + " (Storm's WindowManager, on both engines), so which tuples share a window depends"
                                    + " on how fast they come and differs between any two runs; give the bolt a"
                                    + " timestamp (withTimestampField or withTimestampExtractor) to verify it on event"
                                    + " time."
                            : "")
                    + (other
                            ? " verify computes event-time watermarks after each round of replayed input; a stateful"
                                    + " windowed bolt, or input verify does not replay line by line (Kafka, Trident,"
                                    + " DRPC), has no such rounds."
                            : "")
                    + " Else test these bolts with unit tests";
        }
    }

    static void refuseClockWindows(Watermarks.Result r) {
        if (!r.refused.isEmpty()) throw new ClockWindows(r.refused);
    }

    /** How many tuples the capture run recorded (RecordingSpout), for the result. */
    static int capturedTuples = -1;

    /**
     * No sample data: runs the topology as written with its spouts recording their first {@code limit} emits per
     * task into {@code dir} (RecordingSpout), until every spout task has recorded them, or nothing new was recorded
     * for {@code quietMs} after the first, or {@code timeoutMs} passed. Returns "captured", or "no-output".
     */
    private static String captureInput(
            String name,
            Map<String, Object> conf,
            StormTopology topology,
            Map<?, ?> capture,
            long startGraceMs,
            LocalCluster shared)
            throws Exception {
        int limit = (int) num(capture, "limit", 1000);
        long timeoutMs = num(capture, "timeoutMs", 20_000);
        long quietMs = num(capture, "quietMs", 3_000);
        String dir = capture.get("dir").toString();
        int tasks = dev.storm2flink.compat.verify.RecordingSpout.wrapAll(topology, dir, limit, conf);
        dev.storm2flink.compat.verify.RecordingSpout.newRun(dir);
        // Served: the shared cluster (the runner kills the topology after the run); else one of this JVM's own, not
        // closed (the runner halts the JVM once the result is written).
        LocalCluster cluster = shared != null ? shared : new LocalCluster();
        cluster.submitTopology(name, conf, topology);
        long start = System.nanoTime();
        int last = 0;
        long lastChange = start;
        for (; ; ) {
            Thread.sleep(50);
            long now = System.nanoTime();
            int n = dev.storm2flink.compat.verify.RecordingSpout.recorded.get();
            if (n != last) {
                last = n;
                lastChange = now;
            }
            if (dev.storm2flink.compat.verify.RecordingSpout.full.get() >= tasks) break;
            if (n > 0 && (now - lastChange) / 1_000_000 >= quietMs) break;
            if (n > 0 && (now - start) / 1_000_000 >= timeoutMs) break;
            if (n == 0 && (now - start) / 1_000_000 >= startGraceMs) break;
        }
        dev.storm2flink.compat.verify.RecordingSpout.closeAll();
        capturedTuples = last;
        if (dev.storm2flink.compat.verify.RecordingSpout.problem != null)
            throw new IllegalStateException("the spouts' output could not be captured: "
                    + dev.storm2flink.compat.verify.RecordingSpout.problem);
        return last == 0 ? "no-output" : "captured";
    }

    /** The topology the source's code builds or submits (Capture), its user classes loaded by a CaptureLoader. */
    private static Submissions.Submission capture(
            Map<?, ?> spec, Map<?, ?> source, Map<String, Object> conf, ClassLoader loader) throws Exception {
        Object standIns = spec.get("standIns");
        if (standIns == null)
            throw new IllegalArgumentException("spec.standIns (the compiled LocalCluster stand-in) is missing");
        CaptureLoader captureLoader =
                new CaptureLoader(urls(spec.get("userClasspath")), Paths.get(standIns.toString()), loader);
        String className = (String) source.get("className");
        String method =
                source.get("method") == null ? "main" : source.get("method").toString();
        Class<?> cls = Class.forName(className, true, captureLoader);
        long timeoutMs = num(spec, "captureTimeoutMs", 60_000);
        List<Submissions.Submission> all =
                Capture.run(cls, method, strings(source.get("args")), new HashMap<>(conf), timeoutMs);
        Object submission = source.get("submission");
        return Capture.pick(all, submission == null ? null : submission.toString(), Capture.describe(cls, method));
    }

    static java.net.URL[] urls(Object paths) throws java.net.MalformedURLException {
        List<?> l = paths instanceof List ? (List<?>) paths : List.of();
        java.net.URL[] out = new java.net.URL[l.size()];
        for (int i = 0; i < out.length; i++)
            out[i] = Paths.get(String.valueOf(l.get(i))).toUri().toURL();
        return out;
    }

    private static String[] strings(Object v) {
        if (!(v instanceof List)) return new String[0];
        List<?> l = (List<?>) v;
        String[] out = new String[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = String.valueOf(l.get(i));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void addHook(Map<String, Object> conf, String tapFile) {
        List<String> hooks = new ArrayList<>();
        Object existing = conf.get(Config.TOPOLOGY_AUTO_TASK_HOOKS);
        if (existing instanceof List) hooks.addAll((List<String>) existing);
        hooks.add(TapHook.class.getName());
        conf.put(Config.TOPOLOGY_AUTO_TASK_HOOKS, hooks);
        conf.put(TapHook.TAP_FILE, tapFile);
    }

    /** A registered metrics consumer Storm's own loader cannot find (one of the user's: loaded by name, as Kryo's). */
    private static boolean userMetricsConsumer(Map<String, Object> conf) {
        Object consumers = conf.get(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER);
        if (!(consumers instanceof List)) return false;
        for (Object c : (List<?>) consumers) {
            Object cls = c instanceof Map ? ((Map<?, ?>) c).get("class") : null;
            try {
                Class.forName(String.valueOf(cls), false, StormRunner.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return true;
            }
        }
        return false;
    }

    /**
     * A served run's static builder without parameters, called directly (no capture needed); null when the method is
     * not one (it takes parameters, or is an instance method): then it is captured like a main.
     */
    private static StormTopology staticBuilder(Map<?, ?> spec, Map<?, ?> source, ClassLoader loader) throws Exception {
        String[] methodArgs = strings(source.get("args"));
        // build(String bootstrap) style builders: the verify broker is the natural argument (re-pointed later anyway).
        if (methodArgs.length == 0 && spec.get("kafka") instanceof Map)
            methodArgs = new String[] {String.valueOf(((Map<?, ?>) spec.get("kafka")).get("bootstrapServers"))};
        try {
            return fromMethod(
                    Class.forName((String) source.get("className"), true, loader),
                    (String) source.get("method"),
                    methodArgs);
        } catch (NoSuchMethodException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A static method returning StormTopology or TopologyBuilder, taking nothing, String[] or one String (args[0]). */
    static StormTopology fromMethod(Class<?> cls, String method, String[] args) throws Exception {
        String className = cls.getName();
        Method m;
        Object[] callArgs;
        try {
            m = cls.getDeclaredMethod(method);
            callArgs = new Object[0];
        } catch (NoSuchMethodException e) {
            try {
                m = cls.getDeclaredMethod(method, String[].class);
                callArgs = new Object[] {args};
            } catch (NoSuchMethodException e2) {
                m = cls.getDeclaredMethod(method, String.class);
                callArgs = new Object[] {args.length > 0 ? args[0] : null};
            }
        }
        if (!Modifier.isStatic(m.getModifiers()))
            throw new IllegalArgumentException(className + "." + method + " is not static");
        m.setAccessible(true);
        Object r = m.invoke(null, callArgs);
        if (r instanceof StormTopology) return (StormTopology) r;
        if (r instanceof TopologyBuilder) return ((TopologyBuilder) r).createTopology();
        throw new IllegalArgumentException(className + "." + method + " returned "
                + (r == null ? "null" : r.getClass().getName()) + ", not a StormTopology or TopologyBuilder");
    }

    /**
     * Done when every replay spout task has opened and finished (all its tuples acked), the Kafka spouts have
     * consumed their input (kafkaDone), and no emit happened for quietMs. Without either: quiet after the first
     * emit, or "no-output" after startGraceMs.
     */
    static String waitQuiet(long quietMs, long maxRunMs, long startGraceMs, int replayTasks, BooleanSupplier kafkaDone)
            throws InterruptedException {
        long start = System.nanoTime();
        for (; ; ) {
            Thread.sleep(50);
            long now = System.nanoTime();
            long elapsedMs = (now - start) / 1_000_000;
            long last = Tap.lastEmitNanos.get();
            long quiet = (now - last) / 1_000_000;
            // Tuples still on their way to a bolt (a paused JVM, a busy machine): not quiet yet, unless that lasts
            // (the count is off when a task died with tuples queued).
            boolean settled = Rounds.inFlight() <= 0 || quiet >= Math.max(10_000, 4 * quietMs);
            boolean opened = ReplaySpout.opened.get() >= replayTasks;
            boolean replayDone = opened && ReplaySpout.unfinished.get() == 0 && kafkaDone.getAsBoolean();
            if (last != 0 && replayDone && quiet >= quietMs && settled) return "quiet";
            // Everything emitted but acks still due (a window holds its last tuples until they expire): quiet for
            // longer means nothing more will come before the message timeout replays them.
            boolean drained = opened && ReplaySpout.drained.get() >= replayTasks && kafkaDone.getAsBoolean();
            if (last != 0 && drained && quiet >= 2 * quietMs && settled) return "quiet";
            // Replay spouts done and nothing emitted at all: an empty replay, no point waiting out the grace.
            if (last == 0 && replayDone && elapsedMs >= (replayTasks > 0 ? quietMs : startGraceMs)) return "no-output";
            if (elapsedMs >= maxRunMs) return "timeout";
        }
    }
}
