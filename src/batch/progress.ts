// Progress for `migrate`: a live display on a terminal, one plain line per event otherwise.
// Plain mode never writes escape codes; the live mode uses colours only when allowed (NO_COLOR).
import type { StageName, StageResult } from '../model/summary.js';
import { ansiStyle, formatDuration, plainStyle, useColor, type Style } from '../report/style.js';
import type { BatchEvent, Reporter } from './types.js';

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env?: NodeJS.ProcessEnv;
  /** Plain mode: how often a running stage says it is still alive. */
  heartbeatMs?: number;
  now?: () => number;
}

export function wantsLive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

function describe(result: StageResult): string {
  const parts: string[] = [result.status];
  if (result.reused) parts.push('(reused)');
  else if (result.durationMs !== undefined && result.durationMs >= 100) parts.push(`(${formatDuration(result.durationMs)})`);
  if (result.reason && result.status !== 'ok') parts.push(`- ${result.reason}`);
  return parts.join(' ');
}

interface Running {
  id: string;
  stage: StageName;
  since: number;
  message?: string;
  lastSaid: number;
}

abstract class BaseReporter implements Reporter {
  protected total = 0;
  protected done = 0;
  protected readonly running = new Map<string, Running>();
  protected readonly start: number;
  protected readonly now: () => number;
  constructor(protected readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.start = this.now();
  }
  protected counter(): string {
    const w = String(this.total).length;
    return `[${String(this.done).padStart(w)}/${this.total}]`;
  }
  protected track(e: BatchEvent): void {
    if (e.type === 'start') this.total = e.total;
    else if (e.type === 'stage-start') this.running.set(e.id, { id: e.id, stage: e.stage, since: this.now(), lastSaid: this.now() });
    else if (e.type === 'stage-progress') {
      const r = this.running.get(e.id);
      if (r) r.message = e.message;
    } else if (e.type === 'stage-end') this.running.delete(e.id);
    else if (e.type === 'topology-end') this.done = e.done;
  }
  abstract event(e: BatchEvent): void;
  abstract close(): void;
}

/** One line per event; a heartbeat line for stages that run long without news. */
export class PlainReporter extends BaseReporter {
  private timer: NodeJS.Timeout | undefined;
  constructor(opts: ProgressOptions) {
    super(opts);
    const every = opts.heartbeatMs ?? 15_000;
    this.timer = setInterval(() => this.heartbeat(every), Math.min(every, 5_000));
    this.timer.unref();
  }
  private line(s: string): void {
    this.opts.stream.write(`${s}\n`);
  }
  private heartbeat(every: number): void {
    const now = this.now();
    for (const r of this.running.values()) {
      if (now - r.lastSaid < every) continue;
      r.lastSaid = now;
      this.line(`${this.counter()} ${r.id} ${r.stage} still running (${formatDuration(now - r.since)})${r.message ? `: ${r.message}` : ''}`);
    }
  }
  event(e: BatchEvent): void {
    this.track(e);
    switch (e.type) {
      case 'start':
        this.line(`migrate: ${e.total} topolog${e.total === 1 ? 'y' : 'ies'}, ${e.jobs} at a time`);
        break;
      case 'analysis':
        this.line(
          `analysis: ${e.topologies} topologies from ${e.files} files${e.reused ? ' (reused, no file changed)' : ` (${formatDuration(e.durationMs)})`}`,
        );
        break;
      case 'stage-start':
        this.line(`${this.counter()} ${e.id} ${e.stage} started`);
        break;
      case 'stage-end':
        // Stages that actually ran get their own line; the rest show in the topology's line.
        if (e.stage !== 'analyze' && !e.result.reused && e.result.status !== 'not-run' && e.result.status !== 'skipped' && e.result.status !== 'blocked') {
          this.line(`${this.counter()} ${e.id} ${e.stage} ${describe(e.result)}`);
        }
        break;
      case 'topology-end':
        this.line(
          `${this.counter()} ${e.id} ` +
            Object.entries(e.stages)
              .map(
                ([name, r]) =>
                  `${name} ${r.status}${r.reused ? ' (reused)' : ''}${r.status === 'failed' || r.status === 'blocked' ? ` (${r.reason ?? ''})` : ''}`,
              )
              .join(' · '),
        );
        break;
      case 'report':
        this.line(`report: ${e.path}`);
        break;
      case 'note':
        this.line(e.message);
        break;
      default:
        break;
    }
  }
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Redraws a small block (header + one line per running topology) in place; failures stay printed above it. */
export class LiveReporter extends BaseReporter {
  private timer: NodeJS.Timeout | undefined;
  private drawn = 0;
  private frame = 0;
  private readonly s: Style;
  private failed = 0;
  private blocked = 0;
  constructor(opts: ProgressOptions) {
    super(opts);
    this.s = useColor(opts.stream, opts.env) ? ansiStyle : plainStyle;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }
  private clear(): string {
    return this.drawn > 0 ? `\u001b[${this.drawn}F\u001b[0J` : '';
  }
  private fit(line: string): string {
    const cols = this.opts.stream.columns ?? 100;
    return [...line].length > cols - 1 ? [...line].slice(0, cols - 2).join('') + '…' : line;
  }
  private draw(permanent: string[] = []): void {
    const s = this.s;
    const now = this.now();
    this.frame = (this.frame + 1) % SPINNER.length;
    const lines = [
      `${s.cyan(SPINNER[this.frame]!)} ${s.bold('migrate')} ${this.done}/${this.total} ${s.dim(formatDuration(now - this.start))}` +
        (this.failed ? ` ${s.red(`${this.failed} failed`)}` : '') +
        (this.blocked ? ` ${s.yellow(`${this.blocked} blocked`)}` : ''),
    ];
    const running = [...this.running.values()].sort((a, b) => a.since - b.since);
    for (const r of running.slice(0, 8)) {
      lines.push(this.fit(`  ${r.id} ${s.dim(r.stage)} ${formatDuration(now - r.since)}${r.message ? s.dim(` ${r.message}`) : ''}`));
    }
    if (running.length > 8) lines.push(s.dim(`  … ${running.length - 8} more`));
    const out = this.clear() + permanent.map((l) => `${l}\n`).join('') + lines.map((l) => `${l}\n`).join('');
    this.drawn = lines.length;
    this.opts.stream.write(out);
  }
  event(e: BatchEvent): void {
    this.track(e);
    const s = this.s;
    if (e.type === 'stage-end' && e.result.status === 'failed') {
      this.failed++;
      this.draw([`${s.red('✖')} ${e.id} ${e.stage} ${describe(e.result)}`]);
    } else if (e.type === 'stage-end' && e.stage === 'translate' && e.result.status === 'blocked') {
      this.blocked++;
    } else if (e.type === 'analysis') {
      this.draw([`analysis: ${e.topologies} topologies from ${e.files} files${e.reused ? ' (reused)' : ` (${formatDuration(e.durationMs)})`}`]);
    } else if (e.type === 'note') {
      this.draw([e.message]);
    } else if (e.type === 'report') {
      this.draw([`report: ${e.path}`]);
    }
  }
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.opts.stream.write(this.clear());
    this.drawn = 0;
  }
}

export function createReporter(opts: ProgressOptions): Reporter {
  return wantsLive(opts.stream, opts.env) ? new LiveReporter(opts) : new PlainReporter(opts);
}

export const silentReporter: Reporter = { event: () => undefined, close: () => undefined };
