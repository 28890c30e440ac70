// Terminal renderers for an analysis: the pretty report with code frames, and GitHub annotations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG_BY_CODE } from '../model/diagnostics.js';
import { readiness } from '../model/summary.js';
import type { Analysis, Diagnostic, Edge, Topology } from '../model/topology.js';
import { frameLines } from './frame.js';
import { diagnosticLine, table, type Style } from './style.js';

function edgeLabel(e: Edge): string {
  const g = e.grouping === 'fields' || e.grouping === 'partial-key' ? `${e.grouping}(${(e.fields ?? []).join(', ')})` : e.grouping;
  return e.customClass ? `${g} ${e.customClass}` : g;
}

function formatValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? 'null');
}

export function renderTopology(t: Topology, s: Style): string[] {
  const state = readiness(t);
  const badge = state === 'blocked' ? s.red('blocked') : state === 'warnings' ? s.yellow('migrates with warnings') : s.green('migrates automatically');
  const lines: string[] = [];
  lines.push(`${s.bold(`Topology ${t.name ?? '(unnamed)'}`)} ${s.dim(`[${t.id}]`)} ${t.kind} · ${t.namespace} · ${badge}`);
  lines.push(
    `  ${s.dim(`${t.source.file}:${t.source.line}:${t.source.column}`)}${t.entry?.className ? s.dim(` in ${t.entry.className}${t.entry.method ? `.${t.entry.method}()` : ''}`) : ''}`,
  );
  if (t.components.length > 0) {
    lines.push(`  ${s.bold('Components')}`);
    lines.push(
      ...table(
        t.components.map((c) => [
          c.type,
          c.id,
          `×${c.parallelism ?? '?'}${c.numTasks !== null ? ` (${c.numTasks} tasks)` : ''}`,
          c.className ?? '?',
          [c.tickFrequencySecs !== null ? `tick ${c.tickFrequencySecs}s` : '', ...c.features].filter(Boolean).join(', '),
        ]),
        '    ',
      ),
    );
  }
  if (t.edges.length > 0) {
    lines.push(`  ${s.bold('Edges')}`);
    lines.push(
      ...table(
        t.edges.map((e) => [`${e.from} ─${e.stream === 'default' ? '' : `[${e.stream}]`}→ ${e.to}`, edgeLabel(e)]),
        '    ',
      ),
    );
  }
  const kafka = t.components.filter((c) => c.kafka || c.kafkaSink);
  for (const c of kafka) {
    if (c.kafka)
      lines.push(
        `  ${s.cyan('kafka in ')} ${c.id}: ${c.kafka.kind} topics ${c.kafka.topics.join(', ') || c.kafka.topicPattern || '?'}${c.kafka.groupId ? ` group ${c.kafka.groupId}` : ''}`,
      );
    if (c.kafkaSink) lines.push(`  ${s.cyan('kafka out')} ${c.id}: topic ${c.kafkaSink.topic ?? '?'}`);
  }
  const config = Object.entries(t.config);
  if (config.length > 0) lines.push(`  ${s.bold('Config')} ${config.map(([k, v]) => `${k}=${formatValue(v)}`).join(' ')}`);
  const blockers = t.diagnostics.filter((d) => d.blocker);
  if (blockers.length > 0) {
    lines.push(`  ${s.red(s.bold('Blockers'))}`);
    for (const b of blockers) lines.push(`    ${diagnosticLine(b, s)[0]!}`);
  }
  return lines;
}

/** A code frame around line:column, read from the file on disk (skipped when unreadable). */
export function codeFrame(d: Diagnostic, s: Style, cwd = process.cwd()): string[] {
  if (d.line < 1) return [];
  let text: string;
  try {
    const abs = path.resolve(cwd, d.file);
    if (fs.statSync(abs).size > 8 * 1024 * 1024) return [];
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  const mark = d.severity === 'error' ? s.red('^') : d.severity === 'warning' ? s.yellow('^') : s.cyan('^');
  for (const l of frameLines(text.split(/\r?\n/), d.line, d.column, 1, 160)) {
    out.push(`  ${s.dim(`${String(l.n).padStart(l.width)} │`)} ${l.text}`);
    if (l.at?.caret !== undefined) out.push(`  ${' '.repeat(l.width)} ${s.dim('│')} ${' '.repeat(l.at.caret)}${mark}`);
  }
  return out;
}

export function renderDiagnostic(d: Diagnostic, s: Style, cwd?: string): string[] {
  const sev = d.severity === 'error' ? s.red(s.bold('error')) : d.severity === 'warning' ? s.yellow(s.bold('warning')) : s.cyan(s.bold('info'));
  const name = CATALOG_BY_CODE.get(d.code)?.name;
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const lines = [`${sev}${s.dim(`[${d.code}${name ? ` ${name}` : ''}]`)}: ${d.message}`, `  ${s.dim('-->')} ${where}`];
  lines.push(...codeFrame(d, s, cwd));
  if (d.help) lines.push(`  ${s.dim('help:')} ${d.help}`);
  return lines;
}

export function allDiagnostics(a: Analysis): Diagnostic[] {
  return [...a.diagnostics, ...a.topologies.flatMap((t) => t.diagnostics)];
}

export function summaryLine(a: Analysis): string {
  const states = a.topologies.map(readiness);
  const count = (x: string) => states.filter((s) => s === x).length;
  const ds = allDiagnostics(a);
  const sev = (x: string) => ds.filter((d) => d.severity === x).length;
  const files = a.stats ? ` from ${a.stats.javaFiles} Java and ${a.stats.fluxFiles} Flux files` : '';
  return (
    `${a.topologies.length} topolog${a.topologies.length === 1 ? 'y' : 'ies'}${files}: ` +
    `${count('ready')} ready, ${count('warnings')} with warnings, ${count('blocked')} blocked; ` +
    `${sev('error')} errors, ${sev('warning')} warnings, ${sev('info')} notes` +
    (a.stats && a.stats.skipped + a.stats.failed > 0 ? `; ${a.stats.skipped} files skipped, ${a.stats.failed} failed` : '')
  );
}

export function renderPretty(a: Analysis, s: Style, cwd?: string): string {
  const lines: string[] = [];
  for (const t of a.topologies) {
    lines.push(...renderTopology(t, s), '');
  }
  const ds = allDiagnostics(a).sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column));
  for (const d of ds) lines.push(...renderDiagnostic(d, s, cwd), '');
  lines.push(s.bold(summaryLine(a)));
  return lines.join('\n') + '\n';
}

/** GitHub Actions workflow commands; see "Workflow commands for GitHub Actions". */
export function renderGithub(a: Analysis): string {
  const escData = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (v: string) => escData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines: string[] = [];
  for (const d of allDiagnostics(a)) {
    const cmd = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
    const props = [`file=${escProp(d.file)}`];
    if (d.line > 0) props.push(`line=${d.line}`, `col=${d.column}`);
    const name = CATALOG_BY_CODE.get(d.code)?.name;
    props.push(`title=${escProp(`${d.code}${name ? ` ${name}` : ''}`)}`);
    lines.push(`::${cmd} ${props.join(',')}::${escData(d.message + (d.help ? `\n${d.help}` : ''))}`);
  }
  lines.push(summaryLine(a));
  return lines.join('\n') + '\n';
}
