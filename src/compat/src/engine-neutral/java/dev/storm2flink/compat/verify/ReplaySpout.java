package dev.storm2flink.compat.verify;

import dev.storm2flink.compat.BoundedSpout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * Stands in for a non-Kafka spout on both engines: emits the replay file's tuples ({"stream","values"} per
 * line, values typed as {@link TypedValues} reads them), each with its line index as message id, re-emitting
 * failed ones. Task i of n replays the lines with index % n == i, or those whose "task" is i (a captured input); a
 * line with "direct": t is emitted with emitDirect to task t. Acked lines are remembered for the JVM's life, as a durable source would: a task restored
 * after a failure does not replay what a completed checkpoint already covers.
 */
public class ReplaySpout extends BaseRichSpout implements BoundedSpout {
    private static final long serialVersionUID = 1L;
    /** Replay spout tasks that still have tuples to emit or to see acked. */
    public static final AtomicInteger unfinished = new AtomicInteger();
    /** Replay spout tasks opened so far (the runner waits for all of them). */
    public static final AtomicInteger opened = new AtomicInteger();
    /** Tasks that emitted every line at least once (acks may still be due: windowed bolts ack on expiry). */
    public static final AtomicInteger drained = new AtomicInteger();

    private static final Map<String, Set<Integer>> ACKED = new ConcurrentHashMap<>();

    private final String file;
    private final Map<String, List<String>> streams;
    private final byte[] scheme;
    private transient SpoutOutputCollector collector;
    private transient Deque<Integer> queue;
    private transient List<Object[]> lines;
    /** Retried lines when verify runs in rounds (Rounds): they go before unreleased lines. */
    private transient Deque<Integer> retries;

    private transient Set<Integer> acked;
    private transient Set<Integer> outstanding;
    /** Lines emitted at least once (Rounds.lineEmitted). */
    private transient java.util.BitSet everEmitted;

    private transient int emittedOnce;
    private transient boolean finished;
    private transient boolean drainedOnce;
    /** Tap.RUN of this spout's topology: a spout of an earlier run no longer moves the counters. */
    private transient int run;

    /** A new run in the same JVM: no replay task opened yet. */
    public static void newRun() {
        unfinished.set(0);
        opened.set(0);
        drained.set(0);
    }

    public ReplaySpout(String file, Map<String, List<String>> streams) {
        this(file, streams, null);
    }

