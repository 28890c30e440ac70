// Topology model → JobPlan: every decision of the generated project, with provenance, sorted.
// Pure; the facts read from the user's sources come in as arguments.
import type { Diagnostic, Topology } from '../model/topology.js';
import { compareDiagnostics, diagnostic, reports } from '../model/diagnostics.js';
import { mapConfig, type ConfigMapping, type FlinkSetting } from './config-map.js';
import { isQualifiedJavaName, javaClassName, javaPackageSegment } from './names.js';
import { kafkaClientsForConnector, type DependencyNote, type PomDependency, type Repositories } from './pom-deps.js';
import type { EntryFacts, SourceEdit } from './rewrite.js';
import { FLINK, STORM_KAFKA_LEGACY_VERSION, STORM_VERSION, type DeployTarget, type FlinkLine, type FlinkVersionInfo, type Guarantee } from './versions.js';

export interface PlanOptions {
  flink: FlinkLine;
  target: DeployTarget;
  guarantee?: Guarantee;
}

export type EntryPlan =
  /** The user's code runs as written and its topology is captured (compat's Capture): main, or another method. */
  | { kind: 'main'; className: string; method: string; why: string }
  | { kind: 'builder'; className: string; method: string; returns: 'topology' | 'builder'; reflective: boolean; why: string }
  | { kind: 'flux'; resource: string; why: string }
  | { kind: 'missing'; why: string };

export interface ComponentPlan {
  id: string;
  type: 'spout' | 'bolt';
  className: string;
  parallelism: string;
  tick: string;
  inputs: string;
  features: string;
}

/** A KafkaBolt and what it becomes in the job: Flink's transactional KafkaSink at exactly-once, else a bolt. */
export interface KafkaSinkPlan {
  id: string;
  /** Its topic when the model knows it (a DefaultTopicSelector or the config's "topic"). */
  topic: string | null;
  transactional: boolean;
  /** The compat runtime's transactional id prefix: <topology name>-<component>. */
  prefix: string;
  /** transaction.timeout.ms the runtime gives its producers unless their properties set one. */
  transactionTimeoutMs: number;
  /** It exceeds the brokers' default transaction.max.timeout.ms: they must allow more. */
  raiseBrokerMax: boolean;
  /** Components subscribed to it (then it stays a bolt), comma-separated; empty when none. */
  subscribers: string;
}

export interface StormConfigEntry {
  key: string;
  value: unknown;
}

export interface JobNames {
  javaPackage: string;
  mainClass: string;
  submissionClass: string;
}

export interface JobPlan {
  topologyId: string;
  folder: string;
  /** The Storm topology name when static, else the topology id. */
  name: string;
  kind: Topology['kind'];
  namespace: Topology['namespace'];
  source: string;
  flink: FlinkVersionInfo;
  stormVersion: string;
  target: DeployTarget;
  names: JobNames;
  entry: EntryPlan;
  /** The topology's static Storm config, for builder entries (main and Flux entries build their own). */
  stormConfig: StormConfigEntry[];
  mapping: ConfigMapping;
  jobSettings: FlinkSetting[];
  kafka: {
    connector: boolean;
    legacySpout: boolean;
    /** storm-kafka (1.x's last release) in the job: for a ZooKeeper KafkaSpout, or the sources on the storm-kafka 1.x the pom declares. */
    legacy: boolean;
    legacyVersion: string;
    sinks: KafkaSinkPlan[];
    transactional: boolean;
  };
  /** The sources use LocalCluster (storm-server since Storm 2) and the user's pom does not bring it. */
  localClusterDependency: boolean;
  /** A DRPC topology (S2F202): its spouts take requests from Storm's DRPC server beside the job (deploy, MIGRATION.md). */
  drpc: boolean;
  /** A Trident topology (S2F201): its transactional state needs a ZooKeeper on a cluster (deploy, MIGRATION.md). */
  trident: boolean;
  /** Bounded runs: the wait after an empty nextTuple() (Storm's 1 ms unless bolts tick) and the idle time it gives. */
  bounded: { idleWaitMs: number; idleMs: number; tickSecs: number };
  components: ComponentPlan[];
  /** Model diagnostics that need a person: blockers first, then warnings. */
  followUps: Diagnostic[];
  sourceEdits: SourceEdit[];
  userDependencies: PomDependency[];
  /** What was substituted, left out or added among the user's dependencies, and why. */
  dependencyNotes: DependencyNote[];
  /** The user's pom repositories: carried into the generated pom, or dropped with why. */
  repositories: Repositories;
  layout: SourceLayout;
  diagnostics: Diagnostic[];
}

