package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.junit.jupiter.api.Test;

class MultilangTest extends TestBase {
    public static class UpperPy extends ShellBolt implements IRichBolt {
        public UpperPy() {
            super("python3", "upper.py");
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("n", "key"));
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return null;
        }
    }

    @Test
    void shellBoltRunsThroughStormsOwnShellBolt() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Components.SeqSpout(50, 3, false), 1);
        b.setBolt("py", new UpperPy(), 1).shuffleGrouping("spout");
        b.setBolt("sink", new Components.SinkBolt(), 1).shuffleGrouping("py");
        // the shell process answers asynchronously: give the spout time before it counts as finished
        run("multilang", conf(), b.createTopology(), bounded().idlePollsToFinish(1500));
        Set<Object> keys = new HashSet<>();
        for (Rec.Exec e : Rec.execs("sink")) keys.add(e.values.get(1));
        assertEquals(50, Rec.execs("sink").size());
        assertEquals(Set.of("K0", "K1", "K2"), keys);
    }
}
