// JobPlan → the files of a Flink Maven project. Java, pom, script and Markdown come from dumb
// Handlebars templates; YAML is built as objects and serialized. Pure apart from reading templates.
import * as fs from 'node:fs';
import Handlebars from 'handlebars';
import { stringify } from 'yaml';
import { diagnostic } from '../model/diagnostics.js';
import type { FlinkSetting } from './config-map.js';
import type { JobPlan } from './plan.js';
import { isQualifiedJavaName, javaComment, javaString, mdCode, mdText, shellQuote, xmlText } from './names.js';
import type { UserFile } from './sources.js';
import { ASM_VERSION, DEPENDENCY_PLUGIN_VERSION, EXEC_PLUGIN_VERSION, JAR_PLUGIN_VERSION, JAVA_RELEASE, STORM_KAFKA_LEGACY_VERSION } from './versions.js';

export interface CompatArtifact {
  groupId: string;
  artifactId: string;
  version: string;
  /** The built compat jar; when absent the project expects the artifact in a reachable repository. */
  jarPath?: string;
  /** Its pom text (dependencies travel with the jar in lib/repo). */
  pomText?: string;
  /** A runtime source newer than the jar found in src/compat/target (it was not rebuilt since). */
  newerSource?: string;
  /** Why no current jar could be built from the package's sources (shown with S2F406/S2F411). */
  unavailable?: string;
  /**
   * The Storm 1.x bridge (STORM1_BRIDGE) for projects of Storm 0.x/1.x code, built on first need by the edge that
   * located this artifact; without it such projects expect the bridge in a reachable repository.
   */
  storm1?: () => Promise<CompatArtifact>;
}

/** A project of Storm 0.x/1.x code, built as verify builds it: against its storm-core, then the bridge's bytecode pass. */
export interface Storm1Build {
  /** The storm-core version the sources compile against: the Apache release of the one the user's pom declares (0.x or 1.x). */
  stormCore: string;
  /** The pom's own version when it is a distribution's build (e.g. HDP's 1.1.0.2.6.1.9-1) that Maven Central does not serve. */
  declared?: string;
  /** Storm 0.x: the sources stay on backtype.storm and the pass relocates them (and the generated classes meet them through Object). */
  relocates: boolean;
  /**
   * Storm 0.x code on the old storm-kafka: the storm-kafka 0.x release its classes compile against (unpacked into the
   * classes folder, relocated with them to org.apache.storm.kafka and left out of the jar, where storm-kafka 1.x runs them).
   */
  stormKafka?: string;
  bridge: CompatArtifact;
}

export type EmittedFile = { path: string; content: string | Buffer; mode?: number } | { path: string; copyFrom: string };

const TEMPLATES = new URL('../../templates/', import.meta.url);

/** Java expression for a Storm config value read from the model (JSON-shaped). */
export function javaValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'Boolean.TRUE' : 'Boolean.FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'null';
    if (Number.isInteger(v)) return Math.abs(v) <= 2147483647 ? `Integer.valueOf(${v})` : `Long.valueOf(${v}L)`;
    return `Double.valueOf(${v})`;
  }
  if (typeof v === 'string') return javaString(v);
  if (Array.isArray(v)) return `java.util.Arrays.asList(${v.map(javaValue).join(', ')})`;
  if (typeof v === 'object') {
    const entries = Object.keys(v as Record<string, unknown>)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `java.util.Map.entry(${javaString(k)}, ${javaValue((v as Record<string, unknown>)[k])})`);
    return `new java.util.HashMap<String, Object>(java.util.Map.ofEntries(${entries.join(', ')}))`;
  }
  return javaString(String(v));
}

function handlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  hb.registerHelper('javaString', (v: unknown) => javaString(str(v)));
  hb.registerHelper('javaComment', (v: unknown) => javaComment(str(v)));
  hb.registerHelper('javaValue', (v: unknown) => javaValue(v));
  hb.registerHelper('javaName', (v: unknown) => {
    // The plan only lets validated names through; anything else is a bug, not user input.
    if (typeof v !== 'string' || !isQualifiedJavaName(v)) throw new Error(`not a Java name: ${JSON.stringify(v)}`);
    return v;
  });
  hb.registerHelper('xml', (v: unknown) => xmlText(str(v)));
  hb.registerHelper('sh', (v: unknown) => shellQuote(str(v)));
  hb.registerHelper('dflag', (k: unknown, v: unknown) => `-D${str(k)}=${str(v)}`);
  hb.registerHelper('md', (v: unknown) => mdText(str(v)));
  hb.registerHelper('mdCode', (v: unknown) => mdCode(str(v)));
  return hb;
}

