package dev.storm2flink.samples.configurable;

import static dev.storm2flink.samples.configurable.TopologyConstants.ERROR_COUNTER;
import static dev.storm2flink.samples.configurable.TopologyConstants.ERROR_COUNTER_PARALLELISM;
import static dev.storm2flink.samples.configurable.TopologyConstants.LEVEL_COUNTER;
import static dev.storm2flink.samples.configurable.TopologyConstants.LEVEL_COUNTER_PARALLELISM;
import static dev.storm2flink.samples.configurable.TopologyConstants.LOG_SPOUT;
import static dev.storm2flink.samples.configurable.TopologyConstants.LOG_SPOUT_PARALLELISM;
import static dev.storm2flink.samples.configurable.TopologyConstants.PARSER;
import static dev.storm2flink.samples.configurable.TopologyConstants.PARSER_PARALLELISM;

import org.apache.storm.LocalCluster;
import org.apache.storm.topology.ConfigurableTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.Utils;

/**
 * A {@link ConfigurableTopology}: {@code -conf file.yaml} arguments are merged into {@code conf}
 * by {@link ConfigurableTopology#start}; {@code run} wires the topology through
 * {@link #createBuilder()} and submits it under the name given as first argument, or runs it
 * briefly in a LocalCluster when no name is given.
 */
public class LogLevelsTopology extends ConfigurableTopology {

    public static void main(String[] args) {
        ConfigurableTopology.start(new LogLevelsTopology(), args);
    }

    static TopologyBuilder createBuilder() {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout(LOG_SPOUT, new LogLineSpout(), LOG_SPOUT_PARALLELISM);
        builder.setBolt(PARSER, new LogParserBolt(), PARSER_PARALLELISM)
            .shuffleGrouping(LOG_SPOUT);
        builder.setBolt(LEVEL_COUNTER, new KeyCountBolt("level"), LEVEL_COUNTER_PARALLELISM)
            .fieldsGrouping(PARSER, StreamIds.ENTRIES, new Fields("level"));
        builder.setBolt(ERROR_COUNTER, new KeyCountBolt("component"), ERROR_COUNTER_PARALLELISM)
            .fieldsGrouping(PARSER, StreamIds.ERRORS, new Fields("component"));
        return builder;
    }

    @Override
    protected int run(String[] args) throws Exception {
        conf.setNumWorkers(TopologyConstants.WORKERS);
        conf.setMaxSpoutPending(100);
        String data = System.getProperty(LogLineSpout.DATA_KEY);
        if (data != null) {
            conf.put(LogLineSpout.DATA_KEY, data);
        }
        TopologyBuilder builder = createBuilder();
        if (args.length > 0) {
            return submit(args[0], conf, builder);
        }
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.submitTopology(TopologyConstants.TOPOLOGY_NAME, conf, builder.createTopology());
            Utils.sleep(10_000);
        }
        return 0;
    }
}
