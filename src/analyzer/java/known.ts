// Storm and Kafka classes the analyzer knows by name, relative to the Storm namespace
// (org.apache.storm or backtype.storm) unless fully qualified.

/** Simple name → path under the namespace. */
export const STORM_CLASSES: Readonly<Record<string, string>> = {
  BaseRichBolt: 'topology.base.BaseRichBolt',
  BaseBasicBolt: 'topology.base.BaseBasicBolt',
  BaseWindowedBolt: 'topology.base.BaseWindowedBolt',
  BaseStatefulBolt: 'topology.base.BaseStatefulBolt',
  BaseStatefulWindowedBolt: 'topology.base.BaseStatefulWindowedBolt',
  BaseRichSpout: 'topology.base.BaseRichSpout',
  BaseComponent: 'topology.base.BaseComponent',
  BaseTickTupleAwareRichBolt: 'topology.base.BaseTickTupleAwareRichBolt',
  ShellBolt: 'task.ShellBolt',
  ShellSpout: 'spout.ShellSpout',
  IRichBolt: 'topology.IRichBolt',
  IRichSpout: 'topology.IRichSpout',
  IBasicBolt: 'topology.IBasicBolt',
  IWindowedBolt: 'topology.IWindowedBolt',
  IStatefulBolt: 'topology.IStatefulBolt',
  IStatefulWindowedBolt: 'topology.IStatefulWindowedBolt',
  IBolt: 'task.IBolt',
  ISpout: 'spout.ISpout',
  IComponent: 'topology.IComponent',
  TopologyBuilder: 'topology.TopologyBuilder',
  ConfigurableTopology: 'topology.ConfigurableTopology',
  Config: 'Config',
  StormSubmitter: 'StormSubmitter',
  LocalCluster: 'LocalCluster',
  Fields: 'tuple.Fields',
  Values: 'tuple.Values',
  Tuple: 'tuple.Tuple',
  TestWordSpout: 'testing.TestWordSpout',
  DRPCSpout: 'drpc.DRPCSpout',
  ReturnResults: 'drpc.ReturnResults',
  LinearDRPCTopologyBuilder: 'drpc.LinearDRPCTopologyBuilder',
  LocalDRPC: 'LocalDRPC',
  TridentTopology: 'trident.TridentTopology',
  TransactionalTopologyBuilder: 'transactional.TransactionalTopologyBuilder',
  StreamBuilder: 'streams.StreamBuilder',
  ShuffleGrouping: 'grouping.ShuffleGrouping',
  PartialKeyGrouping: 'grouping.PartialKeyGrouping',
  CustomStreamGrouping: 'grouping.CustomStreamGrouping',
  PrinterBolt: 'starter.bolt.PrinterBolt',
};

/** Known ancestors of external bases (nearest first). */
export const KNOWN_ANCESTORS: Readonly<Record<string, string[]>> = {
  BaseRichBolt: ['BaseComponent', 'IRichBolt'],
  BaseBasicBolt: ['BaseComponent', 'IBasicBolt'],
  BaseWindowedBolt: ['IWindowedBolt'],
  BaseStatefulBolt: ['IStatefulBolt'],
  BaseStatefulWindowedBolt: ['BaseWindowedBolt', 'IStatefulWindowedBolt'],
  BaseRichSpout: ['BaseComponent', 'IRichSpout'],
  BaseTickTupleAwareRichBolt: ['BaseRichBolt'],
  ShellBolt: ['IBolt'],
  ShellSpout: ['ISpout'],
  IRichBolt: ['IBolt', 'IComponent'],
  IRichSpout: ['ISpout', 'IComponent'],
  IBasicBolt: ['IComponent'],
  IWindowedBolt: ['IComponent'],
  IStatefulBolt: ['IComponent'],
  IStatefulWindowedBolt: ['IWindowedBolt', 'IStatefulBolt'],
  KafkaSpout: ['BaseRichSpout'],
  KafkaBolt: ['BaseRichBolt'],
};

export const SPOUT_BASES = new Set(['BaseRichSpout', 'IRichSpout', 'ISpout', 'ShellSpout', 'KafkaSpout', 'DRPCSpout', 'TestWordSpout']);
export const BOLT_BASES = new Set([
  'BaseRichBolt',
  'BaseBasicBolt',
  'BaseWindowedBolt',
  'BaseStatefulBolt',
  'BaseStatefulWindowedBolt',
  'BaseTickTupleAwareRichBolt',
  'ShellBolt',
  'IRichBolt',
  'IBasicBolt',
  'IWindowedBolt',
  'IStatefulBolt',
  'IStatefulWindowedBolt',
  'IBolt',
  'KafkaBolt',
  'PrinterBolt',
]);

/** External constants that are not in analyzed sources. Owner simple name → member → value. */
export const EXTERNAL_CONSTANTS: Readonly<Record<string, Readonly<Record<string, string | number>>>> = {
  Utils: { DEFAULT_STREAM_ID: 'default' },
  Constants: { SYSTEM_TICK_STREAM_ID: '__tick', SYSTEM_COMPONENT_ID: '__system', SYSTEM_TASK_ID: -1, METRICS_STREAM_ID: '__metrics' },
  ConsumerConfig: {
    GROUP_ID_CONFIG: 'group.id',
    BOOTSTRAP_SERVERS_CONFIG: 'bootstrap.servers',
    AUTO_OFFSET_RESET_CONFIG: 'auto.offset.reset',
    ENABLE_AUTO_COMMIT_CONFIG: 'enable.auto.commit',
    KEY_DESERIALIZER_CLASS_CONFIG: 'key.deserializer',
    VALUE_DESERIALIZER_CLASS_CONFIG: 'value.deserializer',
    MAX_POLL_RECORDS_CONFIG: 'max.poll.records',
    CLIENT_ID_CONFIG: 'client.id',
  },
  ProducerConfig: {
    BOOTSTRAP_SERVERS_CONFIG: 'bootstrap.servers',
    ACKS_CONFIG: 'acks',
    KEY_SERIALIZER_CLASS_CONFIG: 'key.serializer',
    VALUE_SERIALIZER_CLASS_CONFIG: 'value.serializer',
    CLIENT_ID_CONFIG: 'client.id',
    RETRIES_CONFIG: 'retries',
  },
  KafkaBolt: { TOPIC: 'topic', KAFKA_BROKER_PROPERTIES: 'kafka.broker.properties' },
  Integer: { MAX_VALUE: 2147483647, MIN_VALUE: -2147483648 },
  Long: { MAX_VALUE: Number.MAX_SAFE_INTEGER },
};

export const FIRST_POLL = new Set(['EARLIEST', 'LATEST', 'UNCOMMITTED_EARLIEST', 'UNCOMMITTED_LATEST']);
export const GUARANTEES = new Set(['AT_LEAST_ONCE', 'AT_MOST_ONCE', 'NO_GUARANTEE']);
