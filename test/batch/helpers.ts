// Hand-made models and a stand-in analyzer, so batch and report tests do not depend on the real one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../../src/model/diagnostics.js';
import { MODEL_VERSION, type Analysis, type Component, type Edge, type Topology } from '../../src/model/topology.js';
import type { AnalyzeFn } from '../../src/batch/run.js';
import type { BatchEvent, Reporter } from '../../src/batch/types.js';

export interface TopoSpec {
  id: string;
  name?: string | null;
  file?: string;
  spouts?: string[];
  bolts?: string[];
  edges?: Array<[from: string, to: string, grouping?: Edge['grouping'], stream?: string]>;
  blocked?: boolean;
  config?: Record<string, unknown>;
  topics?: string[];
  tick?: number;
}

export function component(id: string, type: 'spout' | 'bolt', file: string, extra: Partial<Component> = {}): Component {
  return {
    id,
    type,
    className: `com.example.${type === 'spout' ? 'Spout' : 'Bolt'}${id.replace(/[^A-Za-z0-9]/g, '')}`,
    parallelism: 2,
    numTasks: null,
    tickFrequencySecs: null,
    features: [],
    outputStreams: [{ id: 'default', fields: ['word'], direct: false }],
    source: { file, line: 3, column: 5 },
    ...extra,
  };
}

export function topology(spec: TopoSpec): Topology {
  const file = spec.file ?? `src/${spec.id}.java`;
  const spouts = spec.spouts ?? ['spout'];
  const bolts = spec.bolts ?? ['split', 'count'];
  const components = [
    ...spouts.map((s, i) =>
      component(s, 'spout', file, i === 0 && spec.topics ? { kafka: { kind: 'storm-kafka-client', topics: spec.topics }, features: ['kafka-spout'] } : {}),
    ),
    ...bolts.map((b) => component(b, 'bolt', file, spec.tick ? { tickFrequencySecs: spec.tick, features: ['tick'] } : {})),
  ];
  const chain = [...spouts.slice(0, 1), ...bolts];
  const edges: Edge[] = (spec.edges ?? chain.slice(1).map((to, i) => [chain[i]!, to, i % 2 ? 'fields' : 'shuffle'] as [string, string, Edge['grouping']])).map(
    ([from, to, grouping, stream]) => ({
      from,
      to,
      stream: stream ?? 'default',
      grouping: grouping ?? 'shuffle',
      ...(grouping === 'fields' ? { fields: ['word'] } : {}),
      source: { file, line: 4, column: 7 },
    }),
  );
  const diagnostics = spec.blocked ? [{ ...diagnostic('transactional', { file, line: 2, column: 1 }, 'Transactional topology') }] : [];
  return {
    id: spec.id,
    name: spec.name === undefined ? spec.id : spec.name,
    kind: file.endsWith('.java') ? 'java' : 'flux',
    namespace: 'org.apache.storm',
    source: { file, line: 1, column: 1 },
    files: [file],
    components,
    edges,
    config: spec.config ?? { 'topology.workers': 2 },
    blocked: spec.blocked === true,
    diagnostics,
  };
}

export function analysisOf(topologies: Topology[]): Analysis {
  return {
    version: MODEL_VERSION,
    topologies,
    diagnostics: [],
    stats: { files: topologies.length, javaFiles: topologies.length, fluxFiles: 0, skipped: 0, failed: 0 },
  };
}

/**
 * A stand-in analyzer over a tree of `*.yaml` files whose content is a JSON TopoSpec (YAML is a
 * superset of JSON). Invalid JSON is a broken file (an error, no topology); `"throw": true` makes
 * the analyzer itself throw, like a bug would.
 */
export const fakeAnalyzer =
  (calls: { n: number } = { n: 0 }): AnalyzeFn =>
  async (paths, { cwd }) => {
    calls.n++;
    const files: string[] = [];
    const walk = (p: string) => {
      const st = fs.statSync(p);
      if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
      else if (p.endsWith('.yaml')) files.push(p);
    };
    for (const p of paths) walk(path.resolve(cwd, p));
    const out = analysisOf([]);
    out.stats = { files: files.length, javaFiles: 0, fluxFiles: files.length, skipped: 0, failed: 0 };
    for (const abs of files) {
      const rel = path.relative(cwd, abs).split(path.sep).join('/');
      const text = fs.readFileSync(abs, 'utf8');
      let spec: TopoSpec & { throw?: boolean };
      try {
        spec = JSON.parse(text) as TopoSpec;
      } catch {
        out.diagnostics.push(diagnostic('yaml-syntax-error', { file: rel, line: 1, column: 1 }, 'cannot parse'));
        out.stats.failed++;
        continue;
      }
      if (spec.throw) throw new Error(`analyzer bug on ${rel}`);
      out.topologies.push(topology({ ...spec, file: rel }));
    }
    return out;
  };

export function writeTree(root: string, files: Record<string, string | TopoSpec>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

export class RecordingReporter implements Reporter {
  events: BatchEvent[] = [];
  event(e: BatchEvent): void {
    this.events.push(e);
  }
  close(): void {}
}

/** A writable that records what was written, optionally pretending to be a terminal. */
export function captureStream(isTTY = false): NodeJS.WriteStream & { text(): string } {
  let buf = '';
  const s = {
    isTTY,
    columns: 100,
    write(chunk: string | Uint8Array) {
      buf += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
    text: () => buf,
  };
  return s as unknown as NodeJS.WriteStream & { text(): string };
}
