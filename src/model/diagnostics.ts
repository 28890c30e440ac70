// The diagnostic catalog: every code the tool can report, in one place.
// User mistakes become diagnostics; a thrown error means a bug in the tool.
import type { Diagnostic, Severity, SourceLocation } from './topology.js';

export interface CatalogEntry {
  code: string;
  name: string;
  severity: Severity;
  /** Blocks an automatic migration of the topology it is attached to. */
  blocker?: boolean;
  help?: string;
}

const entries = [
  // Input and files (0xx)
  { code: 'S2F001', name: 'path-not-found', severity: 'error', help: 'Check the path given on the command line.' },
  { code: 'S2F002', name: 'file-unreadable', severity: 'error' },
  { code: 'S2F003', name: 'binary-file', severity: 'warning', help: 'The file contains NUL bytes or is not text; it was skipped.' },
  { code: 'S2F004', name: 'file-too-large', severity: 'warning', help: 'Files above the size limit are skipped to keep memory bounded (--max-file-size).' },
  { code: 'S2F005', name: 'not-utf8', severity: 'warning', help: 'The file is not valid UTF-8; it was read as Latin-1. Positions are still exact.' },
  { code: 'S2F006', name: 'symlink-loop', severity: 'warning', help: 'A symbolic link points back into a folder already being walked; it was not followed.' },
  { code: 'S2F007', name: 'no-topologies', severity: 'info', help: 'No TopologyBuilder use or Flux topology was found under the given paths.' },
  { code: 'S2F008', name: 'filter-file-error', severity: 'error', help: 'The --filter properties file could not be read.' },
  {
    code: 'S2F009',
    name: 'internal-error',
    severity: 'error',
    help: 'This is a bug in storm2flink; the rest of the run went on. Please report it with the file.',
  },
  { code: 'S2F010', name: 'out-not-a-folder', severity: 'error', help: '--out names a file; give a folder (it is created when missing).' },
  {
    code: 'S2F011',
    name: 'unknown-topology-name',
    severity: 'error',
    help: '--only takes topology ids or names as `storm2flink analyze` reports them, comma-separated.',
  },
  {
    code: 'S2F012',
    name: 'topology-in-other-language',
    severity: 'warning',
    help: 'storm2flink analyzes and translates topologies built in Java or described in Flux YAML; one built in another JVM language is neither. Port the code that builds it to Java, or describe the topology in a Flux YAML file.',
  },

  // Java analysis (1xx)
  { code: 'S2F101', name: 'java-syntax-error', severity: 'warning', help: 'The parser recovered; results from this file may be incomplete.' },
  { code: 'S2F102', name: 'dynamic-component-id', severity: 'warning', help: 'The component id is computed at run time; static analysis cannot name it.' },
  { code: 'S2F103', name: 'dynamic-parallelism', severity: 'warning', help: 'The parallelism hint is computed at run time; it is reported as unknown (null).' },
  {
    code: 'S2F104',
    name: 'component-in-loop',
    severity: 'warning',
    help: 'Components declared in a loop depend on run-time values; the graph is not expanded statically. The compat runtime still runs the builder as written.',
  },
  { code: 'S2F105', name: 'reflection', severity: 'warning', help: 'Classes created by reflection cannot be resolved statically.' },
  {
    code: 'S2F106',
    name: 'unresolved-class',
    severity: 'info',
    help: 'The component class is not in the analyzed sources (a library class or a generated one).',
  },
  {
    code: 'S2F107',
    name: 'builder-escapes',
    severity: 'warning',
    help: 'The TopologyBuilder is passed to code that could not be followed; components added there are missing.',
  },
  { code: 'S2F108', name: 'dynamic-config-value', severity: 'info', help: 'The config value is computed at run time; the key is kept with a null value.' },
  { code: 'S2F109', name: 'unknown-source-component', severity: 'warning', help: 'A grouping names a component id that the topology does not declare.' },
  { code: 'S2F110', name: 'unknown-grouping', severity: 'warning', help: 'The declarer method is not a grouping storm2flink knows.' },
  { code: 'S2F111', name: 'duplicate-component-id', severity: 'error', help: 'Storm rejects a topology that declares the same id twice.' },
  { code: 'S2F112', name: 'undeclared-stream', severity: 'warning', help: 'A bolt subscribes to a stream that its source component does not declare.' },
  { code: 'S2F113', name: 'dynamic-stream-or-fields', severity: 'warning', help: 'A stream id or field list is computed at run time.' },
  {
    code: 'S2F114',
    name: 'topology-not-submitted',
    severity: 'info',
    help: 'A TopologyBuilder is built but never submitted or returned; it was analyzed anyway.',
  },
  {
    code: 'S2F115',
    name: 'class-from-config',
    severity: 'warning',
    help: 'The component class is named by a config value and loaded by reflection at run time; static analysis does not know it. Its output streams and features are unknown; the compat runtime still loads it as written.',
  },

  // Blockers and migration notes (2xx)
  {
    code: 'S2F201',
    name: 'trident',
    severity: 'warning',
    help: "Trident topology: TridentTopology.build() compiles it to spouts and bolts (the master batch coordinator, spout coordinators, Trident's bolt executors), which run on the compat runtime as built. Its TransactionalState needs a ZooKeeper on a cluster (transactional.zookeeper.servers; see the generated MIGRATION.md); the model does not list its operations as components.",
  },
  {
    code: 'S2F202',
    name: 'drpc',
    severity: 'warning',
    help: "DRPC topology: DRPCSpout, the coordinated bolts and ReturnResults run on the compat runtime as built; requests come from Storm's DRPC server running beside the Flink job (drpc.servers; see the generated MIGRATION.md), or from a LocalDRPC in the same JVM.",
  },
  {
    code: 'S2F203',
    name: 'streams-api',
    severity: 'warning',
    help: 'Storm Streams API (org.apache.storm.streams): StreamBuilder compiles it to spouts and bolts, which run on the compat runtime as built; the model does not list its operations as components.',
  },
  {
    code: 'S2F204',
    name: 'transactional',
    severity: 'error',
    blocker: true,
    help: 'Transactional topologies (removed in Storm 1.0) are not translated; use Flink exactly-once sinks.',
  },
  {
    code: 'S2F205',
    name: 'stateful-bolt',
    severity: 'warning',
    help: "Stateful bolts keep their state in Storm's state backend; check the state mapping in MIGRATION.md.",
  },
  {
    code: 'S2F206',
    name: 'multilang',
    severity: 'warning',
    help: 'Multilang components run a child process per task; the runtime must ship the script and its interpreter.',
  },
  {
    code: 'S2F207',
    name: 'topology-source',
    severity: 'info',
    help: 'The Flux topology is built by a Java class; it is analyzed from that class when it is in the analyzed sources.',
  },

  // Flux (3xx). An error Storm's Flux would refuse the file for blocks the topology: its job parses the same file
  // with flux-core at start.
  { code: 'S2F301', name: 'yaml-syntax-error', severity: 'error', blocker: true },
  {
    code: 'S2F302',
    name: 'flux-unknown-component',
    severity: 'error',
    blocker: true,
    help: 'A stream names a spout or bolt id that the file does not declare.',
  },
  { code: 'S2F303', name: 'flux-missing-class', severity: 'error', blocker: true, help: 'Every spout, bolt and component needs a className.' },
  {
    code: 'S2F304',
    name: 'flux-bad-grouping',
    severity: 'error',
    blocker: true,
    help: 'Grouping type must be one of SHUFFLE, FIELDS, ALL, GLOBAL, NONE, LOCAL_OR_SHUFFLE, DIRECT, CUSTOM, PARTIAL_KEY.',
  },
  { code: 'S2F305', name: 'flux-unresolved-property', severity: 'warning', help: 'Pass the properties file with --filter, or set the environment variable.' },
  { code: 'S2F306', name: 'flux-include-not-found', severity: 'error', blocker: true },
  {
    code: 'S2F307',
    name: 'yaml-alias-limit',
    severity: 'error',
    blocker: true,
    help: 'The document expands aliases beyond the safety limit (a "billion laughs" document?).',
  },
  { code: 'S2F308', name: 'flux-unknown-ref', severity: 'error', blocker: true, help: 'A ref names a component that the components section does not declare.' },
  { code: 'S2F309', name: 'flux-duplicate-id', severity: 'error', blocker: true },
  { code: 'S2F311', name: 'flux-invalid', severity: 'error', blocker: true, help: 'The value does not have the shape Flux expects.' },
  { code: 'S2F312', name: 'flux-include-cycle', severity: 'error' },
  {
    code: 'S2F313',
    name: 'flux-unconnected-bolt',
    severity: 'warning',
    help: 'FluxBuilder adds a bolt only when a stream ends at it; this bolt is not part of the topology.',
  },
  {
    code: 'S2F314',
    name: 'flux-nested-include',
    severity: 'warning',
    help: 'Flux does not process the includes of an included file; they were ignored as Flux ignores them.',
  },

  // Multilang scripts (5xx)
  {
    code: 'S2F501',
    name: 'multilang-script-not-found',
    severity: 'info',
    help: 'The script of the multilang component is not in the analyzed tree (Storm looks in resources/).',
  },
  { code: 'S2F502', name: 'multilang-dynamic-fields', severity: 'info', help: 'The script emits values whose shape is computed at run time.' },

  // Translation (4xx)
  {
    code: 'S2F401',
    name: 'topology-blocked',
    severity: 'error',
    help: 'The topology has blocker diagnostics; it was not translated. See the blockers above for the manual rewrite.',
  },
  { code: 'S2F402', name: 'output-escapes', severity: 'error', help: 'A generated path resolved outside --out; nothing was written for this topology.' },
  {
    code: 'S2F403',
    name: 'entry-not-found',
    severity: 'warning',
    help: 'The generated job cannot call the code that builds the topology; complete buildTopology() in the generated main class.',
  },
  {
    code: 'S2F405',
    name: 'dynamic-config',
    severity: 'info',
    help: 'The Storm config value is computed at run time; the Flink setting derived from it uses the Storm default. Check it in MIGRATION.md.',
  },
  {
    code: 'S2F406',
    name: 'compat-jar-missing',
    severity: 'warning',
    help: 'Build the compat runtime (src/compat, mvn install) or pass --compat-jar; the project then needs it in a Maven repository it can reach.',
  },
  {
    code: 'S2F407',
    name: 'import-rewrite',
    severity: 'info',
    help: 'backtype.storm names (and classes Storm 2.0 moved, such as KafkaSpoutConfig.FirstPollOffsetStrategy) were rewritten in the copied sources; the list is in MIGRATION.md.',
  },
  { code: 'S2F408', name: 'write-failed', severity: 'error', help: 'The output folder could not be written.' },
  {
    code: 'S2F409',
    name: 'no-sources',
    severity: 'warning',
    help: 'None of the topology sources could be read; the project has no user code. Add a dependency on your topology artifact to pom.xml.',
  },
  {
    code: 'S2F410',
    name: 'legacy-kafka-spout',
    severity: 'warning',
    help: "The compat runtime replaces the spout by a Flink KafkaSource (offsets in checkpoints; the SpoutConfig's topic, scheme and id as group id). Offsets the spout stored in ZooKeeper are not carried over: the first run starts at startOffsetTime. Bootstrap servers come from storm2flink.kafka.bootstrap.servers (topology or component config, or JVM system property), else from the brokers registered in ZooKeeper under the ZkHosts path (<brokerZkPath>/ids) as storm-kafka found them; set the key for brokers that no longer register there (KRaft).",
  },
  {
    code: 'S2F411',
    name: 'compat-jar-stale',
    severity: 'warning',
    help: 'A compat runtime source changed after src/compat/target was built; rebuild the jar so the projects carry the current runtime.',
  },
  {
    code: 'S2F412',
    name: 'pom-model-unavailable',
    severity: 'warning',
    help: "Maven could not read the project's effective model (is mvn on PATH? does the parent POM resolve?); its pom.xml was read as written, so versions inherited from a parent and parent properties may be missing from the generated pom. Check its dependencies in MIGRATION.md.",
  },
  {
    code: 'S2F413',
    name: 'kafka-bolt-transactional',
    severity: 'warning',
    help: "With --guarantee exactly-once the KafkaBolt becomes Flink's transactional KafkaSink: its records are committed when the checkpoint covering them completes. Consumers of its topics must read with isolation.level=read_committed (else they also see records of aborted transactions), and the brokers' transaction.max.timeout.ms must be at least the sink's transaction.timeout.ms (MIGRATION.md says which).",
  },
  {
    code: 'S2F415',
    name: 'dependency-raised-for-jdk',
    severity: 'warning',
    help: "The generated project compiles with --release 17 (javac 17). An annotation processor that reaches into javac's internals fails inside it when older than the first release that supports JDK 17 (Lombok before 1.18.22: 'module jdk.compiler does not \"opens\" com.sun.tools.javac.processing'), so the pom takes that release, provided (it is needed only to compile). Review the processor's changelog between the two versions for generated code the sources rely on.",
  },
  {
    code: 'S2F416',
    name: 'gradle-read-as-text',
    severity: 'warning',
    help: "A Gradle project: the generated pom's dependencies and repositories were read from the text of build.gradle[.kts] and gradle.properties (string and map notation in dependencies { }, literal variables), not through Gradle, which storm2flink does not run. Plugins, version catalogs (libs.…), platforms, project(':…') dependencies and computed versions are not read: the message lists the declarations skipped. Check the generated pom.xml against `gradle dependencies --configuration runtimeClasspath`.",
  },
  {
    code: 'S2F414',
    name: 'dependency-version-unknown',
    severity: 'warning',
    help: "The user's pom.xml declares the dependency without a version (managed by a parent POM that was not read?); the generated pom leaves it out. Add it with its version to the generated pom.xml.",
  },

  // Verification input (6xx)
  { code: 'S2F601', name: 'sample-not-found', severity: 'error', help: "Pass existing files with --data, or put them in the topology folder's data/." },
  { code: 'S2F602', name: 'sample-json-syntax', severity: 'error', help: 'JSON lines: one JSON value per line (an object, array, string or number).' },
  {
    code: 'S2F603',
    name: 'sample-csv-syntax',
    severity: 'error',
    help: 'CSV: a header row, then rows with as many columns; quote fields that contain commas, quotes or line breaks ("a ""b"" c").',
  },
  {
    code: 'S2F604',
    name: 'sample-bad-timestamp',
    severity: 'error',
    help: 'A timestamp is epoch milliseconds (a whole number) or an ISO-8601 date-time such as 2024-05-01T12:00:00Z.',
  },
  { code: 'S2F605', name: 'sample-bad-key', severity: 'error', help: 'A key is a string, a number or null.' },
  {
    code: 'S2F606',
    name: 'sample-no-target',
    severity: 'error',
    help: 'Name the file after its topic or spout id (orders.jsonl feeds topic or spout "orders"), or give each JSON record a "topic".',
  },
  {
    code: 'S2F607',
    name: 'sample-fields-mismatch',
    severity: 'error',
    help: 'A record replayed by a replay spout must provide every output field the spout declares (JSON object keys, CSV header columns, or a JSON array of the same length).',
  },
  { code: 'S2F608', name: 'sample-empty', severity: 'warning', help: 'The sample file holds no record.' },
  { code: 'S2F609', name: 'sample-unknown-topic', severity: 'error', help: 'The record names a topic that no Kafka spout of the topology reads.' },
  {
    code: 'S2F610',
    name: 'sample-bad-replay-line',
    severity: 'error',
    help: 'A replay line (as verify writes captured input) is {"values": [...], "stream": "<declared stream>", "task": <spout task index, 0 or more>, "direct": <task id of an emitDirect>}; all but "values" may be left out.',
  },
  {
    code: 'S2F611',
    name: 'sample-not-text',
    severity: 'info',
    help: 'Sample data is text (JSON lines, CSV or plain lines); a file with a NUL byte or bytes that are not UTF-8 in its first 64 KiB (a spreadsheet, an archive) is not read. With no text file left in the default data/, the spouts are captured instead.',
  },

  // Verification could not run (7xx): why `verify` exits 2, one code per cause a user acts on; the reason's text
  // (the file, the first compiler error, the root cause) is the message.
  {
    code: 'S2F701',
    name: 'verify-topology-blocked',
    severity: 'error',
    help: 'The topology has blocker diagnostics (named in the reason); verify runs only what translate can translate. See the blockers for the manual rewrite.',
  },
  {
    code: 'S2F702',
    name: 'verify-time-windows',
    severity: 'error',
    help: 'A processing-time window (a Duration length or slide without withTimestampField/withTimestampExtractor) takes each tuple\'s time from the wall clock as it arrives (Storm\'s WindowManager, on both engines), so which tuples share a window differs between any two runs and a verdict could flip. Event-time windows are verified (watermarks after each round of replayed input, src/diff/README.md "Windows"), except in stateful windowed bolts and on Kafka, Trident or DRPC input. Give the bolt a timestamp to verify it, or test it with unit tests.',
  },
  {
    code: 'S2F703',
    name: 'verify-bad-data',
    severity: 'error',
    help: 'The sample data (--data, or the topology folder\'s data/) cannot be replayed as given; the reason names the first problem and where it is. See "Sample data" in src/diff/README.md.',
  },
  {
    code: 'S2F704',
    name: 'verify-no-input',
    severity: 'error',
    help: 'Nothing to replay into the topology: no spout, a Kafka spout without a static topic, or no sample file for a subscribed pattern. Give sample data with --data, each file named after the topic or spout it feeds.',
  },
  {
    code: 'S2F705',
    name: 'verify-nothing-captured',
    severity: 'error',
    help: 'With no sample data, verify runs the original spouts on Storm and captures their first tuples as the input; they emitted nothing. Give sample data with --data.',
  },
  {
    code: 'S2F706',
    name: 'verify-no-entry',
    severity: 'error',
    help: 'The model names no builder method, main or Flux file that builds the topology; pass --entry Class#method.',
  },
  {
    code: 'S2F707',
    name: 'verify-topology-not-found',
    severity: 'error',
    help: 'The path holds no Storm topology, or none with the id or name --topology-id gives; `storm2flink analyze <path>` lists them.',
  },
  {
    code: 'S2F708',
    name: 'verify-topology-ambiguous',
    severity: 'error',
    help: 'Several topologies match; choose one with --topology-id (its id, as `storm2flink analyze` reports it).',
  },
  {
    code: 'S2F709',
    name: 'verify-no-build',
    severity: 'error',
    help: "verify builds the topology's project with Maven (the nearest pom.xml) or Gradle (its wrapper, or a gradle on PATH); with neither, build it yourself and pass its classes and jars with --classpath.",
  },
  {
    code: 'S2F710',
    name: 'verify-tool-missing',
    severity: 'error',
    help: 'verify needs a JDK 17 or newer (java, javac and jar, from JAVA_HOME or else PATH) and Maven (mvn on PATH).',
  },
  {
    code: 'S2F711',
    name: 'verify-build-failed',
    severity: 'error',
    help: "The topology's own project does not build (a compile error, or Maven or Gradle stopped); the reason names the first error, the detail holds the build's output. Fix the build, or pass --classpath with classes that do build.",
  },
  {
    code: 'S2F712',
    name: 'verify-dependency-unresolved',
    severity: 'error',
    help: "Maven could not resolve an artifact (the project's dependencies, or those verify's own runners need); check the repositories and mirrors in ~/.m2/settings.xml and that they are reachable.",
  },
  {
    code: 'S2F713',
    name: 'verify-tooling-failed',
    severity: 'error',
    help: "verify's own Java tooling (the Storm runner, the compat runtime, its build helpers) could not be compiled, packed or run: a damaged installation or cache. Remove ~/.cache/storm2flink (S2F_CACHE_DIR) and retry; if it persists, report it with the detail.",
  },
  {
    code: 'S2F714',
    name: 'verify-translate-failed',
    severity: 'error',
    help: 'verify could not translate the topology into a Flink job, or the job cannot call the code that builds it; `storm2flink translate` shows the same diagnostics.',
  },
  {
    code: 'S2F715',
    name: 'verify-translated-invalid',
    severity: 'error',
    help: "--translated names a folder that is not a translated project (a pom.xml whose shade plugin names the job's <mainClass>), or one whose compat runtime predates verify; translate the topology again.",
  },
  {
    code: 'S2F716',
    name: 'verify-translated-build-failed',
    severity: 'error',
    help: 'The translated Flink project does not build (Maven, or javac on the job classes); the reason names the first error. Fix the edited project, or translate again.',
  },
  {
    code: 'S2F717',
    name: 'verify-broker-failed',
    severity: 'error',
    help: 'The Kafka broker verify starts (or the cluster --bootstrap-servers names) did not start or answer; the detail holds its log tail. A port in use or too little memory are the usual causes.',
  },
  {
    code: 'S2F718',
    name: 'verify-kafka-failed',
    severity: 'error',
    help: 'Writing the sample data to Kafka, or reading records or offsets back, failed or timed out; the reason names the cluster and the client error.',
  },
  {
    code: 'S2F719',
    name: 'verify-kafka-topic-not-found',
    severity: 'error',
    help: 'The topic does not exist on the cluster; check its name (topic names are case-sensitive).',
  },
  {
    code: 'S2F720',
    name: 'verify-storm-failed',
    severity: 'error',
    help: 'The topology did not run on Storm LocalCluster (its code threw, or the runner did not start); the reason names the root cause, the detail holds the log tail (storm/storm.log with --out).',
  },
  {
    code: 'S2F721',
    name: 'verify-flink-failed',
    severity: 'error',
    help: 'The translated job failed on Flink MiniCluster, or did not start; the reason names the root cause, the detail holds the log tail (flink/flink.log with --out).',
  },
  {
    code: 'S2F722',
    name: 'verify-failure-not-injected',
    severity: 'error',
    help: '--inject-failure fails a bolt once after a completed checkpoint; the job ended before one completed. Give more sample data.',
  },
  {
    code: 'S2F723',
    name: 'verify-tap-unreadable',
    severity: 'error',
    help: "An engine's tap (every tuple it emitted) is missing or not JSON lines: a run that ended abnormally. The reason names the file; if the run looked fine, report it.",
  },
  {
    code: 'S2F724',
    name: 'verify-nothing-to-compare',
    severity: 'error',
    help: 'Neither engine emitted a tuple verify taps. A DRPC topology needs requests (its main making them, or --data); a topology that only writes to an external system shows nothing verify sees.',
  },
  {
    code: 'S2F725',
    name: 'verify-storm-nondeterministic',
    severity: 'error',
    help: "Storm runs on the same input differ (random values, the wall clock, hash or arrival order), so a difference from Flink proves nothing. Make the component's output depend on its input only, or leave its fields out with --ignore-fields.",
  },
  {
    code: 'S2F726',
    name: 'verify-window-late-tuples',
    severity: 'error',
    help: 'An event-time window got a tuple older than the watermark a run could have reached before it (its ts below the largest ts already seen on every input stream minus withLag): whether it is dropped (or sent to the late-tuple stream) depends on when the wall-clock watermark timer fires, so the outcome differs between runs and verify gives no verdict. A window on a count (Count length or slide) counts in arrival order between watermarks, so there any tuple out of timestamp order does the same. Raise withLag above the disorder of the input, or sort the input by timestamp.',
  },
  {
    code: 'S2F727',
    name: 'verify-external-system',
    severity: 'error',
    help: "The topology failed inside the client of an external system verify does not start (HBase, Redis, a JDBC database, Cassandra, a JMS broker…; the reason names it and the first frame). Connector bolts that only write to one are stood in for, but a lookup bolt, a Trident state or window store (HBaseWindowsStoreFactory) or a spout reading the system needs it. Run verify where the system is reachable with the topology's own configuration, or test that component apart.",
  },
  // Sizing a running job: `storm2flink size` (8xx)
  {
    code: 'S2F801',
    name: 'size-rest-unreachable',
    severity: 'error',
    help: "The JobManager's REST endpoint did not answer. Give its address as `flink run -m` takes it (http://host:8081; on YARN the tracking URL, on Kubernetes the rest service).",
  },
  {
    code: 'S2F802',
    name: 'size-no-running-job',
    severity: 'error',
    help: 'Size a job while it runs at its usual load. With several running jobs, name one with --job <id> (`flink list`).',
  },
  {
    code: 'S2F803',
    name: 'size-heap-tight',
    severity: 'warning',
    help: 'The TaskManagers spent a large share of the window in garbage collection: give them more task heap, then measure again.',
  },
  {
    code: 'S2F804',
    name: 'size-too-few-samples',
    severity: 'error',
    help: 'Flink refreshes the metrics it serves every metrics.fetcher.update-interval (10 s by default): measure over a longer --window.',
  },

  // Verification build notes (9xx): what verify's build of the user's project changed in its copy to build it.
  {
    code: 'S2F901',
    name: 'build-java-level-raised',
    severity: 'info',
    help: "The pom's Java level (its source/target, or maven-compiler-plugin's default of 1.5 before 3.8 when it sets none) is one JDK 17's javac no longer accepts; verify compiled the module at Java 8 in its copy of the project (your pom is unchanged). Raise the level in the pom to build it on a current JDK yourself.",
  },
  {
    code: 'S2F902',
    name: 'build-module-alone',
    severity: 'info',
    help: "Maven cannot read the topology's reactor (a sibling module's pom, or a module folder that is not there), so it builds no module of it; verify built the topology's module on its own, its parent found by its relative path, as `mvn` run in the module's folder does. Sibling modules it depends on must then be installed. Fix the reactor to build it from the root yourself.",
  },
] as const satisfies readonly CatalogEntry[];

