package dev.storm2flink.compat.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.ISpoutOutputCollector;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * Verify's input when no sample data is given: the user's own spout, run as written on Storm, with its first
 * {@code limit} emits per task written to {@code <dir>/<spout>.jsonl} as replay lines ({"task", "stream",
 * "direct" for an emitDirect's target task, "values"}, values typed by {@link TypedValues}). The tuples also go on to the topology as usual (a reliable
 * spout waits for its acks); once a task has recorded {@code limit} tuples its spout is no longer asked for more.
 */
public class RecordingSpout extends DelegatingSpout {
    private static final long serialVersionUID = 1L;
    /** Tasks opened, and tasks that recorded their limit. */
    public static final AtomicInteger opened = new AtomicInteger();

    public static final AtomicInteger full = new AtomicInteger();
    /** Tuples recorded, all tasks. */
    public static final AtomicInteger recorded = new AtomicInteger();
    /** Emits that could not be written (a value neither JSON nor Serializable); the first reason. */
    public static volatile String problem;

    private static final Map<Path, BufferedWriter> WRITERS = new LinkedHashMap<>();
    /**
     * The capture under way (its folder; null once {@link #closeAll} ran): a served runner captures run after run in
     * one JVM, and a spout of a killed run that still emits must neither count nor write into a closed file (an
     * exception there would halt the runner with its worker).
     */
    private static volatile String capturing;

    private final byte[] original;
    private final String id;
    private final String dir;
    private final int limit;
    private final Map<String, List<String>> streams;
    private transient ISpout spout;
    private transient int count;
    private transient int task;
    private transient BufferedWriter out;

    RecordingSpout(byte[] original, String id, String dir, int limit, Map<String, List<String>> streams) {
        this.original = original;
        this.id = id;
        this.dir = dir;
        this.limit = limit;
        this.streams = streams;
    }

    /** Wraps every non-system spout of the topology that is Java-serialized; returns the spout tasks wrapped. */
    public static int wrapAll(StormTopology topology, String dir, int limit, Map<?, ?> topoConf) {
        int tasks = 0;
        for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
            if (e.getKey().startsWith("__")) continue;
            ComponentObject obj = e.getValue().get_spout_object();
            if (!obj.is_set_serialized_java()) {
                throw new IllegalStateException(
                        "spout \"" + e.getKey()
                                + "\" is not a Java object (a shell or Thrift spout): its output cannot be captured; give sample data with --data");
            }
            Map<String, List<String>> streams = new LinkedHashMap<>();
            e.getValue().get_common().get_streams().forEach((s, info) -> {
                if (!s.startsWith("__")) streams.put(s, new ArrayList<>(info.get_output_fields()));
            });
            RecordingSpout r = new RecordingSpout(obj.get_serialized_java(), e.getKey(), dir, limit, streams);
            e.getValue().set_spout_object(ComponentObject.serialized_java(Utils.javaSerialize(r)));
            tasks += Replay.tasks(e.getValue().get_common(), topoConf);
        }
        return tasks;
    }

    /** A new capture into {@code dir}: counters at 0, earlier captures' spouts ignored. */
    public static void newRun(String dir) {
        synchronized (WRITERS) {
            opened.set(0);
            full.set(0);
            recorded.set(0);
            problem = null;
            capturing = dir;
        }
    }

    /** Closes the capture files (the runner calls it once the capture is over); spouts stop recording. */
    public static void closeAll() throws IOException {
        synchronized (WRITERS) {
            capturing = null;
            for (BufferedWriter w : WRITERS.values()) w.close();
            WRITERS.clear();
        }
    }

    @Override
    protected ISpout delegate() {
        return spout;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        spout = (ISpout) Utils.javaDeserialize(original, Serializable.class);
        task = context.getThisTaskIndex();
        Path file = Paths.get(dir, id + ".jsonl");
        synchronized (WRITERS) {
            // A spout of a capture that is over (its worker still shutting down) opens, but records nothing.
            if (live()) {
                out = WRITERS.computeIfAbsent(file, f -> {
                    try {
                        Files.createDirectories(f.getParent());
                        return Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                opened.incrementAndGet();
            }
        }
        spout.open(conf, context, new SpoutOutputCollector(new ISpoutOutputCollector() {
            @Override
            public List<Integer> emit(String streamId, List<Object> tuple, Object messageId) {
                record(streamId, tuple, null);
                return collector.emit(streamId, tuple, messageId);
            }

            @Override
            public void emitDirect(int taskId, String streamId, List<Object> tuple, Object messageId) {
                record(streamId, tuple, taskId);
                collector.emitDirect(taskId, streamId, tuple, messageId);
            }

            @Override
            public long getPendingCount() {
                return collector.getPendingCount();
            }

            @Override
            public void flush() {
                collector.flush();
            }

            @Override
            public void reportError(Throwable error) {
                collector.reportError(error);
            }
        }));
    }

    /** Whether this spout belongs to the capture under way (the runner calls newRun before it submits). */
    private boolean live() {
        return dir.equals(capturing);
    }

    private void record(String stream, List<Object> tuple, Integer directTask) {
        if (count >= limit || out == null || !live()) return;
        count++;
        List<Object> values = new ArrayList<>(tuple.size());
        try {
            for (Object v : tuple) values.add(TypedValues.encode(v));
        } catch (IllegalArgumentException e) {
            if (problem == null) problem = "spout \"" + id + "\": " + e.getMessage();
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task", task);
        line.put("stream", stream);
        if (directTask != null) line.put("direct", directTask);
        line.put("values", values);
        synchronized (WRITERS) {
            if (!live()) return;
            try {
                out.write(Json.write(line));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        recorded.incrementAndGet();
        if (count == limit) full.incrementAndGet();
    }

    @Override
    public void nextTuple() {
        if (count < limit && live()) spout.nextTuple();
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        for (Map.Entry<String, List<String>> e : streams.entrySet())
            declarer.declareStream(e.getKey(), new Fields(e.getValue()));
    }
}
