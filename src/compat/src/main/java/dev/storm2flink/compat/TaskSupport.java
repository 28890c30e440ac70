package dev.storm2flink.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.MetricGroup;
import org.apache.storm.Config;
import org.apache.storm.hooks.ITaskHook;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pieces shared by spout and bolt tasks: auto task hooks and Storm metrics mapped onto Flink gauges. */
final class TaskSupport {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSupport.class);

    private TaskSupport() {}

    /**
     * The conf handed to open/prepare. Multilang components see local mode: a dying subprocess then fails
     * the next execute (Flink restarts the job) instead of System.exit on the TaskManager.
     */
    static Map<String, Object> componentConf(TopologyPlan.Component comp, Object obj) {
        Map<String, Object> conf = new HashMap<>(comp.conf);
        if (obj instanceof org.apache.storm.task.ShellBolt || obj instanceof org.apache.storm.spout.ShellSpout) {
            conf.put(Config.STORM_CLUSTER_MODE, "local");
        }
        // ReturnResults answers a LocalDRPC's requests through ServiceRegistry only in local mode (else over Thrift);
        // so does Trident's ReturnResultsReducer, inside a Trident bolt.
        if ((obj instanceof org.apache.storm.drpc.ReturnResults
                        || obj instanceof org.apache.storm.trident.topology.TridentBoltExecutor)
                && Boolean.TRUE.equals(conf.get(Drpc.LOCAL))) {
            conf.put(Config.STORM_CLUSTER_MODE, "local");
        }
        Trident.taskConf(conf);
        return conf;
    }

    /** topology.auto.task.hooks: instantiated per task and registered (addTaskHook calls prepare), as Storm's Task does. */
    @SuppressWarnings("unchecked")
    static void addAutoHooks(Map<String, Object> topoConf, TopologyContext ctx) {
        Trident.addActivityHook(topoConf, ctx);
        Object hooks = topoConf.get(Config.TOPOLOGY_AUTO_TASK_HOOKS);
        if (!(hooks instanceof List)) return;
        for (Object name : (List<Object>) hooks) {
            try {
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                Class<?> cls =
                        Class.forName(name.toString(), true, cl != null ? cl : TaskSupport.class.getClassLoader());
                ctx.addTaskHook((ITaskHook) cls.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new RuntimeException("Failed to add hook: " + name, e);
            }
        }
    }

    static void cleanupHooks(TopologyContext ctx) {
        for (ITaskHook h : ctx.getHooks()) {
            try {
                h.cleanup();
            } catch (Throwable t) {
                LOG.warn("Task hook cleanup failed", t);
            }
        }
    }

    /**
     * Storm calls IMetric.getValueAndReset every bucket; we do the same on the task thread and expose
     * the last value as a Flink gauge under group storm/&lt;taskId&gt;/&lt;name&gt;.
     */
    static final class Metrics {
        final Map<Integer, Map<Integer, Map<String, IMetric>>> registered = new HashMap<>();
        /** How often Storm 2 metrics registered after open/prepare are looked for. */
        static final long V2_CHECK_MS = 10_000;

        private final Map<String, Object> last = new ConcurrentHashMap<>();
        private final java.util.Set<String> exposed = new java.util.HashSet<>();

        /** Registers gauges for metrics not yet exposed; returns the distinct bucket sizes in seconds. */
        List<Integer> expose(MetricGroup group) {
            List<Integer> buckets = new ArrayList<>();
            for (Map.Entry<Integer, Map<Integer, Map<String, IMetric>>> b : registered.entrySet()) {
                buckets.add(b.getKey());
                for (Map.Entry<Integer, Map<String, IMetric>> t : b.getValue().entrySet()) {
                    for (String name : t.getValue().keySet()) {
                        String key = t.getKey() + "/" + name;
                        if (exposed.add(key)) taskGroup(group, t.getKey()).gauge(name, () -> last.get(key));
                    }
                }
            }
            return buckets;
        }

        void sample(int bucketSecs) {
            Map<Integer, Map<String, IMetric>> tasks = registered.get(bucketSecs);
            if (tasks == null) return;
            for (Map.Entry<Integer, Map<String, IMetric>> t : tasks.entrySet()) {
                for (Map.Entry<String, IMetric> m : t.getValue().entrySet()) {
                    try {
                        Object v = m.getValue().getValueAndReset();
                        String key = t.getKey() + "/" + m.getKey();
                        if (v == null) last.remove(key);
                        else last.put(key, v instanceof Number || v instanceof String ? v : String.valueOf(v));
                    } catch (Throwable e) {
                        LOG.warn("Metric {} failed", m.getKey(), e);
                    }
                }
            }
        }

        /**
         * Storm 2 metrics (registerCounter/Gauge/Meter/Histogram/Timer: Dropwizard objects in the task's
         * StormMetricRegistry) as Flink metrics in the same storm/&lt;taskId&gt;/&lt;name&gt; groups: counters as
         * counters, gauges as gauges (numbers and strings as they are, others as text), meters as meters (Storm's
         * one-minute rate), histograms and timers as histograms (timers in nanoseconds). Called after open/prepare
         * and then periodically, for metrics registered later; a name already exposed for the task is skipped.
         */
        void exposeV2(MetricGroup group, StormMetricRegistry registry, Iterable<Integer> tasks) {
            for (int task : tasks) {
                for (Map.Entry<String, com.codahale.metrics.Counter> e :
                        registry.getTaskCounters(task).entrySet()) {
                    com.codahale.metrics.Counter c = e.getValue();
                    if (exposed.add(task + "/" + e.getKey()))
                        taskGroup(group, task).counter(e.getKey(), new FlinkCounter(c));
                }
                for (Map.Entry<String, com.codahale.metrics.Gauge> e :
                        registry.getTaskGauges(task).entrySet()) {
                    com.codahale.metrics.Gauge<?> g = e.getValue();
                    if (exposed.add(task + "/" + e.getKey())) {
                        taskGroup(group, task).gauge(e.getKey(), () -> {
                            Object v = g.getValue();
                            return v == null || v instanceof Number || v instanceof String ? v : String.valueOf(v);
                        });
                    }
                }
                for (Map.Entry<String, com.codahale.metrics.Meter> e :
                        registry.getTaskMeters(task).entrySet()) {
                    if (exposed.add(task + "/" + e.getKey()))
                        taskGroup(group, task).meter(e.getKey(), new FlinkMeter(e.getValue()));
                }
                for (Map.Entry<String, com.codahale.metrics.Histogram> e :
                        registry.getTaskHistograms(task).entrySet()) {
                    com.codahale.metrics.Histogram h = e.getValue();
                    if (exposed.add(task + "/" + e.getKey())) {
                        taskGroup(group, task)
                                .histogram(e.getKey(), new FlinkHistogram(h::update, h::getCount, h::getSnapshot));
                    }
                }
                for (Map.Entry<String, com.codahale.metrics.Timer> e :
                        registry.getTaskTimers(task).entrySet()) {
                    com.codahale.metrics.Timer t = e.getValue();
                    if (exposed.add(task + "/" + e.getKey())) {
                        taskGroup(group, task)
                                .histogram(
                                        e.getKey(),
                                        new FlinkHistogram(
                                                v -> t.update(v, java.util.concurrent.TimeUnit.NANOSECONDS),
                                                t::getCount,
                                                t::getSnapshot));
                    }
                }
            }
        }

        private static MetricGroup taskGroup(MetricGroup group, int task) {
            return group.addGroup("storm").addGroup(String.valueOf(task));
        }

        Object lastValue(int task, String name) {
            return last.get(task + "/" + name);
        }
    }

    /** A Storm 2 (Dropwizard) counter seen as a Flink counter: both count up and down. */
    private static final class FlinkCounter implements org.apache.flink.metrics.Counter {
        private final com.codahale.metrics.Counter c;

        FlinkCounter(com.codahale.metrics.Counter c) {
            this.c = c;
        }

        @Override
        public void inc() {
            c.inc();
        }

        @Override
        public void inc(long n) {
            c.inc(n);
        }

        @Override
        public void dec() {
            c.dec();
        }

        @Override
        public void dec(long n) {
            c.dec(n);
        }

        @Override
        public long getCount() {
            return c.getCount();
        }
    }

    /** A Storm 2 meter as a Flink meter: events per second over the last minute, as Storm reports it. */
    private static final class FlinkMeter implements org.apache.flink.metrics.Meter {
        private final com.codahale.metrics.Meter m;

        FlinkMeter(com.codahale.metrics.Meter m) {
            this.m = m;
        }

        @Override
        public void markEvent() {
            m.mark();
        }

        @Override
        public void markEvent(long n) {
            m.mark(n);
        }

        @Override
        public double getRate() {
            return m.getOneMinuteRate();
        }

        @Override
        public long getCount() {
            return m.getCount();
        }
    }

    /** A Storm 2 histogram or timer as a Flink histogram, statistics from its current snapshot. */
    private static final class FlinkHistogram implements org.apache.flink.metrics.Histogram {
        private final java.util.function.LongConsumer update;
        private final java.util.function.LongSupplier count;
        private final java.util.function.Supplier<com.codahale.metrics.Snapshot> snapshot;

        FlinkHistogram(
                java.util.function.LongConsumer update,
                java.util.function.LongSupplier count,
                java.util.function.Supplier<com.codahale.metrics.Snapshot> snapshot) {
            this.update = update;
            this.count = count;
            this.snapshot = snapshot;
        }

        @Override
        public void update(long value) {
            update.accept(value);
        }

        @Override
        public long getCount() {
            return count.getAsLong();
        }

        @Override
        public org.apache.flink.metrics.HistogramStatistics getStatistics() {
            com.codahale.metrics.Snapshot s = snapshot.get();
            return new org.apache.flink.metrics.HistogramStatistics() {
                @Override
                public double getQuantile(double q) {
                    return s.getValue(q);
                }

                @Override
                public long[] getValues() {
                    return s.getValues();
                }

                @Override
                public int size() {
                    return s.size();
                }

                @Override
                public double getMean() {
                    return s.getMean();
                }

                @Override
                public double getStdDev() {
                    return s.getStdDev();
                }

                @Override
                public long getMax() {
                    return s.getMax();
                }

                @Override
                public long getMin() {
                    return s.getMin();
                }
            };
        }
    }
}
