// Hand-written topology models for shapes and hostile input the samples do not cover.
import type { Component, Topology } from '../../src/model/topology.js';

export const HOSTILE = `a"b\\c */ d\n\${x} 'q' $(id) \`e\` #f: g \u00e9\u4e2d\ud83d\ude00 \u2028 {{h}} --x`;

function comp(id: string, type: 'spout' | 'bolt', className: string | null, extra: Partial<Component> = {}): Component {
  return {
    id,
    type,
    className,
    parallelism: 2,
    numTasks: null,
    tickFrequencySecs: null,
    features: [],
    outputStreams: [{ id: 'default', fields: ['word'], direct: false }],
    source: { file: 'src/main/java/p/Topo.java', line: 10, column: 5 },
    ...extra,
  };
}

/** A topology whose every user string is hostile. `entry` decides how the job builds it. */
export function hostileTopology(entry: { className: string | null; method: string | null }, file = 'src/main/java/p/Topo.java'): Topology {
  return {
    id: `hostile-${HOSTILE}`,
    name: HOSTILE,
    kind: 'java',
    namespace: 'org.apache.storm',
    source: { file, line: 3, column: 1 },
    entry,
    files: [file],
    components: [
      comp(`spout ${HOSTILE}`, 'spout', `p.Spout${HOSTILE}`, { features: ['reliable-spout'] }),
      comp(`bolt ${HOSTILE}`, 'bolt', 'p.Bolt', { tickFrequencySecs: 5, features: ['tick'] }),
    ],
    edges: [{ from: `spout ${HOSTILE}`, stream: HOSTILE, to: `bolt ${HOSTILE}`, grouping: 'fields', fields: [HOSTILE] }],
    config: {
      'topology.workers': 3,
      'topology.worker.childopts': `-Xmx1g -Dname=${HOSTILE.replace(/\s/g, '_')}`,
      'topology.message.timeout.secs': 45,
      [HOSTILE]: HOSTILE,
      'user.list': [1, 'two', null, true, 2.5],
      'user.map': { [HOSTILE]: 1, b: { c: 'd' } },
      'user.big': 12345678901,
    },
    blocked: false,
    diagnostics: [
      {
        code: 'S2F107',
        severity: 'warning',
        message: `builder escapes into ${HOSTILE}`,
        file,
        line: 4,
        column: 2,
        help: HOSTILE,
      },
    ],
  };
}

export const HOSTILE_JAVA = `package p;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.AlreadyAliveException;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;

public class Topo {
  public static StormTopology build() {
    return new TopologyBuilder().createTopology();
  }

  public static void main(String[] args) throws Exception {
    Config conf = new Config();
    try {
      StormSubmitter.submitTopology(args.length > 0 ? args[0] : "t", conf, build());
    } catch (AlreadyAliveException e) {
      throw e;
    }
    org.apache.storm.StormSubmitter.submitTopologyWithProgressBar("t2", (Map<String, Object>) conf, build());
  }
}
`;

/** A backtype.storm-era topology source (Storm 0.9), to exercise the namespace rewrite. */
export const BACKTYPE_JAVA = `package old;

import backtype.storm.Config;
import backtype.storm.StormSubmitter;
import backtype.storm.topology.TopologyBuilder;
import backtype.storm.tuple.Fields;

public class OldTopology {
  public static void main(String[] args) throws Exception {
    TopologyBuilder builder = new TopologyBuilder();
    builder.setSpout("s", new backtype.storm.testing.TestWordSpout(), 1);
    builder.setBolt("b", new OldBolt(), 2).fieldsGrouping("s", new Fields("word"));
    Config conf = new Config();
    conf.setNumWorkers(2);
    conf.put(Config.TOPOLOGY_ACKER_EXECUTORS, 0);
    StormSubmitter.submitTopology("old-topology", conf, builder.createTopology());
  }
}
`;

