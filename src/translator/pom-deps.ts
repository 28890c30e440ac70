// The user's third-party dependencies, read from their pom.xml so the job jar carries them.
// The model comes from Maven's effective POM at the edge (project-model.ts); `pomDependencies` is the
// fallback reader of a pom's own text: top-level <dependencies> only, ${properties} from <properties>.
import { JAVA_RELEASE, STORM_KAFKA_LEGACY_VERSION, STORM_VERSION } from './versions.js';

/**
 * The versions to try for a Storm artifact whose own version did not resolve (verify's build of the user's project
 * and the generated pom alike): the runtime's Storm version, then the newest one published between the runtime's
 * major version and it (a Maven version range; Maven picks the highest listed, e.g. storm-hbase, last released as 2.5.0).
 */
export function substituteVersions(runtimeVersion: string): string[] {
  const major = runtimeVersion.split('.')[0]!;
  return [runtimeVersion, `[${major}.0.0,${runtimeVersion}]`];
}

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version: string | null;
  scope: string | null;
  type: string | null;
  classifier: string | null;
  /** `groupId:artifactId` pairs, as written. */
  exclusions: { groupId: string; artifactId: string }[];
}

function strip(xml: string, tag: string): string {
  return xml.replace(new RegExp(`<${tag}\\b[\\s\\S]*?</${tag}>`, 'g'), '');
}

function child(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml);
  return m ? m[1]! : null;
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

// The compat runtime brings storm-client (2.x) and the pom adds flux-core; storm-core (0.x/1.x) must not come back.
const BROUGHT_BY_COMPAT = new Set(['storm-core', 'storm-client', 'flux-core', 'storm-kafka']);

/** Storm's own core and test-only artifacts are not carried; other Storm modules (storm-server, flux-wrappers) are. */
function carried(d: PomDependency): boolean {
  if (d.groupId === 'org.apache.storm' && BROUGHT_BY_COMPAT.has(d.artifactId)) return false;
  if (d.groupId === 'org.apache.flink') return false;
  if (d.scope === 'test' || d.scope === 'system' || d.scope === 'import') return false;
  return true;
}

