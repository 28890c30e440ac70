// The lines of a code frame around line:column, shared by the terminal and the HTML report (each styles them).
export interface FrameLine {
  /** 1-based line number, and its width in the frame (numbers are padded to it). */
  n: number;
  width: number;
  /** Tabs expanded, cut to the frame's width. */
  text: string;
  /** The diagnostic's own line: where the caret goes, in columns (undefined without a column). */
  at?: { caret?: number };
}

export function frameLines(all: string[], line: number, column: number, context: number, maxWidth: number): FrameLine[] {
  if (line < 1) return [];
  const from = Math.max(1, line - context);
  const to = Math.min(all.length, line + context);
  const width = String(to).length;
  const out: FrameLine[] = [];
  for (let n = from; n <= to; n++) {
    const src = (all[n - 1] ?? '').replace(/\t/g, '    ');
    const text = src.length > maxWidth ? `${src.slice(0, maxWidth - 3)}...` : src;
    const caret = column >= 1 ? Math.min([...(all[n - 1] ?? '').slice(0, column - 1).replace(/\t/g, '    ')].length, maxWidth) : undefined;
    out.push({ n, width, text, ...(n === line ? { at: { caret } } : {}) });
  }
  return out;
}
