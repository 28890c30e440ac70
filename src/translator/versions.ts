// Versions the generated projects build against (checked on Maven Central; see DESIGN.md "Versions").

export type FlinkLine = '1.20' | '2.x';
/** `kubernetes`: a FlinkDeployment running the job (application mode); `kubernetes-session`: a session FlinkDeployment and a FlinkSessionJob. */
export type DeployTarget = 'yarn-application' | 'yarn-session' | 'kubernetes' | 'kubernetes-session' | 'standalone';
export type Guarantee = 'at-least-once' | 'exactly-once' | 'none';

export const FLINK_LINES: readonly FlinkLine[] = ['1.20', '2.x'];
export const TARGETS: readonly DeployTarget[] = ['yarn-application', 'yarn-session', 'kubernetes', 'kubernetes-session', 'standalone'];
export const GUARANTEES: readonly Guarantee[] = ['at-least-once', 'exactly-once', 'none'];

export interface FlinkVersionInfo {
  line: FlinkLine;
  version: string;
  kafkaConnector: string;
  /** The kafka-clients that connector is built with (its parent pom's kafka.version). */
  kafkaClients: string;
  /** Flink Kubernetes Operator `spec.flinkVersion`. */
  operatorFlinkVersion: string;
  /** Official image tag for the Kubernetes target. */
  image: string;
}

// 2.2.1 rather than 2.3.0: the newest Kafka connector on Central (5.0.0-2.2) is built for 2.2.
export const FLINK: Record<FlinkLine, FlinkVersionInfo> = {
  '1.20': { line: '1.20', version: '1.20.5', kafkaConnector: '3.4.0-1.20', kafkaClients: '3.4.0', operatorFlinkVersion: 'v1_20', image: 'flink:1.20.5-java17' },
  '2.x': { line: '2.x', version: '2.2.1', kafkaConnector: '5.0.0-2.2', kafkaClients: '4.2.0', operatorFlinkVersion: 'v2_2', image: 'flink:2.2.1-java17' },
};

// 2.8.4 jars are on Central but their parent POM is not, so Maven cannot resolve them; 2.8.3 is the newest usable.
export const STORM_VERSION = '2.8.3';
/** storm-kafka (ZooKeeper spout) ended with 1.2.x; its classes still link against storm-client 2.x APIs for compilation. */
export const STORM_KAFKA_LEGACY_VERSION = '1.2.4';
export const JAVA_RELEASE = '17';

/** The compat runtime's Maven coordinates when its own pom cannot be read. */
export const COMPAT_DEFAULT = { groupId: 'dev.storm2flink', artifactId: 'storm2flink-compat', version: '0.1.0' } as const;
export const COMPAT_MAIN_CLASS = 'dev.storm2flink.compat.StormOnFlink';

/**
 * The Storm 1.x bridge a project of Storm 0.x/1.x code carries (src/diff/storm1-jar.ts): verify's Relocate and the
 * Storm 1.x classes Storm 2 dropped. Its version gets the jar's content hash when it is built.
 */
export const STORM1_BRIDGE = { groupId: 'dev.storm2flink', artifactId: 'storm2flink-storm1', version: '0.1.0' } as const;
/** ASM for the bridge's Relocate at build time: storm-runner's (src/diff/storm-runner/pom.xml). */
export const ASM_VERSION = '9.9.1';
/** The plugins that run the bridge on the compiled classes and jar what it wrote. */
export const EXEC_PLUGIN_VERSION = '3.5.0';
export const JAR_PLUGIN_VERSION = '3.4.2';
/** Unpacks a Storm 0.x project's storm-kafka for its sources to compile against (verify's build lists with it too). */
export const DEPENDENCY_PLUGIN_VERSION = '3.8.1';
