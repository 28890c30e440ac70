// Child JVMs of verify (broker, Storm runner, Flink runner) and their temp dirs, ended with this process:
//  - process 'exit': SIGKILL and delete the dirs (synchronously);
//  - SIGINT/SIGTERM: the same, then exit 130/143 (handlers removed again when no child is left);
//  - kill -9 of Node: each child reads its stdin (a pipe from us) and halts on EOF.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface Tracked {
  child: ChildProcess;
  /** Deleted when the child is ended by these hooks. */
  dirs: string[];
}

const live = new Set<Tracked>();
let signalHooks = false;
let exitHook = false;

export function endNow(t: Tracked): void {
  try {
    if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
  for (const d of t.dirs) fs.rmSync(d, { recursive: true, force: true });
  live.delete(t);
  releaseSignals();
}

function onSignal(signal: NodeJS.Signals): void {
  for (const t of [...live]) endNow(t);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

export function track(child: ChildProcess, dirs: string[] = []): Tracked {
  const t: Tracked = { child, dirs };
  live.add(t);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const x of [...live]) endNow(x);
    });
  }
  if (!signalHooks) {
    signalHooks = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return t;
}

/** The child ended or was stopped by its owner: forget it (its dirs are the owner's business then). */
export function untrack(t: Tracked): void {
  live.delete(t);
  releaseSignals();
}

function releaseSignals(): void {
  // Give the default Ctrl-C behaviour back once no child is running.
  if (live.size > 0 || !signalHooks) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  signalHooks = false;
}

export function liveChildren(): number {
  return live.size;
}

/** The last `max` lines a child wrote to stdout and stderr, each also handed to `onLine`. */
export function tailLines(child: ChildProcess, max: number, onLine?: (line: string) => void): string[] {
  const log: string[] = [];
  const add = (line: string) => {
    if (!line) return;
    log.push(line);
    if (log.length > max) log.shift();
    onLine?.(line);
  };
  for (const s of [child.stdout, child.stderr]) {
    let buf = '';
    s?.on('data', (b: Buffer) => {
      buf += b.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach(add);
    });
  }
  return log;
}