/** The direct dependencies a pom's text declares (`all`: every one, as written; else the carried ones, as before). */
export function pomDependencies(pom: string, opts: { all?: boolean } = {}): PomDependency[] {
  const noComments = pom.replace(/<!--[\s\S]*?-->/g, '');
  const props: Record<string, string> = {};
  const propsBlock = /<properties>([\s\S]*?)<\/properties>/.exec(noComments)?.[1] ?? '';
  for (const m of propsBlock.matchAll(/<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props[m[1]!] = unescape(m[2]!);
  const projectVersion = child(strip(strip(strip(noComments, 'parent'), 'dependencies'), 'dependencyManagement'), 'version');
  if (projectVersion) props['project.version'] = projectVersion;
  const subst = (s: string | null) => (s === null ? null : unescape(s).replace(/\$\{([^}]+)\}/g, (all, k: string) => props[k] ?? all));
  const body = strip(strip(strip(strip(noComments, 'dependencyManagement'), 'profiles'), 'build'), 'reporting');
  const deps = /<dependencies>([\s\S]*?)<\/dependencies>/.exec(body)?.[1] ?? '';
  const out: PomDependency[] = [];
  for (const m of deps.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const exclusions = [...(/<exclusions>([\s\S]*?)<\/exclusions>/.exec(m[1]!)?.[1] ?? '').matchAll(/<exclusion>([\s\S]*?)<\/exclusion>/g)].map((x) => ({
      groupId: subst(child(x[1]!, 'groupId')) ?? '*',
      artifactId: subst(child(x[1]!, 'artifactId')) ?? '*',
    }));
    const d = strip(m[1]!, 'exclusions');
    const groupId = subst(child(d, 'groupId'));
    const artifactId = subst(child(d, 'artifactId'));
    if (!groupId || !artifactId) continue;
    out.push({
      groupId,
      artifactId,
      version: subst(child(d, 'version')),
      scope: subst(child(d, 'scope')),
      type: subst(child(d, 'type')),
      classifier: subst(child(d, 'classifier')),
      exclusions,
    });
  }
  return opts.all ? out : carriedDependencies(out, null).dependencies;
}

/** A decision about a dependency of the user's pom, for MIGRATION.md. */
export interface DependencyNote {
  /** `groupId:artifactId`. */
  artifact: string;
  kind: 'substituted' | 'left-out' | 'added';
  from: string | null;
  to: string | null;
  why: string;
  /** Raised to run on the JDK the project compiles for (JAVA_RELEASE): the plan warns (dependency-raised-for-jdk). */
  forJdk?: boolean;
}

/**
 * Annotation processors that run inside javac and break on newer JDKs, by `groupId:artifactId`: the oldest release
 * that runs on JAVA_RELEASE's javac (Lombok 1.18.22 added JDK 17; older ones fail on its module encapsulation).
 */
export const PROCESSORS_FOR_JDK: Record<string, string> = { 'org.projectlombok:lombok': '1.18.22' };

/** a < b for plain numeric versions (1.16.18 < 1.18.22); false when either is not one. */
export function olderRelease(a: string, b: string): boolean {
  if (!/^\d+(\.\d+)*$/.test(a) || !/^\d+(\.\d+)*$/.test(b)) return false;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** What the copied sources use, for the choice of dependencies (null: unknown, carry everything). */
export interface SourceUsage {
  /** A reference to this Java package or a subpackage occurs in the copied sources. */
  usesPackage(prefix: string): boolean;
}

/** The Storm release line the generated project runs on (compat's storm-client). */
export const STORM_RUNTIME_MAJOR = STORM_VERSION.split('.')[0]!;

/**
 * Storm connector modules, by artifactId: the package their classes live in. Modules not listed (storm-server,
 * flux-wrappers, multilang-* resources…) are always carried.
 */
const STORM_CONNECTORS: Record<string, string> = {
  'storm-kafka-client': 'org.apache.storm.kafka',
  'storm-hdfs': 'org.apache.storm.hdfs',
  'storm-hdfs-blobstore': 'org.apache.storm.hdfs',
  'storm-hbase': 'org.apache.storm.hbase',
  'storm-redis': 'org.apache.storm.redis',
  'storm-jdbc': 'org.apache.storm.jdbc',
  'storm-hive': 'org.apache.storm.hive',
  'storm-kinesis': 'org.apache.storm.kinesis',
  'storm-elasticsearch': 'org.apache.storm.elasticsearch',
  'storm-elasticsearch-5': 'org.apache.storm.elasticsearch',
  'storm-mongodb': 'org.apache.storm.mongodb',
  'storm-cassandra': 'org.apache.storm.cassandra',
  'storm-solr': 'org.apache.storm.solr',
  'storm-jms': 'org.apache.storm.jms',
  'storm-mqtt': 'org.apache.storm.mqtt',
  'storm-opentsdb': 'org.apache.storm.opentsdb',
  'storm-druid': 'org.apache.storm.druid',
  'storm-eventhubs': 'org.apache.storm.eventhubs',
  'storm-rocketmq': 'org.apache.storm.rocketmq',
  'storm-pmml': 'org.apache.storm.pmml',
  'storm-metrics': 'org.apache.storm.metrics',
  'storm-metrics2': 'org.apache.storm.metrics2',
};

/**
 * Connectors published for Storm 2.x: a 0.x/1.x one was built for storm-core (its tree brings Clojars and
 * unreachable artifacts, its classes another storm API), so it is taken at the runtime's line.
 */
const ON_STORM_2 = new Set(Object.keys(STORM_CONNECTORS).filter((a) => a !== 'storm-metrics' && a !== 'storm-hdfs-blobstore' && a !== 'storm-elasticsearch-5'));

/**
 * The last 2.x release of the connectors Storm dropped before {@link STORM_VERSION} (external/ of apache/storm's
 * release tags; 2.6.0 removed most, 2.7.1 Elasticsearch and Hive); the others are released with it.
 */
const LAST_RELEASE: Record<string, string> = {
  'storm-hbase': '2.5.0',
  'storm-kinesis': '2.5.0',
  'storm-mongodb': '2.5.0',
  'storm-cassandra': '2.5.0',
  'storm-solr': '2.5.0',
  'storm-mqtt': '2.5.0',
  'storm-opentsdb': '2.5.0',
  'storm-eventhubs': '2.5.0',
  'storm-rocketmq': '2.5.0',
  'storm-pmml': '2.5.0',
  'storm-elasticsearch': '2.7.0',
  'storm-hive': '2.7.1',
};

/**
 * The one version of a Storm connector the generated pom names: the newest 2.x release up to the runtime's. Not a
 * Maven range: Maven collects the dependency tree of every version in a range before it keeps the newest (storm-hdfs
 * 2.0.0's needs Confluent's repository), so a range fails where its newest version alone resolves.
 */
export function connectorVersion(artifactId: string): string {
  return LAST_RELEASE[artifactId] ?? STORM_VERSION;
}

/**
 * The user's dependencies the generated project carries, from the project's model:
 * test/system/import scopes, Flink and Storm's core (the compat runtime brings storm-client) are not; Storm modules
 * that were `provided` by the Storm cluster are bundled (Flink's cluster does not have them; storm-server stays
 * provided); a Storm connector none of the copied sources uses is left out; a connector of an older Storm line is
 * taken at the runtime's line ({@link connectorVersion}: its newest release up to {@link STORM_VERSION}, the version
 * verify's build substitutes, substituteVersions above).
 */
export function carriedDependencies(
  all: PomDependency[],
  usage: SourceUsage | null,
): { dependencies: PomDependency[]; notes: DependencyNote[]; stormKafka: boolean } {
  const out: PomDependency[] = [];
  const notes: DependencyNote[] = [];
  const seen = new Set<string>();
  let stormKafka = false;
  for (const d0 of all) {
    const dep: PomDependency = { ...d0 };
    const ga = `${dep.groupId}:${dep.artifactId}`;
    // storm-kafka 1.x (ZooKeeper spout, KafkaBolt, Trident spouts) shares org.apache.storm.kafka with storm-kafka-client
    // 2.x, so the declared artifact decides: the job takes the line's last release (the pom's storm-kafka block).
    // 0.x (storm.kafka) is the Storm 1.x bridge's (translate.ts).
    if (isStormKafka1(dep)) {
      if (usage && !usage.usesPackage('org.apache.storm.kafka')) {
        notes.push({ artifact: ga, kind: 'left-out', from: dep.version, to: null, why: 'none of the copied sources uses org.apache.storm.kafka' });
      } else if (!stormKafka) {
        stormKafka = true;
        notes.push({
          artifact: ga,
          kind: 'substituted',
          from: dep.version,
          to: STORM_KAFKA_LEGACY_VERSION,
          why: `storm-kafka (ZooKeeper KafkaSpout, KafkaBolt, Trident Kafka spouts) ended with ${STORM_KAFKA_LEGACY_VERSION}, its line's last release; the sources compile against it (storm-core left out of its tree) and the compat runtime replaces its spout by a Flink KafkaSource`,
        });
      }
      continue;
    }
    // Storm's cluster provided its modules; Flink's does not, so they go into the job jar
    // (storm-server stays provided: only LocalCluster code paths use it).
    if (dep.groupId === 'org.apache.storm' && dep.scope === 'provided' && dep.artifactId !== 'storm-server') dep.scope = null;
    if (!carried(dep)) continue;
    const key = `${ga}:${dep.type ?? 'jar'}:${dep.classifier ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (dep.groupId === 'org.apache.storm' && usage) {
      const pkg = STORM_CONNECTORS[dep.artifactId];
      if (pkg && !usage.usesPackage(pkg)) {
        notes.push({ artifact: ga, kind: 'left-out', from: dep.version, to: null, why: `none of the copied sources uses ${pkg}` });
        continue;
      }
    }
    // A distribution's build of an Apache artifact (HDP's kafka-clients 1.0.0.2.6.5.0-292) is in its vendor's
    // repository only: the Apache release it is built on is on Maven Central.
    const release = dep.version && dep.groupId.startsWith('org.apache.') ? distributionRelease(dep.version) : undefined;
    if (release && !(dep.groupId === 'org.apache.storm' && ON_STORM_2.has(dep.artifactId))) {
      notes.push({
        artifact: ga,
        kind: 'substituted',
        from: dep.version,
        to: release,
        why: `${dep.version} is a distribution's build of ${release} (its vendor's repository, not Maven Central, serves it); the Apache release is used`,
      });
      dep.version = release;
    }
    const processor = PROCESSORS_FOR_JDK[ga];
    if (processor && dep.version && olderRelease(dep.version, processor)) {
      notes.push({
        artifact: ga,
        kind: 'substituted',
        from: dep.version,
        to: processor,
        why: `an annotation processor that runs inside javac: ${dep.version} fails in JDK ${JAVA_RELEASE}'s, which the project compiles with; ${processor} is the oldest release that runs on it (provided: needed only to compile)`,
        forJdk: true,
      });
      dep.version = processor;
      dep.scope = 'provided';
    }
    if (dep.groupId === 'org.apache.storm' && ON_STORM_2.has(dep.artifactId) && dep.version && /^[01]\./.test(dep.version)) {
      const to = connectorVersion(dep.artifactId);
      notes.push({
        artifact: ga,
        kind: 'substituted',
        from: dep.version,
        to,
        why: `Storm ${dep.version.split('.').slice(0, 2).join('.')} connectors are built for storm-core ${dep.version.split('.')[0]}.x (their trees need Clojars and artifacts Central does not serve); the job runs on storm-client ${STORM_VERSION}, so its newest ${STORM_RUNTIME_MAJOR}.x release up to it is used`,
      });
      dep.version = to;
    }
    out.push(dep);
  }
  return {
    dependencies: out.sort((a, b) => `${a.groupId}:${a.artifactId}`.localeCompare(`${b.groupId}:${b.artifactId}`, 'en')),
    notes,
    stormKafka,
  };
}

