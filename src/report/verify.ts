// Renderers for a verify report: readable table, JSON, JUnit XML. Pure functions from data to text.
import type { StreamDiff } from '../diff/compare.js';
import { exitCodeOfAll, REPORT_VERSION, type VerifyReport } from '../diff/verify-report.js';
import { CATALOG_BY_CODE } from '../model/diagnostics.js';
import { diagnosticLine, plainStyle, table, type Style } from './style.js';

function short(v: unknown, max = 120): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function verdictText(d: StreamDiff): string {
  switch (d.verdict) {
    case 'equal':
      return 'equal';
    case 'duplicates':
      return `equal (+${d.duplicates} duplicates, at-least-once)`;
    case 'missing':
      return `${d.missing} missing`;
    case 'extra':
      return `${d.extra} extra`;
    case 'different':
      return `${d.missing} missing, ${d.extra} extra`;
    case 'reordered':
      return 'order per key differs';
  }
}

/** A could-not-run reason with its catalog code in front (`S2F720: the topology did not run…`): what a CI log is grepped for. */
export function couldNotRunText(r: Pick<VerifyReport, 'code' | 'reason'>): string {
  const reason = r.reason ?? 'unknown reason';
  return r.code ? `${r.code}: ${reason}` : reason;
}

/** Diagnostics alike (same code and message) shown in full before the rest are counted: a binary file read as sample data gives one per line. */
const ALIKE_SHOWN = 3;

/**
 * The could-not-run detail without what the user cannot act on: stack frames of storm2flink's own runners and of the
 * JDK's reflection, and the JDK's warnings about the runners' SecurityManager. The user's exception, its message and
 * its frames stay; --format json keeps the detail whole.
 */
function userDetail(detail: string): string[] {
  return detail
    .split('\n')
    .filter(
      (l) =>
        !/^\s+at (dev\.storm2flink\.|java\.base\/jdk\.internal\.reflect\.)/.test(l) &&
        !/^WARNING: .*(setSecurityManager|terminally deprecated method in java\.lang\.System|maintainers of dev\.storm2flink)/.test(l),
    );
}

export function renderPretty(r: VerifyReport, s: Style = plainStyle): string {
  const out: string[] = [];
  const alike = new Map<string, number>();
  for (const d of r.diagnostics) {
    const key = `${d.code}\0${d.message}`;
    const n = (alike.get(key) ?? 0) + 1;
    alike.set(key, n);
    if (n <= ALIKE_SHOWN) out.push(...diagnosticLine(d, s));
  }
  for (const [key, n] of alike) {
    if (n > ALIKE_SHOWN) out.push(s.dim(`… and ${n - ALIKE_SHOWN} more ${key.split('\0')[0]} like these (--format json lists every one)`));
  }
  if (r.diff) {
    const rows = [['COMPONENT', 'STREAM', 'STORM', 'FLINK', 'VERDICT']];
    for (const d of r.diff.streams) rows.push([d.component, d.stream, String(d.storm), String(d.flink), verdictText(d)]);
    const lines = table(rows);
    out.push(s.bold(lines[0]!));
    r.diff.streams.forEach((d, i) => out.push(d.ok ? lines[i + 1]! : s.red(lines[i + 1]!)));
    const first = r.diff.firstDivergence;
    if (first) {
      const d = r.diff.streams.find((x) => x.component === first.component && x.stream === first.stream)!;
      out.push('', `${s.bold('First divergence')}: ${first.component} / ${first.stream} (${verdictText(d)})`);
      for (const t of d.samples.missing) out.push(`  ${s.red('- storm only')} ${short(t)}`);
      for (const t of d.samples.extra) out.push(`  ${s.green('+ flink only')} ${short(t)}`);
      const ro = d.samples.reordered;
      if (ro) {
        out.push(`  key ${short(ro.key)}, from position ${ro.index}:`);
        out.push(`    storm ${ro.storm.map((t) => short(t, 60)).join(', ')}`);
        out.push(`    flink ${ro.flink.map((t) => short(t, 60)).join(', ')}`);
      }
    }
    for (const d of r.diff.streams) for (const n of d.notes) if (!n.startsWith('ignored:')) out.push(s.dim(`note: ${d.component}/${d.stream}: ${n}`));
    for (const n of r.diff.notes) out.push(s.dim(`note: ${n}`));
  }
  out.push('');
  if (r.status === 'equivalent')
    out.push(s.green(s.bold(`${r.topology}: equivalent`)) + (r.diff?.mode === 'at-least-once' ? ' (at-least-once: duplicates allowed, none missing)' : ''));
  else if (r.status === 'not-equivalent') out.push(s.red(s.bold(`${r.topology}: NOT equivalent`)));
  else {
    out.push(s.red(s.bold(`${r.topology}: could not verify: ${couldNotRunText(r)}`)));
    if (r.detail) out.push(...userDetail(r.detail).map((l) => s.dim(`  ${l}`)));
    const help = r.code ? CATALOG_BY_CODE.get(r.code)?.help : undefined;
    if (help) out.push(s.dim(`help: ${help}`));
  }
  return out.join('\n') + '\n';
}

