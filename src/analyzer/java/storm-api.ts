// What Storm's classes do to the topology being built: TopologyBuilder and its declarers, Config and the maps it
// is built from, Kafka spout configs, declareOutputFields, submission. The interpreter calls in through `Library`.
import type { DiagnosticName } from '../../model/diagnostics.js';
import type { Diagnostic, Grouping } from '../../model/topology.js';
import { field, simpleName, typeName, type JNode } from './ast.js';
import { CONFIG_KEYS } from './config-keys.js';
import type { ClassDecl } from './extract.js';
import type { Frame as JavaFrame, Interpreter, Library } from './interpret.js';
import { DURATION_FACTORY_MS, GROUPING_BY_METHOD, GROUPING_BY_THRIFT, lookup, TIME_UNIT_MS } from '../storm-vocabulary.js';
import { EXTERNAL_CONSTANTS, FIRST_POLL, GUARANTEES } from './known.js';
import type { ClassRef } from './program.js';
import { int, str, strings, UNKNOWN, type CompRec, type HeapObj, type KafkaObj, type MapObj, type TopoKind, type TopoRec, type Value } from './values.js';

const CONFIG_SETTERS = lookup<string>({
  setNumWorkers: 'topology.workers',
  setDebug: 'topology.debug',
  setMessageTimeoutSecs: 'topology.message.timeout.secs',
  setMaxSpoutPending: 'topology.max.spout.pending',
  setNumAckers: 'topology.acker.executors',
  setMaxTaskParallelism: 'topology.max.task.parallelism',
  setStatsSampleRate: 'topology.stats.sample.rate',
  setFallBackOnJavaSerialization: 'topology.fall.back.on.java.serialization',
  setTopologyWorkerMaxHeapSize: 'topology.worker.max.heap.size.mb',
  setTopologyStrategy: 'topology.scheduler.strategy',
  setNumEventLoggers: 'topology.eventlogger.executors',
  setSkipMissingKryoRegistrations: 'topology.skip.missing.kryo.registrations',
  setTopologyPriority: 'topology.priority',
  setTopologyVersion: 'topology.version',
  setClasspath: 'topology.classpath',
  setEnvironment: 'topology.environment',
  setKryoFactory: 'topology.kryo.factory',
  setTopologyConstraintsMaxStateSearch: 'topology.ras.constraint.max.state.search',
});
/** Config's registering methods, by the list key each appends to. */
const LIST_SETTERS = lookup<string>({
  registerSerialization: 'topology.kryo.register',
  registerDecorator: 'topology.kryo.decorators',
  registerMetricsConsumer: 'topology.metrics.consumer.register',
});

const MAP_TYPES = new Set(['Config', 'HashMap', 'TreeMap', 'LinkedHashMap', 'Properties', 'ConcurrentHashMap', 'Hashtable', 'Map']);
const SITE_TYPES = lookup<TopoKind>({
  TopologyBuilder: 'storm',
  TridentTopology: 'trident',
  LinearDRPCTopologyBuilder: 'drpc',
  StreamBuilder: 'streams',
  TransactionalTopologyBuilder: 'transactional',
});
const SITE_DIAG: Record<TopoKind, DiagnosticName | null> = {
  storm: null,
  trident: 'trident',
  drpc: 'drpc',
  streams: 'streams-api',
  transactional: 'transactional',
};
const KNOWN_STATIC = new Set(['ConfigurableTopology.start', 'KafkaSpoutConfig.builder', 'Count.of']);
const STORM_LIB = /^(org\.apache\.storm|backtype\.storm|storm\.(kafka|trident))\.(?!starter\.|.*examples?\.)/;
const STORM_NAMESPACE = /^(org\.apache\.storm|backtype\.storm)\./;

/** What a running method's own code created: the topologies and Config objects, first one first. */
export interface StormFrame {
  topologies: TopoRec[];
  configs: MapObj[];
}
type Frame = JavaFrame<StormFrame>;

export class StormApi implements Library<StormFrame> {
  readonly topologies: TopoRec[] = [];
  private readonly sites = new Map<string, TopoRec>();
  /** Diagnostics raised during the current root evaluation that belong to no builder yet. */
  pending: Diagnostic[] = [];
  /** Set while a class's entry methods are re-run: a statement that re-adds the same component is not a duplicate. */
  dedupe = false;
  /** Topologies created during the current root evaluation. */
  private rootRecs: TopoRec[] = [];
  private ip!: Interpreter<StormFrame>;

  /** The interpreter whose calls this library answers (they refer to each other). */
  bind(ip: Interpreter<StormFrame>): void {
    this.ip = ip;
  }

  /** A fresh JVM for the next root. */
  resetRoot(): void {
    this.rootRecs = [];
    this.pending = [];
    this.dedupe = false;
  }

  // ---- Library ------------------------------------------------------------------

  frameState(): StormFrame {
    return { topologies: [], configs: [] };
  }

  isLibrary(fqcn: string): boolean {
    return STORM_LIB.test(fqcn);
  }

  isTracked(simpleType: string): boolean {
    return SITE_TYPES[simpleType] !== undefined;
  }

  anyCall(name: string, vals: Value[], fr: Frame): Value | undefined {
    if (name.startsWith('submitTopology') && vals.length >= 3) {
      this.submit(vals[0]!, vals[1]!, vals[2]!, fr);
      return UNKNOWN;
    }
    return undefined;
  }

