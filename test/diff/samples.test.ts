import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { inputsOf, planReplay, toTuple, topicsOf, writeReplayFiles, type ReplayInput } from '../../src/diff/replay.js';
import { parseSample, parseTimestamp, readSamples, sampleFilesIn } from '../../src/diff/samples.js';
import { spreadsheet } from './helpers/spreadsheet.js';
import type { Component } from '../../src/model/topology.js';

const pos = (d: { code: string; file: string; line: number; column: number }) => `${d.code} ${d.file}:${d.line}:${d.column}`;

describe('sample formats', () => {
  test('JSON lines: envelopes with key/value/timestamp/topic, bare values, blank lines skipped', () => {
    const f = parseSample(
      'in.jsonl',
      '\uFEFF{"key":"k1","value":{"a":1},"timestamp":5}\n\n["x",2]\n{"word":"hi","value":3,"n":1}\n"s"\n{"value":"v","topic":"t2","key":7}\r\n',
    );
    expect(f.diagnostics).toEqual([]);
    expect(f.records.map((r) => [r.line, r.key, r.value, r.timestamp, r.topic])).toEqual([
      [1, 'k1', '{"a":1}', 5, null],
      [3, null, '["x",2]', null, null],
      // Not an envelope: it has keys besides key/value/timestamp/topic.
      [4, null, '{"word":"hi","value":3,"n":1}', null, null],
      [5, null, 's', null, null],
      [6, '7', 'v', null, 't2'],
    ]);
  });

  test('CSV: header row, metadata columns, quoted fields across lines, CRLF', () => {
    const f = parseSample('in.csv', 'key,word,count,timestamp\r\nk1,"hello, ""world""",3,2024-05-01T00:00:00Z\r\n,"two\nlines",4,\r\n');
    expect(f.diagnostics).toEqual([]);
    expect(f.records).toHaveLength(2);
    expect(f.records[0]).toMatchObject({ line: 2, key: 'k1', data: { word: 'hello, "world"', count: '3' }, timestamp: Date.parse('2024-05-01T00:00:00Z') });
    expect(f.records[0]!.value).toBe('"hello, ""world""",3');
    expect(f.records[1]).toMatchObject({ line: 3, key: null, data: { word: 'two\nlines', count: '4' }, timestamp: null });
    const v = parseSample('v.csv', 'value\nplain text\n"a,b"\n');
    expect(v.records.map((r) => r.value)).toEqual(['plain text', 'a,b']);
  });

  test('plain lines: each non-blank line is a record', () => {
    const f = parseSample('in.txt', 'the cow\n\n  jumped over\n');
    expect(f.records.map((r) => [r.line, r.value, r.key])).toEqual([
      [1, 'the cow', null],
      [3, '  jumped over', null],
    ]);
  });

  test('timestamps: epoch ms or ISO-8601 only', () => {
    expect(parseTimestamp(1700000000000)).toBe(1700000000000);
    expect(parseTimestamp('1700000000000')).toBe(1700000000000);
    expect(parseTimestamp('2024-05-01')).toBe(Date.parse('2024-05-01'));
    expect(parseTimestamp('May 1')).toBeNull();
    expect(parseTimestamp(-1)).toBeNull();
    expect(parseTimestamp(1.5)).toBeNull();
  });
});

