// Where translate finds the compat runtime: the jar in src/compat/target, its content version, and a warning
// when a runtime source changed after the jar was built (projects would bundle the older runtime).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { locateCompat } from '../../src/translator/compat.js';
import { translateAnalysis } from '../../src/translator/translate.js';
import { tempDir } from '../helpers/tmp.js';

/** A package root with src/compat: its pom, one source and a built jar, the source `ageS` older than the jar. */
function root(ageS: number): string {
  const r = tempDir('s2f-compat-root-');
  const compat = path.join(r, 'src', 'compat');
  fs.mkdirSync(path.join(compat, 'src', 'main', 'java'), { recursive: true });
  fs.mkdirSync(path.join(compat, 'target'));
  fs.writeFileSync(
    path.join(compat, 'pom.xml'),
    '<project><groupId>dev.storm2flink</groupId><artifactId>storm2flink-compat</artifactId><version>0.1.0-SNAPSHOT</version></project>',
  );
  const src = path.join(compat, 'src', 'main', 'java', 'Runtime.java');
  fs.writeFileSync(src, 'class Runtime {}');
  const jar = path.join(compat, 'target', 'storm2flink-compat-0.1.0-SNAPSHOT.jar');
  fs.writeFileSync(jar, 'jar bytes');
  const now = Date.now() / 1000;
  fs.utimesSync(path.join(compat, 'pom.xml'), now - 3600, now - 3600);
  fs.utimesSync(jar, now - 60, now - 60);
  fs.utimesSync(src, now - 60 - ageS, now - 60 - ageS);
  return r;
}

describe('locating the compat runtime', () => {
  it('a jar built after every source: bundled under a version of its content and pom', () => {
    const c = locateCompat(undefined, root(120));
    expect(c.jarPath).toMatch(/storm2flink-compat-0\.1\.0-SNAPSHOT\.jar$/);
    expect(c.newerSource).toBeUndefined();
    expect(c.version).toMatch(/^0\.1\.0-[0-9a-f]{12}$/);
    expect(c.pomText).toContain(`<version>${c.version}</version>`);
  });

  it('a source changed after the jar: named, and translate warns (S2F411) while still translating', async () => {
    const r = root(-30);
    const c = locateCompat(undefined, r);
    expect(c.newerSource).toBe(path.join('src', 'compat', 'src', 'main', 'java', 'Runtime.java'));
    const analysis = await analyzePaths(['samples/exclamation']);
    const out = tempDir('s2f-compat-out-');
    const result = await translateAnalysis(analysis, { out, cwd: process.cwd(), compat: c, flink: '1.20', target: 'yarn-application' });
    expect(result.stats.ok).toBeGreaterThan(0);
    const stale = result.diagnostics.filter((d) => d.code === 'S2F411');
    expect(stale).toHaveLength(1);
    expect(stale[0]!.message).toContain('Runtime.java');
    expect(stale[0]!.severity).toBe('warning');
  });

  it('an explicit --compat-jar is taken as given', () => {
    const r = root(-30);
    const c = locateCompat(path.join(r, 'src', 'compat', 'target', 'storm2flink-compat-0.1.0-SNAPSHOT.jar'), r);
    expect(c.newerSource).toBeUndefined();
  });
});
