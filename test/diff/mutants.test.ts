// verify catches a broken translation: word-count is translated, the translated project's copy of the user's
// code is broken on purpose, and `verify --translated` must say NOT equivalent and name the component.
// The unedited translation is verified the same way first, so a mutant can only fail for its mutation.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { verifyPath as verify } from '../../src/cli/verify-path.js';
import { translateAnalysis } from '../../src/translator/translate.js';
import { builtCompat } from '../helpers/compat.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = path.join(ROOT, 'samples', 'word-count');
const PKG = 'src/main/java/dev/storm2flink/samples/wordcount';
let tmp: string;
let project: string;
let data: string;

/** 1,200 sentences of a fixed vocabulary (~7,000 words): enough for "one in a thousand" to bite. */
function sentences(n: number): string {
  const vocab = ['storm', 'flink', 'the', 'stream', 'tuple', 'bolt', 'spout', 'kafka', 'window', 'state', 'task', 'cow', 'moon'];
  let x = 7;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const words: string[] = [];
    const len = 3 + (i % 6);
    for (let j = 0; j < len; j++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      words.push(vocab[x % vocab.length]!);
    }
    lines.push(words.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** A copy of the translated project with one edit in one of the user's files; the edit must apply. */
function mutant(name: string, file: string, from: string | RegExp, to: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(project, dir, { recursive: true });
  const f = path.join(dir, PKG, file);
  const text = fs.readFileSync(f, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${name}: the edit applies to ${file}`).not.toBe(text);
  fs.writeFileSync(f, next);
  return dir;
}

const run = (translated: string) => verify({ topology: SAMPLE, topologyId: 'word-count', translated, data: [data], quietMs: 1000 });

describe.sequential('verify catches mutants of a translation', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-mutants-'));
    data = path.join(tmp, 'sentences.txt');
    fs.writeFileSync(data, sentences(1200));
    const analysis = await analyzePaths([SAMPLE]);
    analysis.topologies = analysis.topologies.filter((t) => t.id === 'word-count');
    const r = await translateAnalysis(analysis, { out: path.join(tmp, 'out'), cwd: ROOT, flink: '1.20', target: 'yarn-application', compat: builtCompat() });
    expect(r.projects).toHaveLength(1);
    project = r.projects[0]!.dir;
  }, 600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the unedited translation is equivalent', async () => {
    const r = await run(project);
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe('equivalent');
    const split = r.diff!.streams.find((s) => s.component === 'split')!;
    expect(split.storm).toBeGreaterThan(5000);
  }, 300_000);

  test('a fields grouping changed to shuffle: count diverges', async () => {
    const dir = mutant('grouping', 'WordCountTopology.java', '.fieldsGrouping("split", new Fields("word"))', '.shuffleGrouping("split")');
    const r = await run(dir);
    expect(r.exitCode).toBe(1);
    expect(r.diff!.firstDivergence).toMatchObject({ component: 'count', stream: 'default' });
  }, 300_000);

  test('a dropped subscription: count receives nothing', async () => {
    const dir = mutant('dropped', 'WordCountTopology.java', '.fieldsGrouping("split", new Fields("word"))', '');
    const r = await run(dir);
    expect(r.exitCode).toBe(1);
    expect(r.diff!.firstDivergence).toMatchObject({ component: 'count', verdict: 'missing' });
    expect(r.diff!.streams.find((s) => s.component === 'count')!.flink).toBe(0);
  }, 300_000);

  test('a bolt that drops one tuple in a thousand: split is named, with the missing words', async () => {
    const dir = mutant('drop', 'SplitSentenceBolt.java', 'collector.emit(new Values(word));', 'if (++seen % 1000 != 0) collector.emit(new Values(word));');
    const f = path.join(dir, PKG, 'SplitSentenceBolt.java');
    fs.writeFileSync(
      f,
      fs
        .readFileSync(f, 'utf8')
        .replace('public class SplitSentenceBolt extends BaseBasicBolt {', 'public class SplitSentenceBolt extends BaseBasicBolt {\n    private int seen;'),
    );
    const r = await run(dir);
    expect(r.exitCode).toBe(1);
    expect(r.diff!.firstDivergence).toMatchObject({ component: 'split', verdict: 'missing' });
    const split = r.diff!.streams.find((s) => s.component === 'split')!;
    // Two split tasks, each dropping its every 1000th word.
    expect(split.missing).toBeGreaterThanOrEqual(2);
    expect(split.missing).toBeLessThanOrEqual(split.storm / 1000 + 2);
  }, 300_000);
});