export const KAFKA_CLIENTS = 'org.apache.kafka:kafka-clients';

/**
 * A job with Flink's Kafka connector (a Kafka spout or bolt) runs the connector on the topology's kafka-clients, since
 * the pom's own declaration wins over the connector's in Maven: one older than the connector is built with (0.x–2.x
 * for Storm 1.x's clients) lacks what the connector calls (`poll(Duration)` came in 2.0), so it is raised to that one.
 */
export function kafkaClientsForConnector(
  deps: PomDependency[],
  connector: boolean,
  flink: { kafkaConnector: string; kafkaClients: string },
): { dependencies: PomDependency[]; notes: DependencyNote[] } {
  const notes: DependencyNote[] = [];
  const dependencies = deps.map((d) => {
    if (!connector || `${d.groupId}:${d.artifactId}` !== KAFKA_CLIENTS || !d.version || !olderRelease(d.version, flink.kafkaClients)) return d;
    notes.push({
      artifact: KAFKA_CLIENTS,
      kind: 'substituted',
      from: d.version,
      to: flink.kafkaClients,
      why: `flink-connector-kafka ${flink.kafkaConnector} (the job's KafkaSource and KafkaSink) is built with kafka-clients ${flink.kafkaClients} and calls what ${d.version} lacks; the pom's own version would win over the connector's, so it is raised`,
    });
    return { ...d, version: flink.kafkaClients };
  });
  return { dependencies, notes };
}

