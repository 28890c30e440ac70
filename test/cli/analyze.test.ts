import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Analysis } from '../../src/model/topology.js';

const FIX = 'test/cli/fixtures';

const run = runCli;

describe('storm2flink analyze', () => {
  it('prints exactly one JSON document with the topology', async () => {
    const r = await run('analyze', `${FIX}/wordcount`, '--format', 'json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as Analysis;
    expect(a.version).toBe(1);
    expect(a.topologies).toHaveLength(1);
    const t = a.topologies[0]!;
    expect(t.name).toBe('word-count');
    expect(t.components.map((c) => [c.id, c.type, c.parallelism])).toEqual([
      ['sentences', 'spout', 2],
      ['split', 'bolt', 4],
      ['count', 'bolt', 3],
    ]);
    expect(t.edges).toEqual([
      expect.objectContaining({ from: 'sentences', to: 'split', stream: 'default', grouping: 'shuffle' }),
      expect.objectContaining({ from: 'split', to: 'count', stream: 'default', grouping: 'fields', fields: ['word'] }),
    ]);
    expect(t.config).toMatchObject({ 'topology.workers': 2 });
  });

  it('pretty output has no escape codes when not a terminal, and a summary', async () => {
    const r = await run('analyze', `${FIX}/wordcount`);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/\u001b\[/);
    expect(r.out).toContain('Topology word-count');
    expect(r.out).toContain('split ─→ count');
    expect(r.out).toMatch(/1 topology from 1 Java and 0 Flux files: 1 ready/);
  });

  it('shows an error with its code frame and exits 1 only with --strict', async () => {
    const loose = await run('analyze', `${FIX}/broken`);
    expect(loose.code).toBe(0);
    expect(loose.out).toContain('S2F302');
    expect(loose.out).toMatch(/--> test\/cli\/fixtures\/broken\/bad-flux\.yaml:9:\d+/);
    expect(loose.out).toContain('from: "nowhere"');
    const strict = await run('analyze', `${FIX}/broken`, '--strict');
    expect(strict.code).toBe(1);
  });

  it('prints GitHub annotations with escaped properties', async () => {
    const r = await run('analyze', `${FIX}/broken`, '--format', 'github');
    expect(r.out).toMatch(/^::error file=test\/cli\/fixtures\/broken\/bad-flux\.yaml,line=9,col=\d+,title=S2F302 flux-unknown-component::/m);
  });

  it('a missing path is a diagnostic, not a crash', async () => {
    const r = await run('analyze', 'does/not/exist', '--format', 'json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as Analysis;
    expect(a.diagnostics).toEqual([expect.objectContaining({ code: 'S2F001', file: 'does/not/exist' })]);
  });

  it('usage errors exit 2', async () => {
    expect((await run('analyze')).code).toBe(2);
    expect((await run('analyze', '.', '--format', 'xml')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('--help and --version exit 0', async () => {
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('analyze');
    expect((await run('--version')).code).toBe(0);
  });

  it('prints the model schema', async () => {
    const r = await run('schema');
    expect(JSON.parse(r.out).title).toBe('storm2flink topology model');
    expect(JSON.parse((await run('schema', 'summary')).out).title).toBe('storm2flink migrate summary');
    expect((await run('schema', 'nope')).code).toBe(2);
  });
});
