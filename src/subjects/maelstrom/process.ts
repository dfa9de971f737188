// One process of the subject's binary: spawned in its working directory with stdin / stdout as
// pipes and stderr appended to a file there. stdout is split into lines for the host. Signals:
// SIGKILL (crash), SIGSTOP / SIGCONT (pause). Every pid is tracked by the reaper, so none
// outlives raft-chaos.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { trackChild, untrackChild } from '../process/reaper.js';

export const STDERR_FILE = 'stderr.log';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The process could not be started at all (e.g. "spawn ./node ENOENT"). */
  readonly error?: string;
}

export interface ProcessHandlers {
  /** One stdout line; atMs = performance.now() when its chunk arrived. */
  onLine(line: string, atMs: number): void;
  onExit(exit: ProcessExit): void;
}

export class SubjectProcess {
  private readonly child: ChildProcess;
  private partial = '';
  private exitedFlag = false;
  readonly exited: Promise<ProcessExit>;
  readonly pid: number;

  constructor(
    readonly label: string,
    argv: readonly string[],
    readonly cwd: string,
    handlers: ProcessHandlers,
    /** Extra environment variables (on top of raft-chaos's own). */
    env?: Readonly<Record<string, string>>,
  ) {
    fs.mkdirSync(cwd, { recursive: true });
    const stderrFd = fs.openSync(path.join(cwd, STDERR_FILE), 'a');
    try {
      this.child = spawn(argv[0] as string, argv.slice(1), { cwd, stdio: ['pipe', 'pipe', stderrFd], ...(env !== undefined ? { env: { ...process.env, ...env } } : {}) });
    } finally {
      fs.closeSync(stderrFd);
    }
    // A spawn that fails (no such file) has no pid and reports through 'error', then 'close'.
    this.pid = this.child.pid ?? -1;
    if (this.pid > 0) trackChild(this.pid, label);
    this.exited = new Promise((resolve) => {
      let done = false;
      const finish = (exit: ProcessExit): void => {
        if (done) return;
        done = true;
        this.exitedFlag = true;
        if (this.pid > 0) untrackChild(this.pid);
        if (this.partial.length > 0) {
          const rest = this.partial;
          this.partial = '';
          handlers.onLine(rest, performance.now());
        }
        handlers.onExit(exit);
        resolve(exit);
      };
      this.child.on('error', (err) => finish({ code: 127, signal: null, error: err.message }));
      this.child.on('close', (code, signal) => finish({ code, signal }));
    });
    this.child.stdin?.on('error', () => undefined); // EPIPE to a dead process: its exit tells the story
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      const atMs = performance.now();
      let start = 0;
      let nl = chunk.indexOf('\n');
      while (nl >= 0) {
        const piece = chunk.slice(start, nl);
        const line = this.partial.length > 0 ? this.partial + piece : piece;
        this.partial = '';
        if (line.length > 0) handlers.onLine(line, atMs);
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      if (start < chunk.length) this.partial += chunk.slice(start);
    });
  }

  get hasExited(): boolean {
    return this.exitedFlag;
  }

  /** Write one line to the process's stdin; false if it cannot take it. */
  write(line: string): boolean {
    const stdin = this.child.stdin;
    if (this.exitedFlag || stdin === null || stdin.destroyed) return false;
    stdin.write(`${line}\n`);
    return true;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitedFlag || this.pid <= 0) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      /* already gone */
    }
  }

  /** SIGKILL and wait for the exit. */
  async kill(): Promise<ProcessExit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}
