// Long-lived engine JVMs for a batch of verify runs (engines.ts): each serves one run at a time. A request is one
// JSON line on the JVM's stdin; a stdout line starting "S2F-DONE" answers it (the result is in files the request
// names). EOF on stdin halts the JVM, so it does not outlive us. A JVM's working directory is a folder of its own,
// filled before each run with a copy of the run's project folder (scratch.ts), since a JVM cannot change it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { endNow, tailLines, track, type Tracked } from './children.js';
import { javaTools } from './jvm.js';
import { fillScratch, keepWritten, moveScratch } from './scratch.js';

/** The folder a run's user code works in: a copy of `from` (minus `skip`); what the run wrote there is moved to `keep`. */
export interface RunFolder {
  from: string;
  skip?: string[];
  keep: string;
}

/** A server JVM's command line, given the temp dir it gets for itself (`-Djava.io.tmpdir`, deleted with it). */
export type ServerCommand = (tmp: string) => Promise<string[]>;

/** A result file an engine JVM wrote, or null when it wrote none (or only part of one). */
export function readResult<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** What a served run printed; `died`: the JVM ended before it answered (its last lines say why, when it said). */
export interface ServedRun {
  lines: string[];
  died: boolean;
}

/** Retired after this many runs: class loaders of earlier runs that engine threads still reference add up. */
const RUNS_PER_SERVER = 25;

export class ServerPool {
  private readonly idle: JvmServer[] = [];
  private readonly all = new Set<JvmServer>();
  private readonly waiters: ((s: JvmServer) => void)[] = [];
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly size: number,
    private readonly command: ServerCommand,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The run's log lines, and whether the JVM died under it (the caller then runs it in a JVM of its own). */
  async run(request: object, onLog?: (line: string) => void, timeoutMs?: number, folder?: RunFolder): Promise<ServedRun> {
    const server = await this.acquire();
    try {
      if (folder) fillScratch(server.cwd, folder.from, folder.skip);
      try {
        return await server.run(request, onLog, timeoutMs);
      } finally {
        if (folder) {
          moveScratch(server.cwd, folder.keep);
          keepWritten(folder.keep, folder.from);
        }
      }
    } finally {
      this.release(server);
    }
  }

  private async acquire(): Promise<JvmServer> {
    for (;;) {
      const s = this.idle.pop();
      if (!s) break;
      if (s.alive()) return s;
      this.all.delete(s);
    }
    if (this.all.size < this.size) {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `s2f-${this.name}-server-`));
      const s = new JvmServer(javaTools(this.env).java, await this.command(tmp), tmp, this.env);
      this.all.add(s);
      return s;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(s: JvmServer): void {
    if (this.closed || !s.alive() || s.runs >= RUNS_PER_SERVER) {
      this.all.delete(s);
      s.close();
      // A waiter gets a fresh JVM instead.
      const w = this.waiters.shift();
      if (w && !this.closed) void this.acquire().then(w);
      return;
    }
    const w = this.waiters.shift();
    if (w) w(s);
    else this.idle.push(s);
  }

  close(): void {
    this.closed = true;
    for (const s of this.all) s.close();
    this.all.clear();
    this.idle.length = 0;
  }
}

class JvmServer {
  runs = 0;
  /** The JVM's working directory. */
  readonly cwd: string;
  private readonly child: ChildProcess;
  private readonly tracked: Tracked;
  private current: { lines: string[]; onLog?: (line: string) => void; done: (ok: boolean) => void } | null = null;
  private exited = false;

  constructor(java: string, args: string[], tmp: string, env: NodeJS.ProcessEnv) {
    this.cwd = path.join(tmp, 'run-folder');
    fs.mkdirSync(this.cwd, { recursive: true });
    this.child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env, cwd: this.cwd });
    this.tracked = track(this.child, [tmp]);
    this.child.stdin!.on('error', () => undefined);
    tailLines(this.child, 0, (line) => {
      const c = this.current;
      if (!c) return;
      if (line.startsWith('S2F-DONE')) {
        // The JVM halts after this run (code the run captured left threads running): not served again.
        if (line.endsWith(' RETIRE')) this.exited = true;
        return c.done(true);
      }
      c.lines.push(line);
      if (c.lines.length > 400) c.lines.shift();
      c.onLog?.(line);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      // Said in the run's log: a served run's user code that ends the JVM (an exit the capture's guard does not
      // cover, a crash) is otherwise only "the runner died".
      this.current?.lines.push(`(the JVM ended: ${signal ? `signal ${signal}` : `exit code ${code}`})`);
      this.current?.done(false);
    });
    this.child.on('error', (e) => {
      this.exited = true;
      this.current?.lines.push(`(the JVM could not run: ${e.message})`);
      this.current?.done(false);
    });
  }

  alive(): boolean {
    return !this.exited;
  }

  /** A run longer than timeoutMs ends the JVM (the run then reports null). */
  run(request: object, onLog?: (line: string) => void, timeoutMs?: number): Promise<ServedRun> {
    if (this.exited) return Promise.resolve({ lines: [], died: true });
    this.runs++;
    return new Promise((resolve) => {
      const lines: string[] = [];
      const timer = timeoutMs ? setTimeout(() => this.close(), timeoutMs) : undefined;
      this.current = {
        lines,
        onLog,
        done: (ok) => {
          if (timer) clearTimeout(timer);
          this.current = null;
          resolve({ lines, died: !ok });
        },
      };
      this.child.stdin!.write(JSON.stringify(request) + '\n');
    });
  }

  close(): void {
    endNow(this.tracked);
  }
}
