// Java analyzer entry: index every file once (trees and texts freed right away, bodies loaded
// again when evaluation reads them: bodies.ts), then evaluate topology-building code across files.
import { diagnostic, isDiagnostic, sortDiagnostics } from '../../model/diagnostics.js';
import type { Component, Diagnostic, Edge, KafkaSinkInfo, KafkaSpoutInfo, Topology } from '../../model/topology.js';
import type { ClassResolver, ComponentClassInfo, JavaAnalysisResult, MultilangScriptResult, SourceText } from '../types.js';
import { KAFKA_BOLTS, KAFKA_CLIENT_SPOUT, ZK_KAFKA_SPOUTS } from '../storm-vocabulary.js';
import { ClassInfos, scriptFinder, sortFeatures, type ScriptFinder } from './classes.js';
import { Evaluator } from './evaluate.js';
import { BodyStore, type JavaSource } from './bodies.js';
import { Extractor, hasBody, type ClassDecl, type FileIndex, type MethodDecl } from './extract.js';
import { getJavaParser } from './parser.js';
import { Program } from './program.js';
import { UNKNOWN, type CompRec, type MapObj, type TopoRec, type Value } from './values.js';
import { walk } from './ast.js';

export { getJavaParser } from './parser.js';
export type { JavaSource } from './bodies.js';

export interface JavaAnalyzeOptions {
  allFiles: string[];
  readMultilangScript?: (absPath: string, displayPath: string) => MultilangScriptResult;
}

const SITES = ['TopologyBuilder', 'TridentTopology', 'LinearDRPCTopologyBuilder', 'StreamBuilder', 'TransactionalTopologyBuilder'];
const TICK = 'topology.tick.tuple.freq.secs';