let compiled: Map<string, HandlebarsTemplateDelegate> | undefined;
function template(name: string): HandlebarsTemplateDelegate {
  compiled ??= new Map();
  let t = compiled.get(name);
  if (!t) {
    const text = fs.readFileSync(new URL(name, TEMPLATES), 'utf8');
    t = handlebars().compile(text, { noEscape: true, strict: true });
    compiled.set(name, t);
  }
  return t;
}

function yaml(obj: unknown): string {
  // YAML 1.1 quoting: SnakeYAML (Flink, the operator) reads yes/no/on/off as booleans.
  return stringify(obj, { version: '1.1', lineWidth: 0, sortMapEntries: false });
}

function settingsObject(settings: FlinkSetting[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const s of settings) o[s.key] = s.value;
  return o;
}

/** The legacy flat flink-conf.yaml (1.x) is read line by line, not as YAML: only values that survive that. */
function legacyFlinkConf(settings: FlinkSetting[]): string {
  const lines = ['# Flink 1.x legacy configuration (line format). Generated by storm2flink; see MIGRATION.md.'];
  for (const s of settings) {
    if (/[\r\n#]/.test(s.value) || s.value !== s.value.trim() || s.value === '') {
      lines.push(`# ${s.key}: omitted (value not representable in this format; see config.yaml)`);
    } else lines.push(`${s.key}: ${s.value}`);
  }
  return lines.join('\n') + '\n';
}

/** The Resources section's figures, worded once here so the template only fills them in. */
function resourcesView(p: JobPlan) {
  const r = p.mapping.resources;
  const m = r.taskManager;
  const yarn = p.target === 'yarn-application' || p.target === 'yarn-session';
  const k8s = p.target === 'kubernetes' || p.target === 'kubernetes-session';
  const storm = r.ras
    ? `Storm (Resource Aware Scheduler): ${r.ras.components.reduce((n, c) => n + c.executors, 0)} executor(s) asking for ${r.ras.onHeapMb} MB on-heap, ${r.ras.offHeapMb} MB off-heap and ${r.ras.cpuPercent}% of a core in all, in workers of at most ${r.ras.maxWorkerHeapMb} MB heap (about ${r.workers}); Storm's ackers come on top, Flink runs none (checkpoints do their work).`
    : `Storm: ${r.workers} worker(s) of ${r.taskHeapMb} MB heap.`;
  const dflt = 'Flink default';
  return {
    storm,
    cpu: `${r.cpuPerTaskManager} CPU core(s)`,
    cpuWhere: yarn
      ? `\`yarn.containers.vcores\` = ${Math.max(1, Math.ceil(r.cpuPerTaskManager))}`
      : k8s
        ? "the pod's `cpu` in `deploy/flink-deployment.yaml`"
        : p.target === 'standalone'
          ? 'a standalone cluster does not limit CPU; give each TaskManager host that much'
          : '',
    totalMb: (r.taskManagers * m.processMb + r.jobManagerMb).toLocaleString('en-US'),
    memory: [
      { part: 'Task heap', mb: m.taskHeapMb, key: 'taskmanager.memory.task.heap.size', because: r.heapBecause },
      {
        part: 'Task off-heap',
        mb: m.taskOffHeapMb,
        key: 'taskmanager.memory.task.off-heap.size',
        because:
          r.taskOffHeapMb > 0 ? "the RAS off-heap memory of the same executors (setMemoryLoad's second figure)" : `${dflt}: no off-heap figure in the topology`,
      },
      { part: 'Managed', mb: m.managedMb, key: 'taskmanager.memory.managed.size', because: 'the hashmap state backend keeps state on the heap' },
      { part: 'Framework heap', mb: m.frameworkHeapMb, key: 'taskmanager.memory.framework.heap.size', because: `${dflt}: the TaskManager's own objects` },
      {
        part: 'Framework off-heap',
        mb: m.frameworkOffHeapMb,
        key: 'taskmanager.memory.framework.off-heap.size',
        because: `${dflt}: the TaskManager's own direct buffers`,
      },
      {
        part: 'Network',
        mb: m.networkMb,
        key: 'taskmanager.memory.network.fraction',
        because: `${dflt}: 10% of the total Flink memory (the parts above and this one), at least 64 MB; the buffers between subtasks (Storm's transfer queues)`,
      },
      { part: 'JVM metaspace', mb: m.metaspaceMb, key: 'taskmanager.memory.jvm-metaspace.size', because: `${dflt}: loaded classes` },
      {
        part: 'JVM overhead',
        mb: m.overheadMb,
        key: 'taskmanager.memory.jvm-overhead.fraction',
        because: `${dflt}: 10% of the process, 192 MB to 1 GB (thread stacks, code cache, GC)`,
      },
      {
        part: 'Process',
        mb: m.processMb,
        key: 'taskmanager.memory.process.size',
        because: k8s
          ? "the sum, whole MB rounded up: the TaskManager pod's memory (the operator sets this key from it; the JVM overhead takes the rounding)"
          : `the sum, whole MB rounded up: what ${yarn ? 'each YARN container' : 'each TaskManager process'} takes (Flink derives it from the keys above; it is not set)`,
      },
    ],
  };
}

function deploymentName(p: JobPlan): string {
  return p.folder.slice(0, 45).replace(/-+$/, '');
}

/** The operator's ways to stop and restore the job on an upgrade (docs/deploy.md, "Upgrades on Kubernetes"). */
export type UpgradeMode = 'stateless' | 'last-state' | 'savepoint';

/**
 * Without checkpoints there is nothing to restore. An application cluster is the job's own: last-state (cancel, then
 * the latest retained checkpoint; HA not needed from operator 1.10 on) restores even a failing job. A session job
 * runs on a cluster others may configure: a savepoint into its own folder, whatever the cluster retains.
 */
export function upgradeMode(p: JobPlan, session: boolean): UpgradeMode {
  if (p.mapping.guarantee.after === 'none') return 'stateless';
  return session ? 'savepoint' : 'last-state';
}

/** The savepoint directory under both of its names: what a session job's savepoint upgrade writes to. */
const SAVEPOINT_DIR_KEYS = new Set(['execution.checkpointing.savepoint-dir', 'state.savepoints.dir']);

function jobSpec(p: JobPlan, mainFqcn: string, jarURI: string, session: boolean): Record<string, unknown> {
  return {
    jarURI,
    entryClass: mainFqcn,
    args: [],
    parallelism: p.mapping.resources.maxParallelism,
    upgradeMode: upgradeMode(p, session),
  };
}

/**
 * The operator's FlinkDeployment: application mode runs the job (`spec.job`); a session deployment is the cluster
 * alone, its jobs come as FlinkSessionJobs (the Kubernetes session and application modes StreamPark offers).
 */
function flinkDeployment(p: JobPlan, mainFqcn: string, session: boolean): unknown {
  const r = p.mapping.resources;
  // The operator sets taskmanager.memory.process.size from the pod's memory, Flink's own derivation from the task heap
  // (MIGRATION.md) rounded up to whole MB; from it Flink derives the heap back (within that MB). Both set, Flink
  // would refuse the rounding once the JVM overhead is at its 1 GB cap. The JobManager's size is the pod's.
  // A session cluster takes the cluster settings; the job's own go with the FlinkSessionJob.
  const conf = settingsObject(
    p.mapping.settings.filter(
      (s) =>
        !s.key.startsWith('yarn.') &&
        s.key !== 'taskmanager.memory.task.heap.size' &&
        s.key !== 'jobmanager.memory.process.size' &&
        (!session || s.scope === 'cluster'),
    ),
  );
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: deploymentName(p), labels: { 'app.kubernetes.io/managed-by': 'storm2flink' } },
    spec: {
      image: p.flink.image,
      flinkVersion: p.flink.operatorFlinkVersion,
      serviceAccount: 'flink',
      flinkConfiguration: conf,
      jobManager: { resource: { memory: `${r.jobManagerMb}m`, cpu: 1 } },
      taskManager: { resource: { memory: `${r.taskManager.processMb}m`, cpu: r.cpuPerTaskManager } },
      ...(session ? {} : { job: jobSpec(p, mainFqcn, `local:///opt/flink/usrlib/${p.folder}-1.0.0.jar`, false) }),
    },
  };
}

