package dev.storm2flink.compat.verify;

import dev.storm2flink.compat.Drpc;
import dev.storm2flink.compat.StormOnFlinkOptions;
import dev.storm2flink.compat.VerifyHooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;

/**
 * `storm2flink verify` runs a translated job unchanged, with {@code -Dstorm2flink.verify=<spec.json>}: the job's
 * spouts are swapped for replay spouts, every emit is tapped (the same hook and file format as the Storm side),
 * the run is bounded, and optionally one task fails once mid-run. The spec (written by src/diff/flink-side.ts):
 * {@code {tapFile, resultFile, replay: {spoutId: file}, injectFailure, checkpointMs, kafka?: {bootstrapServers, groupPrefix}, ticks?}}.
 * With {@code kafka}, KafkaSpouts and KafkaBolts are re-pointed at the verify broker before the plan is made, so
 * the KafkaSource built from the spout's config reads that broker from EARLIEST in a group of its own; the bounded
 * run stops it at the offsets that were latest at start. With {@code ticks} ({@link Rounds.Settings}) the replay
 * runs in rounds and bolts tick on verify's clock (TickMode.EXTERNAL). With DRPC spouts, {@code drpc?: {requests?,
 * timeoutMs?}}: the requests (else those the main made while captured) go to the topology through a LocalDRPC here
 * and their answers to the tap ({@link DrpcDriver}).
 */
public final class VerifyMode {
    static final String PROPERTY = "storm2flink.verify";

    /** The bolts ExternalSinks swapped for acking sinks in this run, id → {class, system}. */
    static final Map<String, Map<String, String>> externalSinks = new LinkedHashMap<>();

    public final Map<String, Object> conf;
    public final StormTopology topology;
    public final StormOnFlinkOptions options;

    private VerifyMode(Map<String, Object> conf, StormTopology topology, StormOnFlinkOptions options) {
        this.conf = conf;
        this.topology = topology;
        this.options = options;
    }

