// The Flink request derived from the Storm topology: slots, TaskManagers, memory and CPU, with and without
// Storm's Resource Aware Scheduler figures; the memory figures checked against Flink's own derivation
// (BashJavaUtils, what Flink's scripts run to size a TaskManager or JobManager JVM).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { effectiveModel } from '../../src/diff/build.js';
import type { Component, Topology } from '../../src/model/topology.js';
import { mapConfig, type ConfigMapping } from '../../src/translator/config-map.js';
import { run, javaTools } from '../../src/diff/jvm.js';
import { FLINK_LINES, type DeployTarget } from '../../src/translator/versions.js';
import { flinkClusterClasspath } from '../helpers/flink-cluster.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';
import { project, text } from './helpers.js';

function comp(id: string, parallelism: number | null, resources?: Component['resources'], type: 'spout' | 'bolt' = 'bolt'): Component {
  return {
    id,
    type,
    className: `p.${id}`,
    parallelism,
    numTasks: null,
    tickFrequencySecs: null,
    features: [],
    outputStreams: [],
    source: { file: 'T.java', line: 1, column: 1 },
    ...(resources ? { resources } : {}),
  };
}

function topology(components: Component[], config: Record<string, unknown> = {}): Topology {
  return {
    id: 't',
    name: 't',
    kind: 'java',
    namespace: 'org.apache.storm',
    source: { file: 'T.java', line: 1, column: 1 },
    entry: { className: 'p.T', method: 'main' },
    files: ['T.java'],
    components,
    edges: [],
    config,
    blocked: false,
    diagnostics: [],
  };
}

const map = (t: Topology, target: DeployTarget = 'yarn-application') => mapConfig(t, { flink: '1.20', target, folder: 't' });
const setting = (m: ConfigMapping, key: string) => m.settings.find((s) => s.key === key)?.value;

