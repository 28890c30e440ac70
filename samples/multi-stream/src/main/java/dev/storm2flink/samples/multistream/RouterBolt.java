package dev.storm2flink.samples.multistream;

import java.util.List;
import java.util.Map;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Parses event lines and routes them to named streams: clicks, purchases, invalid. Every valid
 * event is also sent on the direct stream "audit" to the auditor task chosen from the user name
 * (task ids from {@code context.getComponentTasks}).
 */
public class RouterBolt extends BaseRichBolt {
    private final String auditComponent;
    private OutputCollector collector;
    private List<Integer> auditTasks;

    public RouterBolt(String auditComponent) {
        this.auditComponent = auditComponent;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.auditTasks = context.getComponentTasks(auditComponent);
    }

    @Override
    public void execute(Tuple input) {
        String line = input.getStringByField("line");
        String[] parts = line.split(",");
        if (parts.length != 4 || parts[1].isEmpty()) {
            collector.emit(Streams.INVALID, input, new Values(line));
            collector.ack(input);
            return;
        }
        String type = parts[0];
        String user = parts[1];
        String item = parts[2];
        long amount;
        try {
            amount = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            collector.emit(Streams.INVALID, input, new Values(line));
            collector.ack(input);
            return;
        }
        switch (type) {
            case "click":
                collector.emit(Streams.CLICKS, input, new Values(user, item));
                break;
            case "purchase":
                collector.emit(Streams.PURCHASES, input, new Values(user, item, amount));
                break;
            default:
                collector.emit(Streams.INVALID, input, new Values(line));
                collector.ack(input);
                return;
        }
        int auditTask = auditTasks.get(Math.floorMod(user.hashCode(), auditTasks.size()));
        collector.emitDirect(auditTask, Streams.AUDIT, input, new Values(user, type));
        collector.ack(input);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declareStream(Streams.CLICKS, new Fields("user", "item"));
        declarer.declareStream(Streams.PURCHASES, new Fields("user", "item", "amount"));
        declarer.declareStream(Streams.INVALID, new Fields("line"));
        declarer.declareStream(Streams.AUDIT, true, new Fields("user", "type"));
    }
}
