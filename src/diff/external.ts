/**
 * Client libraries of external systems that verify does not start, by the package their stack frames show. Connector
 * bolts that only write are stood in for (compat ExternalSinks); anything else that reaches such a system (a lookup
 * bolt, a Trident state or window store, a spout) fails on it, and the client's own error rarely names the system
 * (HBase's is a NullPointerException after two minutes of retries).
 */
const CLIENTS: readonly [prefix: string, system: string][] = [
  ['org.apache.hadoop.hbase.', 'HBase'],
  ['redis.clients.jedis.', 'Redis'],
  ['io.lettuce.', 'Redis'],
  ['java.sql.DriverManager.', 'a JDBC database'],
  ['com.zaxxer.hikari.', 'a JDBC database'],
  ['org.apache.hadoop.hdfs.', 'HDFS'],
  ['org.elasticsearch.client.', 'Elasticsearch'],
  ['com.mongodb.', 'MongoDB'],
  ['com.datastax.', 'Cassandra'],
  ['org.apache.solr.client.', 'Solr'],
  ['org.apache.hive.hcatalog.', 'Hive'],
  ['org.apache.hadoop.hive.', 'Hive'],
  ['org.apache.activemq.', 'a JMS broker'],
  ['javax.jms.', 'a JMS broker'],
  ['jakarta.jms.', 'a JMS broker'],
  ['com.rabbitmq.client.', 'RabbitMQ'],
  ['org.eclipse.paho.', 'an MQTT broker'],
  ['org.fusesource.mqtt.', 'an MQTT broker'],
  ['org.apache.rocketmq.', 'RocketMQ'],
  ['com.microsoft.azure.eventhubs.', 'Azure Event Hubs'],
  ['org.apache.storm.opentsdb.client.', 'OpenTSDB'],
];

export interface ExternalSystem {
  system: string;
  /** The first frame of the system's client in the trace, as `class.method`. */
  frame: string;
}

/** The external system whose client a Java stack trace runs through (its first such frame), if any. */
export function externalSystem(trace: readonly string[]): ExternalSystem | undefined {
  for (const line of trace) {
    // "at java.sql/java.sql.DriverManager.getConnection(DriverManager.java:681)": the module prefix is dropped.
    const frame = /^\s*at (?:[\w.]+\/)?([\w.$]+)\(/.exec(line)?.[1];
    if (!frame) continue;
    const hit = CLIENTS.find(([prefix]) => frame.startsWith(prefix));
    if (hit) return { system: hit[1], frame };
  }
  return undefined;
}

/** The words a failure's reason ends with when its trace runs through an external system's client. */
export function externalSystemNote(found: ExternalSystem): string {
  return `; it failed inside ${found.system}'s client (${found.frame}): the topology needs ${found.system}, which verify does not start. Run verify where ${found.system} is reachable with the topology's own configuration, or test that component apart`;
}