export type DiagnosticName = (typeof entries)[number]['name'];

/** The catalog entries a could-not-run reason of `verify` may carry (a verify run's exit 2, `sample`'s failures). */
export type CouldNotRunName = Extract<DiagnosticName, `verify-${string}`> | 'path-not-found';

export const CATALOG: ReadonlyMap<DiagnosticName, CatalogEntry> = new Map(entries.map((e) => [e.name, e as CatalogEntry]));
export const CATALOG_BY_CODE: ReadonlyMap<string, CatalogEntry> = new Map(entries.map((e) => [e.code, e as CatalogEntry]));

export interface DiagnosticOptions {
  help?: string;
  severity?: Severity;
}

/** Build a diagnostic from the catalog. `loc` may omit line/column (0 = whole file). */
export function diagnostic(
  name: DiagnosticName,
  loc: { file: string; line?: number; column?: number },
  message: string,
  opts: DiagnosticOptions = {},
): Diagnostic {
  const entry = CATALOG.get(name);
  if (!entry) throw new Error(`unknown diagnostic ${name}`);
  const d: Diagnostic = {
    code: entry.code,
    severity: opts.severity ?? entry.severity,
    message,
    file: loc.file,
    line: loc.line ?? 0,
    column: loc.column ?? 0,
  };
  const help = opts.help ?? entry.help;
  if (help) d.help = help;
  if (entry.blocker) d.blocker = true;
  return d;
}

/** Whether `t` carries a diagnostic of the catalog entry `name` (which API a topology uses: trident, drpc…). */
export function reports(t: { diagnostics: readonly Diagnostic[] }, name: DiagnosticName): boolean {
  const code = CATALOG.get(name)!.code;
  return t.diagnostics.some((d) => d.code === code);
}

/** Whether `d` is a diagnostic of the catalog entry `name` (code compares go through the catalog, never a literal). */
export function isDiagnostic(d: Pick<Diagnostic, 'code'>, name: DiagnosticName): boolean {
  return d.code === CATALOG.get(name)!.code;
}

export function at(loc: SourceLocation): SourceLocation {
  return { file: loc.file, line: loc.line, column: loc.column };
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Sorted by file/line/column and deduplicated. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...ds].sort(compareDiagnostics)) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