/** Files are read one at a time (a `JavaSource`), or given read (a `SourceText`). */
export async function analyzeJava(files: (SourceText | JavaSource)[], opts: JavaAnalyzeOptions): Promise<JavaAnalysisResult> {
  const parser = await getJavaParser();
  const diagnostics: Diagnostic[] = [];
  const store = new BodyStore(parser);
  const extractor = new Extractor(store);
  const indexes: FileIndex[] = [];
  const sources: JavaSource[] = files.map((f) => ('read' in f ? f : { path: f.path, absPath: f.absPath, read: () => f.text }));
  const sorted = sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of sorted) {
    let tree = null;
    try {
      const text = f.read();
      if (text === undefined) continue;
      tree = parser.parse(text);
      if (!tree) throw new Error('parser returned no tree');
      const index = extractor.extract(tree, f.path, f.absPath, text);
      store.add(index, f, text);
      indexes.push(index);
    } catch (e) {
      diagnostics.push(internalError(f.path, e));
    } finally {
      tree?.delete();
    }
  }
  const base = baseDir(sorted);
  const prog = new Program(indexes, extractor.classes);
  const ev = new Evaluator(prog);
  const infos = new ClassInfos(prog, ev);
  const scripts = scriptFinder(opts.allFiles, base);

  const isConfigurable = (c: ClassDecl): boolean => infos.chain(c, c.name, 'org.apache.storm').simples.has('ConfigurableTopology');
  /**
   * Runs one root as a fresh JVM would. Instance code runs on an instance of `target` (a concrete
   * subclass when the code is inherited): the method itself (its override in `target`), or, with
   * `construct`, the constructors and field initializers followed by the class's entry methods.
   */
  const runRoot = (m: MethodDecl, target?: ClassDecl, construct = false): void => {
    ev.resetRoot();
    try {
      if (m.isStatic)
        ev.runMethod(
          m,
          null,
          m.params.map(() => UNKNOWN),
        );
      else {
        const cls = target ?? m.cls;
        const self = ev.newInstance(cls, cls.fqcn, cls.name, ctorArgs(cls), cls.file);
        if (construct) {
          ev.instanceFields(self);
          ev.dedupe = true;
          for (const em of entryMethods(prog, cls))
            ev.runMethod(
              em,
              self,
              em.params.map(() => UNKNOWN),
            );
        } else {
          const run = m.isCtor ? m : (prog.findMethod(cls, m.name, m.params.length, false) ?? m);
          ev.runMethod(
            run,
            self,
            run.params.map(() => UNKNOWN),
          );
        }
      }
    } catch (e) {
      diagnostics.push(internalError(m.cls.file.path, e));
    }
    diagnostics.push(...ev.pending);
    ev.pending = [];
  };
  const runClinit = (c: ClassDecl): void => {
    ev.resetRoot();
    try {
      ev.ensureClinit(c);
    } catch (e) {
      diagnostics.push(internalError(c.file.path, e));
    }
    diagnostics.push(...ev.pending);
    ev.pending = [];
  };
  const all = indexes.flatMap((f) => f.classes);
  for (const c of all) {
    for (const m of c.methods) {
      if (!hasBody(m)) continue;
      if ((m.name === 'main' && m.isStatic) || (m.name === 'run' && m.params.length === 1 && isConfigurable(c))) runRoot(m);
    }
  }
  // Builders no entry point reached: in static methods; in instance methods, constructors and field
  // initializers, once per concrete class that inherits them; in static initializers.
  const done = (m: MethodDecl, target: ClassDecl | null): boolean =>
    ev.topologies.some((t) => t.entryMethod === m && (target === null || t.entryClass === target));
  const creates = (names: string[]): boolean => names.some((t) => SITES.includes(t));
  for (const c of all) {
    for (const m of c.methods) {
      if (!hasBody(m) || !creates(m.created)) continue;
      if (m.isStatic || c.kind === 'anonymous') {
        if (!done(m, null)) runRoot(m);
        continue;
      }
      for (const t of targets(prog, c)) if (!done(m, t)) runRoot(m, t, m.isCtor);
    }
    if (c.kind === 'anonymous') continue;
    if ([...c.fields.values()].some((f) => !f.isStatic && creates(f.created))) {
      const init = ev.pseudoMethod(c, '<init>');
      for (const t of targets(prog, c)) if (!done(init, t)) runRoot(init, t, true);
    }
    if (c.clinit.some((x) => creates('block' in x ? x.created : x.field.created))) {
      if (!done(ev.pseudoMethod(c, '<clinit>'), null)) runClinit(c);
    }
  }

  const topologies: Topology[] = [];
  for (const rec of ev.topologies) {
    try {
      topologies.push(buildTopology(rec, ev, infos, prog, scripts, opts));
    } catch (e) {
      diagnostics.push(internalError(rec.file.path, e));
    }
  }
  // Syntax errors go with the topologies that read the file, else to the batch.
  for (const f of indexes) {
    if (!f.syntax.length) continue;
    const owners = topologies.filter((t) => t.files.includes(f.path));
    if (owners.length) for (const t of owners) t.diagnostics = sortDiagnostics([...t.diagnostics, ...f.syntax]);
    else diagnostics.push(...f.syntax);
  }

  const resolveCache = new Map<string, ComponentClassInfo | undefined>();
  const classes: ClassResolver = {
    resolve(name: string) {
      if (resolveCache.has(name)) return resolveCache.get(name);
      let decl = prog.byFqcn.get(name) ?? prog.byFqcn.get(name.replace(/\$/g, '.'));
      if (!decl && !name.includes('.')) {
        const list = prog.bySimple.get(name);
        if (list?.length === 1) decl = list[0];
      }
      let info: ComponentClassInfo | undefined;
      if (decl) {
        try {
          const { files: _f, backtype: _b, ...rest } = infos.describe(decl, decl.fqcn, decl.name, null, undefined, scripts);
          void _f;
          void _b;
          info = rest;
        } catch {
          info = undefined;
        }
      }
      resolveCache.set(name, info);
      return info;
    },
  };
  store.release();
  return { topologies, diagnostics: sortDiagnostics(diagnostics), classes };
}

