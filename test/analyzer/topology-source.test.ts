// A Flux topologySource: the graph comes from the Java method it names, when the class is in the analyzed sources.
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { topologySourceProject } from '../helpers/topology-source.js';

describe('Flux topologySource', () => {
  it('takes the graph, files and diagnostics of the method it names; the method is not a topology of its own', async () => {
    const dir = topologySourceProject();
    const a = await analyzePaths([dir]);
    expect(a.topologies.map((t) => `${t.id} ${t.kind}`).sort()).toEqual(['exclamation java', 'exclamation-source-flux flux']);
    const t = a.topologies.find((x) => x.kind === 'flux')!;
    expect(t.entry).toEqual({ className: 'dev.storm2flink.samples.exclamation.ExclamationSource', method: 'getTopology' });
    expect(t.components.map((c) => `${c.id}:${c.type}:${c.parallelism}`)).toEqual(['words:spout:1', 'exclaim1:bolt:3', 'exclaim2:bolt:2']);
    expect(t.edges.map((e) => `${e.from}->${e.to}:${e.grouping}`)).toEqual(['words->exclaim1:shuffle', 'exclaim1->exclaim2:fields']);
    expect(t.config).toEqual({ 'topology.workers': 1 });
    expect(t.files.some((f) => f.endsWith('ExclamationSource.java'))).toBe(true);
    expect(t.files.some((f) => f.endsWith('source.yaml'))).toBe(true);
    expect(t.diagnostics.map((d) => d.code)).toContain('S2F207');
  });

  it('a class the sources do not hold: the Flux topology keeps an empty graph and the info', async () => {
    const dir = topologySourceProject('org.example.Elsewhere');
    const a = await analyzePaths([dir]);
    const t = a.topologies.find((x) => x.kind === 'flux')!;
    expect(t.components).toEqual([]);
    expect(t.diagnostics.map((d) => d.code)).toEqual(['S2F207']);
    // The Java method is then a topology of its own, as before.
    expect(a.topologies.some((x) => x.kind === 'java' && x.entry?.className?.endsWith('ExclamationSource'))).toBe(true);
  });
});
