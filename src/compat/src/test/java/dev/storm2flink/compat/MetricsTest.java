package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Storm metrics, old (registerMetric) and Storm 2 (registerCounter and the rest), reach Flink's metric reporters. */
class MetricsTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    /** Registers one metric of each kind in prepare (and one more on its first tuple) and updates them per tuple. */
    static class MeteredBolt extends BaseRichBolt {
        transient OutputCollector collector;
        transient com.codahale.metrics.Counter seen;
        transient com.codahale.metrics.Histogram sizes;
        transient com.codahale.metrics.Meter rate;
        transient com.codahale.metrics.Timer time;
        transient com.codahale.metrics.Counter late;
        transient TopologyContext context;
        transient volatile long last;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext ctx, OutputCollector collector) {
            this.collector = collector;
            this.context = ctx;
            seen = ctx.registerCounter("seen");
            sizes = ctx.registerHistogram("sizes");
            rate = ctx.registerMeter("rate");
            time = ctx.registerTimer("time");
            ctx.registerGauge("last", () -> last);
            ctx.registerMetric("seenV1", new org.apache.storm.metric.api.CountMetric(), 60);
        }

        @Override
        public void execute(Tuple input) {
            if (late == null) late = context.registerCounter("late");
            long n = ((Number) input.getValue(0)).longValue();
            seen.inc();
            late.inc(2);
            sizes.update(n);
            rate.mark();
            time.update(5, java.util.concurrent.TimeUnit.MILLISECONDS);
            last = n;
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }

    @Test
    void stormMetricsBecomeFlinkMetrics() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(100, 4, false), 1);
        b.setBolt("metered", new MeteredBolt(), 1).shuffleGrouping("spout");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobExecutionResult result = StormOnFlink.build(
                        env, "metrics", TestBase.conf(), b.createTopology(), TestBase.bounded())
                .execute();

        Map<String, Metric> m = REPORTER.findMetrics(result.getJobID(), "storm");
        int task = StormOnFlinkTestAccess.tasks("metrics", b, "metered").get(0);
        String prefix = "storm." + task + ".";
        assertEquals(100L, ((Counter) metric(m, prefix + "seen")).getCount());
        Histogram sizes = (Histogram) metric(m, prefix + "sizes");
        assertEquals(100L, sizes.getCount());
        assertEquals(99L, sizes.getStatistics().getMax());
        assertEquals(100L, ((Meter) metric(m, prefix + "rate")).getCount());
        Histogram time = (Histogram) metric(m, prefix + "time");
        assertEquals(100L, time.getCount());
        assertEquals(5_000_000L, time.getStatistics().getMin());
        assertEquals(99L, ((Number) ((Gauge<?>) metric(m, prefix + "last")).getValue()).longValue());
        assertNotNull(metric(m, prefix + "seenV1"));
        // Registered on the first tuple: found by the periodic look, or at the latest when the input ends.
        assertEquals(200L, ((Counter) metric(m, prefix + "late")).getCount());
    }

    private static Metric metric(Map<String, Metric> metrics, String suffix) {
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith(suffix)) return e.getValue();
        }
        throw new AssertionError("no metric ending in " + suffix + " among " + metrics.keySet());
    }
}
