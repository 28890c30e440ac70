// Merged Flux definitions → the topology model (what FluxBuilder would build, read statically).
import type { Component, Diagnostic, Edge, Feature, KafkaSinkInfo, KafkaSpoutInfo, OutputStream, Topology, WindowInfo } from '../../model/topology.js';
import { diagnostic } from '../../model/diagnostics.js';
import {
  DURATION_FACTORY_MS,
  FLUX_SHELL_CLASSES,
  GROUPING_BY_FLUX_TYPE,
  KAFKA_BOLTS,
  KAFKA_CLIENT_SPOUT,
  TIME_UNIT_MS,
  ZK_KAFKA_SPOUTS,
} from '../storm-vocabulary.js';
import type { ClassResolver, ComponentClassInfo } from '../types.js';
import type { Arg, BeanDefP, ObjectDefP, StreamDefP, TopologySourceDefP, VertexDefP } from './defs.js';
import { isNull, scalarString } from './defs.js';
import { plain, type Loc, type PNode } from './tree.js';

/** Definitions after includes were merged (FluxParser.processIncludes). */
export interface MergedDef {
  rootFile: string;
  rootLoc: Loc;
  name: { v: string; loc: Loc } | null;
  config: Map<string, { value: unknown; loc: Loc }>;
  components: Map<string, BeanDefP>;
  spouts: Map<string, VertexDefP>;
  bolts: Map<string, VertexDefP>;
  streams: StreamDefP[];
  topologySource: TopologySourceDefP | null;
  files: Set<string>;
}

export function buildTopology(def: MergedDef, classes: ClassResolver, diags: Diagnostic[]): Topology {
  const files = new Set(def.files);
  const components: Component[] = [];
  const allClassNames: string[] = [];

  if (def.topologySource) {
    const ts = def.topologySource;
    diags.push(
      diagnostic('topology-source', ts.loc, `The topology is built by ${ts.className ?? '(no className)'}.${ts.methodName}(); its graph is not in this file.`),
    );
    if (ts.className === null) diags.push(diagnostic('flux-missing-class', ts.loc, 'topologySource has no className.'));
    else {
      allClassNames.push(ts.className);
      const info = resolve(classes, ts.className);
      if (info) files.add(info.source.file);
    }
    if (def.spouts.size + def.bolts.size + def.streams.length > 0) {
      diags.push(diagnostic('flux-invalid', ts.loc, 'Flux rejects a file that has both topologySource and spouts, bolts or streams.'));
    }
  }

  checkRefs(def, diags);

  // FluxBuilder only adds a bolt when a stream ends at it.
  const targets = new Set(def.streams.map((s) => s.to?.v).filter((x): x is string => !!x));
  const edges: Edge[] = [];
  const customTargets = new Set<string>();
  for (const s of def.streams) {
    const e = buildEdge(s, def, diags);
    if (e) {
      edges.push(e);
      if (e.grouping === 'custom') customTargets.add(e.to);
    }
  }

  const vertices: VertexDefP[] = [...def.spouts.values()];
  for (const b of def.bolts.values()) {
    if (def.spouts.has(b.id)) {
      diags.push(diagnostic('flux-duplicate-id', b.idLoc, `'${b.id}' is declared as a spout and as a bolt; Storm rejects the topology.`));
      continue;
    }
    if (!targets.has(b.id)) {
      diags.push(diagnostic('flux-unconnected-bolt', b.loc, `No stream ends at bolt '${b.id}'; Flux leaves it out of the topology.`));
      continue;
    }
    vertices.push(b);
  }
  for (const v of vertices) {
    const type = def.spouts.get(v.id) === v ? 'spout' : 'bolt';
    const c = buildComponent(v, type, def, classes, files, diags);
    if (customTargets.has(c.id)) addFeature(c, 'custom-grouping');
    components.push(c);
    if (v.className) allClassNames.push(v.className);
  }
  for (const b of def.components.values()) if (b.className) allClassNames.push(b.className);

  const config: Record<string, unknown> = {};
  for (const [k, v] of def.config) config[k] = v.value;

  return {
    id: '',
    name: def.name?.v ?? null,
    kind: 'flux',
    namespace: allClassNames.some((c) => c.startsWith('backtype.storm') || c.startsWith('storm.kafka')) ? 'backtype.storm' : 'org.apache.storm',
    source: def.name && def.name.loc.file === def.rootFile ? { ...def.name.loc } : { ...def.rootLoc },
    entry: def.topologySource ? { className: def.topologySource.className, method: def.topologySource.methodName } : { className: null, method: null },
    files: [...files].sort(),
    components,
    edges,
    config,
    blocked: false,
    diagnostics: [],
  };
}

