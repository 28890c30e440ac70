// The compat runtime's JUnit suite (Flink MiniCluster, a real Kafka broker), run through Maven
// for the default Flink 1.20 line and the `flink-2` profile.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const POM = 'src/compat/pom.xml';
const REPORTS = 'src/compat/target/surefire-reports';

function surefireTotals(): { tests: number; failures: number; errors: number } {
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const f of fs.readdirSync(REPORTS).filter((n) => n.startsWith('TEST-') && n.endsWith('.xml'))) {
    const head = fs.readFileSync(path.join(REPORTS, f), 'utf8').slice(0, 2000);
    const attr = (name: string) => Number(new RegExp(`<testsuite[^>]*\\s${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
    totals.tests += attr('tests');
    totals.failures += attr('failures');
    totals.errors += attr('errors');
  }
  return totals;
}

function mvnVerify(...extra: string[]) {
  const r = spawnSync('mvn', ['-B', '-q', '-f', POM, 'clean', 'verify', ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').slice(-80).join('\n');
  return { status: r.status, tail };
}

describe('compat runtime (Maven, JUnit 5 on MiniCluster)', () => {
  for (const [label, args] of [
    ['Flink 1.20 (default)', [] as string[]],
    ['Flink 2.x (-Pflink-2)', ['-Pflink-2']],
  ] as const) {
    it(
      `passes its suite on ${label}`,
      () => {
        const r = mvnVerify(...args);
        expect(r.status, r.tail).toBe(0);
        const t = surefireTotals();
        expect(t.tests).toBeGreaterThan(10);
        expect(t.failures + t.errors).toBe(0);
      },
      30 * 60_000,
    );
  }
});
