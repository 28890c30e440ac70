import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareTaps } from '../../src/diff/compare.js';
import { exitCodeOf, type VerifyReport } from '../../src/diff/verify-report.js';
import { renderJson, renderJunit, renderPretty, xmlEscape } from '../../src/report/verify.js';
import type { TapRecord } from '../../src/diff/tap.js';
import { CATALOG } from '../../src/model/diagnostics.js';

const r = (component: string, values: unknown[], stream = 'default'): TapRecord => ({ component, stream, values });
const nasty = 'a<b>&"c\' \u0001 \uD800 ]]> é 😀';

function report(status: VerifyReport['status'], storm: TapRecord[], flink: TapRecord[]): VerifyReport {
  const diff = status === 'could-not-run' ? undefined : compareTaps(storm, flink);
  return {
    version: 1,
    topology: `word<count>&"co"`,
    status,
    exitCode: exitCodeOf(status),
    ...(status === 'could-not-run' ? { code: 'S2F717', reason: `the Kafka broker did not start: ${nasty}`, detail: 'ERROR <bind> failed' } : {}),
    ran: { broker: true, replay: true, storm: true, flink: status !== 'could-not-run' },
    diff,
    diagnostics: [],
    timings: { broker: 1500, storm: 2500 },
  };
}

const storm = [r('split', ['a']), r('split', ['b']), r('count', ['a', 1]), r('count', [nasty, 2], 'we<ird')];
const flink = [r('split', ['a']), r('count', ['a', 1]), r('count', ['x', 2], 'we<ird')];

function xmlCheck(xml: string): string {
  const p = spawnSync('java', [path.join(import.meta.dirname, 'fixtures', 'XmlCheck.java')], { input: xml, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`not well-formed: ${p.stderr}\n${xml}`);
  return p.stdout.trim();
}

describe('renderers', () => {
  test('exit codes: 0 equivalent, 1 not equivalent, 2 could not run', () => {
    expect([exitCodeOf('equivalent'), exitCodeOf('not-equivalent'), exitCodeOf('could-not-run')]).toEqual([0, 1, 2]);
  });

  test('pretty: a table with counts and verdicts, the first divergence with samples', () => {
    const text = renderPretty(report('not-equivalent', storm, flink));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^COMPONENT\s+STREAM\s+STORM\s+FLINK\s+VERDICT$/);
    // No model: streams sorted by component then stream.
    expect(lines[1]).toMatch(/^count\s+default\s+1\s+1\s+equal$/);
    expect(lines[2]).toMatch(/^count\s+we<ird\s+1\s+1\s+1 missing, 1 extra$/);
    expect(lines[3]).toMatch(/^split\s+default\s+2\s+1\s+1 missing$/);
    expect(text).toContain('First divergence: count / we<ird (1 missing, 1 extra)');
    expect(text).toContain('+ flink only ["x",2]');
    expect(text).toMatch(/NOT equivalent\n$/);
    expect(renderPretty(report('equivalent', storm, storm))).toMatch(/: equivalent\n$/);
    const cnr = renderPretty(report('could-not-run', [], []));
    // The code leads the reason (a CI log is grepped by it); the catalog's help follows the tool's output.
    expect(cnr).toContain('could not verify: S2F717: the Kafka broker did not start');
    expect(cnr).toContain('ERROR <bind> failed');
    expect(cnr).toContain(`help: ${CATALOG.get('verify-broker-failed')!.help}`);
    expect(cnr.indexOf('ERROR <bind> failed')).toBeLessThan(cnr.indexOf('help: '));
  });

  test('json round-trips and carries a version', () => {
    const rep = report('not-equivalent', storm, flink);
    const back = JSON.parse(renderJson(rep));
    expect(back.version).toBe(1);
    expect(back.diff.firstDivergence).toEqual({ component: 'count', stream: 'we<ird', verdict: 'different' });
  });

  test('xml escaping', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlEscape('\u0001\uD800ok😀')).toBe('\uFFFD\uFFFDok😀');
  });

  test('JUnit XML is well-formed for every status, with hostile names and values', () => {
    const xml = renderJunit([report('not-equivalent', storm, flink), report('equivalent', storm, storm), report('could-not-run', [], [])]);
    // 3 + 3 stream cases + 1 could-not-run case; failures: count/we<ird and split/default.
    const [root, cases, failures, errors] = xmlCheck(xml).split(' ');
    expect(root).toBe('testsuites');
    expect(Number(cases)).toBe(7);
    expect(Number(failures)).toBe(2);
    expect(Number(errors)).toBe(1);
    expect(xml).toContain('tests="7" failures="2" errors="1"');
    expect(xml).toContain('name="count / we&lt;ird"');
    expect(xml).toContain('<error message="S2F717: the Kafka broker did not start:');
  }, 60_000);
});

describe('pretty output a user reads', () => {
  const base = report('could-not-run', [], []);

  test('diagnostics alike are shown three times, the rest counted', () => {
    const at = (line: number) => ({
      code: 'S2F607',
      severity: 'error' as const,
      message: 'cannot replay as spout "s": a single value',
      file: 'data/x.xlsx',
      line,
      column: 1,
    });
    const other = { code: 'S2F601', severity: 'error' as const, message: 'sample data data/y does not exist', file: 'data/y', line: 0, column: 0 };
    const text = renderPretty({ ...base, diagnostics: [...Array.from({ length: 500 }, (_, i) => at(i + 1)), other] });
    expect(text.match(/error S2F607/g)).toHaveLength(3);
    expect(text).toContain('… and 497 more S2F607 like these (--format json lists every one)');
    expect(text).toContain('error S2F601: sample data data/y does not exist');
    expect(text).not.toContain('more S2F601');
  });

  test("a could-not-run detail keeps the user's exception and frames, not the runner's frames or the JDK's warnings", () => {
    const detail = [
      'WARNING: A terminally deprecated method in java.lang.System has been called',
      'WARNING: System::setSecurityManager has been called by dev.storm2flink.compat.capture.ExitGuard (file:/x/)',
      'WARNING: Please consider reporting this to the maintainers of dev.storm2flink.compat.capture.ExitGuard',
      'WARNING: System::setSecurityManager will be removed in a future release',
      'dev.storm2flink.compat.capture.Capture$CaptureException: demo.Main.main failed before it built or submitted a topology',
      '\tat dev.storm2flink.compat.capture.Capture.run(Capture.java:125)',
      'Caused by: java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0',
      '\tat demo.Main.main(Main.java:67)',
      '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
      'WARNING: a warning of the user code stays',
    ].join('\n');
    const text = renderPretty({ ...base, code: 'S2F720', reason: 'the topology did not run on Storm LocalCluster', detail });
    expect(text).toContain('Caused by: java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0');
    expect(text).toContain('at demo.Main.main(Main.java:67)');
    expect(text).toContain('WARNING: a warning of the user code stays');
    expect(text).not.toMatch(/at dev\.storm2flink\.|jdk\.internal\.reflect|setSecurityManager|terminally deprecated|maintainers of/);
  });
});