/** Where the copied sources came from. */
export interface SourceLayout {
  /** The user's pom (display form), when the sources belong to a Maven project. */
  pom: string | null;
  /** How it was read: Maven's effective model, the pom's own text (Maven unavailable), or a Gradle build file's text. */
  pomFrom: 'effective-model' | 'pom-text' | 'gradle-text' | null;
  /** A Gradle build's declarations not read as coordinates, as written. */
  unread?: string[];
  /** Where the build file declares its dependencies. */
  at?: { line: number; column: number };
  sourceRoots: string[];
  resourceRoots: string[];
  /** Java files copied (the ones the topology reaches) of all in the source folders. */
  copied: number;
  total: number;
  /** Reactor siblings (`groupId:artifactId`) the project depends on, whose sources are among the source folders. */
  siblings?: string[];
  /** Reactor siblings that stay dependencies (not all Java), each with its folder (display form), to install first. */
  keptSiblings?: { artifact: string; folder: string }[];
}

export function jobNames(t: Topology, folder: string): JobNames {
  const javaPackage = `storm2flink.job.${javaPackageSegment(folder)}`;
  return { javaPackage, mainClass: javaClassName(folder, 'FlinkJob'), submissionClass: `${javaPackage}.StormSubmission` };
}

export interface PlanInputs {
  topology: Topology;
  folder: string;
  options: PlanOptions;
  entryFacts?: EntryFacts;
  sourceEdits: SourceEdit[];
  submitCalls: number;
  mentionsLocalCluster: boolean;
  hasSources: boolean;
  userDependencies: PomDependency[];
  dependencyNotes?: DependencyNote[];
  /** The user's pom declares storm-kafka 1.x and the sources use it: the job carries its last release. */
  stormKafka?: boolean;
  repositories?: Repositories;
  layout?: SourceLayout;
}

function chooseEntry(inp: PlanInputs, diagnostics: Diagnostic[]): EntryPlan {
  const t = inp.topology;
  if (t.kind === 'flux')
    return { kind: 'flux', resource: '/storm2flink/topology.yaml', why: `the Flux file ${t.source.file}, parsed and built by Storm's flux-core at job start` };
  const cls = t.entry?.className ?? null;
  const method = t.entry?.method ?? null;
  const loc = { file: t.source.file, line: t.source.line, column: t.source.column };
  if (!cls || !isQualifiedJavaName(cls)) {
    diagnostics.push(diagnostic('entry-not-found', loc, 'the class that builds the topology is not known statically'));
    return { kind: 'missing', why: 'the class that builds the topology is not known statically' };
  }
  const facts = inp.entryFacts;
  const m = facts?.method;
  // The job's main lives in another package: a non-public builder of a public class is called
  // through reflection (setAccessible), which keeps the user's code as written.
  if (
    method &&
    method !== 'main' &&
    m &&
    m.isStatic &&
    m.params === 0 &&
    (m.isPublic !== false || facts?.classIsPublic) &&
    /^(?:org\.apache\.storm\.generated\.)?StormTopology$|^(?:org\.apache\.storm\.topology\.)?TopologyBuilder$/.test(m.returnType)
  ) {
    const reflective = m.isPublic === false;
    return {
      kind: 'builder',
      className: cls,
      method,
      returns: m.returnType.endsWith('StormTopology') ? 'topology' : 'builder',
      reflective,
      why: `${cls}.${method}() returns the ${m.returnType}; called ${reflective ? 'through reflection (it is not public)' : 'directly'} with the topology's Storm config`,
    };
  }
  // The class's main when it has one: what `storm jar` runs, and what knows the builder's arguments.
  if (facts?.hasMain || method === 'main') {
    return {
      kind: 'main',
      className: cls,
      method: 'main',
      why: `${cls}.main(args) runs as written; what it submits (StormSubmitter, ConfigurableTopology, a LocalCluster) is captured for the Flink job instead of going to Nimbus${inp.mentionsLocalCluster ? " (LocalCluster is the compat runtime's stand-in: no Storm cluster starts)" : ''}`,
    };
  }
  // No main: the builder itself, as verify's Storm side calls it (compat's Capture).
  if (method && method !== 'main') {
    return {
      kind: 'main',
      className: cls,
      method,
      why: `${cls}${method === '<init>' ? ' (its constructor)' : method === '<clinit>' ? ' (its static initializer)' : `.${method}`} is called as written (Config and Map parameters get the topology's Storm config, String and String[] the job's arguments); the topology it builds or submits is captured`,
    };
  }
  diagnostics.push(
    diagnostic(
      'entry-not-found',
      loc,
      `${cls}${method ? `.${method}` : ''} is neither a main method nor a static no-argument builder of a StormTopology or TopologyBuilder`,
    ),
  );
  return { kind: 'missing', why: `${cls}${method ? `.${method}` : ''} cannot be called from the generated job` };
}

