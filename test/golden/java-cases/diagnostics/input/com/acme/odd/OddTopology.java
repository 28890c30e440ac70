package com.acme.odd;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import com.thirdparty.topology.Wiring;

// What the analyzer cannot know statically, each reported with its code at file:line:col.
public class OddTopology {
    public static void main(String[] args) throws Exception {
        Config conf = new Config();
        String spoutId = System.getenv("SPOUT_ID");
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout(spoutId, new QuietSpout(), 1);
        builder.setSpout("ticks", new QuietSpout(), Integer.parseInt(args[0]));
        builder.setBolt("sink", new NamedBolt(), 1).shuffleGrouping("ticks").fieldsGrouping(spoutId, new Fields(args));
        builder.setBolt("sink", new NamedBolt(), 1).shuffleGrouping("ticks");
        IRichBolt plugin = (IRichBolt) Class.forName((String) conf.get("odd.plugin.class")).newInstance();
        builder.setBolt("plugin", plugin, 1).shuffleGrouping("ticks");
        Wiring.addMonitoring(builder);
        conf.put("odd.started.at", System.currentTimeMillis());
        StormSubmitter.submitTopology("odd", conf, builder.createTopology());
    }
}