describe('resources derived from the Storm topology', () => {
  it('without RAS or topology.workers: one TaskManager, as many slots as the widest component (not the sum), a Storm worker heap', () => {
    const m = map(topology([comp('spout', 2, undefined, 'spout'), comp('split', 3), comp('count', 1)]));
    const r = m.resources;
    expect([r.taskManagers, r.slotsPerTaskManager, r.maxParallelism, r.idleSlots]).toEqual([1, 3, 3, 0]);
    expect(r.taskHeapMb).toBe(768);
    expect(r.ras).toBeNull();
    expect(setting(m, 'taskmanager.numberOfTaskSlots')).toBe('3');
    expect(setting(m, 'taskmanager.memory.task.heap.size')).toBe('768m');
    expect(setting(m, 'taskmanager.memory.task.off-heap.size')).toBeUndefined();
    // Flink's default CPU, one core per slot, stated.
    expect(r.cpuPerTaskManager).toBe(3);
    expect(setting(m, 'yarn.containers.vcores')).toBe('3');
    expect(m.settings.find((s) => s.key === 'yarn.containers.vcores')!.because).toMatch(/one core per slot/);
    // 768 task heap + 128 + 128 framework + network (10% of Flink memory) + 256 metaspace + 192 overhead.
    expect(r.taskManager.processMb).toBe(1586);
    expect(r.jobManagerMb).toBe(1024);
  });

  it('topology.workers and parallelism: TaskManagers per worker, slots split between them, idle slots counted, heap from -Xmx', () => {
    const m = map(
      topology([comp('spout', 1, undefined, 'spout'), comp('split', 5), comp('count', 4)], {
        'topology.workers': 2,
        'topology.worker.childopts': '-Xmx2g -XX:+UseG1GC',
      }),
    );
    const r = m.resources;
    expect([r.taskManagers, r.slotsPerTaskManager, r.idleSlots]).toEqual([2, 3, 1]);
    expect(r.taskHeapMb).toBe(2048);
    expect(setting(m, 'env.java.opts.taskmanager')).toBe('-XX:+UseG1GC');
    expect(m.stormKeys.find((k) => k.stormKey === 'topology.workers')!.flinkKeys).toEqual(['taskmanager.numberOfTaskSlots']);
    // More workers than the widest component: no TaskManager without a slot to fill.
    const wide = map(topology([comp('a', 2)], { 'topology.workers': 8 })).resources;
    expect([wide.taskManagers, wide.slotsPerTaskManager]).toEqual([2, 1]);
    // topology.max.task.parallelism caps the slots.
    const capped = map(topology([comp('a', 16)], { 'topology.max.task.parallelism': 4 })).resources;
    expect([capped.taskManagers, capped.slotsPerTaskManager]).toEqual([1, 4]);
  });

  it('with RAS figures: each slot holds executor i of every wider component; TaskManagers as few as fit the worker max heap', () => {
    // storm-starter's ResourceAwareExampleTopology, as the analyzer reads it (test below): word 10 × (64 on, 16 off,
    // 20% CPU), exclaim1 3 × (128 default, 15%), exclaim2 2 × (100, 10% default), workers of at most 1024 MB.
    const t = topology(
      [
        comp('word', 10, { cpu: 20, memoryOnHeapMb: 64, memoryOffHeapMb: 16 }, 'spout'),
        comp('exclaim1', 3, { cpu: 15 }),
        comp('exclaim2', 2, { memoryOnHeapMb: 100 }),
      ],
      { 'topology.worker.max.heap.size.mb': 1024, 'topology.workers': 3 },
    );
    const m = map(t);
    const r = m.resources;
    // Slots 0-1: 64+128+100 = 292 MB; slot 2: 192; slots 3-9: 64. One TaskManager would need 1224 MB > 1024;
    // two of 5 slots need the 5 fullest: 292+292+192+64+64 = 904 MB.
    expect([r.taskManagers, r.slotsPerTaskManager]).toEqual([2, 5]);
    expect(r.taskHeapMb).toBe(904);
    expect(r.taskOffHeapMb).toBe(80);
    // CPU of those 5 slots: 2 × 45 + 35 + 2 × 20 = 165% → 1.65 cores; YARN takes whole vcores.
    expect(r.cpuPerTaskManager).toBe(1.65);
    expect(setting(m, 'yarn.containers.vcores')).toBe('2');
    expect(setting(m, 'taskmanager.memory.task.off-heap.size')).toBe('80m');
    expect(r.ras!.onHeapMb).toBe(1224);
    expect(r.ras!.components.find((c) => c.id === 'exclaim1')).toMatchObject({
      onHeapMb: 128,
      cpuPercent: 15,
      from: 'its own (CPU); Storm default (on-heap, off-heap)',
    });
    // RAS packs by memory; topology.workers is not what sizes the job, and the decision says so.
    expect(m.stormKeys.find((k) => k.stormKey === 'topology.workers')!.note).toMatch(/Resource Aware Scheduler/);
    // The Kubernetes pod asks for the same figures.
    const k8s = map(t, 'kubernetes').resources;
    expect(k8s.cpuPerTaskManager).toBe(1.65);
    expect(setting(map(t, 'kubernetes'), 'yarn.containers.vcores')).toBeUndefined();
  });

  it('RAS defaults from the topology config alone; a single slot wider than the worker max heap gets a TaskManager of its own', () => {
    const m = map(
      topology([comp('s', 2, undefined, 'spout'), comp('b', 4)], {
        'topology.component.resources.onheap.memory.mb': 256,
        'topology.component.cpu.pcore.percent': 50,
        'topology.worker.max.heap.size.mb': 1024,
      }),
    );
    const r = m.resources;
    // Slots 0-1: 512 MB, slots 2-3: 256 MB; workers of at most 1024 MB: 4 slots (1536) and 3 (1280) do not fit,
    // 2 TaskManagers of 2 slots (1024 MB each) ask less in all than 4 of one slot (512 MB and Flink's own ~700 each).
    expect([r.taskManagers, r.slotsPerTaskManager, r.taskHeapMb, r.cpuPerTaskManager]).toEqual([2, 2, 1024, 2]);
    // With Storm's default 768 MB no two slots fit together: one slot per TaskManager.
    const dflt = map(topology([comp('s', 2, undefined, 'spout'), comp('b', 4)], { 'topology.component.resources.onheap.memory.mb': 256 })).resources;
    expect([dflt.taskManagers, dflt.slotsPerTaskManager, dflt.taskHeapMb]).toEqual([4, 1, 512]);
    expect(m.stormKeys.find((k) => k.stormKey === 'topology.component.resources.onheap.memory.mb')!.flinkKeys).toContain('taskmanager.memory.task.heap.size');
    const big = map(topology([comp('s', 3, { memoryOnHeapMb: 2000 }, 'spout')])).resources;
    expect([big.taskManagers, big.slotsPerTaskManager, big.taskHeapMb]).toEqual([3, 1, 2000]);
    // CPU below a tenth of a core is asked as 0.1 (a pod needs some).
    expect(map(topology([comp('s', 1, { cpu: 0 }, 'spout')])).resources.cpuPerTaskManager).toBe(0.1);
  });

  it("storm-starter's ResourceAwareExampleTopology (fetched from Maven Central): its setMemoryLoad/setCPULoad reach the request", async () => {
    const dir = (await publishedProject('org.apache.storm:storm-starter:1.2.2', { model: (d) => effectiveModel(d, process.env) })).dir;
    const file = fs.readdirSync(path.join(dir, 'src', 'jvm', 'org', 'apache', 'storm', 'starter')).find((f) => f === 'ResourceAwareExampleTopology.java');
    expect(file).toBeDefined();
    const a = await analyzePaths([path.join(dir, 'src', 'jvm', 'org', 'apache', 'storm', 'starter', file!)]);
    const t = a.topologies[0]!;
    expect(t.components.find((c) => c.id === 'word')!.resources).toEqual({ cpu: 20, memoryOnHeapMb: 64, memoryOffHeapMb: 16 });
    const files = await project(t, 'ras');
    const conf = parse(text(files, 'deploy/config.yaml'), { version: '1.1' }) as Record<string, string>;
    expect(conf).toMatchObject({
      'taskmanager.numberOfTaskSlots': '5',
      'taskmanager.memory.task.heap.size': '904m',
      'taskmanager.memory.task.off-heap.size': '80m',
      'yarn.containers.vcores': '2',
    });
    const md = text(files, 'MIGRATION.md');
    expect(md).toMatch(/\| `word` \| 10 \| 64 \| 16 \| 20 \| its own \|/);
    expect(md).toMatch(/\| `exclaim2` \| 2 \| 100 \| 0 \| 10 \| its own \(on-heap\); Storm default \(off-heap, CPU\) \|/);
    expect(md).toMatch(/Storm \(Resource Aware Scheduler\): 15 executor\(s\) asking for 1224 MB on-heap/);
  }, 300_000);
});

