package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.storm.streams.Pair;
import org.apache.storm.streams.StreamBuilder;
import org.apache.storm.streams.operations.mappers.ValueMapper;
import org.junit.jupiter.api.Test;

/** Storm's Streams API (StreamBuilder) compiles to spouts and bolts; they run here as any others. */
class StreamsApiTest extends TestBase {
    static final Map<Integer, Long> COUNTS = new ConcurrentHashMap<>();
    static final Map<Integer, Long> STATE = new ConcurrentHashMap<>();

    @Test
    void aStreamsTopologyRunsItsOperationsAndState() throws Exception {
        COUNTS.clear();
        STATE.clear();
        StreamBuilder builder = new StreamBuilder();
        // Values 0..999; evens doubled, keyed by value % 7, counted per key (a running count per input), and the
        // same keys summed in stream state (updateStateByKey: a StatefulProcessorBolt, so Flink checkpointed state).
        builder.newStream(new Components.SeqSpout(1000, 10, true), new ValueMapper<Integer>(0), 2)
                .filter(x -> x % 2 == 0)
                .map(x -> x * 2)
                .mapToPair(x -> Pair.of(x % 7, 1L))
                .countByKey()
                .forEach(p -> COUNTS.merge(p.getFirst(), p.getSecond(), Math::max));
        builder.newStream(new Components.SeqSpout(1000, 10, true), new ValueMapper<Integer>(0), 1)
                .mapToPair(x -> Pair.of(x % 3, (long) x))
                .updateStateByKey(0L, (Long sum, Long x) -> sum + x)
                .toPairStream()
                .forEach(p -> STATE.merge(p.getFirst(), p.getSecond(), Math::max));
        run("streams", conf(), builder.build(), bounded(), StormOnFlink.flinkConfiguration(100, 3, 100));

        Map<Integer, Long> want = new TreeMap<>();
        for (int x = 0; x < 1000; x += 2) want.merge((x * 2) % 7, 1L, Long::sum);
        assertEquals(want, new TreeMap<>(COUNTS));
        Map<Integer, Long> sums = new TreeMap<>();
        for (int x = 0; x < 1000; x++) sums.merge(x % 3, (long) x, Long::sum);
        assertEquals(sums, new TreeMap<>(STATE));
    }
}