/** The compat runtime's bounded mode: a spout ends after this many empty nextTuple() calls in a row. */
export const BOUNDED_IDLE_POLLS = 2000;

/**
 * Tick-driven bolts emit only on ticks, and a chain of them needs up to the sum of their periods to
 * pass the last input on. Each empty poll waits at least `idleWaitMs`, so a bounded run idles at
 * least that sum (plus the usual 2 s) before its spouts end.
 */
function boundedIdle(t: Topology): { idleWaitMs: number; idleMs: number; tickSecs: number } {
  const tickSecs = t.components
    .filter((c) => c.type === 'bolt' && c.tickFrequencySecs !== null && c.tickFrequencySecs > 0)
    .reduce((s, c) => s + c.tickFrequencySecs!, 0);
  // At most an hour of idling, whatever the (possibly absurd) configured periods.
  const idleWaitMs = Math.min(1800, Math.max(1, Math.ceil((tickSecs * 1000 + BOUNDED_IDLE_POLLS) / BOUNDED_IDLE_POLLS)));
  return { idleWaitMs, idleMs: idleWaitMs * BOUNDED_IDLE_POLLS, tickSecs };
}

/** Kafka brokers' default transaction.max.timeout.ms (the compat runtime's KafkaBoltSink uses the same figures). */
export const BROKER_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 900_000;
/** The job's longest restart backoff (restart-strategy.exponential-delay.max-backoff). */
const RESTART_ALLOWANCE_MS = 60_000;

/**
 * KafkaBolts at exactly-once: each one nothing subscribes to becomes a transactional KafkaSink in the compat runtime
 * (checkpoints in EXACTLY_ONCE mode), with transaction.timeout.ms the broker default maximum, or more when a
 * checkpoint interval, its timeout and a restart do not fit in it.
 */
