// verify runs the user's code as the user ran it: from the project folder, so relative paths in it (a config file
// the main reads, a file a spout reads or a bolt writes) resolve there, on both engines, in a copy (the user's tree is
// never written). On a real published topology (storm-perf, fetched at test time) and on a fixture that writes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { effectiveModel } from '../../src/diff/build.js';
import { batchEngines } from '../../src/diff/engines.js';
import { fillScratch, keepWritten, moveScratch, projectFolderOf } from '../../src/diff/scratch.js';
import { listFiles } from '../../src/model/files.js';
import { publishedProject } from '../helpers/maven.js';
import { tempDir } from '../helpers/tmp.js';

/** Every file under a folder with its content hash and mtime: equal snapshots mean nothing was written. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir, { skipDir: () => false }).map((f) => [
      path.relative(dir, f),
      `${createHash('sha256').update(fs.readFileSync(f)).digest('hex')} ${fs.statSync(f).mtimeMs}`,
    ]),
  );
}

describe('the run folder: a copy of the project folder', () => {
  test("projectFolderOf: the project around the topology's source (nearest pom.xml or Gradle build), else the verified folder, else the file's", () => {
    const root = tempDir('s2f-run-folder-');
    fs.mkdirSync(path.join(root, 'maven', 'src', 'a'), { recursive: true });
    fs.writeFileSync(path.join(root, 'maven', 'pom.xml'), '<project/>');
    fs.writeFileSync(path.join(root, 'maven', 'src', 'a', 'T.java'), 'class T {}');
    fs.mkdirSync(path.join(root, 'gradle', 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'gradle', 'build.gradle.kts'), '');
    fs.writeFileSync(path.join(root, 'gradle', 'src', 'T.java'), 'class T {}');
    fs.mkdirSync(path.join(root, 'loose'));
    fs.writeFileSync(path.join(root, 'loose', 'topo.yaml'), 'name: x');
    expect(projectFolderOf(path.join(root, 'maven', 'src', 'a', 'T.java'))).toBe(path.join(root, 'maven'));
    expect(projectFolderOf(path.join(root, 'maven', 'src'))).toBe(path.join(root, 'maven'));
    // A tree given as the path: the project of the topology's own file, not the whole tree.
    expect(projectFolderOf(root, path.join(root, 'maven', 'src', 'a', 'T.java'))).toBe(path.join(root, 'maven'));
    fs.mkdirSync(path.join(root, 'loose', 'topologies'));
    fs.writeFileSync(path.join(root, 'loose', 'topologies', 'inner.yaml'), 'name: y');
    expect(projectFolderOf(path.join(root, 'loose'), path.join(root, 'loose', 'topologies', 'inner.yaml'))).toBe(path.join(root, 'loose'));
    // A loose file in a large folder (a home folder): not copied, the code runs in an empty folder.
    fs.mkdirSync(path.join(root, 'big'));
    for (let i = 0; i <= 2000; i++) fs.writeFileSync(path.join(root, 'big', `f${i}.txt`), '');
    expect(projectFolderOf(path.join(root, 'big', 'f0.txt'))).toBeNull();
    expect(projectFolderOf(path.join(root, 'gradle', 'src', 'T.java'))).toBe(path.join(root, 'gradle'));
    expect(projectFolderOf(path.join(root, 'loose', 'topo.yaml'))).toBe(path.join(root, 'loose'));
  });

  test('fillScratch copies the project (no build output, dot-folders or --out), keeps the folder itself; moveScratch empties it; keepWritten keeps what a run wrote', () => {
    const root = tempDir('s2f-run-folder-');
    const user = path.join(root, 'user');
    for (const f of ['pom.xml', 'conf/a.yaml', 'target/classes/X.class', '.git/HEAD', 'out/report.txt', 'data/in.txt']) {
      fs.mkdirSync(path.dirname(path.join(user, f)), { recursive: true });
      fs.writeFileSync(path.join(user, f), f);
    }
    const before = snapshot(user);
    const scratch = path.join(root, 'server', 'run-folder');
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'left-by-an-earlier-run'), 'x');
    const inode = fs.statSync(scratch).ino;
    fillScratch(scratch, user, [path.join(user, 'out')]);
    expect(listFiles(scratch).map((f) => path.relative(scratch, f))).toEqual(['conf/a.yaml', 'data/in.txt', 'pom.xml']);
    // Written through the copy: the user's file stays as it was.
    fs.writeFileSync(path.join(scratch, 'conf', 'a.yaml'), 'changed');
    expect(fs.readFileSync(path.join(user, 'conf', 'a.yaml'), 'utf8')).toBe('conf/a.yaml');
    fs.mkdirSync(path.join(scratch, 'written'));
    fs.writeFileSync(path.join(scratch, 'written', 'new.txt'), 'new');
    const kept = path.join(root, 'kept');
    moveScratch(scratch, kept);
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(fs.statSync(scratch).ino).toBe(inode);
    // What the run wrote is kept; what it left as copied is not.
    keepWritten(kept, user);
    expect(listFiles(kept).map((f) => path.relative(kept, f))).toEqual(['conf/a.yaml', 'written/new.txt']);
    expect(fs.readFileSync(path.join(kept, 'conf', 'a.yaml'), 'utf8')).toBe('changed');
    expect(snapshot(user)).toEqual(before);
  });
});

describe('relative paths in user code resolve against the project folder, on both engines', () => {
  let perf: string;
  beforeAll(async () => {
    perf = (await publishedProject('org.apache.storm:storm-perf:2.6.0', { model: (d) => effectiveModel(d, process.env) })).dir;
  }, 600_000);

  test("storm-perf 2.6.0 FileReadWordCountTopo with a relative config file (args) naming a relative input file: read on both engines; the user's tree untouched", async () => {
    // The user's checkout: the published project, plus the config and input file a user keeps beside it.
    const user = path.join(tempDir('s2f-run-folder-perf-'), 'storm-perf');
    fs.cpSync(perf, user, { recursive: true });
    fs.mkdirSync(path.join(user, 'conf'));
    fs.writeFileSync(path.join(user, 'conf', 'FileReadWordCountTopo.yaml'), 'input.file: "sampledata/randomwords.txt"\nsplitter.count: 3\n');
    fs.mkdirSync(path.join(user, 'sampledata'));
    const lines = ['the cow jumped over the moon', 'an apple a day keeps the doctor away', 'four score and seven years ago'];
    fs.writeFileSync(path.join(user, 'sampledata', 'randomwords.txt'), lines.join('\n') + '\n');
    const before = snapshot(user);
    const out = tempDir('s2f-run-folder-perf-out-');
    const file = path.join(user, 'src', 'main', 'java', 'org', 'apache', 'storm', 'perf', 'FileReadWordCountTopo.java');
    // As its usage says: [runDurationSec] [optionalConfFile], run from the project folder. With a batch's engines: the
    // Flink job runs in a long-lived JVM, whose working directory is refilled for each run.
    const engines = batchEngines(1);
    const r = await verifyPath({ topology: file, args: ['1', 'conf/FileReadWordCountTopo.yaml'], out, captureLimit: 30, engines }).finally(() =>
      engines.close(),
    );
    const why = [r.reason, r.detail, ...(r.diff?.notes ?? [])].filter(Boolean).join('\n');
    expect(r.status, why).toBe('equivalent');
    // Storm's spout read the relative input file the relative config file named: its lines are the captured input.
    const captured = fs
      .readFileSync(path.join(out, 'input', 'spout.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).values[0]);
    expect(captured).toHaveLength(30);
    expect(new Set(captured)).toEqual(new Set(lines));
    const words = captured.reduce((n: number, l: string) => n + l.split(' ').length, 0);
    expect(r.diff!.streams.find((s) => s.component === 'counter')).toMatchObject({ storm: words, flink: words, ok: true });
    // The Flink job's main read the config file in its copy too (Utils.findAndReadConfigFile throws when it finds
    // none); the copies keep only what a run wrote, and this topology writes nothing.
    for (const side of ['capture', 'storm', 'flink']) expect(listFiles(path.join(out, side, 'run-folder')), side).toEqual([]);
    expect(fs.existsSync(path.join(out, 'flink', 'flink-request.json'))).toBe(true);
    // The long-lived JVM's run read it too, and needed no JVM of its own (a failed served run is run again in one, and
    // flink-served.log says why): storm-perf lists storm-hdfs's Configs among the classes Storm validates a config
    // against (META-INF/services), which that JVM's Storm once found through the job's loader but could not load.
    const served = path.join(out, 'flink', 'flink-served.log');
    expect(fs.existsSync(served), fs.existsSync(served) ? fs.readFileSync(served, 'utf8').slice(0, 3000) : '').toBe(false);
    expect(snapshot(user)).toEqual(before);
  }, 900_000);

  test("a Flux file whose components and config are in an included file (resource: false, a path relative to the project folder): Storm's Flux and the Flink job's both read it; the user's tree untouched", async () => {
    // The launcher fixture's classes, wired by Flux files the user keeps at the project's root.
    const user = path.join(tempDir('s2f-run-folder-flux-'), 'flux-words');
    fs.cpSync(path.join(import.meta.dirname, 'fixtures', 'launcher-config'), user, { recursive: true });
    fs.writeFileSync(
      path.join(user, 'topology.yaml'),
      [
        'name: "flux-words"',
        'includes:',
        '  - resource: false',
        '    file: "conf/components.yaml"',
        '    override: false',
        'spouts:',
        '  - id: "words"',
        '    className: "com.acme.WordTopology$WordSpout"',
        '    parallelism: 1',
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(user, 'conf'));
    fs.writeFileSync(
      path.join(user, 'conf', 'components.yaml'),
      [
        'config:',
        '  acme.suffix: "?"',
        '  topology.message.timeout.secs: 45',
        'bolts:',
        '  - id: "suffix"',
        '    className: "com.acme.WordTopology$SuffixBolt"',
        '    parallelism: 2',
        'streams:',
        '  - from: "words"',
        '    to: "suffix"',
        '    grouping:',
        '      type: SHUFFLE',
        '',
      ].join('\n'),
    );
    const before = snapshot(user);
    const out = tempDir('s2f-run-folder-flux-out-');
    const r = await verifyPath({ topology: path.join(user, 'topology.yaml'), out, captureLimit: 6 });
    const why = [r.reason, r.detail, ...(r.diff?.notes ?? [])].filter(Boolean).join('\n');
    expect(r.status, why).toBe('equivalent');
    // The included bolt ran with the included config on both engines.
    expect(r.diff!.streams.find((s) => s.component === 'suffix')).toMatchObject({ storm: 6, flink: 6, ok: true });
    for (const side of ['storm', 'flink']) {
      const dir = path.join(out, side, 'run-folder', 'written');
      const lines = fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));
      expect(new Set(lines), side).toEqual(new Set(['alpha?@45/flux-words', 'beta?@45/flux-words', 'gamma?@45/flux-words']));
    }
    expect(snapshot(user)).toEqual(before);
  }, 600_000);
});