    /** With `scheme` (a serialized MultiScheme): each line's one value is a record value the scheme turns into tuples. */
    public ReplaySpout(String file, Map<String, List<String>> streams, byte[] scheme) {
        this.file = file;
        this.streams = streams;
        this.scheme = scheme;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.run = Tap.runOf(conf);
        this.lines = new ArrayList<>();
        this.queue = new ArrayDeque<>();
        this.retries = new ArrayDeque<>();
        this.outstanding = new java.util.HashSet<>();
        this.everEmitted = new java.util.BitSet();
        int n = context.getComponentTasks(context.getThisComponentId()).size();
        int me = context.getThisTaskIndex();
        this.acked = ACKED.computeIfAbsent(file + '\u0000' + me + '/' + n, k -> ConcurrentHashMap.newKeySet());
        int idx = 0;
        org.apache.storm.spout.MultiScheme multiScheme = scheme == null
                ? null
                : (org.apache.storm.spout.MultiScheme) Utils.javaDeserialize(scheme, java.io.Serializable.class);
        try {
            for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                Map<?, ?> rec = (Map<?, ?>) Json.parse(line);
                // "task": a line captured from that spout task goes back to it; others are dealt round-robin.
                Object task = rec.get("task");
                if ((task instanceof Number ? ((Number) task).intValue() % n : idx % n) != me) {
                    idx++;
                    continue;
                }
                idx++;
                String stream = rec.get("stream") == null
                        ? "default"
                        : rec.get("stream").toString();
                List<?> values = TypedValues.decodeAll(
                        (List<?>) rec.get("values"), Thread.currentThread().getContextClassLoader());
                // "direct": a captured emitDirect, replayed to the same task id (both engines number tasks as Storm
                // does).
                Object direct = rec.get("direct");
                if (multiScheme != null) {
                    // The legacy Kafka spout's own scheme: the record value's bytes, as the spout read them from Kafka.
                    Object v = values.isEmpty() ? null : values.get(0);
                    byte[] bytes =
                            v instanceof byte[] ? (byte[]) v : String.valueOf(v).getBytes(StandardCharsets.UTF_8);
                    Iterable<List<Object>> tuples = multiScheme.deserialize(java.nio.ByteBuffer.wrap(bytes));
                    if (tuples != null)
                        for (List<Object> t : tuples) if (t != null) add(new Object[] {stream, t, idx - 1, null});
                    continue;
                }
                List<String> fields = streams.get(stream);
                // Checked here because the model may not have known the spout's fields.
                if (fields == null)
                    throw new IllegalStateException(
                            "replay file " + file + " line " + idx + ": spout " + context.getThisComponentId()
                                    + " declares no stream \"" + stream + "\" (it declares " + streams.keySet() + ")");
                if (values.size() != fields.size())
                    throw new IllegalStateException("replay file " + file + " line " + idx + ": " + values.size()
                            + " values for the " + fields.size() + " fields " + fields + " of spout "
                            + context.getThisComponentId());
                add(new Object[] {
                    stream, values, idx - 1, direct instanceof Number ? ((Number) direct).intValue() : null
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (net.minidev.json.parser.ParseException e) {
            throw new IllegalStateException("replay file " + file + " is not JSON lines: " + e.getMessage(), e);
        }
        if (!Tap.current(run)) return;
        Rounds.replayFile(file, idx);
        unfinished.incrementAndGet();
        opened.incrementAndGet();
        checkFinished();
    }

    private void add(Object[] line) {
        lines.add(line);
        if (!acked.contains(lines.size() - 1)) queue.add(lines.size() - 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void nextTuple() {
        // With an injected failure, the second half waits for a completed checkpoint: the failure lands mid-run.
        if (Faults.holdBack() && emittedOnce >= lines.size() / 2) return;
        Integer i;
        if (Rounds.active) {
            // Rounds: only lines (by index in the file) the current round released.
            i = retries.poll();
            if (i == null) {
                Integer head = queue.peek();
                if (head == null || (Integer) lines.get(head)[2] >= Rounds.released) return;
                i = queue.poll();
            }
        } else {
            i = queue.poll();
        }
        if (i == null) {
            if (!drainedOnce && queue.isEmpty() && Tap.current(run)) {
                drainedOnce = true;
                drained.incrementAndGet();
            }
            return;
        }
        Object[] l = lines.get(i);
        outstanding.add(i);
        emittedOnce++;
        if (!everEmitted.get(i)) {
            everEmitted.set(i);
            if (Rounds.active && Tap.current(run)) Rounds.lineEmitted();
        }
        if (l[3] != null) collector.emitDirect((Integer) l[3], (String) l[0], new ArrayList<>((List<Object>) l[1]), i);
        else collector.emit((String) l[0], new ArrayList<>((List<Object>) l[1]), i);
    }

    @Override
    public void ack(Object msgId) {
        if (!outstanding.remove(msgId)) return;
        if (acked.add((Integer) msgId)) Rounds.lineAcked();
        checkFinished();
    }

    @Override
    public void fail(Object msgId) {
        // Ids restored from a checkpoint that this task never emitted are already queued.
        if (outstanding.remove(msgId)) (Rounds.active ? retries : queue).add((Integer) msgId);
    }

    @Override
    public boolean isFinished() {
        // In rounds the spout stays open until the last tick round: a finished source would end the Flink job.
        if (!Rounds.active) return finished;
        // Event-time windows may still hold tuples no later watermark expires: they end with the run.
        return Rounds.finished && (finished || (Watermarks.active && queue.isEmpty() && retries.isEmpty()));
    }

    private void checkFinished() {
        if (!finished && queue.isEmpty() && retries.isEmpty() && outstanding.isEmpty() && Tap.current(run)) {
            finished = true;
            unfinished.decrementAndGet();
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        for (Map.Entry<String, List<String>> e : streams.entrySet())
            declarer.declareStream(e.getKey(), new Fields(e.getValue()));
    }
}
