package dev.storm2flink.compat;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/** Started by {@link NoKafkaClasspathTest} in a JVM without the Kafka jars. */
public final class NoKafkaRunner {
    private NoKafkaRunner() {}

    public static void main(String[] args) throws Exception {
        System.out.println("NO_KAFKA_EXECUTED " + run());
        System.exit(0);
    }

    static long run() throws Exception {
        for (String cls : new String[] {
            StormOnFlink.KAFKA_SPOUT_CLASS,
            LegacyKafkaSpoutBridge.SPOUT_CLASS,
            "org.apache.flink.connector.kafka.source.KafkaSource"
        }) {
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
        b.setBolt("count", new Components.SinkBolt(), 2)
                .fieldsGrouping("pass", new Fields("key"))
                .shuffleGrouping("seq");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        Config conf = new Config();
        conf.put(Config.TOPOLOGY_AUTO_TASK_HOOKS, List.of(Rec.Hook.class.getName()));
        StormOnFlink.build(
                        env,
                        "no-kafka",
                        conf,
                        b.createTopology(),
                        StormOnFlinkOptions.defaults().bounded(true).idlePollsToFinish(50))
                .execute();
        return Rec.execs("count").size();
    }
}
