// One etcd member process: spawned through its host's command line (`ip netns exec NS etcd ...` on
// a netns network, the binary itself on this machine), its stdout and stderr appended to the node's
// files, registered with the reaper so none outlives the controller. `ip netns exec` execs the
// command in place, so the child's pid is etcd's own and signals go to it directly.
import fs from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import type { NodeExit } from '../types.js';
import { trackChild, untrackChild } from '../process/reaper.js';

/** down: never started; dead: killed or exited on its own; stopped: stopped on purpose. */
export type MemberState = 'down' | 'running' | 'paused' | 'dead' | 'stopped';

export interface MemberCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export class MemberProcess {
  state: MemberState = 'down';
  readonly pids: number[] = [];
  lastExit: NodeExit | null = null;
  onUnexpectedExit: ((exit: NodeExit) => void) | null = null;
  private child: ResultPromise | null = null;
  private exited: Promise<void> = Promise.resolve();
  private expectingExit = false;

  constructor(
    readonly id: number,
    private readonly command: MemberCommand,
    private readonly files: { readonly stdout: string; readonly stderr: string },
  ) {}

  get isUp(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  /** Spawn the member (readiness is the cluster's business: its /health). */
  spawn(): void {
    if (this.isUp) throw new Error(`member n${this.id} is already ${this.state}`);
    this.expectingExit = false;
    const child = execa(this.command.file, [...this.command.args], {
      stdin: 'ignore',
      stdout: { file: this.files.stdout, append: true },
      stderr: { file: this.files.stderr, append: true },
      buffer: false,
      reject: false,
      // Its own process group, as every node of a run: a Ctrl-C reaches the controller alone.
      detached: true,
      windowsHide: true,
    });
    this.child = child;
    const pid = child.pid;
    if (pid !== undefined) {
      trackChild(pid, `etcd n${this.id}`);
      this.pids.push(pid);
    }
    this.state = 'running';
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (pid !== undefined) untrackChild(pid);
        this.lastExit = { code, signal };
        if (this.state !== 'stopped') this.state = 'dead';
        if (!this.expectingExit) this.onUnexpectedExit?.(this.lastExit);
        resolve();
      });
    });
    child.once('error', () => undefined);
    void child.catch(() => undefined);
  }

  /** SIGKILL, and wait for the exit. */
  async kill(): Promise<void> {
    if (!this.isUp) return;
    this.expectingExit = true;
    this.signal('SIGKILL');
    await this.exited;
    this.state = 'dead';
  }

  async pause(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.signal('SIGSTOP');
  }

  async resume(): Promise<void> {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.signal('SIGCONT');
  }

  /** SIGTERM (etcd stops cleanly), SIGKILL after `deadlineMs`. */
  async stop(deadlineMs: number): Promise<'sigterm' | 'sigkill' | 'not-running'> {
    if (!this.isUp) return 'not-running';
    this.expectingExit = true;
    if (this.state === 'paused') await this.resume();
    this.signal('SIGTERM');
    const exitedWithin = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), deadlineMs))]);
    let how: 'sigterm' | 'sigkill' = 'sigterm';
    if (!exitedWithin) {
      how = 'sigkill';
      this.signal('SIGKILL');
      await this.exited;
    }
    this.state = 'stopped';
    return how;
  }

  /** The last lines of its stderr, for error messages. */
  stderrTail(lines = 8): string {
    try {
      return fs.readFileSync(this.files.stderr, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no stderr file)';
    }
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}
