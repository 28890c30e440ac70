// The end of `migrate` on a terminal: counts, files not analyzed, regressions, where the report page is.
import * as path from 'node:path';
import type { Summary } from '../model/summary.js';
import { formatDuration, table, type Style } from './style.js';

export function renderCounts(s: Summary, st: Style, reportPath?: string, cwd = process.cwd()): string {
  const c = s.counts;
  const rows = [
    ['analyzed', `${c.analyzed} of ${c.topologies}${c.failedFiles ? ` (${c.failedFiles} file${c.failedFiles === 1 ? '' : 's'} could not be analyzed)` : ''}`],
    ['blocked', String(c.blocked)],
    ['translated', String(c.translated)],
    ['verified', `${c.verified.equivalent} equivalent, ${c.verified.notEquivalent} not equivalent, ${c.verified.notRun} not run`],
  ];
  if (c.failed) rows.push(['failed', String(c.failed)]);
  const lines = [
    st.bold(
      `migrate: ${c.topologies} topolog${c.topologies === 1 ? 'y' : 'ies'} in ${formatDuration(s.durationMs)}${c.reused ? ` (${c.reused} unchanged, reused)` : ''}`,
    ),
    ...table(rows, '  '),
  ];
  for (const f of s.failedFiles) lines.push(`  ${st.red('not analyzed')} ${f.file}: ${f.diagnostics[0]?.message ?? ''}`);
  if (s.regressions.length > 0) {
    lines.push(st.red(st.bold(`${s.regressions.length} regression${s.regressions.length === 1 ? '' : 's'} since the previous run:`)));
    for (const r of s.regressions) lines.push(`  ${st.red(r.id)}: ${r.what}`);
  }
  if (reportPath) {
    const rel = path.relative(cwd, reportPath);
    lines.push(`report: ${rel && !rel.startsWith('..') ? rel : reportPath}`);
  }
  return lines.join('\n') + '\n';
}
