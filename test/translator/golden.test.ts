// Golden tests of generated projects: every translatable sample, plus hand-written model fixtures.
// UPDATE_GOLDEN=1 rewrites; a golden folder without a case fails.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Topology } from '../../src/model/topology.js';
import type { EmittedFile } from '../../src/translator/emit.js';
import { expectGolden, orphanedCases } from '../helpers/golden.js';
import { BACKTYPE_JAVA, backtypeTopology, hostileTopology, rasTopology } from './fixtures.js';
import { project, snapshot, type Opts } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

const GOLDEN = path.join(process.cwd(), 'test', 'golden', 'translate');

interface Case {
  name: string;
  topology: () => Topology;
  opts: Opts;
}

/** Generated files in full; the user's copied files by size and hash (their edits are listed in MIGRATION.md). */
function goldenText(files: EmittedFile[], jobPackageDir: string): string {
  const generated = (p: string) => !p.startsWith('src/') || p.startsWith(jobPackageDir);
  return snapshot(
    files.map((f) =>
      generated(f.path) || 'copyFrom' in f
        ? f
        : { path: f.path, content: `(user file, ${Buffer.byteLength(f.content)} bytes, sha256 ${createHash('sha256').update(f.content).digest('hex').slice(0, 16)})\n` },
    ),
  );
}

let samples: Topology[] = [];
let tmp = '';

beforeAll(async () => {
  samples = (await analyzePaths(['samples'])).topologies.filter((t) => !t.blocked);
  tmp = tempDir('s2f-golden-');
  fs.mkdirSync(path.join(tmp, 'src/main/java/old'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src/main/java/old/OldTopology.java'), BACKTYPE_JAVA);
}, 120_000);

const fixtureCases: Case[] = [
  { name: 'fixture-hostile-k8s-2x', topology: () => hostileTopology({ className: `p.Topo${'"'}`, method: null }), opts: { flink: '2.x', target: 'kubernetes', guarantee: 'exactly-once' } },
  { name: 'fixture-backtype-session', topology: () => backtypeTopology('src/main/java/old/OldTopology.java'), opts: { target: 'yarn-session' } },
  { name: 'fixture-hostile-k8s-session', topology: () => hostileTopology({ className: 'p.Topo', method: null }), opts: { target: 'kubernetes-session', guarantee: 'at-least-once' } },
  // The standalone submit script with hostile names: nothing the user wrote may run as shell.
  { name: 'fixture-hostile-standalone', topology: () => hostileTopology({ className: `p.Topo${'"'}`, method: null }), opts: { target: 'standalone' } },
  // A KafkaBolt at exactly-once: Flink's transactional KafkaSink, and what its consumers and brokers need (MIGRATION.md).
  { name: 'kafka-pipeline-exactly-once', topology: () => samples.find((t) => t.id === 'kafka-pipeline')!, opts: { guarantee: 'exactly-once' } },
  // Storm RAS figures (setMemoryLoad, setCPULoad, a worker max heap) into the TaskManager pod's memory and cpu.
  { name: 'fixture-ras-k8s', topology: rasTopology, opts: { target: 'kubernetes' } },
];

describe('translate golden', () => {
  it('has samples to translate', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it('generated projects match their goldens', async () => {
    const names: string[] = [];
    for (const t of samples) {
      const files = await project(t, t.id);
      const pkg = files.find((f) => f.path.endsWith('FlinkJob.java'))!.path.replace(/\/[^/]+$/, '/');
      names.push(t.id);
      expectGolden(path.join(GOLDEN, t.id, 'project.txt'), goldenText(files, pkg));
    }
    for (const c of fixtureCases) {
      const files = await project(c.topology(), c.name, { ...c.opts, cwd: c.name.includes('backtype') ? tmp : undefined });
      const pkg = files.find((f) => f.path.endsWith('FlinkJob.java'))!.path.replace(/\/[^/]+$/, '/');
      names.push(c.name);
      expectGolden(path.join(GOLDEN, c.name, 'project.txt'), goldenText(files, pkg));
    }
    expect(orphanedCases(GOLDEN, names)).toEqual([]);
  }, 120_000);
});
