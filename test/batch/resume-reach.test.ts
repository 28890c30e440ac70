// `migrate` resumes by content: a topology is redone when a file its translation read changes, not only its own
// files. storm-starter 1.2.2 as published (test/helpers/maven.ts), copied so it can be edited: RollingTopWords'
// bolts use tools/SlidingWindowCounter.java, a helper that is none of the topology's own files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { effectiveModel } from '../../src/diff/build.js';
import type { Summary, TopologyRun } from '../../src/model/summary.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';
import { captureStream } from './helpers.js';

const HELPER = 'src/jvm/org/apache/storm/starter/tools/SlidingWindowCounter.java';
let repo: string;
let out: string;

async function migrate(): Promise<Summary> {
  const stdout = captureStream(false);
  const stderr = captureStream(false);
  const code = await main(['node', 'storm2flink', 'migrate', repo, '--out', out, '--only', 'rollingtopwords,test'], { stdout, stderr });
  expect(code, stderr.text() + stdout.text()).toBe(0);
  return JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
}

function topology(s: Summary, id: string): TopologyRun {
  const t = s.topologies.find((x) => x.id === id);
  expect(t, id).toBeDefined();
  return t!;
}

beforeAll(async () => {
  const published = await publishedProject('org.apache.storm:storm-starter:1.2.2', { model: (d) => effectiveModel(d, process.env) });
  const work = tempDir('s2f-resume-reach-');
  repo = path.join(work, 'storm-starter');
  fs.cpSync(published.dir, repo, { recursive: true });
  out = path.join(work, 'migration');
}, 600_000);

describe('migrate resumes by what the translation read', () => {
  it('an edited helper class redoes the topologies that reach it, and only those', async () => {
    const helper = path.join(repo, HELPER);
    const first = await migrate();
    const rolling = topology(first, 'rollingtopwords');
    expect(rolling.stages.translate.status).toBe('ok');
    expect(
      rolling.files.some((f) => f.endsWith('SlidingWindowCounter.java')),
      'the helper is not one of the topology own files',
    ).toBe(false);
    const read = rolling.stages.translate.inputs ?? [];
    expect(read.some((f) => path.resolve(f) === helper)).toBe(true);
    // ExclamationTopology ("test") does not reach the helper.
    expect((topology(first, 'test').stages.translate.inputs ?? []).some((f) => path.resolve(f) === helper)).toBe(false);

    const second = await migrate();
    expect(topology(second, 'rollingtopwords').stages.translate.reused).toBe(true);
    expect(topology(second, 'test').stages.translate.reused).toBe(true);

    fs.appendFileSync(helper, '\n// edited after the first migration\n');
    const third = await migrate();
    const redone = topology(third, 'rollingtopwords');
    expect(redone.redone).toBe(true);
    expect(redone.stages.translate.status).toBe('ok');
    expect(redone.stages.translate.reused).toBeUndefined();
    expect(redone.inputHash).not.toBe(rolling.inputHash);
    const copied = (redone.stages.translate.files ?? []).find((f) => f.endsWith('/SlidingWindowCounter.java'));
    expect(copied).toBeDefined();
    expect(fs.readFileSync(path.join(out, 'topologies', redone.folder, copied!), 'utf8')).toContain('// edited after the first migration');
    expect(topology(third, 'test').stages.translate.reused).toBe(true);
  }, 600_000);
});