/** Runs Flink's BashJavaUtils on a config folder: the JVM flags and derived `-D key=value` settings it prints. */
async function flinkSizes(cp: string, conf: Record<string, unknown>, what: 'TM' | 'JM'): Promise<Record<string, number>> {
  const dir = tempDir('s2f-resources-');
  fs.writeFileSync(path.join(dir, 'config.yaml'), stringify(conf));
  const r = await run(javaTools().java, ['-cp', cp, 'org.apache.flink.runtime.util.bash.BashJavaUtils', `GET_${what}_RESOURCE_PARAMS`, '--configDir', dir], {
    timeoutMs: 60_000,
  });
  const out = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('BASH_JAVA_UTILS_EXEC_RESULT:'));
  if (r.code !== 0 || out.length < 2) throw new Error(`BashJavaUtils failed (${r.code}): ${(r.stdout + r.stderr).slice(-3000)}`);
  const sizes: Record<string, number> = {};
  for (const m of out[1]!.matchAll(/-D (\S+)=(\d+)b/g)) sizes[m[1]!] = Number(m[2]);
  sizes.Xmx = Number(/-Xmx(\d+)/.exec(out[0]!)![1]);
  return sizes;
}

const MIB = 1024 * 1024;

describe("the request matches Flink's own memory model", () => {
  const cases: [string, Topology, DeployTarget][] = [
    ['default worker', topology([comp('s', 2, undefined, 'spout'), comp('b', 3)]), 'yarn-application'],
    ['-Xmx4g, 2 workers', topology([comp('s', 4, undefined, 'spout')], { 'topology.workers': 2, 'topology.worker.childopts': '-Xmx4g' }), 'yarn-application'],
    [
      'RAS with off-heap',
      topology([comp('word', 10, { cpu: 20, memoryOnHeapMb: 64, memoryOffHeapMb: 16 }, 'spout'), comp('b', 3, { memoryOnHeapMb: 300 })], {
        'topology.worker.max.heap.size.mb': 1024,
      }),
      'yarn-application',
    ],
    ['a 12 GB worker (network and overhead past their caps)', topology([comp('s', 1, undefined, 'spout')], { 'worker.heap.memory.mb': 12288 }), 'standalone'],
  ];
  for (const line of FLINK_LINES) {
    it(`Flink ${line}: process size, task heap and JobManager heap as BashJavaUtils derives them; the Kubernetes pod's memory gives the heap back`, async () => {
      const cp = await flinkClusterClasspath(line);
      for (const [name, t, target] of cases) {
        const files = await project(t, 't', { flink: line, target });
        const conf = parse(text(files, 'deploy/config.yaml'), { version: '1.1' }) as Record<string, unknown>;
        const r = map(t, target).resources;
        const tm = await flinkSizes(cp, conf, 'TM');
        const parts = [
          'framework.heap.size',
          'framework.off-heap.size',
          'task.heap.size',
          'task.off-heap.size',
          'managed.size',
          'network.max',
          'jvm-metaspace.size',
          'jvm-overhead.max',
        ].map((k) => tm[`taskmanager.memory.${k}`]);
        expect(
          parts.every((p) => p !== undefined),
          name,
        ).toBe(true);
        const process = parts.reduce((a, b) => a! + b!, 0)!;
        expect(Math.ceil(process / MIB), name).toBe(r.taskManager.processMb);
        expect(tm['taskmanager.memory.task.heap.size'], name).toBe(r.taskHeapMb * MIB);
        expect(tm['taskmanager.memory.network.max']! / MIB, name).toBeCloseTo(r.taskManager.networkMb, 1);
        expect(tm['taskmanager.memory.jvm-overhead.max']! / MIB, name).toBeCloseTo(r.taskManager.overheadMb, 1);
        const jm = await flinkSizes(cp, conf, 'JM');
        expect(jm['jobmanager.memory.heap.size']! / MIB, name).toBeCloseTo(r.jobManager.heapMb, 1);
        // What the operator does with the pod's memory: taskmanager.memory.process.size.
        const k8s = parse(text(await project(t, 't', { flink: line, target: 'kubernetes' }), 'deploy/flink-deployment.yaml'), { version: '1.1' }) as {
          spec: { flinkConfiguration: Record<string, string>; taskManager: { resource: { memory: string; cpu: number } } };
        };
        const pod = await flinkSizes(cp, { ...k8s.spec.flinkConfiguration, 'taskmanager.memory.process.size': k8s.spec.taskManager.resource.memory }, 'TM');
        // The heap Flink derives back from the pod's memory: the task heap, plus what rounding up to whole MB gave.
        expect(pod['taskmanager.memory.task.heap.size']! - r.taskHeapMb * MIB, name).toBeGreaterThanOrEqual(0);
        expect(pod['taskmanager.memory.task.heap.size']! - r.taskHeapMb * MIB, name).toBeLessThan(MIB);
        expect(k8s.spec.taskManager.resource.cpu, name).toBe(r.cpuPerTaskManager);
      }
    }, 300_000);
  }
});
