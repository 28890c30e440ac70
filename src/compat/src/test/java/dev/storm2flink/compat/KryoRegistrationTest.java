package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;

/** topology.kryo.register reaches the Kryo Flink uses for tuple values the record serializer does not encode itself. */
class KryoRegistrationTest extends TestBase {
    /** A value type with no serializer of its own in the runtime. */
    static final class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point && ((Point) o).x == x && ((Point) o).y == y;
        }

        @Override
        public int hashCode() {
            return 31 * x + y;
        }
    }

    /** A Storm-style Kryo serializer; counts what it writes. Raw Class in read: the signature differs between Kryo 2 and 5. */
    public static final class PointSerializer extends Serializer<Point> {
        static final AtomicInteger WRITES = new AtomicInteger();

        @Override
        public void write(Kryo kryo, Output output, Point p) {
            WRITES.incrementAndGet();
            output.writeInt(p.x);
            output.writeInt(p.y);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Point read(Kryo kryo, Input input, Class type) {
            return new Point(input.readInt(), input.readInt());
        }
    }

    static final class PointSpout extends BaseRichSpout implements BoundedSpout {
        transient SpoutOutputCollector collector;
        transient int next;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void nextTuple() {
            if (next < 50) {
                collector.emit(new Values(new Point(next, -next)));
                next++;
            }
        }

        @Override
        public boolean isFinished() {
            return next >= 50;
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("point"));
        }
    }

    private static TopologyBuilder topology() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("points", new PointSpout(), 1);
        b.setBolt("sink", new Components.SinkBolt(), 2).shuffleGrouping("points");
        return b;
    }

    @Test
    void registeredSerializerCarriesTupleValuesBetweenSubtasks() throws Exception {
        PointSerializer.WRITES.set(0);
        Config conf = conf();
        conf.registerSerialization(Point.class, PointSerializer.class);
        run("kryo", conf, topology().createTopology(), bounded());

        List<Object> points = new ArrayList<>();
        for (Rec.Exec e : Rec.execs("sink")) points.add(e.values.get(0));
        assertEquals(50, points.size());
        for (int i = 0; i < 50; i++) assertTrue(points.contains(new Point(i, -i)), "point " + i);
        assertTrue(
                PointSerializer.WRITES.get() >= 50, "the registered serializer wrote " + PointSerializer.WRITES.get());
    }

    @Test
    void missingClassFailsConstructionUnlessSkipped() {
        Config conf = conf();
        conf.registerSerialization(Point.class);
        conf.put(
                Config.TOPOLOGY_KRYO_REGISTER, new ArrayList<>(List.of("com.example.NotThere", Point.class.getName())));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StormOnFlink.build(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        "kryo",
                        conf,
                        topology().createTopology(),
                        bounded()));
        assertTrue(
                e.getMessage().contains("com.example.NotThere")
                        && e.getMessage().contains(Config.TOPOLOGY_SKIP_MISSING_KRYO_REGISTRATIONS),
                e.getMessage());

        conf.put(Config.TOPOLOGY_SKIP_MISSING_KRYO_REGISTRATIONS, true);
        assertDoesNotThrow(() -> StormOnFlink.build(
                StreamExecutionEnvironment.getExecutionEnvironment(),
                "kryo",
                conf,
                topology().createTopology(),
                bounded()));
        assertEquals(
                List.of(Point.class.getName() + ": {type: kryo}"),
                KryoRegistrations.entries(conf, getClass().getClassLoader()));
    }
}
