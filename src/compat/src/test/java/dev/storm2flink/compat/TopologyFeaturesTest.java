package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.storm.Config;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseWindowedBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.apache.storm.windowing.TupleWindow;
import org.junit.jupiter.api.Test;

class TopologyFeaturesTest extends TestBase {

    /** A spout nothing subscribes to still runs (Flink runs only consumed sources): a spout-only topology works. */
    @Test
    void aSpoutWithoutSubscribersRuns() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("alone", new Components.SeqSpout(30, 3, false), 2);
        run("spout-only", conf(), b.createTopology(), bounded());
        assertEquals(
                30, Rec.EMITS.stream().filter(e -> e.component.equals("alone")).count());
    }

    @Test
    void namedStreamsMultipleInputsAndManyTasksPerSubtask() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(200, 7, false, "side"), 2).setNumTasks(3);
        b.setBolt("pass", new Components.PassBolt(), 2).setNumTasks(5).shuffleGrouping("spout");
        b.setBolt("multi", new Components.SinkBolt(), 2)
                .setNumTasks(4)
                .shuffleGrouping("spout")
                .fieldsGrouping("spout", "side", new Fields("key"))
                .allGrouping("pass");
        run("streams", conf(), b.createTopology(), bounded());

        // 3 spout tasks share the sequence: each n once per stream
        List<Rec.Exec> multi = Rec.execs("multi");
        Map<String, Integer> bySrc = new TreeMap<>();
        for (Rec.Exec e : multi) bySrc.merge(e.source + ":" + e.stream, 1, Integer::sum);
        assertEquals(Map.of("spout:default", 200, "spout:side", 200, "pass:default", 200 * 4), bySrc);
        Map<Object, Set<Integer>> sideKeys = new HashMap<>();
        for (Rec.Exec e : multi)
            if (e.stream.equals("side"))
                sideKeys.computeIfAbsent(e.values.get(1), k -> new HashSet<>()).add(e.task);
        for (Set<Integer> s : sideKeys.values()) assertEquals(1, s.size());
        Set<Integer> passTasks = new HashSet<>();
        for (Rec.Exec e : Rec.execs("pass")) passTasks.add(e.task);
        assertEquals(5, passTasks.size(), "all 5 tasks on 2 subtasks receive tuples");
        Set<Integer> spoutTasks = new HashSet<>();
        for (Rec.Exec e : Rec.execs("pass")) spoutTasks.add(e.sourceTask);
        assertEquals(3, spoutTasks.size());
    }

    /**
     * A bolt's emits of one execute travel to each target task in records of up to 64 tuples: every tuple arrives once,
     * on its stream, and each target task sees one source task's tuples in emit order across both streams.
     */
    @Test
    void manyEmitsPerExecuteArriveOnceAndInOrderPerTargetTask() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(40, 3, false), 1);
        b.setBolt("fan", new Components.FanOutBolt(150), 2).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 2)
                .setNumTasks(3)
                .fieldsGrouping("fan", new Fields("i"))
                .shuffleGrouping("fan", "odd");
        run("fan-out", conf(), b.createTopology(), bounded());

        List<Rec.Exec> execs = Rec.execs("sink");
        assertEquals(40 * 150, execs.size());
        Set<String> seen = new HashSet<>();
        Map<String, long[]> last = new HashMap<>();
        for (Rec.Exec e : execs) {
            long n = ((Number) e.values.get(0)).longValue();
            int i = (Integer) e.values.get(1);
            assertEquals(i % 2 == 0 ? "default" : "odd", e.stream);
            assertTrue(seen.add(n + "/" + i), "twice: " + e);
            long[] prev = last.put(e.sourceTask + "->" + e.task, new long[] {n, i});
            if (prev != null)
                assertTrue(
                        prev[0] < n || (prev[0] == n && prev[1] < i),
                        "out of order after " + prev[0] + "/" + prev[1] + ": " + e);
        }
        // What each emit returned (seen by the emit hook) is the task that executed the tuple.
        Map<String, Integer> executedOn = new HashMap<>();
        for (Rec.Exec e : execs) executedOn.put(e.values.get(0) + "/" + e.values.get(1), e.task);
        int checked = 0;
        for (Rec.Emit em : Rec.EMITS) {
            if (!em.component.equals("fan")) continue;
            assertEquals(
                    List.of(executedOn.get(em.values.get(0) + "/" + em.values.get(1))),
                    em.outTasks,
                    em.values.toString());
            checked++;
        }
        assertEquals(40 * 150, checked);
    }

    @Test
    void ticksTopologyAndComponentLevelDeterministic() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(300, 5, false), 1);
        b.setBolt("topo", new Components.SinkBolt(), 2).setNumTasks(3).shuffleGrouping("spout");
        b.setBolt("comp", new Components.SinkBolt(), 1)
                .shuffleGrouping("spout")
                .addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 7);
        Config c = conf();
        c.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 3);
        run("ticks", c, b.createTopology(), bounded().tickEveryRecords(10));

        Map<Integer, Integer> records = new TreeMap<>();
        for (Rec.Exec e : Rec.execs("topo")) records.merge(e.task, 1, Integer::sum);
        Map<Integer, Integer> ticks = new TreeMap<>();
        for (Rec.Exec e : Rec.ticks("topo")) {
            ticks.merge(e.task, 1, Integer::sum);
            assertEquals(List.of(3), e.values);
            assertEquals("__system", e.source);
            assertEquals("__tick", e.stream);
        }
        for (Map.Entry<Integer, Integer> r : records.entrySet())
            assertEquals(r.getValue() / 10, (int) ticks.getOrDefault(r.getKey(), 0));
        assertEquals(30, Rec.ticks("comp").size());
        for (Rec.Exec e : Rec.ticks("comp")) assertEquals(List.of(7), e.values);
    }

    @Test
    void ticksByProcessingTime() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        // ~2.5 s of slow input, ticks every second
        b.setSpout("spout", new Components.SeqSpout(2500, 5, false).slow(1), 1);
        b.setBolt("timed", new Components.SinkBolt(), 2)
                .shuffleGrouping("spout")
                .addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 1);
        run("timeticks", conf(), b.createTopology(), bounded());
        Map<Integer, Integer> ticks = new TreeMap<>();
        for (Rec.Exec e : Rec.ticks("timed")) ticks.merge(e.task, 1, Integer::sum);
        assertEquals(2, ticks.size(), "every task ticks: " + ticks);
        for (int n : ticks.values()) assertTrue(n >= 1 && n <= 6, "ticks " + ticks);
    }

    @Test
    void contextHooksMetricsAndBasicBolt() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(100, 4, false), 1);
        b.setBolt("ctx", new Components.ContextBolt(), 2).setNumTasks(3).shuffleGrouping("spout");
        b.setBolt("basic", new Components.UpperBasicBolt(), 1).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("ctx", "out");
        Config c = conf();
        c.put("user.key", "u");
        run("context", c, b.createTopology(), bounded());

        List<Integer> ctxTasks = StormOnFlinkTestAccess.tasks("context", b, "ctx");
        for (int i = 0; i < ctxTasks.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> note = (Map<String, Object>) Rec.NOTES.get("ctx-" + ctxTasks.get(i));
            assertEquals("ctx", note.get("component"));
            assertEquals(i, note.get("taskIndex"));
            assertEquals(ctxTasks, note.get("tasks"));
            assertEquals(StormOnFlinkTestAccess.tasks("context", b, "spout"), note.get("spoutTasks"));
            assertEquals(List.of("n", "key"), note.get("spoutFields"));
            assertTrue(
                    note.get("sources").toString().contains("componentId:spout"),
                    note.get("sources").toString());
            assertEquals("[out]", note.get("targets"));
            assertEquals("u", note.get("confUser"));
            assertEquals("c", note.get("confComponent"));
            assertEquals(30, ((Number) note.get("confDefault")).intValue());
        }
        // BaseBasicBolt acks every input automatically; PassBolt-like bolts ack explicitly
        int basicExecs = Rec.execs("basic").size();
        assertEquals(100, basicExecs);
        assertTrue(Rec.BOLT_ACKS.get() >= 100 + 100 + 100, "acks " + Rec.BOLT_ACKS.get());
        for (Rec.Emit e : Rec.EMITS) {
            if (e.component.equals("basic"))
                assertEquals(e.values.get(1).toString().toUpperCase(), e.values.get(1));
        }
        // hooks: one per task (1 spout + 3 ctx + 1 basic + 1 sink), prepared and cleaned up
        assertEquals(6, Rec.HOOK_PREPARES.get());
        assertEquals(6, Rec.HOOK_CLEANUPS.get());
    }

    @Test
    void countWindowThroughStormsWindowedBoltExecutor() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(100, 4, false), 1);
        b.setBolt("window", new SumWindow().withTumblingWindow(BaseWindowedBolt.Count.of(10)), 1)
                .shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("window");
        run("window", conf(), b.createTopology(), bounded());
        List<Rec.Exec> sums = Rec.execs("sink");
        assertEquals(10, sums.size());
        long total = 0;
        for (Rec.Exec e : sums) total += ((Number) e.values.get(0)).longValue();
        assertEquals(99L * 100 / 2, total);
    }

    static class SumWindow extends BaseWindowedBolt {
        transient org.apache.storm.task.OutputCollector collector;

        @Override
        public void prepare(
                Map<String, Object> conf,
                org.apache.storm.task.TopologyContext ctx,
                org.apache.storm.task.OutputCollector c) {
            this.collector = c;
        }

        @Override
        public void execute(TupleWindow window) {
            long sum = 0;
            for (org.apache.storm.tuple.Tuple t : window.get()) sum += t.getInteger(0);
            collector.emit(new Values(sum));
        }

        @Override
        public void declareOutputFields(org.apache.storm.topology.OutputFieldsDeclarer d) {
            d.declare(new Fields("sum"));
        }
    }

    @Test
    void unsupportedFeaturesFailAtConstructionNamingTheComponent() {
        TopologyBuilder cyc = new TopologyBuilder();
        cyc.setSpout("spout", new Components.SeqSpout(1, 1, false), 1);
        cyc.setBolt("a", new Components.PassBolt(), 1).shuffleGrouping("spout").shuffleGrouping("b");
        cyc.setBolt("b", new Components.PassBolt(), 1).shuffleGrouping("a");
        Exception e = assertThrows(
                UnsupportedTopologyException.class,
                () -> StormOnFlink.build(
                        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment(),
                        "cyc",
                        conf(),
                        cyc.createTopology(),
                        bounded()));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());

        TopologyBuilder stateful = new TopologyBuilder();
        stateful.setSpout("spout", new Components.SeqSpout(1, 1, false), 1);
        stateful.setBolt("counter", new StatefulCounter(), 1).shuffleGrouping("spout");
        // Stateful bolts build (StatefulBoltTest runs them): the checkpoint spout is not a component of the job.
        StormJob st = StormOnFlink.build(
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment(),
                "st",
                conf(),
                stateful.createTopology(),
                bounded());
        assertFalse(st.plan().components.containsKey("$checkpointspout"));

        org.apache.storm.trident.TridentTopology trident = new org.apache.storm.trident.TridentTopology();
        trident.newStream(
                        "tx", new org.apache.storm.trident.testing.FixedBatchSpout(new Fields("w"), 1, new Values("a")))
                .each(new Fields("w"), new org.apache.storm.trident.operation.builtin.Debug());
        // Trident builds too (TridentTest runs it): its master batch coordinator is a spout of the job.
        StormJob tr = StormOnFlink.build(
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment(),
                "tr",
                conf(),
                trident.build(),
                bounded());
        assertTrue(
                tr.plan().components.containsKey("$mastercoord-bg0"),
                tr.plan().components.keySet().toString());
    }

    static class StatefulCounter
            extends org.apache.storm.topology.base.BaseStatefulBolt<
                    org.apache.storm.state.KeyValueState<String, Long>> {
        @Override
        public void initState(org.apache.storm.state.KeyValueState<String, Long> state) {}

        @Override
        public void execute(org.apache.storm.tuple.Tuple input) {}
    }
}