/** Concrete classes inherited instance code runs for: the class's concrete subclasses, else the class itself. */
function targets(prog: Program, c: ClassDecl): ClassDecl[] {
  const subs = prog.subclassesOf(c).filter((k) => k.kind === 'class' && !k.isAbstract);
  if (!subs.length) return [c];
  // A concrete base extended in the sources is a template, unless it has a main of its own.
  const own = c.kind === 'class' && !c.isAbstract && c.methods.some((m) => m.name === 'main' && m.isStatic);
  return own ? [c, ...subs] : subs;
}

/** Arguments for a constructor of the class when nothing calls it: unknown values for its first constructor. */
function ctorArgs(c: ClassDecl): Value[] {
  const ctors = c.methods.filter((m) => m.isCtor);
  if (!ctors.length || ctors.some((m) => m.params.length === 0)) return [];
  return ctors[0]!.params.map(() => UNKNOWN);
}

const NOT_ENTRY = new Set([
  'declareOutputFields',
  'getComponentConfiguration',
  'prepare',
  'execute',
  'open',
  'close',
  'nextTuple',
  'ack',
  'fail',
  'cleanup',
  'activate',
  'deactivate',
  'toString',
  'hashCode',
  'equals',
]);

/**
 * Methods someone outside the class would call after constructing it: the instance methods of the
 * class and its analyzed superclasses (overrides win) that no other method of theirs calls.
 */
