package dev.storm2flink.compat.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ticks by input position for `storm2flink verify` (src/diff/README.md "Ticks"), identical on both engines:
 * replay spouts release their lines in rounds of K; after each round, once the topology is quiet, the clock
 * advances S seconds (default: the GCD of the tick frequencies) one at a time, and after each second every
 * bolt task whose tick period divides it gets one tick; then quiet again. Storm advances its simulated time (real tick timers); the compat runtime's
 * bolts tick when {@link #clockSecs} passes a multiple of their frequency. Static because every task of a
 * run lives in this JVM (LocalCluster or MiniCluster).
 */
public final class Rounds {
    private Rounds() {}

    /** Moves the engine's clock by one second (called after {@link #clockSecs} was incremented). */
    public interface Clock {
        void advanceOneSecond() throws Exception;
    }

    public static final class Settings {
        public int recordsPerRound = 1;
        /** 0: the GCD of the run's tick frequencies, so a bolt ticks every f/S rounds. */
        public int secondsPerRound = 0;

        public long quietMs = 150;
        /** Tick-only stretches (the largest frequency long) after the input, stopping at the first with no emit. */
        public int drainRounds = 5;

        public long maxRunMs = 120_000;
        /** Replay spout tasks to wait for (their line counts decide the rounds). */
        public int replayTasks = 0;

        public static Settings of(Map<?, ?> m) {
            Settings s = new Settings();
            s.recordsPerRound = (int) num(m, "recordsPerRound", s.recordsPerRound);
            s.secondsPerRound = (int) num(m, "secondsPerRound", s.secondsPerRound);
            s.quietMs = num(m, "quietMs", s.quietMs);
            s.drainRounds = (int) num(m, "drainRounds", s.drainRounds);
            s.maxRunMs = num(m, "maxRunMs", s.maxRunMs);
            return s;
        }

        private static long num(Map<?, ?> m, String k, long d) {
            Object v = m.get(k);
            return v instanceof Number ? ((Number) v).longValue() : d;
        }
    }

    /** Set before the topology starts: replay spouts then wait for {@link #released}. */
    public static volatile boolean active;
    /** Replay lines (index in their file) below this may be emitted. */
    public static volatile long released;
    /** The last round is over: replay spouts may finish. */
    public static volatile boolean finished;
    /** Seconds of verify time since the start; the compat runtime's bolts tick from it. */
    public static volatile long clockSecs;
    /**
     * Storm: emits wait (in the tap hook, before the tuple is sent) while the timers deliver one second's
     * ticks, so every bolt due at that second gets its tick before any tuple another bolt emitted on its tick.
     * The compat runtime gets the same order by checking the clock before each tuple.
     */
    public static volatile boolean holdEmits;
    /**
     * Storm runner: count tuples in flight in every run, not only in rounds, so that "quiet" also means no tuple
     * is still on its way (a pause of the JVM is not the end of the run).
     */
    public static volatile boolean counting;

    private static final AtomicLong inFlight = new AtomicLong();
    private static final AtomicLong ticksDone = new AtomicLong();
    private static final AtomicLong acked = new AtomicLong();
    /** Replay lines emitted at least once (Watermarks: a window acks its tuples only when they expire). */
    private static final AtomicLong emittedLines = new AtomicLong();

    private static final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private static final AtomicInteger prepared = new AtomicInteger();
    /** task id → {component, seconds}. */
    private static final Map<Integer, Object[]> tickTasks = new ConcurrentHashMap<>();
    /** replay file → its line count. */
    private static final Map<String, Integer> replayLines = new ConcurrentHashMap<>();

    private static final Map<String, Object> summary = new LinkedHashMap<>();

    // --- Called by the tap hook, replay spouts and bolt runtimes. ---

    public static void taskPrepared() {
        prepared.incrementAndGet();
    }

    /** A user tuple sent to {@code targets} tasks (counted before delivery on Storm, just after on Flink). */
    public static void emitted(int targets) {
        if (!active) {
            if (counting) inFlight.addAndGet(targets);
            return;
        }
        while (holdEmits) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.addAndGet(targets);
        lastActivity.set(System.nanoTime());
    }

    public static void executed(String sourceStream) {
        if (!active) {
            if (counting && !sourceStream.startsWith("__")) inFlight.decrementAndGet();
            return;
        }
        if ("__tick".equals(sourceStream)) ticksDone.incrementAndGet();
        else if (!sourceStream.startsWith("__")) inFlight.decrementAndGet();
        lastActivity.set(System.nanoTime());
    }

    /** Tuples sent to bolt tasks and not executed yet (with {@link #counting} or in rounds). */
    public static long inFlight() {
        return inFlight.get();
    }

    /** A new run in the same JVM (the Storm runner serving a batch): nothing in flight. */
    public static void newRun() {
        inFlight.set(0);
    }

    public static void lineEmitted() {
        emittedLines.incrementAndGet();
        lastActivity.set(System.nanoTime());
    }

    public static void lineAcked() {
        acked.incrementAndGet();
        lastActivity.set(System.nanoTime());
    }

    public static void replayFile(String file, int lines) {
        replayLines.putIfAbsent(file, lines);
    }

    public static void tickTask(String component, int taskId, int secs) {
        if (secs > 0) tickTasks.put(taskId, new Object[] {component, secs});
    }

    public static boolean hasTickTasks() {
        return !tickTasks.isEmpty();
    }

    /** What the run did, for the result file. */
    public static synchronized Map<String, Object> summary() {
        return new LinkedHashMap<>(summary);
    }

    // --- The driver: one per run, same on both engines. ---

    /**
     * Runs every round; returns "quiet", or "timeout" when a round did not settle before maxRunMs. Call once
     * every task is prepared (Storm: with simulated time still frozen, so every tick timer starts at 0).
     */
    public static String drive(Settings s, Clock clock) throws Exception {
        long deadline = System.nanoTime() + s.maxRunMs * 1_000_000L;
        while (ReplaySpout.opened.get() < s.replayTasks) {
            if (System.nanoTime() > deadline) return "timeout";
            Thread.sleep(5);
        }
        Map<String, Integer> freq = new TreeMap<>();
        Map<String, Integer> tasks = new TreeMap<>();
        for (Object[] t : tickTasks.values()) {
            freq.put((String) t[0], (Integer) t[1]);
            tasks.merge((String) t[0], 1, Integer::sum);
        }
        int gcd = 0;
        for (int f : freq.values())
            gcd = java.math.BigInteger.valueOf(gcd)
                    .gcd(java.math.BigInteger.valueOf(f))
                    .intValue();
        int seconds = s.secondsPerRound > 0 ? s.secondsPerRound : Math.max(gcd, 1);
        int drainSeconds =
                Math.max(seconds, freq.values().stream().max(Integer::compare).orElse(1));
        int k = Math.max(1, s.recordsPerRound);
        long maxLines = replayLines.values().stream()
                .mapToLong(Integer::longValue)
                .max()
                .orElse(0);
        synchronized (Rounds.class) {
            summary.put("recordsPerRound", k);
            summary.put("secondsPerRound", seconds);
            summary.put("tickSecs", freq);
        }
        long expectedTicks = 0;
        int rounds = 0;
        List<String> problems = new ArrayList<>();
        String status = "quiet";
        try {
            do {
                released = Math.min(released + k, Math.max(maxLines, 1));
                rounds++;
                if (!settle(released, expectedTicks, s.quietMs, deadline, problems)) return status = "timeout";
                for (int i = 0; i < seconds; i++) {
                    expectedTicks += step(clock, freq, tasks);
                    if (!settle(released, expectedTicks, s.quietMs, deadline, problems)) return status = "timeout";
                }
            } while (released < maxLines);
            for (int d = 0; d < s.drainRounds; d++) {
                long before = Tap.emitted.get();
                for (int i = 0; i < drainSeconds; i++) {
                    expectedTicks += step(clock, freq, tasks);
                    if (!settle(released, expectedTicks, s.quietMs, deadline, problems)) return status = "timeout";
                }
                if (Tap.emitted.get() == before) break;
            }
            return status;
        } finally {
            finished = true;
            synchronized (Rounds.class) {
                summary.put("rounds", rounds);
                summary.put("seconds", clockSecs);
                summary.put("ticks", ticksDone.get());
                summary.put("expectedTicks", expectedTicks);
                summary.put("status", status);
                if (Watermarks.active) summary.put("windows", Watermarks.summary());
                if (!problems.isEmpty()) summary.put("problems", problems);
            }
        }
    }

    /** One second: returns the ticks due. */
    private static long step(Clock clock, Map<String, Integer> freq, Map<String, Integer> tasks) throws Exception {
        long next = clockSecs + 1;
        long due = 0;
        for (Map.Entry<String, Integer> e : freq.entrySet()) if (next % e.getValue() == 0) due += tasks.get(e.getKey());
        clockSecs = next;
        clock.advanceOneSecond();
        return due;
    }

    private static long reportedEarly = -1;

    /** Released lines acked, ticks executed, nothing in flight, and no hook activity for quietMs. */
    private static boolean settle(
            long releasedLines, long expectedTicks, long quietMs, long deadline, List<String> problems)
            throws InterruptedException {
        long want = 0;
        for (int n : replayLines.values()) want += Math.min(n, releasedLines);
        for (; ; ) {
            long now = System.nanoTime();
            long ticks = ticksDone.get();
            if (ticks > expectedTicks && problems.size() < 5 && reportedEarly != clockSecs) {
                reportedEarly = clockSecs;
                problems.add(ticks + " ticks by second " + clockSecs + ", expected " + expectedTicks);
            }
            // Event-time windows hold their tuples until a later watermark expires them, and a bolt may ack only on
            // a later tick, or never (a project's bolts that do not ack): emitted and executed is settled (inFlight
            // counts the executes), at once for windows, after twice the quiet time for the others.
            long quiet = (now - lastActivity.get()) / 1_000_000;
            boolean lines =
                    acked.get() >= want || (emittedLines.get() >= want && (Watermarks.active || quiet >= 2 * quietMs));
            if (lines && ticks >= expectedTicks && inFlight.get() <= 0 && quiet >= quietMs) {
                return true;
            }
            if (now > deadline) {
                problems.add("second " + clockSecs + ": not quiet before the deadline (acked " + acked.get() + "/"
                        + want + ", ticks " + ticks + "/" + expectedTicks + ", in flight " + inFlight.get() + ")");
                return false;
            }
            Thread.sleep(5);
        }
    }

    /** Waits until {@code n} tasks are prepared (their tap hooks registered). */
    public static boolean awaitPrepared(int n, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (prepared.get() < n) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }

    public static int prepared() {
        return prepared.get();
    }
}
