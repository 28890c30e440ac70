// The topology model: the one contract between analyze, plan, emit, verify and report.
// Declared once with TypeBox so the TypeScript types and the shipped JSON schema cannot drift.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const MODEL_VERSION = 1 as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const SourceLocationSchema = Type.Object(
  {
    file: Type.String({ description: 'Path relative to the working directory when possible' }),
    line: Type.Integer({ minimum: 1 }),
    column: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type SourceLocation = Static<typeof SourceLocationSchema>;

export const SeveritySchema = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);
export type Severity = Static<typeof SeveritySchema>;

export const DiagnosticSchema = Type.Object(
  {
    code: Type.String({ pattern: '^S2F[0-9]{3}$' }),
    severity: SeveritySchema,
    message: Type.String(),
    file: Type.String(),
    line: Type.Integer({ minimum: 0, description: '0 when the diagnostic concerns a whole path' }),
    column: Type.Integer({ minimum: 0 }),
    help: Type.Optional(Type.String()),
    blocker: Type.Optional(Type.Boolean({ description: 'Blocks an automatic migration' })),
  },
  { additionalProperties: false },
);
export type Diagnostic = Static<typeof DiagnosticSchema>;

export const GROUPINGS = ['shuffle', 'fields', 'all', 'global', 'none', 'local-or-shuffle', 'direct', 'custom', 'partial-key'] as const;
export const GroupingSchema = Type.Union(GROUPINGS.map((g) => Type.Literal(g)));
export type Grouping = (typeof GROUPINGS)[number];

/** The documented feature vocabulary of a component (README "Component features"). */
export const FEATURES = [
  'tick', // handles tick tuples or has a tick frequency
  'anchoring', // emits anchored to input tuples
  'ack', // calls collector.ack
  'fail', // calls collector.fail
  'basic-bolt', // BaseBasicBolt / IBasicBolt: auto ack
  'rich-bolt', // BaseRichBolt / IRichBolt
  'windowed', // BaseWindowedBolt / IWindowedBolt
  'stateful', // BaseStatefulBolt / IStatefulBolt
  'multilang', // ShellBolt / ShellSpout
  'emit-direct', // collector.emitDirect
  'direct-stream', // declares a direct stream
  'kafka-spout', // storm-kafka-client or storm-kafka spout
  'kafka-bolt', // KafkaBolt sink
  'reliable-spout', // spout emits with message ids
  'spout-ack-fail', // spout overrides ack/fail
  'component-config', // getComponentConfiguration or addConfiguration
  'metrics', // registerMetric
  'report-error', // collector.reportError
  'reset-timeout', // collector.resetTimeout
  'multiple-streams', // declares more than the default stream
  'custom-grouping', // subscribed through a CustomStreamGrouping
  'trident', // part of a Trident topology
] as const;
export const FeatureSchema = Type.Union(FEATURES.map((f) => Type.Literal(f)));
export type Feature = (typeof FEATURES)[number];

export const OutputStreamSchema = Type.Object(
  {
    id: Type.String(),
    fields: Type.Array(Type.String()),
    direct: Type.Boolean(),
    /** False when some field names could not be resolved statically. */
    resolved: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OutputStream = Static<typeof OutputStreamSchema>;

export const KafkaSpoutSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('storm-kafka-client'), Type.Literal('storm-kafka')]),
    topics: Type.Array(Type.String()),
    topicPattern: Type.Optional(Type.String()),
    bootstrapServers: Type.Optional(Type.String()),
    zkHosts: Type.Optional(Type.String()),
    zkRoot: Type.Optional(Type.String()),
    groupId: Type.Optional(Type.String()),
    firstPollOffsetStrategy: Type.Optional(Type.String()),
    processingGuarantee: Type.Optional(Type.String()),
    scheme: Type.Optional(Type.String({ description: 'storm-kafka scheme or storm-kafka-client record translator class' })),
  },
  { additionalProperties: false },
);
export type KafkaSpoutInfo = Static<typeof KafkaSpoutSchema>;

