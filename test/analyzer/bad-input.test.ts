// Bad input in a batch: each bad file gets a diagnostic with a position where one exists,
// and the good topology beside it is still analyzed in full.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Analysis, Diagnostic } from '../../src/model/topology.js';

let dir: string;
let analysis: Analysis;

const GOOD = `package app;

import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

public class Good {
    public static void main(String[] args) throws Exception {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("in", new InSpout(), 1);
        builder.setBolt("out", new OutBolt(), 2).fieldsGrouping("in", new Fields("k"));
        org.apache.storm.StormSubmitter.submitTopology("good", new org.apache.storm.Config(), builder.createTopology());
    }
}
`;

const BROKEN_JAVA = `package app;

import org.apache.storm.topology.TopologyBuilder;

public class Broken {
    public static void main(String[] args) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new S(), 1)
        b.setBolt("x", new X(), 2).shuffleGrouping("s");
    }
}
`;

// Each alias doubles the expansion: 2^30 nodes if expanded naively.
const BOMB = [
  'a: &a ["lol","lol"]',
  ...Array.from({ length: 30 }, (_, i) => `${String.fromCharCode(98 + (i % 20))}${i}: &x${i} [${i === 0 ? '*a,*a' : `*x${i - 1},*x${i - 1}`}]`),
  'spouts: []',
  'bolts: []',
].join('\n');

const write = (rel: string, content: string | Buffer) => {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
};

const diagsFor = (file: string): Diagnostic[] =>
  [...analysis.diagnostics, ...analysis.topologies.flatMap((t) => t.diagnostics)].filter((d) => d.file.endsWith(file));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-bad-'));
  write('good/Good.java', GOOD);
  write('broken/Broken.java', BROKEN_JAVA);
  write('binary/Blob.java', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34]));
  write('latin/Latin.java', Buffer.concat([Buffer.from('package app;\n// r'), Buffer.from([0xe9]), Buffer.from('sum\nclass Latin {}\n')]));
  write('bomb/bomb.yaml', BOMB);
  write('yaml/syntax.yaml', 'spouts:\n  - id: "a"\n    className: [unclosed\n');
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.symlinkSync(path.join(dir, 'good'), path.join(dir, 'good', 'again'));
  fs.mkdirSync(path.join(dir, 'huge'), { recursive: true });
  const fd = fs.openSync(path.join(dir, 'huge', 'Huge.java'), 'w');
  fs.ftruncateSync(fd, 50 * 1024 * 1024);
  fs.closeSync(fd);
  analysis = await analyzePaths([dir], { cwd: dir, env: {} });
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a batch with bad input', () => {
  it('still analyzes the good topology in full', () => {
    const good = analysis.topologies.find((t) => t.name === 'good');
    expect(good?.components.map((c) => c.id)).toEqual(['in', 'out']);
    expect(good?.edges).toEqual([expect.objectContaining({ from: 'in', to: 'out', grouping: 'fields', fields: ['k'] })]);
  });

  it('reports a Java syntax error at its line and column and keeps what it could read', () => {
    const ds = diagsFor('broken/Broken.java').filter((d) => d.code === 'S2F101');
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]).toMatchObject({ severity: 'warning' });
    // The statement missing its ';' ends on line 8; the parser may report the gap there or at the next token.
    expect([8, 9]).toContain(ds[0]!.line);
    const broken = analysis.topologies.find((t) => t.source.file.endsWith('Broken.java'));
    expect(broken?.components.map((c) => c.id)).toContain('s');
  });

  it('skips a binary file with its position', () => {
    expect(diagsFor('binary/Blob.java')).toEqual([expect.objectContaining({ code: 'S2F003', line: 1, column: 5 })]);
  });

  it('skips a 50 MB file without reading it', () => {
    expect(diagsFor('huge/Huge.java')).toEqual([expect.objectContaining({ code: 'S2F004' })]);
  });

  it('reads non-UTF-8 text with a warning', () => {
    expect(diagsFor('latin/Latin.java')).toEqual([expect.objectContaining({ code: 'S2F005', line: 2, column: 5 })]);
  });

  it('stops a YAML alias bomb with a diagnostic', () => {
    const ds = diagsFor('bomb/bomb.yaml');
    expect(ds.map((d) => d.code)).toContain('S2F307');
  });

  it('reports a YAML syntax error with line and column', () => {
    const ds = diagsFor('yaml/syntax.yaml');
    expect(ds.some((d) => d.code === 'S2F301' && d.line >= 3)).toBe(true);
  });

  it('reports the symlink loop and does not walk it twice', () => {
    expect(diagsFor('good/again').map((d) => d.code)).toEqual(['S2F006']);
    expect(analysis.topologies.filter((t) => t.name === 'good')).toHaveLength(1);
  });

  it('counts the skipped files', () => {
    expect(analysis.stats?.skipped).toBe(2);
    expect(analysis.stats?.failed).toBe(0);
  });
});