function isStormKafka1(d: PomDependency): boolean {
  return (
    d.groupId === 'org.apache.storm' &&
    d.artifactId === 'storm-kafka' &&
    d.version !== null &&
    /^1\./.test(d.version) &&
    d.scope !== 'test' &&
    d.scope !== 'system' &&
    d.scope !== 'import'
  );
}

/**
 * The Apache release a distribution's build is versioned after, for the shapes Hortonworks (HDP/HDF: release, then
 * the four-part stack version and a build number) and Cloudera (release-cdh…) publish; undefined for other versions.
 */
export function distributionRelease(version: string): string | undefined {
  return /^(\d+\.\d+\.\d+)(?:\.\d+\.\d+\.\d+\.\d+-\d+|-cdh[\d.]+)$/.exec(version)?.[1];
}

/** Packages that say a pom-less project used a Storm module (storm-client has org.apache.storm.metrics2 itself). */
const INFERRED_MODULES: [artifactId: string, pkg: string][] = [
  ...Object.entries(STORM_CONNECTORS).filter(
    ([a]) => ON_STORM_2.has(a) && a !== 'storm-kafka-client' && a !== 'storm-hdfs-blobstore' && a !== 'storm-metrics2',
  ),
  // storm-kafka (1.x, brought by the compat runtime) has org.apache.storm.kafka too; the spout package is the client's.
  ['storm-kafka-client', 'org.apache.storm.kafka.spout'],
];

/** Storm's multilang-* jars carry the protocol module (resources/storm.py, storm.rb, storm.js) a shell component imports. */
const MULTILANG_MODULES: Record<string, string> = {
  python: 'multilang-python',
  python2: 'multilang-python',
  python3: 'multilang-python',
  ruby: 'multilang-ruby',
  node: 'multilang-javascript',
  nodejs: 'multilang-javascript',
};

/**
 * The Storm modules a project without a pom (a folder of sources, a course hand-in) needs, as its sources and Flux
 * file name them: connectors by package at the runtime's line, flux-wrappers (at flux-core's 2.4.0: the newest whose
 * parent POM Central serves), and the multilang-* jar of each shell component's interpreter.
 */
