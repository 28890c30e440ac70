import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMultilangScript } from '../../../src/analyzer/multilang/script.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (name: string) => readMultilangScript(path.join(DIR, name), `resources/${name}`);
const codes = (ds: { code: string; line: number; column: number }[]) => ds.map((d) => `${d.code} ${d.line}:${d.column}`);

describe('readMultilangScript', () => {
  it("reads Storm's splitsentence.js: one field named after the emitted identifier", () => {
    expect(read('splitsentence.js')).toEqual({
      emittedFields: ['word'],
      streams: [{ id: 'default', fields: ['word'], direct: false }],
      diagnostics: [],
    });
  });

  it('reads emits of a script that speaks the protocol itself (command: "emit")', () => {
    const r = read('raw-protocol.js');
    expect(r.emittedFields).toEqual(['word', 'field1']);
    expect(r.streams).toEqual([
      { id: 'default', fields: ['word', 'field1'], direct: false },
      { id: 'audit', fields: ['id'], direct: true },
    ]);
  });

  it('follows a local variable holding the tuple (randomsentence.js)', () => {
    expect(read('randomsentence.js')).toEqual({
      emittedFields: ['sentence'],
      streams: [{ id: 'default', fields: ['sentence'], direct: false }],
      diagnostics: [],
    });
  });

  it('reads TypeScript, named streams and emitDirect; disagreeing names fall back to positions', () => {
    const r = read('streams.ts');
    expect(r.emittedFields).toEqual(['user', 'amount', 'field2']);
    expect(r.streams).toEqual([
      { id: 'big', fields: ['field0', 'amount'], direct: false },
      { id: 'default', fields: ['user', 'amount', 'field2'], direct: false },
      { id: 'audit', fields: ['user'], direct: true },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports shapes and streams computed at run time (S2F502) with positions', () => {
    const r = read('dynamic.js');
    expect(codes(r.diagnostics)).toEqual(['S2F502 6:23', 'S2F502 7:39', 'S2F502 8:23']);
    expect(r.diagnostics.every((d) => d.severity === 'info' && d.file === 'resources/dynamic.js')).toBe(true);
    expect(r.emittedFields).toBeUndefined();
    expect(r.streams).toEqual([]);
  });

  it('reports emits of different arities on one stream', () => {
    const r = read('arity.js');
    expect(codes(r.diagnostics)).toEqual(['S2F502 5:5']);
    expect(r.diagnostics[0]!.message).toBe("Emits to stream 'default' have different arities (1, 2).");
    expect(r.emittedFields).toBeUndefined();
    expect(r.streams).toEqual([{ id: 'pair', fields: ['field0', 'field1'], direct: false }]);
  });

  it('a script that never emits declares no fields; other emit() calls are ignored', () => {
    expect(read('sink.js')).toEqual({ emittedFields: [], streams: [], diagnostics: [] });
  });

  it('unreadable script → S2F501, other languages → S2F502', () => {
    const missing = read('nope.js');
    expect(missing.emittedFields).toBeUndefined();
    expect(missing.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['S2F501', 'resources/nope.js', 0, 0]]);
    const py = read('splitsentence.py');
    expect(py.emittedFields).toBeUndefined();
    expect(py.diagnostics.map((d) => d.code)).toEqual(['S2F502']);
    const dir = readMultilangScript(DIR + '/x.js', 'x.js');
    expect(dir.diagnostics.map((d) => d.code)).toEqual(['S2F501']);
  });
});