export function renderJson(r: VerifyReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** `--format json`: one document for however many topologies the path held. */
export function renderJsonAll(reports: VerifyReport[]): string {
  return JSON.stringify({ version: REPORT_VERSION, exitCode: exitCodeOfAll(reports), reports }, null, 2) + '\n';
}

/** XML 1.0 text: escape markup, drop characters XML cannot carry at all. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function streamFailureText(d: StreamDiff): string {
  const lines = [`storm ${d.storm}, flink ${d.flink}: ${verdictText(d)}`];
  for (const t of d.samples.missing) lines.push(`- storm only ${short(t, 500)}`);
  for (const t of d.samples.extra) lines.push(`+ flink only ${short(t, 500)}`);
  if (d.samples.reordered)
    lines.push(
      `key ${short(d.samples.reordered.key)} from position ${d.samples.reordered.index}: storm ${short(d.samples.reordered.storm)} flink ${short(d.samples.reordered.flink)}`,
    );
  for (const n of d.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

/** One test suite per topology, one test case per (component, stream); could-not-run is one errored case. */
export function renderJunit(reports: VerifyReport[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.map((r) => {
    const cases = r.diff?.streams ?? [];
    const tests = r.status === 'could-not-run' ? 1 : Math.max(1, cases.length);
    const failures = r.status === 'could-not-run' ? 0 : cases.filter((c) => !c.ok).length;
    const errors = r.status === 'could-not-run' ? 1 : 0;
    return { r, cases, tests, failures, errors };
  });
  const sum = (k: 'tests' | 'failures' | 'errors') => all.reduce((n, x) => n + x[k], 0);
  const secs = (r: VerifyReport) => (Object.values(r.timings).reduce((a, b) => a + b, 0) / 1000).toFixed(3);
  out.push(`<testsuites name="storm2flink verify" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}">`);
  for (const { r, cases, tests, failures, errors } of all) {
    const suite = xmlEscape(r.topology);
    out.push(`  <testsuite name="${suite}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${secs(r)}">`);
    if (r.status === 'could-not-run') {
      out.push(`    <testcase classname="${suite}" name="verify">`);
      out.push(
        `      <error message="${xmlEscape(couldNotRunText(r))}" type="could-not-run">${xmlEscape([couldNotRunText(r), r.detail].filter(Boolean).join('\n'))}</error>`,
      );
      out.push('    </testcase>');
    } else if (cases.length === 0) {
      out.push(`    <testcase classname="${suite}" name="no emitted tuples"/>`);
    } else {
      for (const c of cases) {
        const name = xmlEscape(`${c.component} / ${c.stream}`);
        if (c.ok) {
          out.push(`    <testcase classname="${suite}" name="${name}"/>`);
          continue;
        }
        out.push(`    <testcase classname="${suite}" name="${name}">`);
        out.push(
          `      <failure message="${xmlEscape(`${c.component}/${c.stream}: ${verdictText(c)}`)}" type="${c.verdict}">${xmlEscape(streamFailureText(c))}</failure>`,
        );
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