  inheritedCall(name: string, vals: Value[], fr: Frame): Value | undefined {
    // ConfigurableTopology's submit(conf, builder) / submit(name, conf, builder) and getConf().
    if (name === 'submit' && vals.length >= 2) {
      const [nameVal, conf, b] = vals.length >= 3 ? vals : [UNKNOWN, vals[0]!, vals[1]!];
      this.submit(nameVal!, conf!, b!, fr);
      return UNKNOWN;
    }
    if (name === 'getConf' && fr.self) return this.ip.instanceFields(fr.self).get('conf') ?? UNKNOWN;
    return undefined;
  }

  inheritedFields(superclass: ClassRef, into: Map<string, Value>): void {
    if (superclass.simple === 'ConfigurableTopology') into.set('conf', { k: 'ref', o: newMap('config') });
  }

  staticMember(ref: ClassRef, name: string): Value | undefined {
    if (ref.simple === 'Config' && /^[A-Z][A-Z0-9_]*$/.test(name)) {
      return { k: 'str', v: CONFIG_KEYS[name] ?? name.toLowerCase().replace(/_/g, '.') };
    }
    const ext = EXTERNAL_CONSTANTS[ref.simple]?.[name];
    if (typeof ext === 'string') return { k: 'str', v: ext };
    if (typeof ext === 'number') return { k: 'num', v: ext };
    return undefined;
  }

  hasConstant(simple: string, name: string): boolean {
    return EXTERNAL_CONSTANTS[simple]?.[name] !== undefined;
  }

  bareName(name: string): Value | undefined {
    if (FIRST_POLL.has(name) || GUARANTEES.has(name)) return { k: 'enum', owner: '', name };
    return undefined;
  }

  assignField(o: HeapObj, name: string, v: Value): void {
    // storm-kafka's SpoutConfig has public fields.
    if (o.h === 'kafka' && name === 'scheme') {
      const s = schemeName(v);
      if (s) o.info.scheme = s;
    } else if (o.h === 'kafka' && name === 'startOffsetTime') {
      o.info.firstPollOffsetStrategy = describe(v) ?? undefined;
    }
  }

  /** Records the field a builder is stored in, when the code storing it created it. */
  stored(v: Value, fieldName: string, fr: Frame, init: boolean): void {
    const rec = v.k === 'ref' && v.o.h === 'builder' ? v.o.topo : null;
    if (rec && rec.field === null && (init || fr.own.topologies.includes(rec))) rec.field = fieldName;
  }

  returned(vals: Value[]): Value | undefined {
    for (const r of vals) {
      const rec = r.k === 'topology' ? r.rec : r.k === 'ref' && r.o.h === 'builder' ? r.o.topo : null;
      if (rec) rec.returned = true;
    }
    return vals.find((r) => r.k === 'topology');
  }

  /** A builder passed to a method outside the sources may gain components we never see. */
  escaped(vals: Value[], n: JNode, fr: Frame): void {
    for (const v of vals) {
      if (v.k === 'ref' && v.o.h === 'builder' && v.o.topo && v.o.topo.kind === 'storm') {
        v.o.topo.diags.push(
          this.ip.diag(
            'builder-escapes',
            fr.file,
            n,
            `The TopologyBuilder is passed to ${field(n, 'name')?.x ?? 'a method'}(), which is not in the analyzed sources`,
          ),
        );
      }
    }
  }

  /** A diagnostic for the topology being built by this root, or for the batch. */
  report(d: Diagnostic, fr: Frame): void {
    const rec = fr.own.topologies[0] ?? this.rootRecs[this.rootRecs.length - 1];
    const same = (x: Diagnostic) => x.code === d.code && x.line === d.line && x.column === d.column && x.file === d.file && x.message === d.message;
    // Code run twice for one topology (a helper called from two places) says it once.
    if (rec && rec.diags.some(same)) return;
    if (rec) rec.diags.push(d);
    else this.pending.push(d);
  }