function resolve(classes: ClassResolver, className: string): ComponentClassInfo | undefined {
  try {
    return classes.resolve(className);
  } catch {
    return undefined; // a resolver bug must not stop the Flux analysis
  }
}

function buildEdge(s: StreamDefP, def: MergedDef, diags: Diagnostic[]): Edge | null {
  let ok = true;
  if (s.from && !def.spouts.has(s.from.v) && !def.bolts.has(s.from.v)) {
    diags.push(diagnostic('flux-unknown-component', s.from.loc, `The stream comes from '${s.from.v}', which is not a declared spout or bolt.`));
    ok = false;
  }
  if (s.to && !def.bolts.has(s.to.v)) {
    const msg = def.spouts.has(s.to.v)
      ? `The stream ends at '${s.to.v}', which is a spout; streams must end at a bolt.`
      : `The stream goes to '${s.to.v}', which is not a declared bolt.`;
    diags.push(diagnostic('flux-unknown-component', s.to.loc, msg));
    ok = false;
  }
  const g = s.grouping;
  if (!s.from || !s.to || !g || !g.type || !ok) return null;
  const raw = g.type.v;
  const grouping = GROUPING_BY_FLUX_TYPE[raw.toUpperCase()];
  if (!grouping) {
    diags.push(diagnostic('flux-bad-grouping', g.type.loc, `Unknown grouping type '${raw}'.`));
    return null;
  }
  if (raw !== raw.toUpperCase()) {
    diags.push(
      diagnostic('flux-bad-grouping', g.type.loc, `Grouping type '${raw}' must be upper case ('${raw.toUpperCase()}'); Flux reads it as a Java enum.`),
    );
  }
  if (grouping === 'partial-key') {
    diags.push(
      diagnostic(
        'flux-bad-grouping',
        g.type.loc,
        "PARTIAL_KEY is not a Flux grouping type; Flux's GroupingDef rejects it. It was read as partial-key grouping.",
        {
          severity: 'warning',
        },
      ),
    );
  }
  const edge: Edge = { from: s.from.v, stream: g.streamId ?? 'default', to: s.to.v, grouping, source: { ...s.loc } };
  if (grouping === 'fields' || grouping === 'partial-key') {
    if (!g.args || g.args.length === 0) {
      diags.push(diagnostic('flux-bad-grouping', g.loc, `${raw.toUpperCase()} grouping needs 'args' with the field names.`));
    }
    edge.fields = g.args ?? [];
  }
  if (grouping === 'custom') {
    if (!g.customClass) {
      diags.push(diagnostic('flux-bad-grouping', g.loc, "CUSTOM grouping needs a 'customClass'."));
    } else if (g.customClass.className === null) {
      diags.push(diagnostic('flux-missing-class', g.customClass.loc, 'The customClass of the grouping has no className.'));
    } else {
      edge.customClass = g.customClass.className;
    }
  }
  return edge;
}

