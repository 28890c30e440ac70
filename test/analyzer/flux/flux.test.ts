import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { TopologySchema } from '../../../src/model/topology.js';
import { analyzeFlux, looksLikeFlux } from '../../../src/analyzer/flux/index.js';
import type { ClassResolver } from '../../../src/analyzer/types.js';
import { analyze, classInfo, codes, fx, options, source } from './helpers.js';

const PROPS = {
  'topology.name': 'subst-topology',
  workers: '3',
  'a.list.property': '["A", "B"]',
  first: '1',
  second: '2',
  'spout.class': 'org.example.SubstSpout',
  'spout.parallelism': '4',
  'key.field': 'word',
};

function topologyOf(name: string, over = {}) {
  const r = analyze(name, over);
  expect(r.isFlux).toBe(true);
  expect(r.topology).toBeDefined();
  expect(Value.Check(TopologySchema, r.topology)).toBe(true);
  return { r, t: r.topology! };
}

describe('looksLikeFlux', () => {
  it('checks top-level Flux keys only', () => {
    expect(looksLikeFlux('name: x\nspouts:\n  - id: a\n')).toBe(true);
    expect(looksLikeFlux('topologySource:\n  className: X\n')).toBe(true);
    expect(looksLikeFlux('"streams": []\n')).toBe(true);
    expect(looksLikeFlux('services:\n  spouts: 1\n')).toBe(false);
    expect(looksLikeFlux('name: x\nconfig: {}\n')).toBe(false);
  });
});

