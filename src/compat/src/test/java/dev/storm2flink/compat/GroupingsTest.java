package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.junit.jupiter.api.Test;

class GroupingsTest extends TestBase {
    static final int N = 400;

    private static Map<Integer, Integer> perTask(List<Rec.Exec> execs) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (Rec.Exec e : execs) m.merge(e.task, 1, Integer::sum);
        return m;
    }

    @Test
    void everyGroupingRoutesAsStorm() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(N, 10, false), 1);
        b.setBolt("shuffle", new Components.SinkBolt(), 2).setNumTasks(3).shuffleGrouping("spout");
        b.setBolt("fields", new Components.SinkBolt(), 2).setNumTasks(4).fieldsGrouping("spout", new Fields("key"));
        b.setBolt("all", new Components.SinkBolt(), 2).setNumTasks(3).allGrouping("spout");
        b.setBolt("global", new Components.SinkBolt(), 2).setNumTasks(3).globalGrouping("spout");
        b.setBolt("none", new Components.SinkBolt(), 2).noneGrouping("spout");
        b.setBolt("local", new Components.SinkBolt(), 2).localOrShuffleGrouping("spout");
        b.setBolt("custom", new Components.SinkBolt(), 2)
                .setNumTasks(3)
                .customGrouping("spout", new Components.TwoTasksGrouping());
        b.setBolt("partial", new Components.SinkBolt(), 2)
                .setNumTasks(3)
                .partialKeyGrouping("spout", new Fields("key"));
        b.setBolt("direct", new Components.DirectBolt(), 1).shuffleGrouping("spout");
        b.setBolt("direct-sink", new Components.SinkBolt(), 2).setNumTasks(3).directGrouping("direct", "d");
        run("groupings", conf(), b.createTopology(), bounded());

        // shuffle: each tuple once, spread over all tasks
        assertEquals(N, Rec.execs("shuffle").size());
        assertEquals(3, perTask(Rec.execs("shuffle")).size());
        // fields: one task per key, several tasks used
        Map<Object, Set<Integer>> keyTasks = new HashMap<>();
        for (Rec.Exec e : Rec.execs("fields"))
            keyTasks.computeIfAbsent(e.values.get(1), k -> new HashSet<>()).add(e.task);
        assertEquals(10, keyTasks.size());
        for (Set<Integer> s : keyTasks.values()) assertEquals(1, s.size(), "a key went to several tasks: " + keyTasks);
        assertEquals(N, Rec.execs("fields").size());
        // all: every task sees every tuple
        Map<Integer, Integer> all = perTask(Rec.execs("all"));
        assertEquals(3, all.size());
        for (int c : all.values()) assertEquals(N, c);
        // global: only the lowest task id
        Map<Integer, Integer> global = perTask(Rec.execs("global"));
        assertEquals(1, global.size());
        int lowest = Collections.min(StormOnFlinkTestAccess.tasks("groupings", b, "global"));
        assertEquals(Map.of(lowest, N), global);
        assertEquals(N, Rec.execs("none").size());
        assertEquals(N, Rec.execs("local").size());
        // custom: fan-out to the two chosen tasks
        List<Integer> customTasks = StormOnFlinkTestAccess.tasks("groupings", b, "custom");
        Map<Integer, Set<Integer>> got = new HashMap<>();
        for (Rec.Exec e : Rec.execs("custom"))
            got.computeIfAbsent((Integer) e.values.get(0), k -> new HashSet<>()).add(e.task);
        assertEquals(N, got.size());
        assertEquals(2 * N, Rec.execs("custom").size());
        for (Map.Entry<Integer, Set<Integer>> e : got.entrySet()) {
            int n = e.getKey();
            assertEquals(Set.of(customTasks.get(n % 3), customTasks.get((n + 1) % 3)), e.getValue());
        }
        // partial key: each key on at most two tasks
        Map<Object, Set<Integer>> partial = new HashMap<>();
        for (Rec.Exec e : Rec.execs("partial"))
            partial.computeIfAbsent(e.values.get(1), k -> new HashSet<>()).add(e.task);
        assertEquals(N, Rec.execs("partial").size());
        for (Set<Integer> s : partial.values()) assertTrue(s.size() <= 2);
        // direct: the chosen task, exactly
        List<Integer> sinkTasks = StormOnFlinkTestAccess.tasks("groupings", b, "direct-sink");
        assertEquals(N, Rec.execs("direct-sink").size());
        for (Rec.Exec e : Rec.execs("direct-sink")) {
            assertEquals(sinkTasks.get((Integer) e.values.get(0) % 3), e.task);
            assertEquals("d", e.stream);
        }
        // returned task ids == tasks that executed the tuple (from the spout)
        Map<Integer, List<Integer>> executed = new HashMap<>();
        for (Rec.Exec e : Rec.EXECS) {
            if (e.source.equals("spout"))
                executed.computeIfAbsent((Integer) e.values.get(0), k -> new ArrayList<>())
                        .add(e.task);
        }
        assertEquals(N, Rec.RETURNED.size());
        for (List<Object> r : Rec.RETURNED) {
            @SuppressWarnings("unchecked")
            List<Integer> returned = new ArrayList<>((List<Integer>) r.get(1));
            List<Integer> ran = new ArrayList<>(executed.get((Integer) r.get(0)));
            Collections.sort(returned);
            Collections.sort(ran);
            assertEquals(returned, ran, "tuple " + r.get(0));
        }
        // emit hooks saw the same out tasks
        for (Rec.Emit em : Rec.EMITS) if (em.component.equals("direct")) assertEquals(1, em.outTasks.size());
    }
}
