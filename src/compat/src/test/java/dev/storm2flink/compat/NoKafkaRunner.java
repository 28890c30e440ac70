package dev.storm2flink.compat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;

/** Started by {@link NoKafkaClasspathTest} in a JVM without the Kafka jars. */
public final class NoKafkaRunner {
    static final AtomicLong EXECUTED = new AtomicLong();

    private NoKafkaRunner() {}

    public static void main(String[] args) throws Exception {
        System.out.println("NO_KAFKA_EXECUTED " + run());
        System.exit(0);
    }

    static long run() throws Exception {
        for (String cls : new String[] {StormOnFlink.KAFKA_SPOUT_CLASS, "org.apache.flink.connector.kafka.source.KafkaSource"}) {
            try {
                Class.forName(cls, false, NoKafkaRunner.class.getClassLoader());
                throw new AssertionError(cls + " is loadable: the class path still has Kafka jars");
            } catch (ClassNotFoundException expected) {
                // the point of the test
            }
        }
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("seq", new Components.SeqSpout(100, 4, true), 1);
        b.setBolt("pass", new Components.PassBolt(), 2).shuffleGrouping("seq");
        b.setBolt("count", new CountBolt(), 2).fieldsGrouping("pass", new Fields("key")).shuffleGrouping("seq");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        StormOnFlink.build(env, "no-kafka", new Config(), b.createTopology(),
                StormOnFlinkOptions.defaults().bounded(true).idlePollsToFinish(50)).execute();
        return EXECUTED.get();
    }

    static class CountBolt extends BaseRichBolt {
        transient OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            EXECUTED.incrementAndGet();
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer d) {}
    }
}