describe('analyzeFlux: graph', () => {
  it('reads every grouping type, streamId, fields and customClass', () => {
    const { r, t } = topologyOf('groupings.yaml');
    const g = fx('groupings.yaml');
    expect(t.name).toBe('groupings');
    expect(t.kind).toBe('flux');
    expect(t.id).toBe('');
    expect(t.namespace).toBe('org.apache.storm');
    expect(t.source).toEqual({ file: g, line: 1, column: 7 });
    expect(t.entry).toEqual({ className: null, method: null });
    expect(t.files).toEqual([g]);
    expect(t.blocked).toBe(false);
    expect(t.config).toEqual({ 'topology.workers': 2, 'topology.debug': true });
    expect(t.components.map((c) => [c.id, c.type, c.parallelism, c.numTasks])).toEqual([
      ['spout', 'spout', 2, null],
      ['b-shuffle', 'bolt', 1, null],
      ['b-fields', 'bolt', 3, 6],
      ['b-all', 'bolt', 1, null],
      ['b-global', 'bolt', 1, null],
      ['b-none', 'bolt', 1, null],
      ['b-local', 'bolt', 1, null],
      ['b-direct', 'bolt', 1, null],
      ['b-custom', 'bolt', 1, null],
      ['b-partial', 'bolt', 1, null],
    ]);
    expect(t.components[0]!.source).toEqual({ file: g, line: 6, column: 5 });
    expect(t.components.every((c) => c.tickFrequencySecs === null)).toBe(true);
    expect(t.components.find((c) => c.id === 'b-custom')!.features).toEqual(['custom-grouping']);
    const edges = t.edges.map(({ source, ...e }) => e);
    expect(edges).toEqual([
      { from: 'spout', stream: 'default', to: 'b-shuffle', grouping: 'shuffle' },
      { from: 'spout', stream: 'default', to: 'b-fields', grouping: 'fields', fields: ['word', 'count'] },
      { from: 'spout', stream: 'control', to: 'b-all', grouping: 'all' },
      { from: 'b-shuffle', stream: 'default', to: 'b-global', grouping: 'global' },
      { from: 'spout', stream: 'default', to: 'b-none', grouping: 'none' },
      { from: 'spout', stream: 'default', to: 'b-local', grouping: 'local-or-shuffle' },
      { from: 'spout', stream: 'direct-out', to: 'b-direct', grouping: 'direct' },
      { from: 'spout', stream: 'default', to: 'b-custom', grouping: 'custom', customClass: 'org.example.MyGrouping' },
      { from: 'spout', stream: 'default', to: 'b-partial', grouping: 'partial-key', fields: ['word'] },
    ]);
    expect(t.edges[0]!.source).toEqual({ file: g, line: 31, column: 5 });
    // PARTIAL_KEY is read, with a warning: Flux's GroupingDef enum has no such value.
    expect(codes(r.diagnostics)).toEqual(['S2F304 72:13']);
    expect(r.diagnostics[0]!.severity).toBe('warning');
    expect(t.diagnostics).toEqual(r.diagnostics);
  });

  it('reads a storm-kafka-client spout and a KafkaBolt', () => {
    const { r, t } = topologyOf('kafka-client.yaml');
    expect(r.diagnostics).toEqual([]);
    const [spout, bolt] = t.components;
    expect(spout!.features).toEqual(['kafka-spout']);
    expect(spout!.kafka).toEqual({
      kind: 'storm-kafka-client',
      topics: ['events', 'clicks'],
      bootstrapServers: 'localhost:9092',
      groupId: 'my-group',
      firstPollOffsetStrategy: 'EARLIEST',
      processingGuarantee: 'AT_LEAST_ONCE',
      scheme: 'org.example.OnlyValueRecordTranslator',
    });
    expect(bolt!.features).toEqual(['kafka-bolt']);
    expect(bolt!.kafkaSink).toEqual({ topic: 'out-topic', bootstrapServers: 'broker:9092' });
  });

  it('reads an old storm-kafka spout (ZkHosts + SpoutConfig) in the backtype.storm namespace', () => {
    const { r, t } = topologyOf('kafka-old.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(t.namespace).toBe('backtype.storm');
    expect(t.components[0]!.kafka).toEqual({
      kind: 'storm-kafka',
      topics: ['sentences'],
      zkHosts: 'zk1:2181,zk2:2181',
      zkRoot: '/kafkastorm',
      groupId: 'sentence-reader',
      scheme: 'storm.kafka.StringScheme',
    });
    expect(t.components[0]!.features).toEqual(['kafka-spout']);
  });

  it('reads FluxShellSpout / FluxShellBolt as multilang components', () => {
    const { r, t } = topologyOf('shell.yaml');
    const [spout, split, count] = t.components;
    expect(spout!.multilang).toEqual({ command: ['node', 'randomsentence.js'], emittedFields: ['sentence'] });
    expect(spout!.outputStreams).toEqual([{ id: 'default', fields: ['sentence'], direct: false }]);
    expect(spout!.features).toEqual(['multilang']);
    expect(split!.multilang).toEqual({ command: ['python3', 'splitsentence.py'], emittedFields: ['word'] });
    expect(split!.outputStreams).toEqual([
      { id: 'default', fields: ['word'], direct: false },
      { id: 'errors', fields: ['line', 'reason'], direct: false },
    ]);
    expect(split!.features).toEqual(['multilang', 'multiple-streams']);
    expect(split!.parallelism).toBe(4);
    expect(split!.config).toEqual({ 'topology.tick.tuple.freq.secs': 5 });
    expect(split!.tickFrequencySecs).toBeNull();
    expect(count!.multilang).toBeUndefined();
    expect(codes(r.diagnostics)).toEqual(['S2F206 3:5', 'S2F206 9:5']);
  });

  it('reads withWindow / withTumblingWindow from Count and Duration components', () => {
    const { r, t } = topologyOf('window.yaml');
    expect(r.diagnostics).toEqual([]);
    const sliding = t.components.find((c) => c.id === 'sliding')!;
    const tumbling = t.components.find((c) => c.id === 'tumbling')!;
    expect(sliding.window).toEqual({ kind: 'sliding', length: { count: 5 }, slide: { count: 3 } });
    expect(sliding.features).toEqual(['windowed']);
    expect(tumbling.window).toEqual({
      kind: 'tumbling',
      length: { durationMs: 10000 },
      slide: { durationMs: 10000 },
      timestampField: 'ts',
      lagMs: 2000,
    });
  });

  it('reports topologySource with an empty graph and its entry point', () => {
    const { r, t } = topologyOf('topology-source.yaml');
    expect(t.components).toEqual([]);
    expect(t.edges).toEqual([]);
    expect(t.entry).toEqual({ className: 'org.example.SimpleTopology', method: 'getTopologyWithDifferentMethodName' });
    expect(t.config).toEqual({ 'topology.workers': 1 });
    expect(codes(r.diagnostics)).toEqual(['S2F207 5:3']);
    expect(r.diagnostics[0]!.severity).toBe('info');

    const d = topologyOf('topology-source-default.yaml');
    expect(d.t.entry).toEqual({ className: 'org.example.SimpleTopologySource', method: 'getTopology' });
    expect(d.t.name).toBeNull();
    expect(d.t.source).toEqual({ file: fx('topology-source-default.yaml'), line: 1, column: 1 });
  });

  it('adds the topologySource class file when the resolver knows the class', () => {
    const classes: ClassResolver = {
      resolve: (n) =>
        n === 'org.example.SimpleTopology' ? classInfo({ className: n, source: { file: 'src/SimpleTopology.java', line: 3, column: 1 } }) : undefined,
    };
    const { t } = topologyOf('topology-source.yaml', { classes });
    expect(t.files).toEqual(['src/SimpleTopology.java', fx('topology-source.yaml')].sort());
  });
});

describe('analyzeFlux: class resolver', () => {
  it('merges what the Java analyzer knows about component classes', () => {
    const classes: ClassResolver = {
      resolve(name) {
        if (name === 'org.example.Bolt') {
          return classInfo({
            className: name,
            features: ['tick', 'rich-bolt', 'emit-direct'],
            outputStreams: [
              { id: 'default', fields: ['word', 'n'], direct: false },
              { id: 'alerts', fields: ['msg'], direct: true },
            ],
            componentConfig: { 'topology.tick.tuple.freq.secs': 10, other: 'class' },
            superclasses: ['org.apache.storm.topology.base.BaseRichBolt', 'org.apache.storm.topology.IRichBolt'],
            source: { file: 'src/main/java/org/example/Bolt.java', line: 12, column: 1 },
            window: { kind: 'tumbling', length: { count: 10 } },
          });
        }
        if (name === 'org.apache.storm.testing.TestWordSpout') throw new Error('resolver bug');
        return undefined;
      },
    };
    const { t } = topologyOf('groupings.yaml', { classes });
    const b = t.components.find((c) => c.id === 'b-custom')!;
    expect(b.features).toEqual(['tick', 'rich-bolt', 'emit-direct', 'multiple-streams', 'direct-stream', 'custom-grouping']);
    expect(b.outputStreams).toEqual([
      { id: 'default', fields: ['word', 'n'], direct: false },
      { id: 'alerts', fields: ['msg'], direct: true },
    ]);
    expect(b.config).toEqual({ 'topology.tick.tuple.freq.secs': 10, other: 'class' });
    expect(b.superclasses).toEqual(['org.apache.storm.topology.base.BaseRichBolt', 'org.apache.storm.topology.IRichBolt']);
    expect(b.classSource).toEqual({ file: 'src/main/java/org/example/Bolt.java', line: 12, column: 1 });
    expect(b.window).toEqual({ kind: 'tumbling', length: { count: 10 } });
    expect(b.tickFrequencySecs).toBeNull();
    expect(t.files).toEqual([fx('groupings.yaml'), 'src/main/java/org/example/Bolt.java'].sort());
    // A throwing resolver is treated as "unknown class".
    expect(t.components[0]!.classSource).toBeUndefined();
  });

  it('lets the YAML component config override getComponentConfiguration', () => {
    const classes: ClassResolver = {
      resolve: (n) => (n === 'org.example.Bolt' ? classInfo({ className: n, componentConfig: { 'topology.tick.tuple.freq.secs': 10, keep: 1 } }) : undefined),
    };
    const { t } = topologyOf('substitution-flow.yaml', { classes, properties: PROPS });
    expect(t.components[1]!.config).toEqual({ 'topology.tick.tuple.freq.secs': 10, keep: 1, 'two.on.a.line': '${first} 2' });
    expect(t.components[1]!.features).toEqual(['component-config']);
  });
});

describe('analyzeFlux: includes', () => {
  it('merges file and resource includes with FluxParser override rules', () => {
    const { r, t } = topologyOf('include-main.yaml');
    const main = fx('include-main.yaml');
    const frag = fx('includes/fragment.yaml');
    const res = fx('resources/configs/common.yaml');
    // override: true (the resource) replaces the name; override: false (the fragment) could not.
    expect(t.name).toBe('overridden-name');
    expect(t.source).toEqual({ file: main, line: 1, column: 1 });
    expect(t.config).toEqual({ a: 1, b: 3, c: 2 });
    expect(t.files).toEqual([main, frag, res].sort());
    expect(t.components.map((c) => [c.id, c.className, c.parallelism, c.source.file, c.source.line])).toEqual([
      ['s1', 'org.example.ResourceSpout', 5, res, 5],
      ['b1', 'org.example.MainBolt', 1, main, 15],
      ['b2', 'org.example.FragmentBolt2', 1, frag, 11],
    ]);
    // Included streams are appended whatever override says.
    expect(t.edges.map((e) => `${e.from}->${e.to} ${e.source!.file}:${e.source!.line}`)).toEqual([`s1->b1 ${main}:18`, `b1->b2 ${frag}:14`]);
    // Includes of included files are ignored, as in Flux; one of them points back (a cycle).
    expect(r.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([`S2F312 ${frag}:3:5`, `S2F314 ${frag}:4:5`]);
  });

  it('reports missing includes and a file including itself', () => {
    const { r, t } = topologyOf('include-missing.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F306 2:5', 'S2F306 3:5', 'S2F312 5:5']);
    expect(r.diagnostics.every((d) => d.file === fx('include-missing.yaml'))).toBe(true);
    expect(t.components.map((c) => c.id)).toEqual(['s']);
  });

  it("resolves a file include (resource: false) against the project folder, where Flux runs, not the Flux file's folder", () => {
    // A Maven project whose Flux file sits in src/main/resources/flux and includes conf/parts.yaml of the project.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-flux-include-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('pom.xml', '<project/>');
    write(
      'conf/parts.yaml',
      'bolts:\n  - id: "fromProject"\n    className: "org.example.ProjectBolt"\nstreams:\n  - from: "s"\n    to: "fromProject"\n    grouping:\n      type: SHUFFLE\n',
    );
    // The same relative path beside the Flux file: Flux, run from the project folder, never opens it.
    write(
      'src/main/resources/flux/conf/parts.yaml',
      'bolts:\n  - id: "besideFlux"\n    className: "org.example.NearBolt"\nstreams:\n  - from: "s"\n    to: "besideFlux"\n    grouping:\n      type: SHUFFLE\n',
    );
    const fluxRel = 'src/main/resources/flux/topology.yaml';
    write(
      fluxRel,
      'name: "t"\nincludes:\n  - resource: false\n    file: "conf/parts.yaml"\n    override: false\nspouts:\n  - id: "s"\n    className: "org.example.S"\n',
    );
    const file = { path: fluxRel, absPath: path.join(root, fluxRel), text: fs.readFileSync(path.join(root, fluxRel), 'utf8') };
    const r = analyzeFlux(file, options());
    expect(r.diagnostics).toEqual([]);
    expect(r.topology!.components.map((c) => c.id)).toEqual(['s', 'fromProject']);
    // No build file above: the Flux file's own folder (where verify runs a loose Flux file).
    fs.rmSync(path.join(root, 'pom.xml'));
    expect(analyzeFlux(file, options()).topology!.components.map((c) => c.id)).toEqual(['s', 'besideFlux']);
    // Missing in the project folder: the include's own position says so.
    fs.writeFileSync(path.join(root, 'build.gradle'), '');
    fs.rmSync(path.join(root, 'conf'), { recursive: true });
    const missing = analyzeFlux(file, options());
    expect(codes(missing.diagnostics)).toEqual(['S2F306 3:5']);
    expect(missing.diagnostics[0]!.message).toContain('looked for at ../../../../conf/parts.yaml from this file');
    expect(missing.topology!.components.map((c) => c.id)).toEqual(['s']);
  });

  it('treats a file made only of includes as Flux (Storm include_test.yaml)', () => {
    const { r, t } = topologyOf('include-only.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(t.name).toBe('include-topology');
    expect(t.config).toEqual({ b: 3 });
    expect(t.components.map((c) => c.id)).toEqual(['s1']);
  });
});

describe('analyzeFlux: substitution', () => {
  it('substitutes ${prop}, ${ENV-NAME} and ${list[i]} like FluxParser, at the original positions', () => {
    const { r, t } = topologyOf('substitution.yaml', { properties: PROPS, env: { HOME_DIR: '/home/x' } });
    expect(t.name).toBe('subst-topology');
    expect(t.config).toEqual({
      'topology.workers': 3,
      'test.env.value': '/home/x',
      'list.property.target': ['A', 'B'],
      'list.element.property.target': 'B',
      'two.on.a.line': '${first} 2', // Flux replaces one ${...} per line: the last one
      'missing.value': '${no.such.property}',
      'missing.env': '${ENV-NOT_SET}',
    });
    expect(t.components[0]!.className).toBe('org.example.SubstSpout');
    expect(t.components[0]!.parallelism).toBe(4);
    expect(t.edges[0]!.fields).toEqual(['word']);
    expect(codes(r.diagnostics)).toEqual(['S2F305 7:18', 'S2F305 8:18', 'S2F305 9:16']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "'${first}' is not substituted: Flux replaces only one ${...} per line ('${second}' here).",
      "Property 'no.such.property' is not defined; '${no.such.property}' is left as is.",
      "Environment variable 'NOT_SET' is not set; '${ENV-NOT_SET}' is left as is.",
    ]);
    expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('falls back to Flux text substitution when ${...} makes the raw YAML invalid', () => {
    const { r, t } = topologyOf('substitution-flow.yaml', { properties: PROPS });
    expect(t.edges[0]!.fields).toEqual(['word', 'extra']);
    expect(t.components[1]!.config).toEqual({ 'two.on.a.line': '${first} 2' });
    expect(codes(r.diagnostics)).toEqual(['S2F305 9:22']);
  });

  it('warns on every unresolved property when no --filter file is given', () => {
    const { r } = topologyOf('substitution.yaml');
    expect(r.diagnostics.filter((d) => d.code === 'S2F305').length).toBe(12);
  });
});

describe('analyzeFlux: diagnostics with positions', () => {
  it('unknown component in a stream', () => {
    const { r, t } = topologyOf('unknown-component.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F302 9:11', 'S2F302 14:9']);
    expect(r.diagnostics.every((d) => d.file === fx('unknown-component.yaml') && d.severity === 'error')).toBe(true);
    expect(t.edges).toEqual([]);
  });

  it('missing className', () => {
    const { r, t } = topologyOf('missing-class.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F303 2:5']);
    expect(t.components[0]!.className).toBeNull();
  });

  it('bad grouping types and FIELDS without args', () => {
    const { r, t } = topologyOf('bad-grouping.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F304 15:13', 'S2F304 19:7', 'S2F304 23:13']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Unknown grouping type 'SHUFLE'.",
      "FIELDS grouping needs 'args' with the field names.",
      "Grouping type 'shuffle' must be upper case ('SHUFFLE'); Flux reads it as a Java enum.",
    ]);
    expect(t.edges.map((e) => [e.to, e.grouping, e.fields])).toEqual([
      ['b', 'fields', []],
      ['c', 'shuffle', undefined],
    ]);
  });

  it('unknown ref, reflist entry and property ref', () => {
    const { r } = topologyOf('unknown-ref.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F308 9:14', 'S2F308 16:32', 'S2F308 19:14']);
  });

  it('YAML syntax error: no topology, the parser position', () => {
    const r = analyze('syntax-error.yaml');
    expect(r).toEqual({
      isFlux: true,
      diagnostics: [
        {
          code: 'S2F301',
          severity: 'error',
          blocker: true,
          message: 'Sequence item without - indicator at line 5, column 1:',
          file: fx('syntax-error.yaml'),
          line: 5,
          column: 1,
        },
      ],
    });
  });

  it('billion laughs: returns fast with S2F307', () => {
    const t0 = performance.now();
    const r = analyze('bomb.yaml');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.isFlux).toBe(true);
    expect(r.topology).toBeUndefined();
    expect(codes(r.diagnostics)).toEqual(['S2F307 3:8']);
  });

  it('a deep alias chain on a spout list is bounded too', () => {
    const lines = ['base: &a0 {id: s, className: X}'];
    for (let i = 1; i <= 30; i++) lines.push(`l${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    lines.push('spouts: *a30');
    const text = lines.join('\n') + '\n';
    const t0 = performance.now();
    const r = analyzeFlux({ path: 'deep.yaml', absPath: '/nowhere/deep.yaml', text }, options());
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['S2F307']);
  });

  it('shapes: unknown keys, duplicate ids, refList, unconnected bolts, non-integer parallelism', () => {
    const { r, t } = topologyOf('shapes.yaml');
    expect(codes(r.diagnostics)).toEqual(['S2F311 8:5', 'S2F309 12:9', 'S2F311 15:9', 'S2F309 16:9', 'S2F313 18:5', 'S2F311 20:18']);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error', 'warning', 'warning', 'error', 'warning', 'error']);
    // The later duplicate wins (LinkedHashMap.put), bolts without an incoming stream are not in the topology.
    expect(t.components.map((c) => [c.id, c.type, c.className])).toEqual([
      ['dup', 'spout', 'org.example.Spout'],
      ['bolt', 'bolt', 'org.example.BoltB'],
    ]);
  });

  it('topologySource together with a DSL graph is an error', () => {
    const text = 'topologySource:\n  className: org.example.T\nspouts:\n  - id: s\n    className: X\n';
    const r = analyzeFlux({ path: 'mixed.yaml', absPath: '/nowhere/mixed.yaml', text }, options());
    expect(codes(r.diagnostics)).toEqual(['S2F311 2:3', 'S2F207 2:3']); // errors sort before infos
  });
});

describe('analyzeFlux: not Flux, never throws', () => {
  it('returns isFlux false and nothing else for other YAML', () => {
    expect(analyze('not-flux.yaml')).toEqual({ isFlux: false, diagnostics: [] });
    const list = analyzeFlux({ path: 'l.yaml', absPath: '/l.yaml', text: '- spouts: 1\n' }, options());
    expect(list).toEqual({ isFlux: false, diagnostics: [] });
    const prose = analyzeFlux({ path: 'p.yaml', absPath: '/p.yaml', text: 'streams: "a scalar"\nother: 1\n' }, options());
    expect(prose.isFlux).toBe(true);
    expect(codes(prose.diagnostics)).toEqual(['S2F311 1:10', 'S2F311 2:1']);
  });

  it('survives odd inputs', () => {
    const inputs = [
      'spouts:\n',
      'spouts: [1, "x", null, {id: 3}]\nbolts: {}\n',
      'spouts:\n  - id: a\n    className: [1]\n    constructorArgs: {ref: x}\nstreams: [{from: a, to: a, grouping: 7}]\n',
      'streams:\n  - from: [a]\n    to: {b: c}\n    grouping: {type: [X], args: x, customClass: 5}\n',
      'includes: [{file: 7}]\nspouts: []\n',
      'spouts: !!binary aGVsbG8=\n',
      '%YAML 1.1\n---\nspouts: []\n...\n---\nbolts: []\n',
      'spouts:\n  - &x {id: a, className: X, constructorArgs: [*x]}\n',
    ];
    for (const text of inputs) {
      const r = analyzeFlux({ path: 'odd.yaml', absPath: '/nowhere/odd.yaml', text }, options());
      expect(r.diagnostics.some((d) => d.code === 'S2F009')).toBe(false);
      if (r.topology) expect(Value.Check(TopologySchema, r.topology)).toBe(true);
    }
  });

  it('is deterministic', () => {
    const a = JSON.stringify(analyzeFlux(source('include-main.yaml'), options()));
    const b = JSON.stringify(analyzeFlux(source('include-main.yaml'), options()));
    expect(a).toBe(b);
  });
});