describe('bad sample data: file:line:column diagnostics', () => {
  test('JSON syntax errors point at the column', () => {
    const f = parseSample('d/in.jsonl', '{"value":1}\n{"value": tru}\n   {"a":\n{"a":1} x\n["é", "\\q"]\n{"unterminated\n');
    expect(f.diagnostics.map(pos)).toEqual([
      'S2F602 d/in.jsonl:2:11',
      'S2F602 d/in.jsonl:3:9', // past the end: the value is missing
      'S2F602 d/in.jsonl:4:9',
      'S2F602 d/in.jsonl:5:8',
      'S2F602 d/in.jsonl:6:2',
    ]);
    expect(f.records).toHaveLength(1);
  });

  test('bad key and bad timestamp in envelopes', () => {
    const f = parseSample('in.jsonl', '{"key":{"x":1},"value":1}\n  {"value":1,"timestamp":"yesterday"}\n');
    expect(f.diagnostics.map(pos)).toEqual(['S2F605 in.jsonl:1:1', 'S2F604 in.jsonl:2:3']);
  });

  test('CSV: unterminated quote, wrong column count, stray quote, bad timestamp, duplicate header', () => {
    expect(parseSample('a.csv', 'a,b\n1,"oops\n2,3\n').diagnostics.map(pos)).toEqual(['S2F603 a.csv:2:3']);
    expect(parseSample('b.csv', 'a,b\n1,2,3\n4\n').diagnostics.map(pos)).toEqual(['S2F603 b.csv:2:5', 'S2F603 b.csv:3:1']);
    expect(parseSample('c.csv', 'a,b\n1,x"y\n').diagnostics.map(pos)).toEqual(['S2F603 c.csv:2:4']);
    expect(parseSample('d.csv', 'a,timestamp\n1,noon\n').diagnostics.map(pos)).toEqual(['S2F604 d.csv:2:3']);
    expect(parseSample('e.csv', 'a,a\n1,2\n').diagnostics.map(pos)).toEqual(['S2F603 e.csv:1:3']);
    expect(parseSample('f.csv', '"a"x,b\n').diagnostics.map(pos)).toEqual(['S2F603 f.csv:1:4']);
  });

  test('missing files and empty files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-samples-'));
    try {
      fs.writeFileSync(path.join(dir, 'empty.txt'), '\n\n');
      fs.writeFileSync(path.join(dir, 'ok.jsonl'), '1\n');
      fs.writeFileSync(path.join(dir, '.hidden'), 'x\n');
      const files = readSamples([dir, path.join(dir, 'nope.csv')], { cwd: dir });
      expect(files.map((f) => f.file)).toEqual(['empty.txt', 'ok.jsonl', 'nope.csv']);
      expect(files.flatMap((f) => f.diagnostics).map((d) => `${d.code} ${d.severity} ${d.file}`)).toEqual([
        'S2F608 warning empty.txt',
        'S2F601 error nope.csv',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sample files that are not text', () => {
  test('skipped by content, not extension, with one info naming them; a folder left with none is no sample data', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-samples-bin-'));
    try {
      fs.writeFileSync(path.join(dir, 'sales.xlsx'), spreadsheet());
      fs.writeFileSync(path.join(dir, 'cities.txt'), Buffer.from('Lyon\ncaf\xe9\n', 'latin1')); // Latin-1: not UTF-8, no NUL
      fs.writeFileSync(path.join(dir, 'rides.dat'), 'a\nb\n'); // text under an extension of binary files
      // A character cut by the end of the first 64 KiB is still text.
      fs.writeFileSync(path.join(dir, 'long.txt'), 'x'.repeat(64 * 1024 - 1) + 'é\n');
      const files = readSamples([dir], { cwd: dir });
      expect(files.filter((f) => f.records.length > 0).map((f) => `${f.file} ${f.records.length}`)).toEqual(['long.txt 1', 'rides.dat 2']);
      expect(files.flatMap((f) => f.diagnostics).map((d) => `${d.code} ${d.severity} ${d.file}: ${d.message}`)).toEqual([
        'S2F611 info .: 2 files in . are not text and not read as sample data: cities.txt (bytes that are not UTF-8), sales.xlsx (a NUL byte at offset 5)',
      ]);
      expect(sampleFilesIn(dir).map((f) => path.basename(f))).toEqual(['long.txt', 'rides.dat']);

      const only = path.join(dir, 'only');
      fs.mkdirSync(only);
      fs.writeFileSync(path.join(only, 'sales.xlsx'), spreadsheet());
      expect(sampleFilesIn(only)).toEqual([]);
      expect(
        readSamples([only], { cwd: dir })
          .flatMap((f) => f.diagnostics)
          .map((d) => `${d.code} ${d.severity} ${d.file}`),
      ).toEqual(['S2F601 error only', 'S2F611 info only']);
      // Named as a file: not read either.
      expect(
        readSamples([path.join(only, 'sales.xlsx')], { cwd: dir })
          .flatMap((f) => f.diagnostics)
          .map((d) => d.code),
      ).toEqual(['S2F601', 'S2F611']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const loc = { file: 'T.java', line: 1, column: 1 };
const spout = (id: string, extra: Partial<Component> = {}): Component => ({
  id,
  type: 'spout',
  className: null,
  parallelism: 1,
  numTasks: null,
  tickFrequencySecs: null,
  features: [],
  outputStreams: [{ id: 'default', fields: ['word', 'n'], direct: false }],
  source: loc,
  ...extra,
});

describe('routing records to inputs', () => {
  test('inputs from the model: Kafka topics and replaced spouts; problems named', () => {
    const { inputs, problems } = inputsOf({
      components: [
        spout('k', { kafka: { kind: 'storm-kafka-client', topics: ['orders', 'refunds'] } }),
        spout('p', { kafka: { kind: 'storm-kafka-client', topics: [], topicPattern: 'x.*' } }),
        spout('bad', { kafka: { kind: 'storm-kafka-client', topics: [], topicPattern: '(unclosed' } }),
        spout('none', { kafka: { kind: 'storm-kafka-client', topics: [] } }),
        spout('words'),
        spout('mute', { outputStreams: [] }),
      ],
    } as never);
    expect(inputs).toEqual([
      { kind: 'kafka', topic: 'orders', spout: 'k' },
      { kind: 'kafka', topic: 'refunds', spout: 'k' },
      { kind: 'kafka-pattern', pattern: 'x.*', spout: 'p' },
      { kind: 'spout', spout: 'words', stream: 'default', fields: ['word', 'n'] },
      { kind: 'spout', spout: 'mute', stream: 'default', fields: null },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"bad" subscribes to the pattern \(unclosed/);
    expect(problems[1]).toMatch(/"none" has no static topic list or pattern/);
  });

  test('a pattern subscription reads the topics that files and records name, when the whole name matches', () => {
    const inputs: ReplayInput[] = [{ kind: 'kafka-pattern', pattern: 'orders-(eu|us)', spout: 'k' }];
    const plan = planReplay(
      [
        parseSample('data/orders-eu.jsonl', '{"value":1}\n{"value":2}\n'),
        parseSample('data/any.jsonl', '{"topic":"orders-us","value":3}\n{"topic":"orders-usa","value":4}\n'),
        parseSample('data/orders.jsonl', '{"value":5}\n'),
      ],
      inputs,
    );
    expect([...plan.kafka.entries()].map(([t, rs]) => [t, rs.map((r) => r.value)])).toEqual([
      ['orders-eu', ['1', '2']],
      ['orders-us', ['3']],
    ]);
    expect(topicsOf(inputs[0]!, plan)).toEqual(['orders-eu', 'orders-us']);
    // orders-usa only starts like a match; orders.jsonl names no matching topic and is not the only input.
    expect(plan.diagnostics.map(pos)).toEqual(['S2F609 data/any.jsonl:2:1', 'S2F606 data/orders.jsonl:0:0']);
  });

  test('by record topic, by file name, or the only input; otherwise a diagnostic', () => {
    const inputs: ReplayInput[] = [
      { kind: 'kafka', topic: 'orders', spout: 'k' },
      { kind: 'spout', spout: 'words', stream: 'default', fields: ['word', 'n'] },
    ];
    const plan = planReplay(
      [
        parseSample('data/orders.jsonl', '{"key":"a","value":1}\n{"topic":"words","value":["w",1]}\n{"topic":"nope","value":1}\n'),
        parseSample('data/words.csv', 'word,n\nhi,2\n'),
        parseSample('data/other.txt', 'x\n'),
        parseSample('data/words.jsonl', '{"word":"x"}\n'),
      ],
      inputs,
    );
    expect(plan.kafka.get('orders')!.map((r) => r.value)).toEqual(['1']);
    expect(plan.spouts.get('words')!.tuples).toEqual([
      ['w', 1],
      ['hi', '2'],
    ]);
    expect(plan.diagnostics.map(pos)).toEqual(['S2F609 data/orders.jsonl:3:1', 'S2F606 data/other.txt:0:0', 'S2F607 data/words.jsonl:1:1']);
    const single = planReplay([parseSample('whatever.txt', 'a\n')], [{ kind: 'kafka', topic: 't', spout: 'k' }]);
    expect(single.kafka.get('t')).toHaveLength(1);
  });

  test('toTuple maps arrays, objects and single values onto declared fields', () => {
    const rec = (data: unknown) => ({
      file: 'f',
      line: 1,
      key: null,
      value: typeof data === 'string' ? data : JSON.stringify(data),
      data,
      timestamp: null,
      topic: null,
    });
    expect(toTuple(rec(['a', 1]), ['w', 'n'])).toEqual(['a', 1]);
    expect(toTuple(rec({ n: 1, w: 'a', extra: 0 }), ['w', 'n'])).toEqual(['a', 1]);
    expect(toTuple(rec('line'), ['line'])).toEqual(['line']);
    expect(toTuple(rec({ a: 1 }), ['line'])).toEqual(['{"a":1}']);
    expect(toTuple(rec(['a']), ['w', 'n'])).toMatch(/1 values/);
    expect(toTuple(rec('x'), ['w', 'n'])).toMatch(/single value/);
    expect(toTuple(rec(['a', 1]), null)).toEqual(['a', 1]);
    expect(toTuple(rec({ a: 1 }), null)).toEqual([{ a: 1 }]);
  });

  test('replay files hold {stream, values} per line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-replay-'));
    try {
      const plan = planReplay([parseSample('w.jsonl', '["a",1]\n["b",2]\n')], [{ kind: 'spout', spout: 'w', stream: 'default', fields: ['x', 'y'] }]);
      const files = writeReplayFiles(dir, plan);
      expect(fs.readFileSync(files.get('w')!, 'utf8')).toBe('{"stream":"default","values":["a",1]}\n{"stream":"default","values":["b",2]}\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a captured input file is itself sample data: replay lines keep their task, stream and typed values', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-replay-'));
    try {
      const captured = '{"task":1,"stream":"default","values":[{"$int":7},"x"]}\n{"task":0,"stream":"odd","values":[3,"y"]}\n{"values":[1,"z"]}\n';
      const file = parseSample('data/numbers.jsonl', captured);
      expect(file.diagnostics).toEqual([]);
      expect(file.records.map((r) => r.route)).toEqual([{ stream: 'default', task: 1 }, { stream: 'odd', task: 0 }, {}]);
      const plan = planReplay([file], [{ kind: 'spout', spout: 'numbers', stream: 'default', fields: ['n', 'w'] }]);
      const files = writeReplayFiles(dir, plan);
      expect(fs.readFileSync(files.get('numbers')!, 'utf8')).toBe(
        '{"task":1,"stream":"default","values":[{"$int":7},"x"]}\n{"task":0,"stream":"odd","values":[3,"y"]}\n{"stream":"default","values":[1,"z"]}\n',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a replay line with a bad task or stream is a S2F610 at its line', () => {
    const f = parseSample('data/n.jsonl', '{"task":-1,"values":[1]}\n{"stream":"","values":[1]}\n{"task":1.5,"values":[1]}\n');
    expect(f.diagnostics.map(pos)).toEqual(['S2F610 data/n.jsonl:1:1', 'S2F610 data/n.jsonl:2:1', 'S2F610 data/n.jsonl:3:1']);
    expect(f.records).toEqual([]);
  });
});
