package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class FluxTest extends TestBase {
    @Test
    void fluxYamlRunsThroughFluxCore() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StormJob job = StormOnFlink.buildFluxResource(env, "/flux-test.yaml", null, false, bounded());
        assertEquals("flux-topology", job.name());
        job.execute();
        assertEquals(120, Rec.execs("sink").size());
        Map<Object, Set<Integer>> keyTasks = new HashMap<>();
        for (Rec.Exec e : Rec.execs("sink"))
            keyTasks.computeIfAbsent(e.values.get(1), k -> new HashSet<>()).add(e.task);
        for (Set<Integer> s : keyTasks.values()) assertEquals(1, s.size());
    }
}
