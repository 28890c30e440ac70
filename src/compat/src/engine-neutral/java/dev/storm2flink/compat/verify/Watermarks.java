package dev.storm2flink.compat.verify;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.storm.Config;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.CheckpointSpout;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.WindowedBoltExecutor;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.TupleUtils;
import org.apache.storm.utils.Utils;
import org.apache.storm.windowing.TimestampExtractor;
import org.apache.storm.windowing.WaterMarkEventGenerator;

/**
 * Event-time windows under `storm2flink verify` (src/diff/README.md "Windows"), identical on both engines. Storm's
 * WaterMarkEventGenerator computes a watermark every interval of wall clock on a thread of its own, so which window a
 * run fires when, and which tuple comes late, depends on timing. Here its timer never fires (interval
 * Integer.MAX_VALUE); the bolt ticks every verify second (Rounds: after each round of input) and on a tick calls the
 * generator's own run() on the bolt's thread. Storm's watermark, trigger and eviction code decides everything else.
 * Each task also records tuples a wall-clock watermark could have made late: those make the outcome depend on
 * timing, and verify gives no verdict then.
 */
public final class Watermarks {
    private Watermarks() {}

    /** A run with wrapped bolts: a released line counts once emitted (windows ack their tuples on expiry). */
    public static volatile boolean active;

    /** Bolt id → what its tasks did, for the result (Rounds.summary). */
    private static final Map<String, Facts> FACTS = new ConcurrentHashMap<>();

    /** Bolts with time windows verify cannot drive, and the bolts it wrapped. */
    public static final class Result {
        public final List<String> refused = new ArrayList<>();
        public final List<String> wrapped = new ArrayList<>();
    }