  create(tyText: string, ref: ClassRef, vals: Value[], n: JNode, fr: Frame): Value | undefined {
    const simple = simpleName(tyText);
    if (simple === 'GlobalStreamId' && ref.decl && /\.generated\.GlobalStreamId$/.test(ref.fqcn))
      return { k: 'gsid', comp: vals[0] ?? UNKNOWN, stream: vals[1] ?? UNKNOWN };
    // Storm's own classes may be among the analyzed sources; they keep their library meaning.
    if (ref.decl && !STORM_LIB.test(ref.fqcn)) return undefined;
    const kind = SITE_TYPES[simple];
    // A builder of another library by the same name (Kafka Streams' processor.TopologyBuilder) is not Storm's: named
    // so by its import or written qualified. (Without either, as in snippets, the name is taken as Storm's.)
    const named = tyText.includes('.') ? tyText : fr.file.imports.single.get(simple);
    const foreign = named !== undefined && !STORM_NAMESPACE.test(named);
    if (kind && !foreign && (simple !== 'StreamBuilder' || /streams/.test(ref.fqcn) || ref.fqcn === simple)) return this.newSite(kind, n, fr);
    if (MAP_TYPES.has(simple)) {
      const m = newMap(simple === 'Config' ? 'config' : 'map');
      if (vals[0]?.k === 'ref' && vals[0].o.h === 'map') for (const [k, v] of vals[0].o.entries) m.entries.set(k, v);
      if (simple === 'Config') fr.own.configs.push(m);
      return { k: 'ref', o: m };
    }
    if (simple === 'Fields') return { k: 'fields', list: strings(vals) };
    if (simple === 'GlobalStreamId') return { k: 'gsid', comp: vals[0] ?? UNKNOWN, stream: vals[1] ?? UNKNOWN };
    if (simple === 'Values') return { k: 'list', items: vals };
    if (simple === 'ZkHosts') return { k: 'ref', o: { h: 'zkhosts', hosts: str(vals[0]) } };
    if (simple === 'SpoutConfig' && vals.length >= 3) return { k: 'ref', o: zkSpoutConfig(vals) };
    if (simple === 'Builder' && /KafkaSpoutConfig/.test(tyText)) return { k: 'ref', o: kafkaClientConfig(vals) };
    if (simple === 'Count') return int(vals[0]) !== null ? { k: 'window', count: int(vals[0])! } : this.ip.unknownAt(n);
    if (simple === 'Duration') {
      const v = int(vals[0]);
      const u = vals[1]?.k === 'enum' ? TIME_UNIT_MS[vals[1].name] : undefined;
      return v !== null && u !== undefined ? { k: 'window', ms: Math.round(v * u) } : this.ip.unknownAt(n);
    }
    if (simple === 'LocalDRPC')
      this.ip.report('drpc', fr, n, `${simple} serves a DRPC topology in-process; a deployed Flink job takes its requests from Storm's DRPC server`);
    return undefined;
  }

