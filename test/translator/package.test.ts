// Slow tier: `mvn package` of generated sample projects with the real compat runtime carried in
// lib/repo. Needs the built compat jar (src/compat/target); skipped, with the reason, without it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { locateCompat } from '../../src/translator/compat.js';
import { translateAnalysis } from '../../src/translator/translate.js';

const compat = locateCompat(process.env.S2F_COMPAT_JAR);
const slow = process.env.S2F_SLOW === '1';

describe('generated projects build', () => {
  if (!compat.jarPath) {
    it.skip(`mvn package (compat runtime jar not built: expected src/compat/target/${compat.artifactId}-${compat.version}.jar)`, () => {});
    return;
  }
  (slow ? it : it.skip)('mvn package turns each sample project into a job jar (S2F_SLOW=1)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-package-'));
    const analysis = await analyzePaths(['samples']);
    const r = await translateAnalysis(analysis, { out, flink: '1.20', target: 'yarn-application', compat });
    for (const p of r.projects) {
      execFileSync('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: p.dir, stdio: 'pipe' });
      expect(fs.existsSync(path.join(p.dir, 'target', `${p.folder}-1.0.0.jar`))).toBe(true);
    }
  }, 3_600_000);
});
