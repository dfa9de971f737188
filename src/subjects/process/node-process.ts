// One node process of a real cluster: spawn (execa), the READY line, stdout/stderr into files under
// <run>/nodes/n<i>/, signals (SIGKILL, SIGSTOP, SIGCONT, SIGTERM) and the graceful stop through the
// control endpoint. A restart runs the same command with the same config and data directory.
import fs from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { READY_PREFIX, type ControlReply, type NodeStatus, type ReadyLine } from '../../node/protocol.js';
import type { NodePaths } from '../../history/store.js';
import { trackChild, untrackChild } from './reaper.js';
import { RpcConnection } from '../raft-chaos/rpc-connection.js';

/** down: never started; starting: spawned, no READY yet; dead: killed or exited; stopped: stopped on purpose. */
export type NodeState = 'down' | 'starting' | 'running' | 'paused' | 'dead' | 'stopped';

/** How to start a node: `file args... --config <path>` (tests can swap in a fake node). */
export interface NodeCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/**
 * A node on a host of its own (a network namespace, a machine over ssh): it is started through the
 * host's command prefix, signalled there by its own pid (from the READY line), and its control
 * endpoint is at the host's address.
 */
export interface NodeHost {
  readonly address: string;
  /** The local command line that runs argv on the host. */
  command(argv: readonly string[]): { readonly file: string; readonly args: readonly string[] };
  signal(pid: number, signal: NodeJS.Signals): Promise<void>;
  /** The config file as the host sees it (default: the local path). */
  readonly configPath?: string;
  /**
   * Keep the child's stdin open as a lifeline (an ssh session): the host ends the node when it
   * closes, which happens when this controller dies, even by SIGKILL.
   */
  readonly lifeline?: boolean;
}

export class NodeStartError extends Error {
  override name = 'NodeStartError';
}

const STDERR_TAIL_LINES = 15;

export function tailLines(file: string, count: number): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no stderr file)';
  }
}

export class NodeProcess {
  state: NodeState = 'down';
  ready: ReadyLine | null = null;
  status: NodeStatus | null = null;
  statusAtMs = 0;
  /** Every pid this node ever had (restarts give new ones). */
  readonly pids: number[] = [];
  /** Exits nobody asked for (the node crashed on its own). */
  unexpectedExits = 0;
  lastExit: { code: number | null; signal: string | null } | null = null;
  private child: ResultPromise | null = null;
  private exited: Promise<void> = Promise.resolve();
  private control: RpcConnection | null = null;
  private expectingExit = false;
  /** Signals to a host go out one after another, so a pause is never overtaken by its resume. */
  private signals: Promise<void> = Promise.resolve();
  onUnexpectedExit: ((node: NodeProcess) => void) | null = null;