    /**
     * Wraps every plain event-time WindowedBoltExecutor of {@code t} when {@code rounds} (its input is replayed, so
     * watermarks can come at input positions), giving it a tick every second. Refused (named in the result): a
     * processing-time window (a Duration without a timestamp), a stateful windowed bolt on a Duration or event time,
     * and event time without rounds. With {@code wrap} false, only says which.
     */
    public static Result apply(StormTopology t, boolean rounds, boolean wrap) {
        Result r = new Result();
        for (Map.Entry<String, Bolt> e : new TreeMap<>(t.get_bolts()).entrySet()) {
            if (e.getKey().startsWith("__")) continue;
            Bolt bolt = e.getValue();
            Map<String, Object> own = ownConf(bolt);
            boolean durations = own.containsKey(Config.TOPOLOGY_BOLTS_WINDOW_LENGTH_DURATION_MS)
                    || own.containsKey(Config.TOPOLOGY_BOLTS_SLIDING_INTERVAL_DURATION_MS);
            ComponentObject co = bolt.get_bolt_object();
            if (!co.is_set_serialized_java()) {
                if (durations) r.refused.add(e.getKey() + " (processing time)");
                continue;
            }
            // Only bolts that may be windows are read back (Java serialization names every class of the object).
            byte[] bytes = co.get_serialized_java();
            if (!durations && !contains(bytes, WINDOWED)) continue;
            Object o;
            try {
                o = Utils.javaDeserialize(bytes, Serializable.class);
            } catch (RuntimeException | LinkageError ex) {
                if (durations) r.refused.add(e.getKey() + " (a time window verify cannot read: " + ex + ")");
                continue;
            }
            boolean windowed = o instanceof WindowedBoltExecutor;
            boolean eventTime = windowed && field(o, "timestampExtractor") != null;
            if (!durations && !eventTime) continue;
            if (!eventTime) {
                r.refused.add(e.getKey() + " (processing time)");
            } else if (o.getClass() != WindowedBoltExecutor.class) {
                r.refused.add(e.getKey() + " (stateful event-time window, "
                        + o.getClass().getSimpleName() + ")");
            } else if (!rounds) {
                r.refused.add(e.getKey()
                        + " (event time on input verify does not replay line by line: Kafka, Trident or DRPC)");
            } else if (wrap) {
                co.set_serialized_java(Utils.javaSerialize(new DrivenBolt((WindowedBoltExecutor) o)));
                own.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 1);
                bolt.get_common().set_json_conf(Json.write(own));
                r.wrapped.add(e.getKey());
            } else {
                r.wrapped.add(e.getKey());
            }
        }
        if (wrap && !r.wrapped.isEmpty()) active = true;
        return r;
    }

    /** A new run in the same JVM. */
    public static void newRun() {
        active = false;
        FACTS.clear();
    }

    /** Per bolt: watermarks computed, the last one, tuples seen, and the first tuples a real run could have made late. */
    public static Map<String, Object> summary() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Facts> e : FACTS.entrySet())
            out.put(e.getKey(), e.getValue().toMap());
        return out;
    }

    static final class Facts {
        long watermarks;
        long lastWatermark = Long.MIN_VALUE;
        long tuples;
        long late;
        final List<Object> examples = new ArrayList<>();

        synchronized Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("watermarks", watermarks);
            if (lastWatermark != Long.MIN_VALUE) m.put("lastWatermark", lastWatermark);
            m.put("tuples", tuples);
            m.put("late", late);
            if (!examples.isEmpty()) m.put("lateExamples", new ArrayList<>(examples));
            return m;
        }
    }

    private static final byte[] WINDOWED = "WindowedBoltExecutor".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ownConf(Bolt bolt) {
        String json = bolt.get_common().get_json_conf();
        if (json == null || json.isEmpty()) return new HashMap<>();
        try {
            return new HashMap<>((Map<String, Object>) Json.parse(json));
        } catch (net.minidev.json.parser.ParseException e) {
            throw new IllegalStateException("bolt conf is not JSON: " + json, e);
        }
    }

    private static Object field(Object o, String name) {
        try {
            Field f = WindowedBoltExecutor.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Storm's WindowedBoltExecutor has no field " + name, e);
        }
    }

    /** Storm's WindowedBoltExecutor with its watermarks computed on ticks (verify's seconds), on the bolt's thread. */
    public static final class DrivenBolt implements IRichBolt {
        private static final long serialVersionUID = 1L;
        private final WindowedBoltExecutor inner;
        private transient WaterMarkEventGenerator<?> generator;
        private transient TimestampExtractor extractor;
        private transient Field lastWatermark;
        private transient long lagMs;
        private transient int inputStreams;
        private transient Map<GlobalStreamId, Long> maxTs;
        /** A count length or slide (WatermarkCount policies), which count events in arrival order. */
        private transient boolean counts;

        private transient Facts facts;

        DrivenBolt(WindowedBoltExecutor inner) {
            this.inner = inner;
        }

        @Override
        public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
            Map<String, Object> conf = new HashMap<>(topoConf);
            // The generator's own timer: never within a run.
            conf.put(Config.TOPOLOGY_BOLTS_WATERMARK_EVENT_INTERVAL_MS, Integer.MAX_VALUE);
            inner.prepare(conf, context, collector);
            generator = (WaterMarkEventGenerator<?>) field(inner, "waterMarkEventGenerator");
            extractor = (TimestampExtractor) field(inner, "timestampExtractor");
            try {
                lastWatermark = WaterMarkEventGenerator.class.getDeclaredField("lastWaterMarkTs");
                lastWatermark.setAccessible(true);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("Storm's WaterMarkEventGenerator has no lastWaterMarkTs", e);
            }
            Object lag = topoConf.get(Config.TOPOLOGY_BOLTS_TUPLE_TIMESTAMP_MAX_LAG_MS);
            lagMs = lag instanceof Number ? ((Number) lag).longValue() : 0;
            // The streams Storm's generator waits for (all but the checkpoint stream).
            inputStreams = 0;
            for (GlobalStreamId s : context.getThisSources().keySet())
                if (!CheckpointSpout.CHECKPOINT_STREAM_ID.equals(s.get_streamId())) inputStreams++;
            maxTs = new HashMap<>();
            // Storm slides by a count of 1 when no sliding interval is set.
            counts = topoConf.containsKey(Config.TOPOLOGY_BOLTS_WINDOW_LENGTH_COUNT)
                    || topoConf.containsKey(Config.TOPOLOGY_BOLTS_SLIDING_INTERVAL_COUNT)
                    || !topoConf.containsKey(Config.TOPOLOGY_BOLTS_SLIDING_INTERVAL_DURATION_MS);
            facts = FACTS.computeIfAbsent(context.getThisComponentId(), k -> new Facts());
        }

        @Override
        public void execute(Tuple input) {
            if (TupleUtils.isTick(input)) {
                generator.run();
                long wm;
                try {
                    wm = lastWatermark.getLong(generator);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                synchronized (facts) {
                    facts.watermarks++;
                    facts.lastWatermark =
                            facts.lastWatermark == Long.MIN_VALUE ? wm : Math.max(facts.lastWatermark, wm);
                }
                return;
            }
            long ts;
            try {
                ts = extractor.extractTimestamp(input);
            } catch (RuntimeException e) {
                inner.execute(input); // fails as on Storm, with Storm's own message
                return;
            }
            // The watermark a wall-clock generator could have reached before this tuple (Storm: min over the input
            // streams of the largest ts seen, minus the lag, once every stream has had one): a tuple below it is
            // late on a run whose timer fired just before it, on time on one whose timer did not.
            GlobalStreamId stream = input.getSourceGlobalStreamId();
            if (maxTs.size() >= inputStreams && !maxTs.isEmpty()) {
                long could = Long.MAX_VALUE;
                for (long v : maxTs.values()) could = Math.min(could, v);
                could -= lagMs;
                if (ts < could) suspect(input, ts, could, "late");
                // A count window counts, between two watermarks, the tuples of that range in arrival order and
                // restarts after its last trigger's ts: a tuple not after every earlier one counts or not depending
                // on where the watermarks fell.
                else if (counts && ts <= Collections.max(maxTs.values())) suspect(input, ts, could, "order");
            } else if (counts && !maxTs.isEmpty() && ts <= Collections.max(maxTs.values())) {
                suspect(input, ts, Collections.max(maxTs.values()), "order");
            }
            maxTs.merge(stream, ts, Math::max);
            synchronized (facts) {
                facts.tuples++;
            }
            inner.execute(input);
        }

        private void suspect(Tuple input, long ts, long bound, String why) {
            synchronized (facts) {
                facts.late++;
                if (facts.examples.size() < 3) {
                    Map<String, Object> ex = new LinkedHashMap<>();
                    ex.put("ts", ts);
                    ex.put("watermark", "order".equals(why) ? Collections.max(maxTs.values()) : bound);
                    ex.put("why", why);
                    ex.put("from", input.getSourceComponent() + "/" + input.getSourceStreamId());
                    facts.examples.add(ex);
                }
            }
        }

        @Override
        public void cleanup() {
            inner.cleanup();
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            inner.declareOutputFields(declarer);
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return inner.getComponentConfiguration();
        }
    }
}
