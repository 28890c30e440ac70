// verify's Gradle build path (src/diff/gradle.ts). No Gradle can run on this machine (none installed; Debian's is 4.4.1,
// older than the 7.3 that first runs on JDK 17; a wrapper downloads its distribution from services.gradle.org, which is not reachable), so
// what is exercised here is ours: which Gradle is chosen, the command it is given, the copy it runs in, and how its
// answer becomes the classpath. The wrapper below is a stand-in shell script that records its arguments and answers
// as the init script's task would; the init script itself has not been run by a real Gradle here. A real wrapper
// (test/helpers/gradle-wrapper.ts) runs where it can: failing to download its distribution.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildUserProject } from '../../src/diff/build.js';
import { CouldNotRun } from '../../src/diff/jvm.js';
import { firstGradleCompilerError, gradleCommand, gradleLayout, jarCoordinates, parseGradleClasspath } from '../../src/diff/gradle.js';
import { GRADLEW, gradleWrapperJar } from '../helpers/gradle-wrapper.js';
import { tempDir } from '../helpers/tmp.js';

function project(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
}

async function rejection(p: Promise<unknown>): Promise<CouldNotRun> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CouldNotRun);
    return e as CouldNotRun;
  }
  throw new Error('expected a CouldNotRun');
}

describe('Gradle projects: layout, which Gradle, its answer', () => {
  test('the build root is the nearest settings.gradle[.kts]; a module is addressed by its Gradle path', () => {
    const root = tempDir('s2f-gradle-');
    project(root, { 'settings.gradle.kts': '', 'topologies/words/build.gradle.kts': '', 'alone/build.gradle': '' });
    expect(gradleLayout(path.join(root, 'topologies', 'words', 'build.gradle.kts'))).toEqual({ root, projectPath: ':topologies:words' });
    expect(gradleLayout(path.join(root, 'build.gradle.kts'))).toEqual({ root, projectPath: '' });
  });

  test('the wrapper first, else an executable gradle on PATH, else none', () => {
    const root = tempDir('s2f-gradle-');
    const bin = path.join(root, 'bin');
    project(root, { 'bin/gradle': '#!/bin/sh\n' });
    fs.chmodSync(path.join(bin, 'gradle'), 0o755);
    expect(gradleCommand(path.join(root, 'p'), { PATH: '/nonexistent' })).toBeNull();
    expect(gradleCommand(path.join(root, 'p'), { PATH: bin })).toMatchObject({ cmd: path.join(bin, 'gradle'), args: [] });
    project(root, { 'p/gradlew': '#!/bin/sh\n' });
    expect(gradleCommand(path.join(root, 'p'), { PATH: bin })).toMatchObject({ cmd: 'sh', args: [path.join(root, 'p', 'gradlew')] });
  });

  test("the classpath is the task's last marked line; javac errors map back to the user's file; jars are named by Gradle's or Maven's cache layout", () => {
    expect(parseGradleClasspath('> Task :compileJava\nS2F-CLASSPATH /a/classes:/b.jar\n')).toEqual(['/a/classes', '/b.jar']);
    expect(parseGradleClasspath('BUILD FAILED\n')).toBeNull();
    expect(firstGradleCompilerError('/copy/src/main/java/p/T.java:7: error: cannot find symbol\n', '/copy', '/home/u/proj')).toBe(
      '/home/u/proj/src/main/java/p/T.java:7: cannot find symbol',
    );
    expect(jarCoordinates('/root/.gradle/caches/modules-2/files-2.1/org.apache.storm/storm-client/2.8.3/0123abcd/storm-client-2.8.3.jar')).toBe(
      'org.apache.storm:storm-client',
    );
    expect(jarCoordinates('/root/.m2/repository/org/apache/storm/storm-client/2.8.3/storm-client-2.8.3.jar')).toBe('org.apache.storm:storm-client');
    expect(jarCoordinates('/home/u/proj/build/classes/java/main')).toBeNull();
  });

  test('no wrapper and no gradle on PATH: a could-not-run naming the build file and the --classpath recipe', async () => {
    const root = tempDir('s2f-gradle-');
    project(root, { 'build.gradle.kts': 'plugins { java }\n', 'src/main/java/p/Topo.java': 'package p;\npublic class Topo {}\n' });
    const e = await rejection(
      buildUserProject(path.join(root, 'src/main/java/p/Topo.java'), { env: { ...process.env, PATH: path.dirname(process.execPath) }, supplied: [] }),
    );
    expect(e.message).toContain(path.join(root, 'build.gradle.kts'));
    expect(e.kind).toBe('verify-no-build');
    expect(e.message).toMatch(/neither a wrapper \(gradlew\).*nor a gradle on PATH/);
    expect(e.message).toContain('--classpath "$(./gradlew -q printClasspath)"');
  });

  test("with a wrapper: run in a copy with the init script and the module's task; Storm's jars dropped; cached; the user's tree untouched", async () => {
    const root = tempDir('s2f-gradle-');
    const calls = path.join(tempDir('s2f-gradle-calls-'), 'calls.txt');
    const m2 = path.join(tempDir('s2f-gradle-m2-'), 'repository');
    const lib = path.join(m2, 'com', 'acme', 'words', '1.0', 'words-1.0.jar');
    const storm = path.join(m2, 'org', 'apache', 'storm', 'storm-client', '2.8.3', 'storm-client-2.8.3.jar');
    project(path.dirname(lib), { 'words-1.0.jar': '' });
    project(path.dirname(storm), { 'storm-client-2.8.3.jar': '' });
    // The stand-in: records where and how it was called, makes the classes folder and answers with the marked line.
    const wrapper = [
      '#!/bin/sh',
      `echo "$PWD|$*" >> ${JSON.stringify(calls)}`,
      'while [ $# -gt 0 ]; do case "$1" in -p) shift; dir="$1";; esac; shift; done',
      'mkdir -p "$dir/topology/build/classes/java/main"',
      `echo "S2F-CLASSPATH $dir/topology/build/classes/java/main:${lib}:${storm}"`,
    ].join('\n');
    project(root, {
      'settings.gradle': "include 'topology'\n",
      gradlew: wrapper + '\n',
      'gradle/wrapper/gradle-wrapper.properties': 'distributionUrl=https\\://services.gradle.org/distributions/gradle-8.10-bin.zip\n',
      'topology/build.gradle': "plugins { id 'java' }\n",
      'topology/src/main/java/p/Topo.java': 'package p;\npublic class Topo {}\n',
      'topology/build/leftover.txt': 'a build folder the copy leaves out',
    });
    const before = fs.readdirSync(root, { recursive: true }).sort();
    const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-gradle-cache-') };
    const file = path.join(root, 'topology', 'src', 'main', 'java', 'p', 'Topo.java');
    const built = await buildUserProject(file, { env, supplied: [storm] });
    expect(built.cached).toBe(false);
    expect(built.projectDir).toBe(root);
    expect(built.classpath).toHaveLength(2);
    expect(built.classpath[0]).toMatch(/-gradle-[0-9a-f]+\/topology\/build\/classes\/java\/main$/);
    expect(built.classpath[0]!.startsWith(env.S2F_CACHE_DIR)).toBe(true);
    expect(built.classpath[1]).toBe(lib);
    const [where, args] = fs.readFileSync(calls, 'utf8').trim().split('|') as [string, string];
    expect(where.startsWith(env.S2F_CACHE_DIR)).toBe(true);
    expect(args).toMatch(/^-q --console=plain -p \S+ --init-script \S+\.s2f-init\.gradle :topology:s2fClasspath$/);
    // The copy has the wrapper's files and not the build output.
    const copy = built.classpath[0]!.replace(/\/topology\/build\/classes\/java\/main$/, '');
    expect(fs.existsSync(path.join(copy, 'gradle', 'wrapper', 'gradle-wrapper.properties'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'topology', 'build', 'leftover.txt'))).toBe(false);
    // Warm: no second Gradle run.
    expect((await buildUserProject(file, { env, supplied: [storm] })).cached).toBe(true);
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(root, { recursive: true }).sort()).toEqual(before);
  });

  test('a real wrapper that cannot download its Gradle (an unreachable loopback URL): one line with the version and the URL, the --classpath recipe, no stack trace', async () => {
    // A loopback port nothing listens on: the wrapper's download is refused at once.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const url = `http://127.0.0.1:${port}/distributions/gradle-8.10-bin.zip`;
    const root = tempDir('s2f-gradle-offline-');
    project(root, {
      'settings.gradle': "rootProject.name = 'offline'\n",
      'build.gradle': "plugins { id 'java' }\n",
      gradlew: GRADLEW,
      'gradle/wrapper/gradle-wrapper.properties': `distributionBase=GRADLE_USER_HOME\ndistributionPath=wrapper/dists\ndistributionUrl=${url.replace(/:/g, '\\:')}\nzipStoreBase=GRADLE_USER_HOME\nzipStorePath=wrapper/dists\n`,
      'src/main/java/p/Topo.java': 'package p;\npublic class Topo {}\n',
    });
    fs.copyFileSync(gradleWrapperJar(), path.join(root, 'gradle', 'wrapper', 'gradle-wrapper.jar'));
    const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-gradle-cache-'), GRADLE_USER_HOME: tempDir('s2f-gradle-home-') };
    const e = await rejection(buildUserProject(path.join(root, 'src/main/java/p/Topo.java'), { env, supplied: [] }));
    expect(e.kind).toBe('verify-no-build');
    expect(e.message.slice(0, e.message.indexOf('. Build it with your Gradle'))).toBe(
      `the Gradle wrapper (gradlew) could not download Gradle 8.10 from ${url} (java.net.ConnectException: Connection refused)`,
    );
    expect(e.message).toContain('--classpath "$(./gradlew -q printClasspath)"');
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toMatch(/\bat (java|org)\./);
    expect(e.detail).toBeUndefined();
  }, 120_000);
});