  constructor(
    readonly id: number,
    readonly paths: NodePaths,
    private readonly command: NodeCommand,
    private readonly host: NodeHost | null = null,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get isUp(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  /** Spawn and wait for the READY line (or a NodeStartError naming the node and its stderr). */
  async start(readyTimeoutMs: number): Promise<ReadyLine> {
    if (this.state === 'starting' || this.isUp) throw new Error(`node n${this.id} is already ${this.state}`);
    this.state = 'starting';
    this.ready = null;
    this.status = null;
    this.expectingExit = false;
    const stdoutFile = fs.createWriteStream(this.paths.stdout, { flags: 'a' });
    const argv = [this.command.file, ...this.command.args, '--config', this.host?.configPath ?? this.paths.config];
    const spawn = this.host === null ? { file: argv[0] as string, args: argv.slice(1) } : this.host.command(argv);
    const child = execa(spawn.file, [...spawn.args], {
      stdin: this.host?.lifeline === true ? 'pipe' : 'ignore',
      stdout: 'pipe',
      stderr: { file: this.paths.stderr, append: true },
      buffer: false,
      reject: false,
      // Its own process group: a signal to the controller's group (Ctrl-C in a terminal, timeout(1))
      // reaches the controller alone, which then stops the nodes in order. (execa's `cleanup` does
      // nothing for a detached process: reaper.ts ends the nodes however the controller ends.)
      detached: true,
      windowsHide: true,
    });
    this.child = child;
    const pid = child.pid;
    if (pid !== undefined) {
      trackChild(pid, `n${this.id}`);
      this.pids.push(pid);
    }
    let onReady: (line: ReadyLine) => void = () => undefined;
    let onFail: (err: Error) => void = () => undefined;
    const readyPromise = new Promise<ReadyLine>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      // A host prefix (ip netns exec, ssh) may hand over the last bytes after the exit event.
      if (!stdoutFile.writableEnded) stdoutFile.write(chunk);
      if (this.ready !== null) return;
      pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line.startsWith(READY_PREFIX)) continue;
        try {
          const ready = JSON.parse(line.slice(READY_PREFIX.length)) as ReadyLine;
          this.ready = ready;
          onReady(ready);
        } catch (err) {
          onFail(new NodeStartError(`node n${this.id}: bad READY line ${JSON.stringify(line)}: ${(err as Error).message}`));
        }
        return;
      }
    });
    this.exited = new Promise<void>((resolve) => {
      const done = (code: number | null, signal: string | null): void => {
        if (pid !== undefined) untrackChild(pid);
        stdoutFile.end();
        this.lastExit = { code, signal };
        this.control?.close();
        this.control = null;
        this.status = null;
        const wasStarting = this.state === 'starting';
        if (this.state !== 'stopped') this.state = 'dead';
        if (wasStarting) {
          // Give the stderr file a moment to be complete before quoting it.
          setTimeout(() => {
            onFail(
              new NodeStartError(
                `node n${this.id} exited before it was ready (code ${code}, signal ${signal}); last lines of ${this.paths.stderr}:\n${tailLines(this.paths.stderr, STDERR_TAIL_LINES)}`,
              ),
            );
          }, 50);
        } else if (!this.expectingExit) {
          this.unexpectedExits++;
          this.onUnexpectedExit?.(this);
        }
        resolve();
      };
      child.once('exit', (code, signal) => done(code, signal));
      child.once('error', (err) => {
        onFail(new NodeStartError(`node n${this.id}: cannot start ${this.command.file}: ${err.message}`));
      });
    });
    void child.catch(() => undefined);
    const timer = setTimeout(() => {
      onFail(
        new NodeStartError(
          `node n${this.id} printed no READY line within ${readyTimeoutMs} ms; last lines of ${this.paths.stderr}:\n${tailLines(this.paths.stderr, STDERR_TAIL_LINES)}`,
        ),
      );
    }, readyTimeoutMs);
    try {
      const ready = await readyPromise;
      this.state = 'running';
      return ready;
    } catch (err) {
      await this.kill();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL, and wait for the exit. */
  async kill(): Promise<void> {
    if (this.child === null || this.state === 'dead' || this.state === 'stopped' || this.state === 'down') return;
    this.expectingExit = true;
    await this.signal('SIGKILL');
    await this.exited;
    this.state = 'dead';
  }

  pause(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    this.state = 'paused';
    return this.signal('SIGSTOP');
  }

  resume(): Promise<void> {
    if (this.state !== 'paused') return Promise.resolve();
    this.state = 'running';
    return this.signal('SIGCONT');
  }

  /** Ask the node to stop (control 'stop'), then SIGTERM, then SIGKILL, each after a deadline. */
  async stop(deadlineMs: number): Promise<'graceful' | 'sigterm' | 'sigkill' | 'not-running'> {
    if (this.child === null || !(this.isUp || this.state === 'starting')) return 'not-running';
    this.expectingExit = true;
    if (this.state === 'paused') await this.resume();
    const exitedWithin = (ms: number): Promise<boolean> =>
      Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    try {
      const conn = await this.controlConnection(Math.min(500, deadlineMs));
      void conn.request({ cmd: 'stop' }, deadlineMs).catch(() => undefined);
    } catch {
      /* no control endpoint: go straight to signals */
    }
    let how: 'graceful' | 'sigterm' | 'sigkill' = 'graceful';
    if (!(await exitedWithin(deadlineMs))) {
      how = 'sigterm';
      await this.signal('SIGTERM');
      if (!(await exitedWithin(1000))) {
        how = 'sigkill';
        await this.signal('SIGKILL');
        await this.exited;
      }
    }
    this.state = 'stopped';
    return how;
  }

  /** Ask the node for its status through the control endpoint (direct, not proxied). */
  async pollStatus(timeoutMs: number): Promise<NodeStatus | null> {
    if (this.state !== 'running') return null;
    try {
      const conn = await this.controlConnection(timeoutMs);
      const reply = await conn.request<ControlReply>({ cmd: 'status' }, timeoutMs);
      if (!reply.ok) return null;
      this.status = reply.status;
      this.statusAtMs = Date.now();
      return reply.status;
    } catch {
      return null;
    }
  }

  async setClock(offsetMs: number, rate: number, timeoutMs: number): Promise<void> {
    const conn = await this.controlConnection(timeoutMs);
    const reply = await conn.request<ControlReply>({ cmd: 'clock', offsetMs, rate }, timeoutMs);
    if (!reply.ok) throw new Error(`node n${this.id} refused the clock change: ${reply.error}`);
  }

  private async controlConnection(timeoutMs: number): Promise<RpcConnection> {
    if (this.control !== null && this.control.isOpen) return this.control;
    if (this.ready === null) throw new Error(`node n${this.id} has no control port yet`);
    this.control = await RpcConnection.connect(
      { host: this.host?.address ?? '127.0.0.1', port: this.ready.controlPort },
      `control->n${this.id}`,
      timeoutMs,
    );
    return this.control;
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const local = this.child?.pid;
    const remote = this.ready?.pid;
    const host = this.host;
    const localKill = (): void => {
      if (local === undefined) return;
      try {
        process.kill(local, signal);
      } catch {
        /* already gone */
      }
    };
    if (host === null || remote === undefined) {
      // No host, or a node that has not said its pid yet: signal the local child (on a remote
      // host the node then stops with its ssh session).
      localKill();
      return Promise.resolve();
    }
    this.signals = this.signals.then(() => host.signal(remote, signal)).catch(localKill);
    return this.signals;
  }
}
