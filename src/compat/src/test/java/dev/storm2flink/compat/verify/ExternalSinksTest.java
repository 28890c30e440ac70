package dev.storm2flink.compat.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Which bolts verify swaps for acking sinks: a connector bolt (here a stand-in base class, named as the connector
 * modules' are) or a subclass of one whose streams nothing reads; not a lookup whose output another bolt reads, not
 * the user's own bolts.
 */
class ExternalSinksTest {
    /** Plays a connector module's bolt base class (AbstractHBaseBolt and the like: rich bolts, all of them). */
    public abstract static class StoreBolt extends BaseRichBolt {
        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {}
    }

    public static class Store extends StoreBolt {
        @Override
        public void execute(Tuple input) {
            throw new IllegalStateException("no store here");
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }

    public static class Lookup extends StoreBolt {
        @Override
        public void execute(Tuple input) {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("found"));
        }
    }

    public static class Own extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }

    private static final Map<String, String> SYSTEMS = Map.of(StoreBolt.class.getName(), "the store");

    @Test
    void swapsSinksOfAKnownSystemOnly() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("words", new TestWordSpout());
        b.setBolt("store", new Store(), 2)
                .shuffleGrouping("words")
                .addConfiguration(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 15)
                .addConfiguration("store.table", "words");
        b.setBolt("lookup", new Lookup()).shuffleGrouping("words");
        b.setBolt("after-lookup", new Own()).shuffleGrouping("lookup");
        b.setBolt("own", new Own()).shuffleGrouping("words");
        StormTopology t = b.createTopology();
        byte[] lookup = t.get_bolts().get("lookup").get_bolt_object().get_serialized_java();

        Map<String, Map<String, String>> swapped =
                ExternalSinks.standIn(t, getClass().getClassLoader(), SYSTEMS);

        assertEquals(Map.of("store", Map.of("class", Store.class.getName(), "system", "the store")), swapped);
        Object store = Utils.javaDeserialize(
                t.get_bolts().get("store").get_bolt_object().get_serialized_java(), java.io.Serializable.class);
        assertInstanceOf(ExternalSinks.AckingSink.class, store);
        assertEquals(2, t.get_bolts().get("store").get_common().get_parallelism_hint());
        // Its tick setting goes with it (verify would run in rounds for it), the rest of its conf stays.
        Map<?, ?> conf =
                (Map<?, ?>) Json.parse(t.get_bolts().get("store").get_common().get_json_conf());
        assertFalse(conf.containsKey(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS));
        assertEquals("words", conf.get("store.table"));
        assertArrayEquals(lookup, t.get_bolts().get("lookup").get_bolt_object().get_serialized_java());
        for (String id : List.of("after-lookup", "own"))
            assertFalse(
                    Utils.javaDeserialize(
                                    t.get_bolts().get(id).get_bolt_object().get_serialized_java(),
                                    java.io.Serializable.class)
                            instanceof ExternalSinks.AckingSink);
    }

    @Test
    void namesTheSerializedClassWithoutLoadingIt() {
        assertEquals(Store.class.getName(), ExternalSinks.className(Utils.javaSerialize(new Store())));
        assertNull(ExternalSinks.className(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertNull(ExternalSinks.system("no.such.Bolt", getClass().getClassLoader(), SYSTEMS));
        // Storm's own connector names: none of those modules is on this class path, so nothing matches by accident.
        assertNull(ExternalSinks.system(Own.class.getName(), getClass().getClassLoader(), ExternalSinks.SYSTEMS));
    }
}