  staticCall(ref: ClassRef, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value | undefined {
    // The Thrift Grouping union (also when its generated class is among the sources).
    if (ref.simple === 'Grouping' && (!ref.decl || /\.generated\.Grouping$/.test(ref.fqcn)) && GROUPING_BY_THRIFT[name]) {
      const kind = GROUPING_BY_THRIFT[name]!;
      return {
        k: 'grouping',
        kind,
        ...(name === 'fields' ? { fields: vals[0] ?? UNKNOWN } : {}),
        ...(kind === 'custom' ? { custom: vals[0] ?? UNKNOWN } : {}),
      };
    }
    if (!ref.decl && ref.simple === 'Utils') {
      if (name === 'getGlobalStreamId' && vals.length === 2)
        return { k: 'gsid', comp: vals[0]!, stream: vals[1]!.k === 'null' ? { k: 'str', v: 'default' } : vals[1]! };
      if (name === 'javaSerialize' && vals.length === 1) return vals[0]!;
    }
    const libCall = STORM_LIB.test(ref.fqcn) && (KNOWN_STATIC.has(`${ref.simple}.${name}`) || ref.simple === 'Duration' || ref.simple === 'Config');
    // A class of the sources runs its own code, unless it is Storm's.
    if (ref.decl && !libCall) return undefined;
    switch (`${ref.simple}.${name}`) {
      case 'ConfigurableTopology.start': {
        const inst = vals[0];
        if (inst?.k === 'ref' && inst.o.h === 'instance' && inst.o.cls) {
          const run = this.ip.prog.findMethod(inst.o.cls, 'run', 1, false);
          if (run) this.ip.invoke(run, [vals[1] ?? UNKNOWN], inst.o, fr);
        }
        return UNKNOWN;
      }
      case 'KafkaSpoutConfig.builder':
        return { k: 'ref', o: kafkaClientConfig(vals) };
      case 'Count.of':
        return int(vals[0]) !== null ? { k: 'window', count: int(vals[0])! } : this.ip.unknownAt(n);
    }
    if (ref.simple === 'Duration' || ref.simple.endsWith('.Duration')) {
      const v = int(vals[0]);
      const unit = DURATION_FACTORY_MS[name];
      if (v !== null && unit !== undefined) return { k: 'window', ms: v * unit };
      return this.ip.unknownAt(n);
    }
    if (ref.simple === 'Config' && vals[0]?.k === 'ref' && vals[0].o.h === 'map') {
      return this.mapCall(vals[0].o, name, vals.slice(1), argNodes.slice(1), n, fr);
    }
    // Storm's own class among the sources: a static call of it we do not model.
    return ref.decl ? this.ip.escape(vals, n, fr) : undefined;
  }

  instanceCall(recv: Value, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value | undefined {
    if (recv.k === 'fields' && name === 'toList') return recv.list ? { k: 'list', items: recv.list.map((v) => ({ k: 'str', v })) } : this.ip.unknownAt(n);
    if (recv.k !== 'ref') return undefined;
    const o = recv.o;
    switch (o.h) {
      case 'builder':
        return this.builderCall(o, recv, name, vals, argNodes, n, fr);
      case 'declarer':
        return this.declarerCall(o, recv, name, vals, argNodes, n, fr);
      case 'map':
        return this.mapCall(o, name, vals, argNodes, n, fr);
      case 'kafka':
        kafkaCall(o, name, vals);
        return recv;
      case 'ofd':
        this.declareCall(o, name, vals, argNodes, n, fr);
        return UNKNOWN;
      default:
        return undefined;
    }
  }

  // ---- topology builders --------------------------------------------------------

  private newSite(kind: TopoKind, n: JNode, fr: Frame): Value {
    const site = `${fr.file.path}:${n.l}:${n.c}`;
    // Inherited code builds one topology per concrete class it runs for.
    const dyn = this.ip.dynClass(fr);
    const key = dyn && dyn !== fr.cls ? `${site}@${dyn.id}` : site;
    let rec: TopoRec | null = null;
    if (!this.sites.has(key)) {
      rec = {
        kind,
        file: fr.file,
        l: n.l,
        c: n.c,
        site,
        entryClass: dyn,
        entryMethod: fr.method,
        field: null,
        components: [],
        edges: [],
        diags: [],
        files: new Set([fr.file]),
        name: null,
        config: null,
        localConfig: null,
        submitted: false,
        returned: false,
      };
      this.sites.set(key, rec);
      this.topologies.push(rec);
      fr.own.topologies.push(rec);
      this.rootRecs.push(rec);
      const d = SITE_DIAG[kind];
      if (d) {
        const what =
          kind === 'streams'
            ? 'its operations become spouts and bolts when built, and run as such'
            : kind === 'drpc'
              ? 'its spouts and bolts run as built, taking requests from a DRPC server beside the Flink job'
              : kind === 'trident'
                ? 'it compiles to spouts and bolts when built, and runs as such; its transactional state needs a ZooKeeper on a cluster'
                : 'no automatic Flink translation';
        rec.diags.push(this.ip.diag(d, fr.file, n, `${typeName(field(n, 'type')?.x ?? kind)} topology: ${what}`));
      }
      rec.diags.push(...this.pending);
      this.pending = [];
    }
    // A second evaluation of the same site (helper called twice) does not add a topology.
    return { k: 'ref', o: { h: 'builder', topo: rec } };
  }

  private submit(nameVal: Value, conf: Value, topo: Value, fr: Frame): void {
    let rec: TopoRec | null = null;
    if (topo.k === 'topology') rec = topo.rec;
    else if (topo.k === 'ref' && topo.o.h === 'builder') rec = topo.o.topo;
    if (!rec) return;
    rec.submitted = true;
    if (rec.name === null && nameVal.k === 'str') rec.name = nameVal.v;
    if (!rec.config && conf.k === 'ref' && conf.o.h === 'map') rec.config = conf.o;
    void fr;
  }

  private builderCall(o: { h: 'builder'; topo: TopoRec | null }, recv: Value, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const rec = o.topo;
    if (name === 'createTopology' || name === 'build' || name === 'createRemoteTopology' || name === 'createLocalTopology') {
      return { k: 'topology', rec };
    }
    if (rec && fr.own.configs.length && !rec.localConfig && fr.own.topologies.includes(rec)) rec.localConfig = fr.own.configs[0]!;
    if (rec?.kind === 'storm' && (name === 'setSpout' || name === 'setBolt' || name === 'setStateSpout')) {
      return this.addComponent(rec, name === 'setBolt' ? 'bolt' : 'spout', vals, argNodes, n, fr);
    }
    if (rec?.kind === 'trident' && (name === 'newStream' || name === 'newDRPCStream')) {
      rec.tridentStreams ??= { spouts: false, drpc: false };
      rec.tridentStreams[name === 'newStream' ? 'spouts' : 'drpc'] = true;
    }
    if (rec && rec.kind !== 'storm') return recv; // fluent Trident/DRPC calls
    if (!rec && (name === 'setSpout' || name === 'setBolt')) return { k: 'ref', o: { h: 'declarer', topo: null, comp: null } };
    return this.ip.unknownAt(n);
  }

  private addComponent(rec: TopoRec, type: 'spout' | 'bolt', vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const at = field(n, 'name') ?? n;
    rec.files.add(fr.file);
    if (fr.loop > 0) {
      rec.diags.push(
        this.ip.diag(
          'component-in-loop',
          fr.file,
          at,
          `set${type === 'spout' ? 'Spout' : 'Bolt'} is called inside a loop; the components are not expanded statically`,
        ),
      );
      return { k: 'ref', o: { h: 'declarer', topo: null, comp: null } };
    }
    const idVal = vals[0] ?? UNKNOWN;
    let id: string;
    if (idVal.k === 'str') id = idVal.v;
    else {
      const a = argNodes[0] ?? n;
      rec.diags.push(this.ip.diag('dynamic-component-id', fr.file, a, `The ${type} id is not a constant`));
      id = dynamicId(idVal, a);
    }
    const again = rec.components.find((c) => c.id === id);
    if (again && this.dedupe && again.file === fr.file && again.l === at.l && again.c === at.c) {
      // The same statement run again for the same topology (a class's entry methods share a helper).
      return { k: 'ref', o: { h: 'declarer', topo: rec, comp: again } };
    }
    if (again) {
      rec.diags.push(this.ip.diag('duplicate-component-id', fr.file, at, `Component id "${id}" is declared twice`));
    }
    const inst = vals[1] ?? UNKNOWN;
    const lambda = inst.k === 'unknown' && inst.why === 'lambda' ? this.lambdaKind(type, inst, vals, fr) : undefined;
    let parallelism: number | null = 1;
    // setBolt(id, lambda, "field", ...) has output fields, not a hint, after the bolt.
    if (argNodes.length >= 3 && vals[2]!.k !== 'str' && !(lambda === 'bi-consumer' && vals[2]!.k === 'list')) {
      parallelism = int(vals[2]);
      if (parallelism === null) rec.diags.push(this.ip.diag('dynamic-parallelism', fr.file, argNodes[2]!, `The parallelism hint of "${id}" is not a constant`));
    }
    if (inst.k === 'ref' && inst.o.h === 'instance' && inst.o.simple === 'DRPCSpout') {
      rec.diags.push(this.ip.diag('drpc', fr.file, argNodes[1] ?? n, 'DRPCSpout makes this a DRPC topology'));
    }
    const comp: CompRec = { id, type, inst, parallelism, numTasks: null, config: {}, resources: {}, custom: false, file: fr.file, l: at.l, c: at.c };
    if (lambda) {
      comp.lambda = lambda;
      if (lambda === 'bi-consumer') {
        const hinted = vals.length >= 3 && vals[2]!.k !== 'str' && vals[2]!.k !== 'list';
        comp.lambdaFields = strings(vals.slice(hinted ? 3 : 2));
        if (comp.lambdaFields === null)
          rec.diags.push(
            this.ip.diag('dynamic-stream-or-fields', fr.file, argNodes[hinted ? 3 : 2] ?? at, `The output fields of the lambda bolt "${id}" are not constant`),
          );
      }
    }
    rec.components.push(comp);
    return { k: 'ref', o: { h: 'declarer', topo: rec, comp } };
  }

  /**
   * Which Storm 2 lambda overload a setSpout/setBolt call with a lambda or method reference picks:
   * spouts take a SerializableSupplier; bolts a SerializableBiConsumer<Tuple, BasicOutputCollector>
   * (two parameters, optional output fields) or a SerializableConsumer<Tuple> (one, no output).
   */
  private lambdaKind(type: 'spout' | 'bolt', fn: Extract<Value, { k: 'unknown' }>, vals: Value[], fr: Frame): CompRec['lambda'] {
    if (type === 'spout') return 'supplier';
    let arity = fn.arity;
    if (arity === undefined && fn.ref) arity = this.refArity(fn.ref, fr);
    if (arity === 2) return 'bi-consumer';
    if (arity === 1) return 'consumer';
    // Output fields only exist on the bi-consumer overload.
    const rest = vals.slice(2);
    if (rest.some((v) => v.k === 'str') || rest.length >= 2) return 'bi-consumer';
    return undefined;
  }

  /** Parameters a method reference's functional interface takes, when the method is in the sources. */
  private refArity(ref: string, fr: Frame): number | undefined {
    const i = ref.lastIndexOf('::');
    if (i < 0 || !fr.cls) return undefined;
    const owner = ref.slice(0, i);
    const name = ref.slice(i + 2);
    let cls: ClassDecl | undefined;
    let unbound = false;
    if (owner === 'this' || owner === 'super') cls = fr.cls;
    else if (/^[A-Z]/.test(simpleName(owner))) {
      cls = this.ip.prog.resolveType(owner, fr.cls, fr.file).decl;
      unbound = true;
    }
    if (!cls) return undefined;
    const arities = new Set<number>();
    for (const c of this.ip.prog.classChain(cls)) {
      for (const m of c.methods) if (m.name === name && !m.isCtor) arities.add(m.params.length + (unbound && !m.isStatic ? 1 : 0));
    }
    return arities.size === 1 ? [...arities][0] : undefined;
  }

  // ---- declarers: subscriptions and component config ----------------------------

  private declarerCall(
    o: { h: 'declarer'; topo: TopoRec | null; comp: CompRec | null },
    recv: Value,
    name: string,
    vals: Value[],
    argNodes: JNode[],
    n: JNode,
    fr: Frame,
  ): Value {
    const { topo: rec, comp } = o;
    if (!rec || !comp) return recv;
    const at = field(n, 'name') ?? n;
    const grouping = GROUPING_BY_METHOD[name];
    if (grouping) {
      const hasExtra = grouping === 'fields' || grouping === 'custom' || grouping === 'partial-key';
      const streamIdx = hasExtra ? (vals.length >= 3 ? 1 : -1) : vals.length >= 2 ? 1 : -1;
      const fromVal = vals[0] ?? UNKNOWN;
      let from: string;
      if (fromVal.k === 'str') from = fromVal.v;
      else {
        rec.diags.push(this.ip.diag('dynamic-component-id', fr.file, argNodes[0] ?? at, `The source component id of ${name} is not a constant`));
        from = dynamicId(fromVal, argNodes[0] ?? at);
      }
      let stream = 'default';
      if (streamIdx > 0) {
        const s = vals[streamIdx]!;
        if (s.k === 'str') stream = s.v;
        else {
          rec.diags.push(this.ip.diag('dynamic-stream-or-fields', fr.file, argNodes[streamIdx] ?? at, `The stream id of ${name} is not a constant`));
          stream = dynamicId(s, argNodes[streamIdx] ?? at);
        }
      }
      const edge: TopoRec['edges'][number] = { from, stream, to: comp.id, grouping, source: { file: fr.file.path, line: at.l, column: at.c } };
      if (grouping === 'fields' || grouping === 'partial-key') {
        const fv = vals[vals.length - 1];
        const list = fv && vals.length >= 2 ? (fv.k === 'fields' ? fv.list : strings([fv])) : null;
        if (list) edge.fields = list;
        else {
          edge.fields = [];
          if (vals.length >= 2 || grouping === 'fields') {
            rec.diags.push(this.ip.diag('dynamic-stream-or-fields', fr.file, argNodes[argNodes.length - 1] ?? at, `The fields of ${name} are not constant`));
          }
        }
      }
      if (grouping === 'custom') {
        const g = vals[vals.length - 1];
        if (g?.k === 'ref' && g.o.h === 'instance' && g.o.className) edge.customClass = g.o.className;
        comp.custom = true;
      }
      this.addEdge(rec, edge, at, fr);
      return recv;
    }
    switch (name) {
      case 'setNumTasks':
        comp.numTasks = int(vals[0]);
        if (comp.numTasks === null)
          rec.diags.push(this.ip.diag('dynamic-parallelism', fr.file, argNodes[0] ?? at, `The task count of "${comp.id}" is not a constant`));
        return recv;
      case 'addConfiguration': {
        const k = str(vals[0]);
        if (k === null) rec.diags.push(this.ip.diag('dynamic-config-value', fr.file, argNodes[0] ?? at, 'The config key is not a constant'));
        else this.putJson(comp.config, k, vals[1] ?? UNKNOWN, rec.diags, fr, argNodes[1] ?? at);
        return recv;
      }
      case 'addConfigurations': {
        const m = vals[0];
        if (m?.k === 'ref' && m.o.h === 'map') {
          for (const [k, v] of m.o.entries) comp.config[k] = toJson(v);
          rec.diags.push(...m.o.diags);
        } else rec.diags.push(this.ip.diag('dynamic-config-value', fr.file, at, 'The component configuration map is not constant'));
        return recv;
      }
      case 'setMemoryLoad': {
        const on = vals[0]?.k === 'num' ? vals[0].v : null;
        if (on !== null) comp.resources.memoryOnHeapMb = on;
        if (vals[1]?.k === 'num') comp.resources.memoryOffHeapMb = vals[1].v;
        return recv;
      }
      case 'setCPULoad':
        if (vals[0]?.k === 'num') comp.resources.cpu = vals[0].v;
        return recv;
      case 'setMaxTaskParallelism':
        this.putJson(comp.config, 'topology.max.task.parallelism', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'setDebug':
        this.putJson(comp.config, 'topology.debug', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'setMaxSpoutPending':
        this.putJson(comp.config, 'topology.max.spout.pending', vals[0] ?? UNKNOWN, rec.diags, fr, at);
        return recv;
      case 'grouping':
        if (vals.length === 2) {
          this.unionGrouping(rec, comp, vals[0]!, vals[1]!, argNodes, at, fr);
          return recv;
        }
        rec.diags.push(
          this.ip.diag('unknown-grouping', fr.file, at, `${name}() is not a grouping storm2flink translates; the subscription is missing from the graph`),
        );
        return recv;
      default:
        if (name === 'grouping' || name.endsWith('Grouping')) {
          rec.diags.push(
            this.ip.diag('unknown-grouping', fr.file, at, `${name}() is not a grouping storm2flink translates; the subscription is missing from the graph`),
          );
        }
        return recv;
    }
  }

  /** Adds a subscription, unless it is the same statement run again for the same topology. */
  private addEdge(rec: TopoRec, edge: TopoRec['edges'][number], at: JNode, fr: Frame): void {
    if (
      this.dedupe &&
      rec.edges.some(
        (e) =>
          e.from === edge.from &&
          e.to === edge.to &&
          e.stream === edge.stream &&
          e.source?.line === at.l &&
          e.source?.column === at.c &&
          e.source?.file === fr.file.path,
      )
    )
      return;
    rec.edges.push(edge);
    rec.files.add(fr.file);
  }

  /** declarer.grouping(new GlobalStreamId(from, stream), Grouping.x(...)): Storm's Thrift form of a subscription. */
  private unionGrouping(rec: TopoRec, comp: CompRec, id: Value, g: Value, argNodes: JNode[], at: JNode, fr: Frame): void {
    const idNode = argNodes[0] ?? at;
    const gNode = argNodes[1] ?? at;
    if (id.k !== 'gsid') {
      rec.diags.push(this.ip.diag('dynamic-component-id', fr.file, idNode, 'The GlobalStreamId of grouping() is not known statically'));
      return;
    }
    if (g.k !== 'grouping' || !g.kind) {
      rec.diags.push(
        this.ip.diag('unknown-grouping', fr.file, gNode, 'The Grouping of grouping() is not known statically; the subscription is missing from the graph'),
      );
      return;
    }
    let from: string;
    if (id.comp.k === 'str') from = id.comp.v;
    else {
      rec.diags.push(this.ip.diag('dynamic-component-id', fr.file, idNode, 'The source component id of grouping() is not a constant'));
      from = dynamicId(id.comp, idNode);
    }
    let stream: string;
    if (id.stream.k === 'str') stream = id.stream.v;
    else {
      rec.diags.push(this.ip.diag('dynamic-stream-or-fields', fr.file, idNode, 'The stream id of grouping() is not a constant'));
      stream = dynamicId(id.stream, idNode);
    }
    let grouping: Grouping = g.kind;
    const edge: TopoRec['edges'][number] = { from, stream, to: comp.id, grouping, source: { file: fr.file.path, line: at.l, column: at.c } };
    if (g.kind === 'fields') {
      const list = g.fields ? (g.fields.k === 'fields' ? g.fields.list : strings([g.fields])) : null;
      // TopologyBuilder encodes globalGrouping as Grouping.fields(<empty list>).
      if (list && list.length === 0) grouping = 'global';
      else if (list) edge.fields = list;
      else {
        edge.fields = [];
        rec.diags.push(this.ip.diag('dynamic-stream-or-fields', fr.file, gNode, 'The fields of Grouping.fields are not constant'));
      }
      edge.grouping = grouping;
    }
    if (g.kind === 'custom') {
      const c = g.custom;
      if (c?.k === 'ref' && c.o.h === 'instance') {
        // custom_object(new JavaObject("com.example.MyGrouping", args)) names the class; custom_serialized(Utils.javaSerialize(obj)) holds it.
        if (c.o.simple === 'JavaObject' && c.o.args[0]?.k === 'str') edge.customClass = c.o.args[0].v;
        else if (c.o.className && c.o.simple !== 'JavaObject') edge.customClass = c.o.className;
      }
      comp.custom = true;
    }
    this.addEdge(rec, edge, at, fr);
  }

  // ---- Config and maps ----------------------------------------------------------

  private putJson(target: Record<string, unknown>, key: string, v: Value, diags: Diagnostic[], fr: Frame, at: JNode): void {
    const j = toJson(v);
    target[key] = j;
    if (j === null && v.k !== 'null') diags.push(this.ip.diag('dynamic-config-value', fr.file, at, `The value of "${key}" is computed at run time`));
  }

  private mapCall(m: MapObj, name: string, vals: Value[], argNodes: JNode[], n: JNode, fr: Frame): Value {
    const at = field(n, 'name') ?? n;
    const put = (key: string, v: Value, node: JNode): void => {
      m.entries.set(key, v);
      if (toJson(v) === null && v.k !== 'null')
        m.diags.push(this.ip.diag('dynamic-config-value', fr.file, node, `The value of "${key}" is computed at run time`));
    };
    if (name === 'put' || name === 'setProperty' || name === 'putIfAbsent') {
      const k = str(vals[0]);
      if (k === null) m.diags.push(this.ip.diag('dynamic-config-value', fr.file, argNodes[0] ?? at, 'The config key is computed at run time'));
      else put(k, vals[1] ?? UNKNOWN, argNodes[1] ?? at);
      return UNKNOWN;
    }
    if (name === 'putAll') {
      const src = vals[0];
      if (src?.k === 'ref' && src.o.h === 'map') for (const [k, v] of src.o.entries) m.entries.set(k, v);
      else m.diags.push(this.ip.diag('dynamic-config-value', fr.file, at, 'putAll of a map computed at run time'));
      return UNKNOWN;
    }
    if (name === 'get' || name === 'getProperty' || name === 'getOrDefault') {
      const k = str(vals[0]);
      const v = k !== null ? m.entries.get(k) : undefined;
      if (v) return v;
      return k !== null ? { k: 'unknown', l: n.l, c: n.c, cfgKey: k } : this.ip.unknownAt(n);
    }
    const key = CONFIG_SETTERS[name];
    if (key) {
      let v = vals[0] ?? UNKNOWN;
      if (name === 'setKryoFactory' && v.k === 'class') v = { k: 'str', v: v.name };
      put(key, v, argNodes[0] ?? at);
      return UNKNOWN;
    }
    const lk = LIST_SETTERS[name];
    if (lk) {
      const cur = m.entries.get(lk);
      const list = cur?.k === 'list' ? cur : { k: 'list' as const, items: [] as Value[] };
      m.entries.set(lk, list);
      const cls = vals[0]?.k === 'class' ? vals[0].name : null;
      if (cls === null) {
        list.items.push(UNKNOWN);
        m.diags.push(this.ip.diag('dynamic-config-value', fr.file, at, `${name} with a class computed at run time`));
      } else if (name === 'registerSerialization' && vals[1]?.k === 'class') {
        const entry = newMap('map');
        entry.entries.set(cls, { k: 'str', v: vals[1].name });
        list.items.push({ k: 'ref', o: entry });
      } else if (name === 'registerMetricsConsumer') {
        const entry = newMap('map');
        entry.entries.set('class', { k: 'str', v: cls });
        const p = vals.length >= 2 ? int(vals[vals.length - 1]) : 1;
        entry.entries.set('parallelism.hint', p !== null ? { k: 'num', v: p } : UNKNOWN);
        list.items.push({ k: 'ref', o: entry });
      } else list.items.push({ k: 'str', v: cls });
      return UNKNOWN;
    }
    return this.ip.escape(vals, n, fr);
  }

  // ---- declareOutputFields ------------------------------------------------------

  private declareCall(
    o: { h: 'ofd'; streams: { id: string; fields: string[]; direct: boolean; resolved?: boolean }[]; unresolved: boolean },
    name: string,
    vals: Value[],
    argNodes: JNode[],
    n: JNode,
    fr: Frame,
  ): void {
    if (name !== 'declare' && name !== 'declareStream') return;
    let rest = vals;
    let id = 'default';
    if (name === 'declareStream') {
      const s = str(vals[0]);
      if (s === null) {
        o.unresolved = true;
        this.pending.push(this.ip.diag('dynamic-stream-or-fields', fr.file, argNodes[0] ?? n, 'The declared stream id is not a constant'));
        return;
      }
      id = s;
      rest = vals.slice(1);
    }
    let direct = false;
    if (rest.length >= 2 && rest[0]!.k === 'bool') {
      direct = rest[0]!.v;
      rest = rest.slice(1);
    }
    const f = rest[0];
    const list = f?.k === 'fields' ? f.list : f ? strings([f]) : null;
    const stream: { id: string; fields: string[]; direct: boolean; resolved?: boolean } = { id, fields: list ?? [], direct };
    if (!list) stream.resolved = false;
    const existing = o.streams.findIndex((s) => s.id === id);
    if (existing >= 0) o.streams[existing] = stream;
    else o.streams.push(stream);
  }
}

// ---- Kafka spout configs ----------------------------------------------------------

/** storm-kafka: new SpoutConfig(new ZkHosts(zk), topic, zkRoot, id). */
function zkSpoutConfig(vals: Value[]): KafkaObj {
  const hosts = vals[0]?.k === 'ref' && vals[0].o.h === 'zkhosts' ? vals[0].o.hosts : null;
  const topic = str(vals[1]);
  const info: KafkaObj['info'] = { kind: 'storm-kafka', topics: topic !== null ? [topic] : [] };
  if (hosts !== null) info.zkHosts = hosts;
  const root = str(vals[2]);
  if (root !== null) info.zkRoot = root;
  const id = str(vals[3]);
  if (id !== null) info.groupId = id;
  return { h: 'kafka', info };
}

/** storm-kafka-client: KafkaSpoutConfig.builder(servers, topics… | Pattern). */
function kafkaClientConfig(vals: Value[]): KafkaObj {
  const info: KafkaObj['info'] = { kind: 'storm-kafka-client', topics: [] };
  const servers = str(vals[0]);
  if (servers !== null) info.bootstrapServers = servers;
  for (const v of vals.slice(1)) {
    if (v.k === 'pattern') info.topicPattern = v.v;
    else {
      const s = strings([v]);
      if (s) info.topics.push(...s);
    }
  }
  return { h: 'kafka', info };
}

function kafkaCall(o: KafkaObj, name: string, vals: Value[]): void {
  const info = o.info;
  switch (name) {
    case 'setProp':
    case 'setProperty': {
      const k = str(vals[0]);
      const v = vals[1] ? describe(vals[1]) : null;
      if (k === 'group.id' && v !== null) info.groupId = v;
      if (k === 'bootstrap.servers' && v !== null) info.bootstrapServers = v;
      if (vals[0]?.k === 'ref' && vals[0].o.h === 'map') {
        const g = vals[0].o.entries.get('group.id');
        if (g?.k === 'str') info.groupId = g.v;
      }
      return;
    }
    case 'setGroupId': {
      const g = str(vals[0]);
      if (g !== null) info.groupId = g;
      return;
    }
    case 'setFirstPollOffsetStrategy': {
      const s = vals[0] ? describe(vals[0]) : null;
      if (s !== null) info.firstPollOffsetStrategy = s;
      return;
    }
    case 'setProcessingGuarantee': {
      const s = vals[0] ? describe(vals[0]) : null;
      if (s !== null) info.processingGuarantee = s;
      return;
    }
    case 'setRecordTranslator': {
      const t = vals[0];
      if (t?.k === 'ref' && t.o.h === 'instance' && t.o.className) info.scheme = t.o.className;
      return;
    }
    default:
      return;
  }
}

function describe(v: Value): string | null {
  if (v.k === 'str') return v.v;
  if (v.k === 'num') return String(v.v);
  if (v.k === 'enum') return v.name;
  return null;
}

function schemeName(v: Value): string | null {
  if (v.k !== 'ref' || v.o.h !== 'instance') return null;
  if (v.o.simple === 'SchemeAsMultiScheme' || v.o.simple === 'KeyValueSchemeAsMultiScheme') {
    const inner = v.o.args[0];
    return inner ? schemeName(inner) : null;
  }
  return v.o.className;
}

// ---- helpers ----------------------------------------------------------------------

function newMap(kind: 'config' | 'map'): MapObj {
  return { h: 'map', kind, entries: new Map(), diags: [] };
}

function dynamicId(v: Value, at: JNode): string {
  if (v.k === 'unknown' && v.l !== undefined) return `<dynamic:${v.l}:${v.c}>`;
  return `<dynamic:${at.l}:${at.c}>`;
}

/** A value as the JSON Storm's config would hold; null when it is not known statically. */
export function toJson(v: Value, depth = 0): unknown {
  if (depth > 8) return null;
  switch (v.k) {
    case 'str':
    case 'num':
    case 'bool':
      return v.v;
    case 'class':
      return v.name;
    case 'enum':
      return v.name;
    case 'pattern':
      return v.v;
    case 'fields':
      return v.list;
    case 'list': {
      const items = v.items.map((i) => toJson(i, depth + 1));
      return items.some((i) => i === null) ? null : items;
    }
    case 'ref':
      if (v.o.h === 'map') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v.o.entries) out[k] = toJson(x, depth + 1);
        return out;
      }
      return null;
    default:
      return null;
  }
}