function checkRefs(def: MergedDef, diags: Diagnostic[]): void {
  const check = (id: string, loc: Loc): void => {
    if (!def.components.has(id)) diags.push(diagnostic('flux-unknown-ref', loc, `'${id}' is not declared in components.`));
  };
  const checkArgs = (args: Arg[]): void => {
    for (const a of args) {
      if (a.kind === 'ref') check(a.id, a.loc);
      else if (a.kind === 'reflist') for (const r of a.ids) check(r.id, r.loc);
    }
  };
  const checkObject = (o: ObjectDefP): void => {
    checkArgs(o.constructorArgs);
    checkArgs(o.factoryArgs);
    for (const m of o.configMethods) checkArgs(m.args);
    for (const p of o.properties) if (p.ref) check(p.ref.id, p.ref.loc);
  };
  for (const b of def.components.values()) checkObject(b);
  for (const v of def.spouts.values()) checkObject(v);
  for (const v of def.bolts.values()) checkObject(v);
  for (const s of def.streams) if (s.grouping?.customClass) checkObject(s.grouping.customClass);
  if (def.topologySource) checkObject(def.topologySource);
}

function addFeature(c: Component, f: Feature): void {
  if (!c.features.includes(f)) c.features.push(f);
}

function buildComponent(v: VertexDefP, type: 'spout' | 'bolt', def: MergedDef, classes: ClassResolver, files: Set<string>, diags: Diagnostic[]): Component {
  const c: Component = {
    id: v.id,
    type,
    className: v.className,
    parallelism: v.parallelism,
    numTasks: v.numTasks,
    tickFrequencySecs: null,
    features: [],
    outputStreams: [],
    source: { ...v.loc },
  };
  const config: Record<string, unknown> = {};
  const cls = v.className ?? '';

  if (FLUX_SHELL_CLASSES.has(cls)) shell(v, c, config, diags);
  if (type === 'spout' && cls === KAFKA_CLIENT_SPOUT) {
    c.kafka = kafkaClientSpout(v, def);
    addFeature(c, 'kafka-spout');
  } else if (type === 'spout' && ZK_KAFKA_SPOUTS.has(cls)) {
    c.kafka = oldKafkaSpout(v, def);
    addFeature(c, 'kafka-spout');
  }
  if (type === 'bolt' && KAFKA_BOLTS.has(cls)) {
    c.kafkaSink = kafkaBolt(v, def);
    addFeature(c, 'kafka-bolt');
  }
  const window = windowOf(v, def);
  if (window) {
    c.window = window;
    addFeature(c, 'windowed');
  }

  const info = v.className ? resolve(classes, v.className) : undefined;
  if (info) {
    if (c.outputStreams.length === 0) c.outputStreams = info.outputStreams.map((s) => ({ ...s, fields: [...s.fields] }));
    for (const f of info.features) addFeature(c, f);
    c.superclasses = [...info.superclasses];
    c.classSource = { ...info.source };
    files.add(info.source.file);
    if (!c.multilang && info.multilang) c.multilang = { ...info.multilang };
    if (!c.window && info.window) c.window = { ...info.window };
    // getComponentConfiguration first; the declarer's addConfigurations (YAML config) overrides it.
    for (const [k, val] of Object.entries(info.componentConfig)) if (!(k in config)) config[k] = val;
  }
  if (v.config.length > 0) {
    for (const p of v.config) config[p.k] = plain(p.v);
    addFeature(c, 'component-config');
  }
  if (Object.keys(config).length > 0) c.config = config;
  if (v.onHeapMemoryLoad !== null || v.offHeapMemoryLoad !== null || v.cpuLoad !== null) {
    c.resources = {};
    if (v.onHeapMemoryLoad !== null) c.resources.memoryOnHeapMb = v.onHeapMemoryLoad;
    if (v.offHeapMemoryLoad !== null) c.resources.memoryOffHeapMb = v.offHeapMemoryLoad;
    if (v.cpuLoad !== null) c.resources.cpu = v.cpuLoad;
  }
  if (c.outputStreams.some((s) => s.id !== 'default')) addFeature(c, 'multiple-streams');
  if (c.outputStreams.some((s) => s.direct)) addFeature(c, 'direct-stream');
  return c;
}