export function backtypeTopology(file: string): Topology {
  return {
    id: 'old-topology',
    name: 'old-topology',
    kind: 'java',
    namespace: 'backtype.storm',
    source: { file, line: 9, column: 5 },
    entry: { className: 'old.OldTopology', method: 'main' },
    files: [file],
    components: [
      comp('s', 'spout', 'backtype.storm.testing.TestWordSpout', { parallelism: 1 }),
      comp('b', 'bolt', 'old.OldBolt', { parallelism: 2, features: ['basic-bolt'] }),
    ],
    edges: [{ from: 's', stream: 'default', to: 'b', grouping: 'fields', fields: ['word'] }],
    config: { 'topology.workers': 2, 'topology.acker.executors': 0 },
    blocked: false,
    diagnostics: [],
  };
}

/** Storm Resource Aware Scheduler figures as storm-starter's ResourceAwareExampleTopology sets them. */
export function rasTopology(): Topology {
  return {
    id: 'ras',
    name: 'ras',
    kind: 'java',
    namespace: 'org.apache.storm',
    source: { file: 'src/main/java/p/Ras.java', line: 5, column: 5 },
    entry: { className: 'p.Ras', method: 'main' },
    files: ['src/main/java/p/Ras.java'],
    components: [
      comp('word', 'spout', 'org.apache.storm.testing.TestWordSpout', { parallelism: 10, resources: { cpu: 20, memoryOnHeapMb: 64, memoryOffHeapMb: 16 } }),
      comp('exclaim1', 'bolt', 'p.ExclamationBolt', { parallelism: 3, resources: { cpu: 15 } }),
      comp('exclaim2', 'bolt', 'p.ExclamationBolt', { parallelism: 2, resources: { memoryOnHeapMb: 100 } }),
    ],
    edges: [
      { from: 'word', stream: 'default', to: 'exclaim1', grouping: 'shuffle' },
      { from: 'exclaim1', stream: 'default', to: 'exclaim2', grouping: 'shuffle' },
    ],
    config: { 'topology.worker.max.heap.size.mb': 1024, 'topology.workers': 3, 'topology.priority': 29 },
    blocked: false,
    diagnostics: [],
  };
}

/**
 * Storm 0.9 code on the old storm-kafka (storm.kafka), as manuzhang/storm-benchmark has it: a ZooKeeper KafkaSpout,
 * a KafkaBolt, a Trident Kafka config, Storm 0.9 API that Storm 2 moved (Utils.getInt, NimbusClient.getClient()),
 * storm-kafka 0.9's forceFromStart, and JGraphT that storm-core 0.9's tree brought.
 */
export const STORM09_KAFKA_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>old</groupId>
  <artifactId>old-kafka</artifactId>
  <version>1</version>
  <properties><storm.version>0.9.3</storm.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>\${storm.version}</version><scope>provided</scope></dependency>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-kafka</artifactId><version>\${storm.version}</version></dependency>
  </dependencies>
</project>
`;

export const STORM09_KAFKA_JAVA = `package old;

import backtype.storm.Config;
import backtype.storm.StormSubmitter;
import backtype.storm.generated.Nimbus;
import backtype.storm.spout.SchemeAsMultiScheme;
import backtype.storm.testing.TestWordCounter;
import backtype.storm.topology.TopologyBuilder;
import backtype.storm.tuple.Fields;
import backtype.storm.utils.NimbusClient;
import backtype.storm.utils.Utils;
import org.jgrapht.graph.DefaultDirectedGraph;
import storm.kafka.KafkaSpout;
import storm.kafka.SpoutConfig;
import storm.kafka.StringScheme;
import storm.kafka.ZkHosts;
import storm.kafka.bolt.KafkaBolt;
import storm.kafka.trident.TridentKafkaConfig;