    /** Null unless the property is set. */
    @SuppressWarnings("unchecked")
    public static VerifyMode apply(
            StreamExecutionEnvironment env,
            Map<String, Object> conf,
            StormTopology topology,
            StormOnFlinkOptions options) {
        String specFile = System.getProperty(PROPERTY);
        if (specFile == null || specFile.isEmpty()) return null;
        Map<String, Object> spec;
        try {
            spec = (Map<String, Object>) Json.parse(Files.readString(Paths.get(specFile), StandardCharsets.UTF_8));
        } catch (IOException | net.minidev.json.parser.ParseException e) {
            throw new IllegalArgumentException("cannot read the verify spec " + specFile + ": " + e.getMessage(), e);
        }
        boolean served = Boolean.getBoolean(VerifyServer.SERVED);
        // Served (VerifyServer): the server reads stdin and writes the result once the job's main returns.
        if (!served) Lifeline.watchStdin("s2f-verify-watchdog");
        String tapFile = (String) spec.get("tapFile");
        Tap.open(tapFile);
        Object result = spec.get("resultFile");
        if (result != null && !served)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> writeResult(result.toString()), "s2f-verify-result"));

        Map<String, Object> c = new HashMap<>(conf);
        List<String> hooks = new ArrayList<>();
        if (c.get(Config.TOPOLOGY_AUTO_TASK_HOOKS) instanceof List)
            hooks.addAll((List<String>) c.get(Config.TOPOLOGY_AUTO_TASK_HOOKS));
        hooks.add(TapHook.class.getName());
        c.put(Config.TOPOLOGY_AUTO_TASK_HOOKS, hooks);
        c.put(TapHook.TAP_FILE, tapFile);

        StormTopology t = topology.deepCopy();
        Map<String, String> replay =
                spec.get("replay") instanceof Map ? (Map<String, String>) spec.get("replay") : Map.of();
        int replayTasks = 0;
        for (Map.Entry<String, String> e : replay.entrySet())
            replayTasks += Replay.replaceSpout(t, e.getKey(), e.getValue(), c);
        // Connector bolts that only write to a system verify does not run: acking sinks, as on the Storm side.
        externalSinks.clear();
        externalSinks.putAll(ExternalSinks.standIn(t, VerifyMode.class.getClassLoader()));
        if (spec.get("tridentBatches") instanceof Number) {
            // The first n transactions, as on the Storm side (TridentBatches); the bounded run ends after the n-th.
            long n = ((Number) spec.get("tridentBatches")).longValue();
            TridentBatches.limit(t, n);
            c.put(TridentBatches.KEY, n);
            c.put(Config.TOPOLOGY_TRIDENT_BATCH_EMIT_INTERVAL_MILLIS, 10);
        }
        // Event-time windows: watermarks on verify's ticks, after each round, as on the Storm side (Watermarks).
        Watermarks.Result windows = Watermarks.apply(
                t,
                spec.get("ticks") instanceof Map
                        && replayTasks > 0
                        && !(spec.get("kafka") instanceof Map)
                        && !(spec.get("tridentBatches") instanceof Number)
                        && DrpcDriver.spouts(t).isEmpty(),
                true);
        if (!windows.refused.isEmpty())
            throw new IllegalArgumentException(
                    "time windows verify cannot drive: " + String.join(", ", windows.refused));
        if (spec.get("kafka") instanceof Map) {
            Map<String, Object> kafka = (Map<String, Object>) spec.get("kafka");
            KafkaRedirect.apply(
                    t, String.valueOf(kafka.get("bootstrapServers")), String.valueOf(kafka.get("groupPrefix")));
        }

        StormOnFlinkOptions o = options.copy();
        o.bounded = true;
        long tridentBatches =
                spec.get("tridentBatches") instanceof Number ? ((Number) spec.get("tridentBatches")).longValue() : 0;
        o.verifyHooks = new Hooks(tridentBatches);
        boolean inject = Boolean.TRUE.equals(spec.get("injectFailure"));
        if (inject) {
            Faults.arm();
            o.ackMode = StormOnFlinkOptions.AckMode.CHECKPOINT;
            Object ms = spec.get("checkpointMs");
            env.enableCheckpointing(ms instanceof Number ? ((Number) ms).longValue() : 200);
            Configuration restart = new Configuration();
            restart.set(ConfigOptions.key("restart-strategy.type").stringType().noDefaultValue(), "fixed-delay");
            restart.set(
                    ConfigOptions.key("restart-strategy.fixed-delay.attempts")
                            .stringType()
                            .noDefaultValue(),
                    "3");
            restart.set(
                    ConfigOptions.key("restart-strategy.fixed-delay.delay")
                            .stringType()
                            .noDefaultValue(),
                    "100 ms");
            env.configure(restart);
        } else if (spec.get("ticks") instanceof Map) {
            // Rounds wait for every released line's ack: acks at once, or each round would wait for a checkpoint.
            o.ackMode = StormOnFlinkOptions.AckMode.IMMEDIATE;
        } else {
            // The path a deployed job takes: acks follow checkpoints, so a bolt's fail() replays from the spout as on
            // Storm (each replay spout ends once its lines are acked: a checkpoint later). Nothing restarts: a
            // failure in a plain run is a finding, not something to recover from.
            o.ackMode = StormOnFlinkOptions.AckMode.CHECKPOINT;
            env.enableCheckpointing(100);
            Configuration none = new Configuration();
            none.set(ConfigOptions.key("restart-strategy.type").stringType().noDefaultValue(), "none");
            env.configure(none);
        }
        if (!DrpcDriver.spouts(t).isEmpty())
            startDrpc(t, c, o, spec.get("drpc") instanceof Map ? (Map<?, ?>) spec.get("drpc") : Map.of());
        if (spec.get("ticks") instanceof Map) {
            Rounds.Settings settings = Rounds.Settings.of((Map<?, ?>) spec.get("ticks"));
            settings.replayTasks = replayTasks;
            startRounds(settings, Replay.userTasks(t, c), o);
        }
        return new VerifyMode(c, t, o);
    }

    /**
     * A DRPC topology: its spouts take requests from a LocalDRPC of this JVM, to which verify sends the requests the
     * user's main made (or the spec's), as on the Storm side; the spouts end once the last is answered.
     */
    private static void startDrpc(StormTopology t, Map<String, Object> c, StormOnFlinkOptions o, Map<?, ?> drpc) {
        org.apache.storm.LocalDRPC server = new org.apache.storm.LocalDRPC();
        List<String[]> requests = DrpcDriver.requests(t, drpc.get("requests"));
        DrpcDriver.pointSpouts(t, server, true);
        c.put(Drpc.LOCAL, true);
        // Idle between requests is not the end of the input: the driver decides.
        o.idlePollsToFinish = Integer.MAX_VALUE;
        Object ms = drpc.get("timeoutMs");
        DrpcDriver.start(server, requests, ms instanceof Number ? ((Number) ms).longValue() : 60_000);
    }

    private static void startRounds(Rounds.Settings settings, int tasks, StormOnFlinkOptions o) {
        o.tickMode = StormOnFlinkOptions.TickMode.EXTERNAL;
        // Spouts wait between rounds; only the driver decides when the input is over.
        o.idlePollsToFinish = Integer.MAX_VALUE;
        Rounds.active = true;
        // Storm's clock (org.apache.storm.utils.Time) simulated as on the Storm side, from before any task prepares:
        // a bolt that reads it (storm-starter's NthLastModifiedTimeTracker) sees the same seconds on both engines.
        // Never closed: a run in rounds has a JVM of its own, which ends with it.
        if (!org.apache.storm.utils.Time.isSimulating()) new org.apache.storm.utils.Time.SimulatedTime();
        Thread t = new Thread(
                () -> {
                    try {
                        if (!Rounds.awaitPrepared(tasks, settings.maxRunMs)) {
                            System.err.println("storm2flink verify: only " + Rounds.prepared() + " of " + tasks
                                    + " tasks started");
                            Rounds.finished = true;
                            return;
                        }
                        // Flink's tick clock is Rounds.clockSecs itself (the bolt operators poll it); Storm's clock
                        // follows it.
                        Rounds.drive(settings, () -> org.apache.storm.utils.Time.advanceTime(1000));
                    } catch (Throwable e) {
                        System.err.println("storm2flink verify: the rounds driver failed: " + e);
                        Rounds.finished = true;
                    }
                },
                "s2f-verify-rounds");
        t.setDaemon(true);
        t.start();
    }

    /** The runtime's way to this run's clock (Rounds), its injected failure (Faults) and its Trident limit. */
    static final class Hooks implements VerifyHooks {
        private static final long serialVersionUID = 1L;
        private final long tridentTransactions;

        Hooks(long tridentTransactions) {
            this.tridentTransactions = tridentTransactions;
        }

        @Override
        public void tickingTask(String component, int taskId, int secs) {
            Rounds.tickTask(component, taskId, secs);
        }

        @Override
        public long clockSecs() {
            return Rounds.clockSecs;
        }

        @Override
        public void beforeExecute(String component) {
            Faults.beforeExecute(component);
        }

        @Override
        public void checkpointCompleted(long checkpointId) {
            Faults.checkpointCompleted();
        }

        @Override
        public long tridentTransactions() {
            return tridentTransactions;
        }
    }

    static void writeResult(String file) {
        Tap.close();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("emitted", Tap.emitted.get());
        r.put("injected", Faults.injected());
        if (Faults.injectedAt() != null) r.put("injectedAt", Faults.injectedAt());
        if (Rounds.active) r.put("rounds", Rounds.summary());
        if (!externalSinks.isEmpty()) r.put("externalSinks", new LinkedHashMap<>(externalSinks));
        try {
            Files.writeString(Paths.get(file), Json.write(r) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("storm2flink verify: cannot write " + file + ": " + e);
        }
    }
}