/** The job on a session FlinkDeployment: the operator fetches the jar (http(s) or a Flink file system, not local://) and submits it. */
function flinkSessionJob(p: JobPlan, mainFqcn: string): unknown {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: { name: deploymentName(p), labels: { 'app.kubernetes.io/managed-by': 'storm2flink' } },
    spec: {
      deploymentName: deploymentName(p),
      // The job's settings, and its own savepoint folder: the cluster may hold other jobs (or be configured by others).
      flinkConfiguration: settingsObject(p.mapping.settings.filter((s) => s.scope === 'job' || SAVEPOINT_DIR_KEYS.has(s.key))),
      job: jobSpec(p, mainFqcn, `https://artifacts.example.com/storm2flink/${p.folder}-1.0.0.jar`, true),
    },
  };
}

export interface EmitInputs {
  plan: JobPlan;
  /** The user's sources, already rewritten. */
  java: UserFile[];
  resources: UserFile[];
  flux?: UserFile;
  userPom?: string;
  compat: CompatArtifact;
  /** Storm 0.x/1.x code: built against its storm-core, then the bridge's pass (absent: built against Storm 2). */
  storm1?: Storm1Build;
}

export function emitProject(inp: EmitInputs): EmittedFile[] {
  const p = inp.plan;
  const mainFqcn = `${p.names.javaPackage}.${p.names.mainClass}`;
  const pkgDir = `src/main/java/${p.names.javaPackage.replace(/\./g, '/')}`;
  const g = p.mapping.guarantee;
  const entry = p.entry;
  // A Jackson module the user pins (databind, core) sets the version of all of them.
  const jackson = p.userDependencies.find(
    (d) =>
      d.groupId === 'com.fasterxml.jackson.core' &&
      (d.artifactId === 'jackson-databind' || d.artifactId === 'jackson-core') &&
      d.version !== null &&
      /^\d+\.\d+\.\d+(?:[.-][A-Za-z0-9]+)*$/.test(d.version) &&
      d.scope !== 'provided',
  );
  const view = {
    ...p,
    mainFqcn,
    javaRelease: JAVA_RELEASE,
    isMain: entry.kind === 'main',
    isBuilder: entry.kind === 'builder',
    isFlux: entry.kind === 'flux',
    isMissing: entry.kind === 'missing',
    entry: { ...entry, returnsBuilder: entry.kind === 'builder' && entry.returns === 'builder', reflective: entry.kind === 'builder' && entry.reflective },
    entryWhy: entry.why,
    settings: p.mapping.settings,
    stormKeys: p.mapping.stormKeys,
    resources: p.mapping.resources,
    resourcesView: resourcesView(p),
    guarantee: g,
    checkpoints:
      g.checkpointIntervalMs !== null ? { interval: `${g.checkpointIntervalMs / 1000} s`, timeout: `${(g.checkpointTimeoutMs ?? 0) / 1000} s` } : null,
    exactlyOnce: g.after === 'exactly-once',
    // Storm tracked tuples and the job checkpoints: the compat runtime's acker runs, and storm2flink.ack-mode can change it.
    acking: g.before === 'at-least-once' && g.checkpointIntervalMs !== null,
    flinkConfYaml: p.flink.line === '1.20',
    kubernetes: p.target === 'kubernetes',
    kubernetesSession: p.target === 'kubernetes-session',
    upgradeMode: upgradeMode(p, p.target === 'kubernetes-session'),
    // The first operator whose CRD lists the job's Flink version (v1_20: 1.10; v2_2: 1.13).
    operatorSince: p.flink.line === '1.20' ? '1.10' : '1.13',
    operatorNames: p.mapping.settings.some((s) => s.key === 'state.checkpoints.dir'),
    session: p.target === 'yarn-session',
    standalone: p.target === 'standalone',
    runApplication: p.flink.line === '1.20',
    namespaceNote: p.namespace === 'backtype.storm' && !inp.storm1?.relocates,
    compat: { ...inp.compat, local: inp.compat.jarPath !== undefined },
    hasRepositories: inp.compat.jarPath !== undefined || inp.storm1?.bridge.jarPath !== undefined || p.repositories.carried.length > 0,
    localRepository: inp.compat.jarPath !== undefined || inp.storm1?.bridge.jarPath !== undefined,
    // storm-core stands in for storm-server's LocalCluster when the sources compile against it.
    localClusterDependency: p.localClusterDependency && !inp.storm1,
    storm1: inp.storm1
      ? {
          ...inp.storm1,
          asmVersion: ASM_VERSION,
          execPluginVersion: EXEC_PLUGIN_VERSION,
          jarPluginVersion: JAR_PLUGIN_VERSION,
          dependencyPluginVersion: DEPENDENCY_PLUGIN_VERSION,
        }
      : null,
    // storm-kafka 1.x in the job: for a ZooKeeper KafkaSpout, sources on the storm-kafka 1.x the pom declares, and
    // Storm 0.x code on storm.kafka (relocated onto it).
    legacyKafka: p.kafka.legacy || inp.storm1?.stormKafka !== undefined,
    // Storm 0.x sources stay on backtype.storm until the build relocates them: the job meets their topology through Object.
    relocates0: inp.storm1?.relocates ?? false,
    substitutedDependencies: p.dependencyNotes.filter((n) => n.kind === 'substituted'),
    leftOutDependencies: p.dependencyNotes.filter((n) => n.kind === 'left-out'),
    addedDependencies: p.dependencyNotes.filter((n) => n.kind === 'added'),
    layoutNote: [layoutNote(p), storm1Note(inp.storm1)].filter((x) => x !== '').join(' '),
    userPom: inp.userPom ?? '',
    userDependencies: p.userDependencies.filter((d) => d.version !== null),
    jacksonBom: jackson?.version ?? null,
    jacksonBomFrom: jackson ? jackson.artifactId : '',
    followUps: [
      ...p.followUps,
      ...p.diagnostics.filter((d) => d.severity !== 'info'),
      ...p.userDependencies
        .filter((d) => d.version === null)
        .map((d) =>
          diagnostic(
            'dependency-version-unknown',
            { file: inp.userPom ?? '' },
            `dependency ${d.groupId}:${d.artifactId} has no version in the pom (managed by a parent?); add it to pom.xml`,
          ),
        ),
    ].map((d) => ({ ...d, blocker: d.blocker ?? false, help: d.help ?? '', where: d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file })),
  };

  const files: EmittedFile[] = [
    { path: 'pom.xml', content: template('job/pom.xml.hbs')(view) },
    { path: `${pkgDir}/${p.names.mainClass}.java`, content: template('job/Main.java.hbs')(view) },
    { path: 'MIGRATION.md', content: template('MIGRATION.md.hbs')(view) },
    {
      path: 'deploy/config.yaml',
      content: `# Flink configuration for ${p.folder}. Generated by storm2flink; see MIGRATION.md.\n` + yaml(settingsObject(p.mapping.settings)),
    },
  ];
  if (!inp.storm1?.relocates && (entry.kind === 'main' || p.sourceEdits.some((e) => e.kind === 'submit-redirect')))
    files.push({ path: `${pkgDir}/StormSubmission.java`, content: template('job/StormSubmission.java.hbs')(view) });
  if (p.flink.line === '1.20') files.push({ path: 'deploy/flink-conf.yaml', content: legacyFlinkConf(p.mapping.settings) });
  if (p.target === 'kubernetes') files.push({ path: 'deploy/flink-deployment.yaml', content: yaml(flinkDeployment(p, mainFqcn, false)) });
  else if (p.target === 'kubernetes-session') {
    files.push({ path: 'deploy/flink-deployment.yaml', content: yaml(flinkDeployment(p, mainFqcn, true)) });
    files.push({ path: 'deploy/flink-session-job.yaml', content: yaml(flinkSessionJob(p, mainFqcn)) });
  } else {
    const submit = p.target === 'standalone' ? 'deploy/submit-standalone.sh.hbs' : 'deploy/submit.sh.hbs';
    files.push({ path: 'deploy/submit.sh', content: template(submit)(view), mode: 0o755 });
    // The Kubernetes operator takes savepoints itself (upgradeMode); a client-side cluster needs `flink stop`.
    if (view.checkpoints) files.push({ path: 'deploy/stop.sh', content: template('deploy/stop.sh.hbs')(view), mode: 0o755 });
  }

  // Maven's offline mode (-o) refuses every repository, lib/repo's file:// one too, until its jars are in ~/.m2: the
  // resolver's own switch lets file repositories serve offline builds (air-gapped CI).
  files.push({ path: '.mvn/maven.config', content: '-Daether.offline.protocols=file\n' });
  for (const c of [inp.compat, ...(inp.storm1 ? [inp.storm1.bridge] : [])]) {
    if (!c.jarPath) continue;
    const dir = `lib/repo/${c.groupId.replace(/\./g, '/')}/${c.artifactId}/${c.version}`;
    files.push({ path: `${dir}/${c.artifactId}-${c.version}.jar`, copyFrom: c.jarPath });
    files.push({ path: `${dir}/${c.artifactId}-${c.version}.pom`, content: c.pomText ?? minimalPom(c) });
  }
  for (const f of [...inp.java, ...inp.resources]) files.push({ path: f.path, content: f.content });
  if (inp.flux) files.push({ path: inp.flux.path, content: inp.flux.content });

  // Later entries never override generated ones; sorted for byte-identical output.
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** How the sources were laid out and read, for MIGRATION.md (empty when there is nothing to say). */
function layoutNote(p: JobPlan): string {
  const l = p.layout;
  if (l.total === 0) return '';
  const parts = [
    `${l.copied} of the ${l.total} Java files of ${l.sourceRoots.map(mdCode).join(', ')} are copied to \`src/main/java\`: the topology's entry and component classes and the classes of that tree they name, transitively (imports, same-package names, qualified names)`,
  ];
  if (l.siblings?.length)
    parts.push(
      `the project depends on ${l.siblings.map(mdCode).join(', ')} of its Maven reactor, which no repository holds: their sources are among those folders and their dependencies are carried instead of them`,
    );
  for (const k of l.keptSiblings ?? [])
    parts.push(
      `${mdCode(k.artifact)} (${mdCode(k.folder)}), a module of the same Maven reactor, stays a dependency: its sources are not all Java, so they cannot travel with these; install it first (\`mvn install\` there, or \`mvn -pl <that module> -am install\` from the reactor's root)`,
    );
  if (l.resourceRoots.length > 0) parts.push(`the resource folders ${l.resourceRoots.map(mdCode).join(', ')} are copied whole to \`src/main/resources\``);
  if (l.pom)
    parts.push(
      l.pomFrom === 'effective-model'
        ? `${mdCode(l.pom)} was read through Maven's effective model (parents, properties and profiles applied)`
        : l.pomFrom === 'gradle-text'
          ? `${mdCode(l.pom)} was read as written, not through Gradle: its dependency declarations (string and map notation, literal variables and gradle.properties) are the pom's; plugins, version catalogs, platforms and project dependencies are not read (the translate warning says which)`
          : `${mdCode(l.pom)} was read as written, not through Maven's effective model (inherited versions and parent properties are not resolved)`,
    );
  return parts.join('; ') + '.';
}

/** How a project of Storm 0.x/1.x code builds, for MIGRATION.md (empty for Storm 2 code). */
function storm1Note(b: Storm1Build | undefined): string {
  if (!b) return '';
  const what = b.relocates
    ? 'the copied sources stay on `backtype.storm` and compile against `storm-core` ' +
      b.stormCore +
      "; `mvn package` then relocates their classes to `org.apache.storm` (Storm 1.0's rename)"
    : 'the copied sources compile against `storm-core` ' + b.stormCore + ' as written; `mvn package` then moves their classes';
  const kafka = b.stormKafka
    ? ` They use the old storm-kafka (\`storm.kafka\`): they compile against storm-kafka ${mdText(b.stormKafka)}, whose classes the build relocates with theirs to \`org.apache.storm.kafka\` and leaves out of the jar: storm-kafka ${STORM_KAFKA_LEGACY_VERSION} has those names and runs them (its spout becomes a Flink KafkaSource).`
    : '';
  const vendor = b.declared
    ? ` The pom names \`storm-core\` ${mdText(b.declared)}, a distribution's build that Maven Central does not serve; the Apache release it is built on, ${mdText(b.stormCore)}, stands in at compile time.`
    : '';
  return `Storm ${mdText(b.stormCore)} code builds as \`storm2flink verify\` builds it: ${what} onto Storm 2's API with verify's own pass (\`Relocate\`, from \`${b.bridge.artifactId}\`, run by exec-maven-plugin before the jar; call sites of Storm 1.x API that Storm 2 changed, such as \`Config.setTopologyStrategy(Class)\`, \`Utils.getInt\` and \`NimbusClient.getClient()\`, are bridged), and the Storm 1.x classes Storm 2 dropped (\`HttpForwardingMetricsServer\`/\`Consumer\`) come from that jar. \`storm-core\` is \`provided\`, without its dependency tree: the job runs on the compat runtime's \`storm-client\`.${kafka}${vendor}`;
}

function minimalPom(c: CompatArtifact): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>${xmlText(c.groupId)}</groupId>\n  <artifactId>${xmlText(c.artifactId)}</artifactId>\n  <version>${xmlText(c.version)}</version>\n</project>\n`;
}
