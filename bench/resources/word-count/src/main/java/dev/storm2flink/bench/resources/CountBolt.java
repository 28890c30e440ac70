package dev.storm2flink.bench.resources;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;

/** Counts words; prints its running total every second so the bench can check the load was carried. */
public class CountBolt extends BaseBasicBolt {
    private final Map<String, Long> counts = new HashMap<>();
    private int task;
    private long total;
    private long lastPrint;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context) {
        task = context.getThisTaskId();
    }

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        counts.merge(input.getString(0), 1L, Long::sum);
        total++;
        long now = System.currentTimeMillis();
        if (now - lastPrint >= 1000) {
            lastPrint = now;
            System.out.println("BENCH-COUNT " + task + " " + now + " " + total);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields());
    }
}
