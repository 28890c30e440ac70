// Storm's words both front ends read (Java code and Flux YAML): grouping names in each spelling, time units,
// the Kafka and multilang classes, config keys both use. One table each, so a word means the same in both.
import type { Grouping } from '../model/topology.js';

/** A lookup table without Object.prototype's names: a Java `x.toString()` is no grouping, setter or unit. */
export function lookup<T>(entries: Record<string, T> | Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const pairs = Symbol.iterator in entries ? [...(entries as Iterable<readonly [string, T]>)] : Object.entries(entries);
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, Object.fromEntries(pairs)));
}

interface GroupingNames {
  grouping: Grouping;
  /** TopologyBuilder's declarer method (InputDeclarer). */
  method: string;
  /** Flux's GroupingDef.Type constant (PARTIAL_KEY is not one: Flux rejects it, the Flux reader warns). */
  flux: string;
  /** Members of the Thrift Grouping union that mean it (global is fields() with no fields). */
  thrift: readonly string[];
}

export const GROUPINGS: readonly GroupingNames[] = [
  { grouping: 'shuffle', method: 'shuffleGrouping', flux: 'SHUFFLE', thrift: ['shuffle'] },
  { grouping: 'fields', method: 'fieldsGrouping', flux: 'FIELDS', thrift: ['fields'] },
  { grouping: 'all', method: 'allGrouping', flux: 'ALL', thrift: ['all'] },
  { grouping: 'global', method: 'globalGrouping', flux: 'GLOBAL', thrift: [] },
  { grouping: 'none', method: 'noneGrouping', flux: 'NONE', thrift: ['none'] },
  { grouping: 'local-or-shuffle', method: 'localOrShuffleGrouping', flux: 'LOCAL_OR_SHUFFLE', thrift: ['local_or_shuffle'] },
  { grouping: 'direct', method: 'directGrouping', flux: 'DIRECT', thrift: ['direct'] },
  { grouping: 'custom', method: 'customGrouping', flux: 'CUSTOM', thrift: ['custom_object', 'custom_serialized'] },
  { grouping: 'partial-key', method: 'partialKeyGrouping', flux: 'PARTIAL_KEY', thrift: [] },
];

/** Declarer method name → grouping. */
export const GROUPING_BY_METHOD: Readonly<Record<string, Grouping>> = lookup(GROUPINGS.map((g) => [g.method, g.grouping] as const));
/** Flux grouping type (upper case) → grouping. */
export const GROUPING_BY_FLUX_TYPE: Readonly<Record<string, Grouping>> = lookup(GROUPINGS.map((g) => [g.flux, g.grouping] as const));
/** Thrift Grouping union member (its static factory's name) → grouping. */
export const GROUPING_BY_THRIFT: Readonly<Record<string, Grouping>> = lookup(GROUPINGS.flatMap((g) => g.thrift.map((t) => [t, g.grouping] as const)));

/** java.util.concurrent.TimeUnit constants, in milliseconds. */
export const TIME_UNIT_MS: Readonly<Record<string, number>> = lookup({
  NANOSECONDS: 1e-6,
  MICROSECONDS: 1e-3,
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
});

/** BaseWindowedBolt.Duration's static factories (`Duration.seconds(5)`), in milliseconds per unit. */
export const DURATION_FACTORY_MS: Readonly<Record<string, number>> = lookup({ of: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 });

/** storm-kafka-client's spout (Storm 1.1+). */
export const KAFKA_CLIENT_SPOUT = 'org.apache.storm.kafka.spout.KafkaSpout';
/** storm-kafka's ZooKeeper-offset spout: `storm.kafka` up to Storm 0.10, `org.apache.storm.kafka` in 1.x. */
export const ZK_KAFKA_SPOUTS: ReadonlySet<string> = new Set(['storm.kafka.KafkaSpout', 'org.apache.storm.kafka.KafkaSpout']);
/** KafkaBolt of storm-kafka-client (and storm-kafka 1.x), and of storm-kafka 0.x. */
export const KAFKA_BOLTS: ReadonlySet<string> = new Set(['org.apache.storm.kafka.bolt.KafkaBolt', 'storm.kafka.bolt.KafkaBolt']);

/** Storm's multilang components, by simple name (`task.ShellBolt`, `spout.ShellSpout` under the Storm namespace). */
export const SHELL_COMPONENTS: readonly string[] = ['ShellBolt', 'ShellSpout'];
/** Flux's wrappers of them, configured from YAML. */
export const FLUX_SHELL_CLASSES: ReadonlySet<string> = new Set([
  'org.apache.storm.flux.wrappers.bolts.FluxShellBolt',
  'org.apache.storm.flux.wrappers.spouts.FluxShellSpout',
]);

/** Config key of the tick tuple frequency (Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS). */
export const TICK_KEY = 'topology.tick.tuple.freq.secs';