export const KafkaSinkSchema = Type.Object(
  {
    topic: Nullable(Type.String()),
    bootstrapServers: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type KafkaSinkInfo = Static<typeof KafkaSinkSchema>;

export const MultilangSchema = Type.Object(
  {
    command: Type.Array(Type.String()),
    script: Type.Optional(Type.String({ description: 'Path of the script, relative to the working directory, when found' })),
    emittedFields: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type MultilangInfo = Static<typeof MultilangSchema>;

const WindowSpanSchema = Type.Object(
  {
    count: Type.Optional(Type.Integer()),
    durationMs: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export const WindowSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('sliding'), Type.Literal('tumbling')]),
    length: Nullable(WindowSpanSchema),
    slide: Type.Optional(Nullable(WindowSpanSchema)),
    timestampField: Type.Optional(Type.String()),
    lagMs: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type WindowInfo = Static<typeof WindowSchema>;

export const ResourcesSchema = Type.Object(
  {
    memoryOnHeapMb: Type.Optional(Type.Number()),
    memoryOffHeapMb: Type.Optional(Type.Number()),
    cpu: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const ComponentSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.Union([Type.Literal('spout'), Type.Literal('bolt')]),
    className: Nullable(Type.String({ description: 'Fully qualified where resolvable' })),
    parallelism: Nullable(Type.Integer({ minimum: 0 })),
    numTasks: Nullable(Type.Integer({ minimum: 0 })),
    tickFrequencySecs: Nullable(Type.Number({ description: 'Effective: component config, else topology config' })),
    features: Type.Array(FeatureSchema),
    outputStreams: Type.Array(OutputStreamSchema),
    kafka: Type.Optional(KafkaSpoutSchema),
    kafkaSink: Type.Optional(KafkaSinkSchema),
    multilang: Type.Optional(MultilangSchema),
    window: Type.Optional(WindowSchema),
    lambda: Type.Optional(
      Type.Union([Type.Literal('supplier'), Type.Literal('bi-consumer'), Type.Literal('consumer')], {
        description:
          'Storm 2 lambda component: setSpout(id, SerializableSupplier) (LambdaSpout), setBolt(id, SerializableBiConsumer, fields…) (LambdaBiConsumerBolt) or setBolt(id, SerializableConsumer) (LambdaConsumerBolt)',
      }),
    ),
    classConfigKey: Type.Optional(
      Type.String({ description: 'The config key the component class name is read from at run time (Class.forName(conf.get(key)))' }),
    ),
    config: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Component-level Storm config' })),
    resources: Type.Optional(ResourcesSchema),
    superclasses: Type.Optional(Type.Array(Type.String(), { description: 'Superclass chain and interfaces, nearest first' })),
    classSource: Type.Optional(SourceLocationSchema),
    source: SourceLocationSchema,
  },
  { additionalProperties: false },
);
export type Component = Static<typeof ComponentSchema>;

export const EdgeSchema = Type.Object(
  {
    from: Type.String(),
    stream: Type.String(),
    to: Type.String(),
    grouping: GroupingSchema,
    fields: Type.Optional(Type.Array(Type.String())),
    customClass: Type.Optional(Type.String()),
    source: Type.Optional(SourceLocationSchema),
  },
  { additionalProperties: false },
);
export type Edge = Static<typeof EdgeSchema>;

export const TopologySchema = Type.Object(
  {
    id: Type.String({ description: 'Stable, unique within one analysis: used for folder names and links' }),
    name: Nullable(Type.String()),
    kind: Type.Union([Type.Literal('java'), Type.Literal('flux')]),
    namespace: Type.Union([Type.Literal('org.apache.storm'), Type.Literal('backtype.storm')]),
    source: SourceLocationSchema,
    /** Where the topology is built: class and method for Java, the file for Flux. */
    entry: Type.Optional(
      Type.Object(
        {
          className: Nullable(Type.String({ description: 'The concrete class to run: a subclass when the building code is inherited' })),
          method: Nullable(
            Type.String({
              description: 'The method whose code creates the builder; <init> for constructors and field initializers, <clinit> for static initializers',
            }),
          ),
          declaredIn: Type.Optional(Type.String({ description: 'The class that declares that code, when it is inherited by className' })),
          field: Type.Optional(Type.String({ description: 'The field the builder is stored in when that code stores it in one' })),
        },
        { additionalProperties: false },
      ),
    ),
    files: Type.Array(Type.String(), { description: 'Every source file the topology was read from' }),
    components: Type.Array(ComponentSchema),
    edges: Type.Array(EdgeSchema),
    config: Type.Record(Type.String(), Type.Unknown()),
    blocked: Type.Boolean({ description: 'True when a blocker diagnostic prevents an automatic migration' }),
    diagnostics: Type.Array(DiagnosticSchema),
  },
  { additionalProperties: false },
);
export type Topology = Static<typeof TopologySchema>;

export const AnalysisSchema = Type.Object(
  {
    version: Type.Literal(MODEL_VERSION),
    topologies: Type.Array(TopologySchema),
    diagnostics: Type.Array(DiagnosticSchema),
    stats: Type.Optional(
      Type.Object(
        {
          files: Type.Integer(),
          javaFiles: Type.Integer(),
          fluxFiles: Type.Integer(),
          skipped: Type.Integer(),
          failed: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    $id: 'https://storm2flink.dev/schema/topology-model.schema.json',
    title: 'storm2flink topology model',
    additionalProperties: false,
  },
);
export type Analysis = Static<typeof AnalysisSchema>;
