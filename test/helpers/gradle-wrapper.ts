// A real Gradle wrapper jar for tests, made at test time (a binary of someone else's, never committed): Debian's
// libgradle-core-java 4.4.1 ships the wrapper's classes unshaded, so they are put together as Gradle's own build
// does — the wrapper, gradle-cli's classes and the build receipt at the jar's root — into one gradle-wrapper.jar.
// From /usr/share/java when the package is installed, else `apt-get download` (not installed; nothing outside a
// temp folder is written). Kept in the OS temp folder, so a machine makes it once.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const VERSION = '4.4.1';
const PACKAGE = 'libgradle-core-java';

/** The path of an assembled gradle-wrapper.jar (Gradle 4.4.1's wrapper). */
export function gradleWrapperJar(): string {
  const home = path.join(os.tmpdir(), `s2f-gradle-wrapper-${VERSION}`);
  const jar = path.join(home, 'gradle-wrapper.jar');
  if (fs.existsSync(jar)) return jar;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-gradle-wrapper-work-'));
  try {
    let java = '/usr/share/java';
    if (!fs.existsSync(path.join(java, `gradle-wrapper-${VERSION}.jar`))) {
      try {
        execFileSync('apt-get', ['download', PACKAGE], { cwd: work, stdio: 'pipe' });
      } catch {
        // A fresh machine has no package lists yet (scripts/setup-chromium.sh does the same before installing).
        if (process.getuid?.() === 0) execFileSync('apt-get', ['update'], { stdio: 'pipe' });
        else execFileSync('sudo', ['apt-get', 'update'], { stdio: 'pipe' });
        execFileSync('apt-get', ['download', PACKAGE], { cwd: work, stdio: 'pipe' });
      }
      const deb = fs.readdirSync(work).find((f) => f.startsWith(PACKAGE) && f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${PACKAGE} left no .deb in ${work}`);
      execFileSync('dpkg-deb', ['-x', deb, 'root'], { cwd: work, stdio: 'pipe' });
      java = path.join(work, 'root', 'usr', 'share', 'java');
    }
    const classes = path.join(work, 'classes');
    fs.mkdirSync(classes);
    const unzip = (from: string, ...entries: string[]) =>
      execFileSync('unzip', ['-q', '-o', path.join(java, from), ...entries], { cwd: classes, stdio: 'pipe' });
    unzip(`gradle-wrapper-${VERSION}.jar`, 'org/*', 'gradle-wrapper-classpath.properties');
    unzip(`gradle-cli-${VERSION}.jar`, 'org/*');
    // GradleWrapperMain reads its version from /build-receipt.properties.
    unzip(`gradle-base-services-${VERSION}.jar`, 'org/gradle/build-receipt.properties');
    fs.renameSync(path.join(classes, 'org', 'gradle', 'build-receipt.properties'), path.join(classes, 'build-receipt.properties'));
    fs.mkdirSync(home, { recursive: true });
    const tmpJar = `${jar}.${process.pid}.tmp`;
    execFileSync('jar', ['--create', '--file', tmpJar, '--main-class', 'org.gradle.wrapper.GradleWrapperMain', '-C', classes, '.'], { stdio: 'pipe' });
    fs.renameSync(tmpJar, jar);
    return jar;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A POSIX gradlew of our own: runs the wrapper jar beside it, as Gradle's generated script does. */
export const GRADLEW = `#!/bin/sh
APP_HOME=$(cd "$(dirname "$0")" && pwd)
exec java -classpath "$APP_HOME/gradle/wrapper/gradle-wrapper.jar" org.gradle.wrapper.GradleWrapperMain "$@"
`;
