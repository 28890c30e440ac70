// What every terminal renderer shares: colours (or none), aligned columns, and a diagnostic on one line.
import type { Diagnostic } from '../model/topology.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const ansiStyle: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
};
const id = (s: string) => s;
export const plainStyle: Style = { bold: id, dim: id, red: id, yellow: id, cyan: id, green: id };

/** NO_COLOR wins, then FORCE_COLOR, then whether the stream is a terminal that can show colour. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** 4.2s, 42s, 3m05s, 1h02m. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Rows as aligned columns (widths in code points; the last column is not padded). */
export function table(rows: string[][], indent = ''): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length)))
        .join('  ')
        .trimEnd(),
  );
}

/** `file:line:col: severity S2Fnnn: message`, and its help on a second line: what a CI log is grepped for. */
export function diagnosticLine(d: Diagnostic, s: Style = plainStyle): string[] {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const sev = d.severity === 'error' ? s.red('error') : d.severity === 'warning' ? s.yellow('warning') : s.cyan('info');
  const lines = [`${where}: ${sev} ${d.code}: ${d.message}`];
  if (d.help) lines.push(`  ${s.dim(`help: ${d.help}`)}`);
  return lines;
}
