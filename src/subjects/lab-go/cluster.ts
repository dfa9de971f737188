// A small Maelstrom-protocol host for lab-go nodes: one process per node, one JSON message per
// line on stdin / stdout, routed here between nodes (n1, n2, ...; node i+1 is the lab's peer i) and clients (c1, ...).
// Faults act on that routing and on the processes: a partition drops messages between groups
// (both ways, as Maelstrom's grudges), a crash is SIGKILL and a restart in the same data
// directory (the Persister's files), a pause is SIGSTOP / SIGCONT. Each node's stderr (the lab
// package's prints, panics, goroutine dumps) goes to nodes/n<i>/stderr.log, across restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { trackChild, untrackChild } from '../process/reaper.js';

export interface LabClusterOptions {
  readonly binary: string;
  /** nodes/n<i>/ are created here. */
  readonly nodesDir: string;
  readonly nodes: number;
  /** Extra environment for every node (LAB_* settings, RAFT_CHAOS_EPOCH_NS). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface MessageBody {
  readonly type: string;
  readonly msg_id?: number;
  readonly in_reply_to?: number;
  readonly code?: number;
  readonly text?: string;
  readonly value?: unknown;
  readonly [field: string]: unknown;
}

interface NodeProc {
  child: ChildProcess | null;
  paused: boolean;
  exits: { code: number | null; signal: NodeJS.Signals | null; killedByUs: boolean }[];
  killing: boolean;
}

export class LabCluster {
  readonly ids: readonly string[];
  private readonly procs: NodeProc[];
  /** Pairs "a>b" whose messages are dropped. */
  private blocked = new Set<string>();
  private nextMsgId = 1;
  private readonly waiting = new Map<number, (body: MessageBody) => void>();
  /** Messages routed and dropped between nodes, for the summary. */
  readonly counts = { routed: 0, dropped: 0 };

  constructor(private readonly options: LabClusterOptions) {
    this.ids = Array.from({ length: options.nodes }, (_, i) => `n${i + 1}`);
    this.procs = this.ids.map(() => ({ child: null, paused: false, exits: [], killing: false }));
  }

  nodeDir(i: number): string {
    return path.join(this.options.nodesDir, this.ids[i]!);
  }

  /** Start every node and wait for each init_ok. */
  async start(timeoutMs = 10_000): Promise<void> {
    await Promise.all(this.ids.map((_, i) => this.startNode(i, timeoutMs)));
  }

  isUp(i: number): boolean {
    return this.procs[i]!.child !== null;
  }

  isPaused(i: number): boolean {
    return this.procs[i]!.paused;
  }

  /** Exits of node i that the host did not cause (a panic, a fatal error), with their stderr. */
  unexpectedExits(i: number): readonly { code: number | null; signal: NodeJS.Signals | null }[] {
    return this.procs[i]!.exits.filter((e) => !e.killedByUs);
  }

  async startNode(i: number, timeoutMs = 10_000): Promise<void> {
    const p = this.procs[i]!;
    if (p.child !== null) return;
    const dir = this.nodeDir(i);
    fs.mkdirSync(dir, { recursive: true });
    const stderr = fs.openSync(path.join(dir, 'stderr.log'), 'a');
    const child = spawn(this.options.binary, [], {
      cwd: dir,
      stdio: ['pipe', 'pipe', stderr],
      env: { ...process.env, ...this.options.env },
    });
    fs.closeSync(stderr);
    p.child = child;
    p.paused = false;
    p.killing = false;
    if (child.pid !== undefined) trackChild(child.pid, `lab-go ${this.ids[i]}`);
    child.stdin!.on('error', () => {
      /* the node died: writes to it are dropped */
    });
    child.on('exit', (code, signal) => {
      if (child.pid !== undefined) untrackChild(child.pid);
      p.exits.push({ code, signal, killedByUs: p.killing });
      if (p.child === child) {
        p.child = null;
        p.paused = false;
      }
    });
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => this.route(i, line));
    const reply = await this.request('c-init', i, { type: 'init', node_id: this.ids[i], node_ids: this.ids }, timeoutMs);
    if (reply.type !== 'init_ok') throw new Error(`${this.ids[i]} answered init with ${JSON.stringify(reply)}`);
  }

  private route(from: number, line: string): void {
    let msg: { src?: string; dest?: string; body?: MessageBody };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      fs.appendFileSync(path.join(this.nodeDir(from), 'stderr.log'), `host: not a message on stdout: ${line.slice(0, 300)}\n`);
      return;
    }
    const dest = msg.dest ?? '';
    const body = msg.body;
    if (body === undefined) return;
    if (dest.startsWith('c')) {
      const id = body.in_reply_to;
      const done = id === undefined ? undefined : this.waiting.get(id);
      if (done !== undefined) done(body);
      return;
    }
    const to = this.ids.indexOf(dest);
    if (to < 0) return;
    if (this.blocked.has(`${from}>${to}`)) {
      this.counts.dropped++;
      return;
    }
    this.counts.routed++;
    this.deliver(to, { src: this.ids[from], dest, body });
  }

  private deliver(to: number, msg: unknown): boolean {
    const child = this.procs[to]!.child;
    if (child === null || child.stdin === null || child.stdin.destroyed) return false;
    child.stdin.write(JSON.stringify(msg) + '\n');
    return true;
  }

  /** Send a client request to node i; resolves with its reply, or a timeout body (code 0) after timeoutMs. */
  request(client: string, i: number, body: Record<string, unknown>, timeoutMs: number): Promise<MessageBody> {
    const msgId = this.nextMsgId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        resolve({ type: 'error', code: 0, text: `no reply within ${timeoutMs} ms`, in_reply_to: msgId });
      }, timeoutMs);
      this.waiting.set(msgId, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(msgId);
        resolve(reply);
      });
      if (!this.deliver(i, { src: client, dest: this.ids[i], body: { ...body, msg_id: msgId } })) {
        clearTimeout(timer);
        this.waiting.delete(msgId);
        resolve({ type: 'error', code: 11, text: `${this.ids[i]} is down`, in_reply_to: msgId });
      }
    });
  }

  /** Drop every message between nodes of different groups (nodes in no group are cut from all). */
  partition(groups: readonly (readonly number[])[]): void {
    const groupOf = new Map<number, number>();
    groups.forEach((g, k) => g.forEach((n) => groupOf.set(n, k)));
    this.blocked.clear();
    for (let a = 0; a < this.ids.length; a++) {
      for (let b = 0; b < this.ids.length; b++) {
        if (a !== b && (groupOf.get(a) === undefined || groupOf.get(a) !== groupOf.get(b))) this.blocked.add(`${a}>${b}`);
      }
    }
  }

  healNetwork(): void {
    this.blocked.clear();
  }

  kill(i: number): Promise<void> {
    const p = this.procs[i]!;
    const child = p.child;
    if (child === null) return Promise.resolve();
    p.killing = true;
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  pause(i: number): void {
    const p = this.procs[i]!;
    if (p.child !== null && !p.paused) {
      p.child.kill('SIGSTOP');
      p.paused = true;
    }
  }

  resume(i: number): void {
    const p = this.procs[i]!;
    if (p.child !== null && p.paused) {
      p.child.kill('SIGCONT');
      p.paused = false;
    }
  }

  /** Stop every node (SIGKILL: the lab has no graceful stop beyond Kill(), and state is on disk). */
  async stop(): Promise<void> {
    this.healNetwork();
    await Promise.all(this.ids.map((_, i) => this.kill(i)));
  }
}