// FluxShellBolt/FluxShellSpout(String[] command[, String[] outputFields]) + setDefaultStream/setNamedStream/addComponentConfig.
function shell(v: VertexDefP, c: Component, config: Record<string, unknown>, diags: Diagnostic[]): void {
  const streams = new Map<string, string[]>();
  const command = stringList(v.constructorArgs[0]);
  const fields = stringList(v.constructorArgs[1]);
  if (fields) streams.set('default', fields);
  for (const m of v.configMethods) {
    if (m.name === 'setDefaultStream') {
      const f = stringList(m.args[0]);
      if (f) streams.set('default', f);
    } else if (m.name === 'setNamedStream') {
      const name = argString(m.args[0]);
      const f = stringList(m.args[1]);
      if (name !== null && f) streams.set(name, f);
    } else if (m.name === 'addComponentConfig') {
      const key = argString(m.args[0]);
      if (key !== null && m.args[1]?.kind === 'value') config[key] = plain(m.args[1].node);
    }
  }
  c.multilang = { command: command ?? [] };
  if (streams.has('default')) c.multilang.emittedFields = [...streams.get('default')!];
  const ordered = [...streams.entries()].sort(([a], [b]) => (a === 'default' ? -1 : b === 'default' ? 1 : 0));
  c.outputStreams = ordered.map(([id, f]): OutputStream => ({ id, fields: f, direct: false }));
  addFeature(c, 'multilang');
  diags.push(diagnostic('multilang', v.loc, `'${v.id}' runs '${(command ?? []).join(' ')}' as a multilang ${c.type}.`));
}

function stringList(a: Arg | undefined): string[] | null {
  if (!a || a.kind !== 'value') return null;
  if (a.node.t === 'seq') return a.node.items.map((i) => String(plain(i)));
  const s = scalarString(a.node);
  return s === null ? null : [s];
}

function argString(a: Arg | undefined): string | null {
  return a && a.kind === 'value' ? scalarString(a.node) : null;
}

function argNumber(a: Arg | undefined): number | null {
  if (!a || a.kind !== 'value' || a.node.t !== 'scalar') return null;
  const v = a.node.v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return null;
}

function refTarget(a: Arg | undefined, def: MergedDef): BeanDefP | undefined {
  return a && a.kind === 'ref' ? def.components.get(a.id) : undefined;
}