export function inferredStormModules(usage: SourceUsage, interpreters: string[]): { dependencies: PomDependency[]; notes: DependencyNote[] } {
  const dependencies: PomDependency[] = [];
  const notes: DependencyNote[] = [];
  const add = (artifactId: string, version: string, why: string, excludeAll = false) => {
    if (dependencies.some((d) => d.artifactId === artifactId)) return;
    const exclusions = excludeAll ? [{ groupId: '*', artifactId: '*' }] : [];
    dependencies.push({ groupId: 'org.apache.storm', artifactId, version, scope: null, type: null, classifier: null, exclusions });
    notes.push({
      artifact: `org.apache.storm:${artifactId}`,
      kind: 'added',
      from: null,
      to: version,
      why: `no pom declares the project's dependencies, and ${why}`,
    });
  };
  for (const [artifactId, pkg] of INFERRED_MODULES)
    if (usage.usesPackage(pkg)) add(artifactId, connectorVersion(artifactId), `the sources or the Flux file use ${pkg}`);
  if (usage.usesPackage('org.apache.storm.flux.wrappers'))
    add(
      'flux-wrappers',
      '2.4.0',
      'the sources or the Flux file use org.apache.storm.flux.wrappers (its tree is storm-client, which the compat runtime brings)',
      true,
    );
  for (const i of interpreters) {
    const m = MULTILANG_MODULES[i];
    if (m) add(m, STORM_VERSION, `a shell component runs ${i}, whose scripts import Storm's multilang module from this jar`);
  }
  return { dependencies, notes };
}

/** Log4j's log4j 1.x API bridge, in Flink's distribution (lib/), for sources on org.apache.log4j. */
export const LOG4J_BRIDGE = {
  groupId: 'org.apache.logging.log4j',
  artifactId: 'log4j-1.2-api',
  version: '2.24.3',
  scope: 'provided',
  type: null,
  classifier: null,
} as const;

/**
 * JGraphT as Storm 0.9's storm-core brought it (unshaded in its tree; Storm 0.10+ shade their own copy), for sources
 * on org.jgrapht that do not declare it: bundled, since no Flink or Storm 2 jar has it under that name.
 */
export const STORM09_JGRAPHT = { groupId: 'org.jgrapht', artifactId: 'jgrapht-core', version: '0.9.0', scope: null, type: null, classifier: null } as const;

/**
 * Clojure as storm-core 0.x/1.x brought it (its daemons were written in it; 1.x's tree had 1.7.0), for sources on
 * clojure.* that do not declare it: bundled, since Storm 2 and Flink have none. 1.7.0 runs code written against 0.9's 1.5.1.
 */
export const STORM1_CLOJURE = { groupId: 'org.clojure', artifactId: 'clojure', version: '1.7.0', scope: null, type: null, classifier: null } as const;

/** Log4j 2's API, in Flink's distribution (lib/), for sources on org.apache.logging.log4j that do not declare it. */
export const LOG4J2_API = { ...LOG4J_BRIDGE, artifactId: 'log4j-api' } as const;

export interface Repositories {
  carried: { id: string; url: string }[];
  dropped: { id: string; url: string; why: string }[];
}

const CENTRAL = /^https?:\/\/(repo1?\.maven\.org|repo\.maven\.apache\.org)\/maven2\/?$/;

/** The pom's <repositories> the generated pom carries: https ones; Central and the rest dropped, each with why. */
export function carriedRepositories(repos: { id: string; url: string }[]): Repositories {
  const out: Repositories = { carried: [], dropped: [] };
  const ids = new Set<string>(['storm2flink-local']);
  for (const r of repos) {
    const url = r.url.trim();
    if (r.id === 'central' || CENTRAL.test(url)) {
      // Maven's own Central (the super POM's) is in every effective model; only a different one is worth a line.
      if (!CENTRAL.test(url) || url.startsWith('http:')) out.dropped.push({ id: r.id, url, why: 'Maven Central, which every Maven build uses (over https)' });
      continue;
    }
    if (!/^https:\/\/[^\s<>"']+$/.test(url)) {
      const why = url.startsWith('http:')
        ? 'plain http: Maven 3.8.1+ blocks it (maven-default-http-blocker)'
        : 'not an https address: it named a place on the original machine or network';
      out.dropped.push({ id: r.id, url, why });
      continue;
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(r.id) || ids.has(r.id)) {
      out.dropped.push({ id: r.id, url, why: ids.has(r.id) ? 'a repository with this id is already declared' : 'its id is not a plain Maven repository id' });
      continue;
    }
    ids.add(r.id);
    out.carried.push({ id: r.id, url });
  }
  return out;
}
