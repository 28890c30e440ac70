package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.storm.Config;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.IRichSpout;
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

    public static class CountdownPy extends ShellSpout implements IRichSpout {
        public CountdownPy() {
            super("python3", "countdown.py");
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {
            d.declare(new Fields("id", "key"));
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return null;
        }
    }

    @Test
    void shellSpoutRunsThroughStormsOwnShellSpoutAndGetsItsAcks(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path acks = tmp.resolve("acks.txt");
        Config conf = conf();
        conf.put("countdown.n", 30);
        conf.put("countdown.acks", acks.toString());
        conf.setNumAckers(1);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("py", new CountdownPy(), 1);
        b.setBolt("sink", new Components.SinkBolt(), 2).fieldsGrouping("py", new Fields("key"));
        run(
                "multilang-spout",
                conf,
                b.createTopology(),
                bounded().idlePollsToFinish(1500).ackMode(StormOnFlinkOptions.AckMode.IMMEDIATE));
        Set<Object> ids = new TreeSet<>();
        for (Rec.Exec e : Rec.execs("sink")) ids.add(e.values.get(0));
        assertEquals(30, Rec.execs("sink").size());
        assertEquals(30, ids.size());
        // Acks reached the script through the multilang protocol, one per message id.
        List<String> acked = Files.readAllLines(acks);
        assertEquals(30, acked.size());
        assertEquals(ids, new TreeSet<Object>(acked));
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