function kafkaSinkPlans(t: Topology, mapping: ConfigMapping): KafkaSinkPlan[] {
  const g = mapping.guarantee;
  const needed = (g.checkpointIntervalMs ?? 0) + (g.checkpointTimeoutMs ?? 0) + RESTART_ALLOWANCE_MS;
  return t.components
    .filter((c) => c.type === 'bolt' && (c.features.includes('kafka-bolt') || c.kafkaSink))
    .map((c) => {
      const subscribers = [...new Set(t.edges.filter((e) => e.from === c.id).map((e) => e.to))].sort();
      const timeout = Math.max(BROKER_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS, needed);
      return {
        id: c.id,
        topic: c.kafkaSink?.topic ?? null,
        transactional: g.after === 'exactly-once' && subscribers.length === 0,
        prefix: `${t.name ?? '<topology name>'}-${c.id}`,
        transactionTimeoutMs: timeout,
        raiseBrokerMax: timeout > BROKER_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS,
        subscribers: subscribers.join(', '),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A component the job runs on Flink's Kafka connector (KafkaSource, KafkaSink): the job then carries its kafka-clients. */
export function kafkaComponent(c: Topology['components'][number]): boolean {
  return Boolean(c.kafka || c.features.includes('kafka-spout') || c.features.includes('kafka-bolt') || c.kafkaSink);
}

export function plan(inp: PlanInputs): JobPlan {
  const t = inp.topology;
  const diagnostics: Diagnostic[] = [];
  const mapping = mapConfig(t, { flink: inp.options.flink, target: inp.options.target, guarantee: inp.options.guarantee, folder: inp.folder });
  const entry = chooseEntry(inp, diagnostics);
  if (!inp.hasSources && t.kind === 'java') {
    diagnostics.push(diagnostic('no-sources', { file: t.source.file }, 'no Java source of the topology could be read'));
  }
  const renames = inp.sourceEdits.filter((e) => e.kind === 'namespace').length;
  const moves = inp.sourceEdits.filter((e) => e.kind === 'moved-api').length;
  if (renames + moves > 0) {
    const what = [
      ...(renames > 0 ? [`${renames} backtype.storm name(s) rewritten to org.apache.storm`] : []),
      ...(moves > 0 ? [`${moves} name(s) of classes Storm 2.0 moved rewritten to their new place`] : []),
    ];
    diagnostics.push(diagnostic('import-rewrite', { file: t.source.file }, what.join('; ')));
  }
  for (const k of mapping.dynamicKeys) {
    diagnostics.push(
      diagnostic(
        'dynamic-config',
        { file: t.source.file, line: t.source.line, column: t.source.column },
        `Storm config ${JSON.stringify(k)} is computed at run time`,
      ),
    );
  }

  const inputsOf = (id: string) =>
    t.edges
      .filter((e) => e.to === id)
      .map((e) => `${e.from}/${e.stream} ${e.grouping}${e.fields ? `(${e.fields.join(', ')})` : ''}${e.customClass ? ` ${e.customClass}` : ''}`)
      .sort()
      .join('; ');
  const components: ComponentPlan[] = [...t.components]
    .sort((a, b) => (a.type !== b.type ? (a.type === 'spout' ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => ({
      id: c.id,
      type: c.type,
      className: c.className ?? '(unknown)',
      parallelism:
        c.parallelism === null
          ? 'unknown (1 assumed)'
          : String(c.parallelism) + (c.numTasks !== null && c.numTasks !== c.parallelism ? ` (${c.numTasks} tasks)` : ''),
      tick: c.tickFrequencySecs === null ? '' : `${c.tickFrequencySecs} s`,
      inputs: inputsOf(c.id),
      features: c.features.join(', '),
    }));

  const stormConfig: StormConfigEntry[] = Object.keys(t.config)
    .sort()
    .filter((k) => t.config[k] !== null && t.config[k] !== undefined)
    .map((k) => ({ key: k, value: t.config[k] }));

  const kafkaSpouts = t.components.filter(kafkaComponent);
  const legacyKafka = t.components.filter((c) => c.kafka?.kind === 'storm-kafka');
  const providedKafkaCore = inp.userDependencies.find((d) => /^kafka_2\.\d+$/.test(d.artifactId) && d.scope === 'provided');
  for (const c of legacyKafka) {
    diagnostics.push(
      diagnostic(
        'legacy-kafka-spout',
        { file: c.source.file, line: c.source.line, column: c.source.column },
        `spout ${JSON.stringify(c.id)} is the ZooKeeper-based storm-kafka KafkaSpout (storm-kafka ${STORM_KAFKA_LEGACY_VERSION} in the job); its SpoutConfig calls Kafka's Scala core (kafka_2.x) when the job builds the topology, so that jar must be on the job's class path${providedKafkaCore ? ` (the pom has ${providedKafkaCore.artifactId} ${providedKafkaCore.version} provided, as the Storm cluster had it: bundle it or put it in Flink's lib/)` : ''}`,
      ),
    );
  }
  const kafkaClients = kafkaClientsForConnector(inp.userDependencies, kafkaSpouts.length > 0, FLINK[inp.options.flink]);
  const kafkaSinks = kafkaSinkPlans(t, mapping);
  for (const k of kafkaSinks.filter((x) => x.transactional)) {
    const c = t.components.find((x) => x.id === k.id)!;
    diagnostics.push(
      diagnostic(
        'kafka-bolt-transactional',
        { file: c.source.file, line: c.source.line, column: c.source.column },
        `bolt ${JSON.stringify(k.id)} (KafkaBolt) becomes Flink's transactional KafkaSink: consumers of ${k.topic ? JSON.stringify(k.topic) : 'its topics'} must read with isolation.level=read_committed; the brokers' transaction.max.timeout.ms must be at least ${k.transactionTimeoutMs} (transaction.timeout.ms)`,
      ),
    );
  }
  for (const n of (inp.dependencyNotes ?? []).filter((x) => x.forJdk))
    diagnostics.push(
      diagnostic('dependency-raised-for-jdk', { file: inp.layout?.pom ?? t.source.file }, `${n.artifact} ${n.from} is taken at ${n.to}: ${n.why}`),
    );
  if (inp.layout?.pomFrom === 'gradle-text') {
    const unread = inp.layout.unread ?? [];
    diagnostics.push(
      diagnostic(
        'gradle-read-as-text',
        { file: inp.layout.pom ?? t.source.file, ...(inp.layout.pom && inp.layout.at ? inp.layout.at : {}) },
        `dependencies read from ${inp.layout.pom}'s text, not through Gradle${unread.length > 0 ? `; not read: ${unread.slice(0, 5).join(' | ')}${unread.length > 5 ? ` (+${unread.length - 5} more)` : ''}` : ''}`,
      ),
    );
  }
  const followUps = t.diagnostics
    .filter((d) => d.blocker || d.severity !== 'info')
    .sort((a, b) => (a.blocker === b.blocker ? compareDiagnostics(a, b) : a.blocker ? -1 : 1));

  return {
    topologyId: t.id,
    folder: inp.folder,
    name: t.name ?? t.id,
    kind: t.kind,
    namespace: t.namespace,
    source: `${t.source.file}:${t.source.line}:${t.source.column}`,
    flink: FLINK[inp.options.flink],
    stormVersion: STORM_VERSION,
    target: inp.options.target,
    names: jobNames(t, inp.folder),
    entry,
    stormConfig,
    mapping,
    jobSettings: mapping.settings.filter((s) => s.scope === 'job'),
    kafka: {
      connector: kafkaSpouts.length > 0,
      legacySpout: legacyKafka.length > 0,
      legacy: legacyKafka.length > 0 || inp.stormKafka === true,
      legacyVersion: STORM_KAFKA_LEGACY_VERSION,
      sinks: kafkaSinks,
      transactional: kafkaSinks.some((k) => k.transactional),
    },
    bounded: boundedIdle(t),
    drpc: reports(t, 'drpc'),
    trident: reports(t, 'trident'),
    localClusterDependency: inp.mentionsLocalCluster && !inp.userDependencies.some((d) => d.groupId === 'org.apache.storm' && d.artifactId === 'storm-server'),
    components,
    followUps,
    sourceEdits: [...inp.sourceEdits].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column)),
    userDependencies: kafkaClients.dependencies,
    dependencyNotes: [...(inp.dependencyNotes ?? []), ...kafkaClients.notes],
    repositories: inp.repositories ?? { carried: [], dropped: [] },
    layout: inp.layout ?? { pom: null, pomFrom: null, sourceRoots: [], resourceRoots: [], copied: 0, total: 0 },
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}
