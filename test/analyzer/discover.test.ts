import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { discover, readSourceFile } from '../../src/analyzer/discover.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-discover-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (rel: string, content: string | Buffer) => {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  return abs;
};

describe('discover', () => {
  it('finds Java and YAML files in sorted order and skips build and VCS folders', () => {
    write('b/B.java', 'class B {}');
    write('a/A.java', 'class A {}');
    write('a/topo.yaml', 'name: x');
    write('target/classes/Gen.java', 'class Gen {}');
    write('.git/x.java', 'class X {}');
    write('node_modules/m/M.java', 'class M {}');
    write('src/main/resources/resources/split.py', 'print(1)');
    const d = discover([dir], dir);
    expect(d.javaFiles.map((f) => path.relative(dir, f))).toEqual(['a/A.java', 'b/B.java']);
    expect(d.yamlFiles.map((f) => path.relative(dir, f))).toEqual(['a/topo.yaml']);
    expect(d.allFiles.map((f) => path.relative(dir, f))).toContain('src/main/resources/resources/split.py');
    expect(d.diagnostics).toEqual([]);
  });

  it('reads a .flux file as Flux YAML (Flux takes any file name; StormCrawler names its topologies crawler.flux)', async () => {
    write(
      'conf/crawler.flux',
      [
        'name: "crawl"',
        'spouts:',
        '  - id: "urls"',
        '    className: "org.apache.storm.testing.TestWordSpout"',
        'bolts:',
        '  - id: "fetch"',
        '    className: "org.apache.storm.testing.TestWordCounter"',
        'streams:',
        '  - from: "urls"',
        '    to: "fetch"',
        '    grouping:',
        '      type: SHUFFLE',
        '',
      ].join('\n'),
    );
    write('conf/notes.flux.txt', 'not flux');
    expect(discover([dir], dir).yamlFiles.map((f) => path.relative(dir, f))).toEqual(['conf/crawler.flux']);
    const a = await analyzePaths([path.join(dir, 'conf', 'crawler.flux')], { cwd: dir });
    expect(a.topologies.map((t) => [t.name, t.components.map((c) => c.id)])).toEqual([['crawl', ['urls', 'fetch']]]);
  });

  it('reports a missing path and goes on with the others', () => {
    write('A.java', 'class A {}');
    const d = discover(['nope', '.'], dir);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]).toMatchObject({ code: 'S2F001', severity: 'error', file: 'nope' });
    expect(d.javaFiles).toHaveLength(1);
  });

  it('an empty folder yields no files and no error', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const d = discover([path.join(dir, 'empty')], dir);
    expect(d.javaFiles).toEqual([]);
    expect(d.diagnostics).toEqual([]);
  });

  it('does not loop on a symlink cycle and says where it is', () => {
    write('a/A.java', 'class A {}');
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
    fs.symlinkSync('self', path.join(dir, 'self')); // a link to itself: ELOOP
    const d = discover([dir], dir);
    expect(d.javaFiles).toHaveLength(1);
    const loops = d.diagnostics.filter((x) => x.code === 'S2F006');
    expect(loops.map((x) => x.file).sort()).toEqual(['a/loop', 'self']);
  });

  it('follows a symlinked folder once', () => {
    write('real/A.java', 'class A {}');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'alias'));
    const d = discover([dir], dir);
    expect(d.javaFiles).toHaveLength(1);
    expect(d.diagnostics).toEqual([]);
  });

  it('lists explicitly named files of other types separately', () => {
    const f = write('notes.txt', 'hello');
    const d = discover([f], dir);
    expect(d.otherFiles).toEqual([f]);
    expect(d.javaFiles).toEqual([]);
  });
});

describe('readSourceFile', () => {
  it('skips a file above the size limit without reading it', () => {
    const f = path.join(dir, 'Huge.java');
    const fd = fs.openSync(f, 'w');
    fs.ftruncateSync(fd, 50 * 1024 * 1024); // sparse: 50 MB on paper
    fs.closeSync(fd);
    const r = readSourceFile(f, { cwd: dir });
    expect(r.file).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'S2F004', file: 'Huge.java', message: expect.stringContaining('50.0 MB') })]);
  });

  it('skips a binary file and points at the first NUL byte', () => {
    const f = write('Bin.java', Buffer.from('class A {\n  int x\u0000;\n}'));
    const r = readSourceFile(f, { cwd: dir });
    expect(r.file).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'S2F003', line: 2, column: 8 });
  });

  it('reads non-UTF-8 text as Latin-1 with a warning at the first bad byte', () => {
    const f = write('Latin.java', Buffer.concat([Buffer.from('class A {\n  // caf'), Buffer.from([0xe9]), Buffer.from('\n}\n')]));
    const r = readSourceFile(f, { cwd: dir });
    expect(r.file?.text).toContain('café');
    expect(r.diagnostics[0]).toMatchObject({ code: 'S2F005', severity: 'warning', line: 2, column: 9 });
  });

  it('strips a UTF-8 byte order mark and keeps unicode', () => {
    const f = write('Bom.java', '\ufeffclass Ä {}');
    const r = readSourceFile(f, { cwd: dir });
    expect(r.file?.text).toBe('class Ä {}');
    expect(r.diagnostics).toEqual([]);
  });

  it('reads UTF-16 with its byte order mark as text (a Flux file saved by a Windows tool), not as a binary file', async () => {
    const flux = ['name: "utf16"', 'spouts:', '  - id: "s"', '    className: "org.apache.storm.testing.TestWordSpout"', 'bolts:', '  - id: "b"'];
    const le = Buffer.from(
      '\ufeff' +
        [
          ...flux,
          '    className: "org.apache.storm.testing.TestWordCounter"',
          'streams:',
          '  - from: "s"',
          '    to: "b"',
          '    grouping:',
          '      type: SHUFFLE',
          '',
        ].join('\r\n'),
      'utf16le',
    );
    write('conf/topology.yaml', le);
    const be = Buffer.from('\ufeffclass Ä {}', 'utf16le').swap16();
    const r = readSourceFile(write('Be.java', be), { cwd: dir });
    expect(r.file?.text).toBe('class Ä {}');
    expect(r.diagnostics).toEqual([]);
    const a = await analyzePaths(['conf'], { cwd: dir, env: {} });
    expect(a.diagnostics.filter((d) => d.code === 'S2F003')).toEqual([]);
    expect(a.topologies.map((t) => `${t.name} ${t.components.map((c) => c.id).join(',')} ${t.edges.length}`)).toEqual(['utf16 s,b 1']);
  });

  it('reports an unreadable file', () => {
    const r = readSourceFile(path.join(dir, 'missing.java'), { cwd: dir });
    expect(r.diagnostics[0]).toMatchObject({ code: 'S2F002', file: 'missing.java' });
  });
});