public class KafkaTopology {
  public static void main(String[] args) throws Exception {
    Config conf = new Config();
    int parallel = Utils.getInt(Utils.get(conf, "old.parallel", 2));
    SpoutConfig sc = new SpoutConfig(new ZkHosts("localhost:2181"), "words", "/kafka", "old");
    sc.scheme = new SchemeAsMultiScheme(new StringScheme());
    sc.forceFromStart = true;
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("kafka", new KafkaSpout(sc), 1);
    b.setBolt("count", new TestWordCounter(), parallel).fieldsGrouping("kafka", new Fields("str"));
    b.setBolt("out", new KafkaBolt<String, String>(), 1).shuffleGrouping("count");
    StormSubmitter.submitTopology("old-kafka", conf, b.createTopology());
    Nimbus.Client client = NimbusClient.getConfiguredClient(conf).getClient();
    System.out.println(client.getClusterInfo());
  }

  static TridentKafkaConfig tridentConfig() {
    return new TridentKafkaConfig(new ZkHosts("localhost:2181"), "words");
  }

  static DefaultDirectedGraph<String, Object> graph() {
    return new DefaultDirectedGraph<String, Object>(Object.class);
  }
}
`;

/** Storm 1.2 code on storm-kafka-client 1.x API that 2.0 moved (KafkaSpoutConfig.FirstPollOffsetStrategy), three spellings. */
export const KAFKA_CLIENT_1X_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>one</groupId>
  <artifactId>kafka1x</artifactId>
  <version>1</version>
  <properties><storm.version>1.2.2</storm.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>\${storm.version}</version><scope>provided</scope></dependency>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-kafka-client</artifactId><version>\${storm.version}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>1.0.0</version></dependency>
  </dependencies>
</project>
`;

export const KAFKA_CLIENT_1X_JAVA = `package one;

import static org.apache.storm.kafka.spout.KafkaSpoutConfig.FirstPollOffsetStrategy.EARLIEST;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.topology.TopologyBuilder;

public class KafkaTopology {
  public static void main(String[] args) throws Exception {
    KafkaSpoutConfig.FirstPollOffsetStrategy latest = KafkaSpoutConfig.FirstPollOffsetStrategy.LATEST;
    org.apache.storm.kafka.spout.KafkaSpoutConfig.FirstPollOffsetStrategy first = args.length > 0 ? latest : EARLIEST;
    KafkaSpoutConfig<String, String> kc = KafkaSpoutConfig.builder("localhost:9092", "words").setFirstPollOffsetStrategy(first).build();
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("kafka", new KafkaSpout<>(kc), 1);
    b.setBolt("count", new TestWordCounter(), 2).shuffleGrouping("kafka");
    StormSubmitter.submitTopology("kafka1x", new Config(), b.createTopology());
  }
}
`;

/**
 * Storm 1.2 code on storm-kafka 1.x without a ZooKeeper spout, as chenjinxin1124/storm and yulongz/deepstreaming have
 * it: a KafkaBolt built in Java (org.apache.storm.kafka.bolt, the package storm-kafka-client 2.x has too) and a Trident
 * OpaqueTridentKafkaSpout config.
 */
export const STORM_KAFKA_1X_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>one</groupId>
  <artifactId>kafka-bolt-1x</artifactId>
  <version>1</version>
  <properties><storm.version>1.2.1</storm.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>\${storm.version}</version><scope>provided</scope></dependency>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-kafka</artifactId><version>\${storm.version}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>0.10.2.2</version></dependency>
  </dependencies>
</project>
`;

export const STORM_KAFKA_1X_JAVA = `package one;