function entryMethods(prog: Program, cls: ClassDecl): MethodDecl[] {
  const chain = prog.classChain(cls);
  const called = new Set<string>();
  for (const c of chain) {
    for (const m of c.methods) {
      if (!m.body) continue;
      walk(m.body, (n) => {
        if (n.t !== 'method_invocation') return;
        const obj = n.k?.find((k) => k.f === 'object');
        if (!obj || obj.t === 'this' || obj.t === 'super') called.add(n.k?.find((k) => k.f === 'name')?.x ?? '');
      });
    }
  }
  const seen = new Set<string>();
  const out: MethodDecl[] = [];
  for (const c of chain) {
    for (const m of c.methods) {
      if (m.isCtor || m.isStatic) continue;
      const key = `${m.name}/${m.params.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (hasBody(m) && !called.has(m.name) && !NOT_ENTRY.has(m.name)) out.push(m);
    }
  }
  return out;
}

function buildTopology(rec: TopoRec, ev: Evaluator, infos: ClassInfos, prog: Program, scripts: ScriptFinder, opts: JavaAnalyzeOptions): Topology {
  const diags: Diagnostic[] = [...rec.diags];
  const files = new Set<string>([...rec.files].map((f) => f.path));
  let backtype = [...rec.files].some((f) => f.backtype);
  const confObj: MapObj | null = rec.config ?? rec.localConfig;
  const config: Record<string, unknown> = {};
  if (confObj) {
    for (const [k, v] of confObj.entries) config[k] = ev.toJson(v);
    diags.push(...confObj.diags);
  }
  const topoTick = typeof config[TICK] === 'number' ? (config[TICK] as number) : null;
  const components: Component[] = [];
  const declared = new Map<string, string[] | null>();
  for (const c of rec.components) {
    const comp = buildComponent(c, rec, ev, infos, prog, scripts, opts, config, topoTick, diags);
    for (const f of comp.files) files.add(f);
    if (comp.backtype) backtype = true;
    components.push(comp.component);
    declared.set(c.id, comp.streams);
  }
  for (const e of rec.edges) checkEdge(e, declared, diags);
  if (rec.kind === 'storm' && !rec.submitted && !rec.returned) {
    diags.push(diagnostic('topology-not-submitted', { file: rec.file.path, line: rec.l, column: rec.c }, 'The TopologyBuilder is never submitted or returned'));
  }
  const sortedDiags = sortDiagnostics(diags);
  const entryClass = rec.entryClass ? (rec.entryClass.kind === 'anonymous' ? rec.entryClass.outer : rec.entryClass) : null;
  const entry: NonNullable<Topology['entry']> = { className: entryClass?.fqcn ?? null, method: rec.entryMethod?.name ?? null };
  const declaring = rec.entryMethod?.cls;
  if (declaring && entryClass && declaring !== entryClass && declaring !== rec.entryClass)
    entry.declaredIn = declaring.kind === 'anonymous' ? declaring.fqcn.replace(/\$\d+:\d+$/, '') : declaring.fqcn;
  if (rec.field) entry.field = rec.field;
  // A DRPC topology's main is what runs it and makes its requests (drpc.execute), which verify replays: the entry.
  // So is a Trident topology's whose only streams are DRPC streams (TridentReach); one with spouts keeps its builder:
  // its spouts' transactions are what verify compares (answers from state they fill depend on timing).
  const drpc = rec.kind === 'drpc' || (rec.kind === 'trident' && rec.tridentStreams?.drpc === true && !rec.tridentStreams.spouts);
  if (drpc && entry.method !== 'main' && entryClass?.methods.some((m) => m.name === 'main' && m.isStatic)) {
    entry.method = 'main';
    delete entry.declaredIn;
  }
  return {
    id: '',
    name: rec.name,
    kind: 'java',
    namespace: backtype ? 'backtype.storm' : 'org.apache.storm',
    source: { file: rec.file.path, line: rec.l, column: rec.c },
    entry,
    files: [...files].sort(),
    components,
    edges: rec.edges.map((e) => ({ ...e })),
    config,
    blocked: sortedDiags.some((d) => d.blocker === true),
    diagnostics: sortedDiags,
  };
}

function checkEdge(e: Edge, declared: Map<string, string[] | null>, diags: Diagnostic[]): void {
  if (e.from.startsWith('<dynamic:')) return;
  const loc = e.source ?? { file: '', line: 0, column: 0 };
  if (!declared.has(e.from)) {
    diags.push(diagnostic('unknown-source-component', loc, `"${e.to}" subscribes to "${e.from}", which the topology does not declare`));
    return;
  }
  const streams = declared.get(e.from);
  if (streams && !e.stream.startsWith('<dynamic:') && !streams.includes(e.stream)) {
    diags.push(diagnostic('undeclared-stream', loc, `"${e.to}" subscribes to stream "${e.stream}" of "${e.from}", which it does not declare`));
  }
}

function buildComponent(
  c: CompRec,
  rec: TopoRec,
  ev: Evaluator,
  infos: ClassInfos,
  prog: Program,
  scripts: ScriptFinder,
  opts: JavaAnalyzeOptions,
  topoConfig: Record<string, unknown>,
  topoTick: number | null,
  diags: Diagnostic[],
): { component: Component; files: string[]; backtype: boolean; streams: string[] | null } {
  const source = { file: c.file.path, line: c.l, column: c.c };
  const inst = c.inst.k === 'ref' && c.inst.o.h === 'instance' ? c.inst.o : null;
  const component: Component = {
    id: c.id,
    type: c.type,
    className: inst?.className ?? null,
    parallelism: c.parallelism,
    numTasks: c.numTasks,
    tickFrequencySecs: null,
    features: [],
    outputStreams: [],
    source,
  };
  if (c.lambda) return lambdaComponent(c, component, rec, topoTick);
  if (!inst) {
    const key = c.inst.k === 'unknown' && c.inst.why === 'reflection' ? c.inst.cfgKey : undefined;
    if (key !== undefined) {
      component.classConfigKey = key;
      diags.push(diagnostic('class-from-config', source, `The class of ${c.type} "${c.id}" is loaded at run time from the class name in config key "${key}"`));
    } else if (c.inst.k !== 'unknown' || c.inst.why !== 'reflection') {
      diags.push(diagnostic('unresolved-class', source, `The class of "${c.id}" is not known statically`));
    }
    if (Object.keys(c.config).length) component.config = { ...c.config };
    return { component, files: [], backtype: false, streams: null };
  }
  const info = infos.describe(inst.cls, inst.className, inst.simple, inst, c.type, scripts);
  const features = new Set(info.features);
  if (c.custom) features.add('custom-grouping');
  const config = { ...info.componentConfig, ...c.config };
  if (Object.keys(c.config).length) features.add('component-config');
  if (TICK in config) features.add('tick');
  if (!inst.cls) diags.push(diagnostic('unresolved-class', source, `${inst.className ?? inst.simple} is not in the analyzed sources`));
  // Class-level notes point at the component in the topology.
  for (const d of info.diagnostics) {
    if (isDiagnostic(d, 'stateful-bolt') || isDiagnostic(d, 'multilang')) diags.push({ ...d, file: source.file, line: source.line, column: source.column });
    else diags.push(d);
  }
  if (rec.kind === 'trident') features.add('trident');

  const kafka = kafkaSpout(inst, info);
  if (kafka) {
    features.add('kafka-spout');
    component.kafka = kafka;
  }
  const sink = kafkaSink(inst, info, topoConfig, ev);
  if (sink) {
    features.add('kafka-bolt');
    component.kafkaSink = sink;
  }
  if (info.multilang) {
    component.multilang = { ...info.multilang };
    const script = component.multilang.script;
    if (!script) {
      diags.push(diagnostic('multilang-script-not-found', source, `The script of "${c.id}" (${info.multilang.command.join(' ')}) is not in the analyzed tree`));
    } else if (opts.readMultilangScript && /\.(m?js|cjs|ts)$/.test(script)) {
      const name = info.multilang.command.filter((x) => /\.[A-Za-z0-9]+$/.test(x)).pop() ?? script;
      const found = scripts.find(name);
      if (found) {
        try {
          const r = opts.readMultilangScript(found.abs, found.display);
          if (r.emittedFields) component.multilang.emittedFields = r.emittedFields;
          diags.push(...r.diagnostics);
        } catch (e) {
          diags.push(internalError(found.display, e));
        }
      }
    }
  }
  if (info.window) component.window = info.window;
  component.className = info.className;
  component.features = sortFeatures(features);
  component.outputStreams = info.outputStreams;
  if (Object.keys(config).length) component.config = config;
  const res = c.resources;
  if (res.cpu !== undefined || res.memoryOnHeapMb !== undefined || res.memoryOffHeapMb !== undefined) component.resources = { ...res };
  if (inst.cls) {
    component.superclasses = info.superclasses;
    component.classSource = info.source;
  }
  if (c.type === 'bolt') {
    const own = config[TICK];
    component.tickFrequencySecs = typeof own === 'number' ? own : topoTick;
  }
  const hasOfd = !!inst.cls && info.outputStreams.length > 0 && info.outputStreams.every((s) => s.resolved !== false);
  void prog;
  return {
    component,
    files: [...info.files],
    backtype: info.backtype,
    streams: hasOfd ? info.outputStreams.map((s) => s.id) : null,
  };
}

const LAMBDA_CLASSES = {
  supplier: 'org.apache.storm.lambda.LambdaSpout',
  'bi-consumer': 'org.apache.storm.lambda.LambdaBiConsumerBolt',
  consumer: 'org.apache.storm.lambda.LambdaConsumerBolt',
} as const;

/** Storm 2 lambda components: TopologyBuilder wraps the lambda in one of Storm's own classes. */
function lambdaComponent(c: CompRec, component: Component, rec: TopoRec, topoTick: number | null): ReturnType<typeof buildComponent> {
  const kind = c.lambda!;
  component.className = LAMBDA_CLASSES[kind];
  component.lambda = kind;
  if (kind === 'supplier') {
    // LambdaSpout emits new Values(supplier.get()) on the default stream, declared as "lambda".
    component.outputStreams = [{ id: 'default', fields: ['lambda'], direct: false }];
  } else {
    component.features = ['basic-bolt'];
    if (kind === 'bi-consumer') {
      const fields = c.lambdaFields ?? [];
      component.outputStreams = [{ id: 'default', fields, direct: false, ...(c.lambdaFields ? {} : { resolved: false }) }];
    }
  }
  if (Object.keys(c.config).length) {
    component.config = { ...c.config };
    component.features = sortFeatures([...component.features, 'component-config']);
  }
  if (c.type === 'bolt') {
    const own = c.config[TICK];
    component.tickFrequencySecs = typeof own === 'number' ? own : topoTick;
  }
  void rec;
  const streams = kind === 'consumer' ? [] : c.lambdaFields === null && kind === 'bi-consumer' ? null : ['default'];
  return { component, files: [], backtype: false, streams };
}

/** A library class by its simple name, unless the analyzed sources declare a class of that name elsewhere (a user's own `KafkaSpout`). */
function namedLike(inst: NonNullable<ReturnType<typeof asInstance>>, simple: string, library: string[]): boolean {
  return inst.simple === simple && (!inst.cls || library.includes(inst.cls.fqcn));
}

function kafkaSpout(inst: NonNullable<ReturnType<typeof asInstance>>, info: ComponentClassInfo): KafkaSpoutInfo | undefined {
  const isSpout = namedLike(inst, 'KafkaSpout', [KAFKA_CLIENT_SPOUT, ...ZK_KAFKA_SPOUTS]) || info.superclasses.some((s) => s.endsWith('.KafkaSpout'));
  if (!isSpout) return undefined;
  const cfg = inst.args.find((a) => a.k === 'ref' && a.o.h === 'kafka');
  if (cfg && cfg.k === 'ref' && cfg.o.h === 'kafka') {
    const i = cfg.o.info;
    return { ...i, topics: [...i.topics] };
  }
  const client = (inst.className ?? '').includes('kafka.spout') || !/^(storm\.kafka|org\.apache\.storm\.kafka)\.KafkaSpout$/.test(inst.className ?? '');
  return { kind: client ? 'storm-kafka-client' : 'storm-kafka', topics: [] };
}

function kafkaSink(
  inst: NonNullable<ReturnType<typeof asInstance>>,
  info: ComponentClassInfo,
  topoConfig: Record<string, unknown>,
  ev: Evaluator,
): KafkaSinkInfo | undefined {
  const isBolt = namedLike(inst, 'KafkaBolt', [...KAFKA_BOLTS]) || info.superclasses.some((s) => s.endsWith('.KafkaBolt'));
  if (!isBolt) return undefined;
  const sink: KafkaSinkInfo = { topic: null };
  for (const call of inst.calls) {
    const a = call.args[0];
    if (call.name === 'withTopicSelector') {
      if (a?.k === 'str') sink.topic = a.v;
      else if (a?.k === 'ref' && a.o.h === 'instance' && a.o.args[0]?.k === 'str') sink.topic = a.o.args[0].v;
    } else if (call.name === 'withProducerProperties' && a?.k === 'ref' && a.o.h === 'map') {
      const s = a.o.entries.get('bootstrap.servers');
      if (s?.k === 'str') sink.bootstrapServers = s.v;
    }
  }
  if (sink.topic === null) {
    const t = topoConfig['kafka.topic'] ?? topoConfig['topic'];
    if (typeof t === 'string') sink.topic = t;
  }
  if (sink.bootstrapServers === undefined) {
    const props = topoConfig['kafka.broker.properties'];
    if (props && typeof props === 'object') {
      const p = props as Record<string, unknown>;
      const s = p['metadata.broker.list'] ?? p['bootstrap.servers'];
      if (typeof s === 'string') sink.bootstrapServers = s;
    }
  }
  void ev;
  return sink;
}

function asInstance(v: Value) {
  return v.k === 'ref' && v.o.h === 'instance' ? v.o : null;
}

/** The directory display paths are relative to, when it can be inferred from the inputs. */
function baseDir(files: JavaSource[]): string | null {
  for (const f of files) {
    const abs = f.absPath.replace(/\\/g, '/');
    if (!f.path.startsWith('/') && !f.path.startsWith('..') && abs.endsWith('/' + f.path)) return abs.slice(0, abs.length - f.path.length);
  }
  return null;
}

function internalError(file: string, e: unknown): Diagnostic {
  const where = e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e);
  return diagnostic('internal-error', { file }, `internal error in the Java analyzer: ${where}`);
}