function simpleName(className: string | null): string {
  if (!className) return '';
  return className.slice(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
}

/** Beans reachable through refs from an object (breadth first, each once). */
function reachable(o: ObjectDefP, def: MergedDef): BeanDefP[] {
  const out: BeanDefP[] = [];
  const seen = new Set<string>();
  const queue: ObjectDefP[] = [o];
  while (queue.length > 0 && out.length < 100) {
    const cur = queue.shift()!;
    const ids: string[] = [];
    const collect = (args: Arg[]): void => {
      for (const a of args) {
        if (a.kind === 'ref') ids.push(a.id);
        else if (a.kind === 'reflist') ids.push(...a.ids.map((r) => r.id));
      }
    };
    collect(cur.constructorArgs);
    collect(cur.factoryArgs);
    for (const m of cur.configMethods) collect(m.args);
    for (const p of cur.properties) if (p.ref) ids.push(p.ref.id);
    for (const id of ids) {
      const b = def.components.get(id);
      if (b && !seen.has(id)) {
        seen.add(id);
        out.push(b);
        queue.push(b);
      }
    }
  }
  return out;
}

function kafkaClientSpout(v: VertexDefP, def: MergedDef): KafkaSpoutInfo {
  const k: KafkaSpoutInfo = { kind: 'storm-kafka-client', topics: [] };
  const setProp = (key: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    const s = String(value);
    if (key === 'group.id') k.groupId = s;
    else if (key === 'bootstrap.servers') k.bootstrapServers ??= s;
  };
  const builderArgs = (args: Arg[]): void => {
    const servers = argString(args[0]);
    if (servers !== null) k.bootstrapServers = servers;
    const rest = args.slice(1);
    for (const a of rest) {
      const target = refTarget(a, def);
      if (target && simpleName(target.className) === 'Pattern') {
        const regex = argString(target.factoryArgs[0] ?? target.constructorArgs[0]);
        if (regex !== null) k.topicPattern = regex;
        continue;
      }
      const l = stringList(a);
      if (l) k.topics.push(...l);
    }
  };
  for (const b of reachable(v, def)) {
    const name = simpleName(b.className);
    const isBuilder = name === 'Builder' && (b.className ?? '').includes('KafkaSpoutConfig');
    const isConfig = name === 'KafkaSpoutConfig';
    if (!isBuilder && !isConfig) continue;
    if (isBuilder) builderArgs(b.constructorArgs);
    if (b.factory === 'builder') builderArgs(b.factoryArgs);
    for (const p of b.properties) {
      const val = p.value ? plain(p.value) : undefined;
      if (p.name === 'firstPollOffsetStrategy' && val != null) k.firstPollOffsetStrategy = String(val);
      else if (p.name === 'processingGuarantee' && val != null) k.processingGuarantee = String(val);
      else if (p.name === 'groupId' && val != null) k.groupId = String(val);
      else if (p.name === 'recordTranslator' && p.ref) k.scheme = def.components.get(p.ref.id)?.className ?? undefined;
    }
    for (const m of b.configMethods) {
      const first = m.args[0];
      switch (m.name) {
        case 'setProp':
          if (first?.kind === 'value' && first.node.t === 'map') {
            for (const p of first.node.pairs) setProp(p.k, plain(p.v));
          } else {
            const key = argString(first);
            if (key !== null && m.args[1]?.kind === 'value') setProp(key, plain(m.args[1].node));
          }
          break;
        case 'setGroupId':
          if (argString(first) !== null) k.groupId = argString(first)!;
          break;
        case 'setFirstPollOffsetStrategy':
          if (argString(first) !== null) k.firstPollOffsetStrategy = argString(first)!;
          break;
        case 'setProcessingGuarantee':
          if (argString(first) !== null) k.processingGuarantee = argString(first)!;
          break;
        case 'setRecordTranslator': {
          const t = refTarget(first, def);
          if (t?.className) k.scheme = t.className;
          break;
        }
      }
    }
  }
  if (k.scheme === undefined) delete k.scheme;
  return k;
}

// storm-kafka: KafkaSpout(SpoutConfig(BrokerHosts ZkHosts(zk), topic, zkRoot, id)); the consumer group is the id.
function oldKafkaSpout(v: VertexDefP, def: MergedDef): KafkaSpoutInfo {
  const k: KafkaSpoutInfo = { kind: 'storm-kafka', topics: [] };
  for (const b of reachable(v, def)) {
    const name = simpleName(b.className);
    if (name === 'SpoutConfig' || name === 'KafkaConfig') {
      const [hosts, topic, zkRoot, id] = b.constructorArgs;
      const h = refTarget(hosts, def);
      if (h && simpleName(h.className) === 'ZkHosts') {
        const zk = argString(h.constructorArgs[0]);
        if (zk !== null) k.zkHosts = zk;
      }
      const t = argString(topic);
      if (t !== null) k.topics.push(t);
      const root = argString(zkRoot);
      if (root !== null) k.zkRoot = root;
      const gid = argString(id);
      if (gid !== null) k.groupId = gid;
      for (const p of b.properties) {
        if (p.name !== 'scheme' || !p.ref) continue;
        const s = def.components.get(p.ref.id);
        // SchemeAsMultiScheme(StringScheme) → the scheme inside.
        const inner = s && simpleName(s.className) === 'SchemeAsMultiScheme' ? refTarget(s.constructorArgs[0], def) : undefined;
        const cls = inner?.className ?? s?.className;
        if (cls) k.scheme = cls;
      }
    }
  }
  return k;
}

function kafkaBolt(v: VertexDefP, def: MergedDef): KafkaSinkInfo {
  const sink: KafkaSinkInfo = { topic: null };
  const selector = (a: Arg | undefined): void => {
    const direct = argString(a);
    if (direct !== null) {
      sink.topic = direct;
      return;
    }
    const t = refTarget(a, def);
    if (t && simpleName(t.className) === 'DefaultTopicSelector') {
      const topic = argString(t.constructorArgs[0]);
      if (topic !== null) sink.topic = topic;
    }
  };
  const producerProps = (a: Arg | undefined): void => {
    if (a?.kind === 'value' && a.node.t === 'map') {
      for (const p of a.node.pairs) if (p.k === 'bootstrap.servers') sink.bootstrapServers = String(plain(p.v));
      return;
    }
    const t = refTarget(a, def);
    if (!t) return;
    for (const m of t.configMethods) {
      if ((m.name === 'put' || m.name === 'setProperty') && argString(m.args[0]) === 'bootstrap.servers') {
        const s = argString(m.args[1]);
        if (s !== null) sink.bootstrapServers = s;
      }
    }
  };
  for (const m of v.configMethods) {
    if (m.name === 'withTopicSelector') selector(m.args[0]);
    else if (m.name === 'withProducerProperties') producerProps(m.args[0]);
  }
  for (const p of v.properties) {
    if (p.name === 'topicSelector') selector(p.ref ? { kind: 'ref', id: p.ref.id, loc: p.ref.loc } : undefined);
  }
  return sink;
}

type Span = { count?: number; durationMs?: number };

/** A BaseWindowedBolt.Count or .Duration component, or null when it cannot be read. */
function span(a: Arg | undefined, def: MergedDef): Span | null {
  const b = refTarget(a, def);
  if (!b) return null;
  const name = simpleName(b.className);
  if (name === 'Count') {
    const n = b.factory === 'of' ? argNumber(b.factoryArgs[0]) : argNumber(b.constructorArgs[0]);
    return n === null ? null : { count: n };
  }
  if (name === 'Duration') {
    if (b.factory && DURATION_FACTORY_MS[b.factory] !== undefined) {
      const n = argNumber(b.factoryArgs[0]);
      return n === null ? null : { durationMs: Math.round(n * DURATION_FACTORY_MS[b.factory]!) };
    }
    const n = argNumber(b.constructorArgs[0]);
    const unit = argString(b.constructorArgs[1]);
    const ms = unit ? TIME_UNIT_MS[unit.toUpperCase()] : undefined;
    return n === null || ms === undefined ? null : { durationMs: Math.round(n * ms) };
  }
  return null;
}

function windowOf(v: VertexDefP, def: MergedDef): WindowInfo | undefined {
  let w: WindowInfo | undefined;
  for (const m of v.configMethods) {
    if (m.name === 'withWindow') {
      const length = span(m.args[0], def);
      const slide = m.args.length > 1 ? span(m.args[1], def) : { count: 1 }; // withWindow(length) slides by one tuple
      w = { ...(w ?? {}), kind: 'sliding', length, slide };
    } else if (m.name === 'withTumblingWindow') {
      const length = span(m.args[0], def);
      w = { ...(w ?? {}), kind: 'tumbling', length, slide: length };
    }
  }
  if (!w) return undefined;
  for (const m of v.configMethods) {
    if (m.name === 'withTimestampField') {
      const f = argString(m.args[0]);
      if (f !== null) w.timestampField = f;
    } else if (m.name === 'withLag') {
      const s = span(m.args[0], def);
      if (s?.durationMs !== undefined) w.lagMs = s.durationMs;
    }
  }
  return w;
}