import java.util.Properties;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.ZkHosts;
import org.apache.storm.kafka.bolt.KafkaBolt;
import org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper;
import org.apache.storm.kafka.bolt.selector.DefaultTopicSelector;
import org.apache.storm.kafka.trident.OpaqueTridentKafkaSpout;
import org.apache.storm.kafka.trident.TridentKafkaConfig;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class KafkaTopology {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", "localhost:9092");
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    KafkaBolt<String, String> bolt = new KafkaBolt<String, String>()
        .withProducerProperties(props)
        .withTopicSelector(new DefaultTopicSelector("words"))
        .withTupleToKafkaMapper(new FieldNameBasedTupleToKafkaMapper<String, String>("word", "word"));
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("to-kafka", bolt, 1).shuffleGrouping("words");
    StormSubmitter.submitTopology("kafka-bolt-1x", new Config(), b.createTopology());
  }

  static OpaqueTridentKafkaSpout tridentSpout() {
    return new OpaqueTridentKafkaSpout(new TridentKafkaConfig(new ZkHosts("localhost:2181"), "words"));
  }
}
`;

/**
 * A Storm 1.1 project (Java 8) whose bolt uses a Lombok class, Lombok 1.16.18 at compile scope, as
 * manoharvare/storm-poc has it: javac 17 fails inside that Lombok's annotation processor.
 */
export const LOMBOK_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>one</groupId>
  <artifactId>lombok-topology</artifactId>
  <version>1</version>
  <properties><maven.compiler.source>1.8</maven.compiler.source><maven.compiler.target>1.8</maven.compiler.target></properties>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>1.1.1</version><scope>provided</scope></dependency>
    <dependency><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId><version>1.16.18</version></dependency>
  </dependencies>
</project>
`;

export const LOMBOK_FILES: Record<string, string> = {
  'one/LombokTopology.java': `package one;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class LombokTopology {
  public static void main(String[] args) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("readings", new ReadingBolt(), 1).shuffleGrouping("words");
    StormSubmitter.submitTopology("lombok", new Config(), b.createTopology());
  }
}
`,
  'one/Reading.java': `package one;

import java.io.Serializable;
import lombok.AllArgsConstructor;
import lombok.Data;

@Data
@AllArgsConstructor
public class Reading implements Serializable {
  private String sensor;
  private int value;
}
`,
  'one/ReadingBolt.java': `package one;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

public class ReadingBolt extends BaseBasicBolt {
  @Override
  public void execute(Tuple input, BasicOutputCollector collector) {
    Reading r = new Reading(input.getString(0), input.getString(0).length());
    collector.emit(new Values(r.getSensor(), r.getValue()));
  }

  @Override
  public void declareOutputFields(OutputFieldsDeclarer declarer) {
    declarer.declare(new Fields("sensor", "value"));
  }
}
`,
};

/**
 * A Storm 1.2 project on storm-hdfs 1.2.2 (eakonovalov/apache-storm-course's hdfs-topology shape): the connector is
 * taken at 2.x, whose 2.0.0 tree needs Confluent's repository; its newest release alone resolves from Central.
 */
export const HDFS_1X_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>one</groupId>
  <artifactId>hdfs-topology</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-core</artifactId><version>1.2.2</version><scope>provided</scope></dependency>
    <dependency><groupId>org.apache.storm</groupId><artifactId>storm-hdfs</artifactId><version>1.2.2</version></dependency>
  </dependencies>
</project>
`;

export const HDFS_1X_FILES: Record<string, string> = {
  'one/HdfsTopology.java': `package one;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.hdfs.bolt.HdfsBolt;
import org.apache.storm.hdfs.bolt.format.DefaultFileNameFormat;
import org.apache.storm.hdfs.bolt.format.DelimitedRecordFormat;
import org.apache.storm.hdfs.bolt.rotation.FileSizeRotationPolicy;
import org.apache.storm.hdfs.bolt.sync.CountSyncPolicy;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.TopologyBuilder;

public class HdfsTopology {
  public static void main(String[] args) throws Exception {
    HdfsBolt hdfs = new HdfsBolt()
        .withFsUrl("hdfs://localhost:8020")
        .withFileNameFormat(new DefaultFileNameFormat().withPath("/words/"))
        .withRecordFormat(new DelimitedRecordFormat().withFieldDelimiter(","))
        .withRotationPolicy(new FileSizeRotationPolicy(1.0f, FileSizeRotationPolicy.Units.MB))
        .withSyncPolicy(new CountSyncPolicy(100));
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new TestWordSpout(), 1);
    b.setBolt("hdfs", hdfs, 1).shuffleGrouping("words");
    StormSubmitter.submitTopology("hdfs-topology", new Config(), b.createTopology());
  }
}
`,
};
