// The Maelstrom host: runs --nodes processes of the subject's binary, each in <run>/nodes/<id>/,
// sends each `init` and waits (bounded) for `init_ok`, then routes every line a node writes by
// its `dest` through the host network: to another node's stdin, or to the client that owns that
// id. `src` is not checked against the writer (a node may forward a client's message). It is the
// run's FaultExecutor: partitions go to the network, crash = SIGKILL, restart = a fresh process
// in the same directory sent init again, pause = SIGSTOP / SIGCONT; there is no clock ability.
import path from 'node:path';
import type { FaultExecutor, Grudge } from '../../plugins.js';
import type { Rng } from '../../raft/types.js';
import { FindingLog } from './findings.js';
import { CLIENTS, HostNetwork } from './network.js';
import { encodeEnvelope, HOST_CLIENT_ID, nodeName, parseEnvelope, type Body } from './protocol.js';
import { SubjectProcess, type ProcessExit } from './process.js';

export const INIT_TIMEOUT_MS = 10_000;

export type NodeState = 'down' | 'starting' | 'running' | 'paused' | 'dead';

/** A client's answer to a line for it: 'unsolicited' when it never sent what the line replies to. */
export type ClientHandler = (body: Body, fromNode: number) => 'ok' | 'unsolicited';

export interface HostOptions {
  /** The subject's command line, already split into words. */
  readonly argv: readonly string[];
  readonly nodeCount: number;
  /** The run's nodes directory: node n0 runs in <nodesDir>/n0. */
  readonly nodesDir: string;
  readonly rng: Rng;
  /** Seconds since the run started (for findings). */
  readonly nowS: () => number;
  readonly initTimeoutMs?: number;
  /** Where node `id` runs (default <nodesDir>/<its Maelstrom name>). */
  readonly nodeDir?: (id: number) => string;
  /** Extra environment variables of every node process. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Measurement (bench): called for every node-to-node line handed on at once, with the ms it
   * spent inside the host, from its stdout chunk's arrival to the write into the receiver's stdin.
   */
  readonly routeProbe?: (ms: number) => void;
}

/** A node never became ready: the run cannot go on (exit 255 naming the node). */
export class HostStartError extends Error {
  override name = 'HostStartError';
}

interface NodeSlot {
  readonly id: number;
  readonly name: string;
  readonly cwd: string;
  state: NodeState;
  proc: SubjectProcess | null;
  /** msg_id of the init in flight, and what to call on its init_ok. */
  init: { readonly msgId: number; readonly done: (error: Error | null) => void } | null;
  expectingExit: boolean;
  starts: number;
}

export class MaelstromHost implements FaultExecutor {
  readonly nodeIds: readonly number[];
  readonly network: HostNetwork;
  readonly findings: FindingLog;
  /** A node exited on its own while it ran (after its init_ok). */
  onUnexpectedExit: ((node: number, exit: ProcessExit) => void) | null = null;
  private readonly slots: NodeSlot[];
  private readonly byName = new Map<string, NodeSlot>();
  private readonly clients = new Map<string, ClientHandler>();
  private readonly pids: number[] = [];
  private nextMsgId = 1;
  private stopping = false;

  constructor(private readonly opts: HostOptions) {
    this.nodeIds = Array.from({ length: opts.nodeCount }, (_, i) => i + 1);
    this.slots = this.nodeIds.map((id) => {
      const name = nodeName(id - 1);
      return { id, name, cwd: opts.nodeDir?.(id) ?? path.join(opts.nodesDir, name), state: 'down', proc: null, init: null, expectingExit: false, starts: 0 };
    });
    for (const s of this.slots) this.byName.set(s.name, s);
    this.findings = new FindingLog(opts.nowS);
    this.network = new HostNetwork(opts.nodeCount, opts.rng, (from, to, line) => this.deliver(from, to, line));
  }

  /** Maelstrom's id of node number `id` (1 -> "n0"). */
  nameOf(id: number): string {
    return this.slot(id).name;
  }

  cwdOf(id: number): string {
    return this.slot(id).cwd;
  }

  stateOf(id: number): NodeState {
    return this.slot(id).state;
  }

  /** Running or paused (a paused node's stdin still takes messages). */
  isUp(id: number): boolean {
    const state = this.slot(id).state;
    return state === 'running' || state === 'paused';
  }

  /** Every pid this host ever started. */
  allPids(): readonly number[] {
    return this.pids;
  }

  /** How many times each node was started (restarts included). */
  startCounts(): ReadonlyMap<number, number> {
    return new Map(this.slots.map((s) => [s.id, s.starts]));
  }

  /** Start every node and wait for every init_ok; throws HostStartError naming the first that failed. */
  async start(): Promise<void> {
    const results = await Promise.allSettled(this.slots.map((s) => this.boot(s)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  // ------------------------------------------------------------------ clients

  registerClient(name: string, handler: ClientHandler): void {
    this.clients.set(name, handler);
  }

  /** A client's request to a node, through the network (dropped there if the node is not running). */
  clientSend(client: string, node: number, body: Body): void {
    const line = encodeEnvelope({ src: client, dest: this.slot(node).name, body });
    this.network.send(CLIENTS, node, line);
  }

  // ------------------------------------------------------------------ routing

  private onLine(slot: NodeSlot, proc: SubjectProcess, line: string, atMs: number): void {
    if (slot.proc !== proc) return; // a line of a process already replaced
    const parsed = parseEnvelope(line);
    if (!parsed.ok) {
      this.findings.add('not-a-message', slot.name, `stdout line is not a Maelstrom message (${parsed.reason})`, line);
      return;
    }
    const { dest, body } = parsed.envelope;
    const to = this.byName.get(dest);
    if (to !== undefined) {
      this.network.send(slot.id, to.id, line);
      this.opts.routeProbe?.(performance.now() - atMs);
      return;
    }
    if (dest === HOST_CLIENT_ID) {
      const init = slot.init;
      if (init !== null && body.type === 'init_ok' && body.in_reply_to === init.msgId) {
        slot.init = null;
        init.done(null);
      } else {
        this.findings.add('reply-never-requested', slot.name, `a ${body.type} to ${HOST_CLIENT_ID} that answers no init in flight`, line);
      }
      return;
    }
    if (this.clients.has(dest)) {
      this.network.send(slot.id, CLIENTS, line);
      return;
    }
    this.findings.add('unknown-destination', slot.name, `message to ${JSON.stringify(dest)}, which is neither a node nor a client`, line);
  }

  private deliver(from: number, to: number, line: string): boolean {
    if (to === CLIENTS) {
      const parsed = parseEnvelope(line);
      if (!parsed.ok) return false;
      const handler = this.clients.get(parsed.envelope.dest);
      if (handler === undefined) return false;
      const fromSlot = this.slot(from);
      if (handler(parsed.envelope.body, from) === 'unsolicited') {
        this.findings.add(
          'reply-never-requested',
          fromSlot.name,
          `in_reply_to ${JSON.stringify(parsed.envelope.body.in_reply_to)} to ${parsed.envelope.dest}, which never sent that msg_id`,
          line,
        );
      }
      return true;
    }
    const slot = this.slot(to);
    if (slot.proc === null || slot.state === 'dead' || slot.state === 'down') return false;
    return slot.proc.write(line);
  }

  // ------------------------------------------------------------------ processes

  private async boot(slot: NodeSlot): Promise<void> {
    slot.state = 'starting';
    slot.expectingExit = false;
    slot.starts++;
    const proc = new SubjectProcess(slot.name, this.opts.argv, slot.cwd, {
      onLine: (line, atMs) => this.onLine(slot, proc, line, atMs),
      onExit: (exit) => this.onExit(slot, proc, exit),
    }, this.opts.env);
    slot.proc = proc;
    if (proc.pid > 0) this.pids.push(proc.pid);
    const msgId = this.nextMsgId++;
    const timeoutMs = this.opts.initTimeoutMs ?? INIT_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.init = null;
        this.findings.add('init-not-answered', slot.name, `no init_ok within ${timeoutMs / 1000} s`);
        slot.expectingExit = true;
        void proc.kill();
        slot.state = 'dead';
        reject(new HostStartError(`node ${slot.name} did not answer init within ${timeoutMs / 1000} s (see ${path.join(slot.cwd, 'stderr.log')})`));
      }, timeoutMs);
      slot.init = {
        msgId,
        done: (error) => {
          clearTimeout(timer);
          if (error !== null) return reject(error);
          slot.state = 'running';
          resolve();
        },
      };
      const body: Body = { type: 'init', msg_id: msgId, node_id: slot.name, node_ids: this.slots.map((s) => s.name) };
      proc.write(encodeEnvelope({ src: HOST_CLIENT_ID, dest: slot.name, body }));
    });
  }

  private onExit(slot: NodeSlot, proc: SubjectProcess, exit: ProcessExit): void {
    if (slot.proc !== proc) return;
    const how = exit.error !== undefined ? `could not be started: ${exit.error}` : exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`;
    const init = slot.init;
    if (init !== null) {
      slot.init = null;
      slot.state = 'dead';
      if (!slot.expectingExit) this.findings.add('exit-at-start', slot.name, `exited (${how}) before answering init`);
      init.done(new HostStartError(`node ${slot.name} exited (${how}) before answering init (see ${path.join(slot.cwd, 'stderr.log')})`));
      return;
    }
    const wasRunning = slot.state === 'running' || slot.state === 'paused';
    slot.state = 'dead';
    if (slot.expectingExit || this.stopping || !wasRunning) return;
    this.findings.add('exit-mid-run', slot.name, `exited on its own (${how}); see ${path.join(slot.cwd, 'stderr.log')}`);
    this.onUnexpectedExit?.(slot.id, exit);
  }

  private slot(id: number): NodeSlot {
    const s = this.slots[id - 1];
    if (s === undefined) throw new RangeError(`no node ${id} (nodes are 1..${this.slots.length})`);
    return s;
  }

  // ------------------------------------------------------------------ FaultExecutor

  leader(): number | null {
    return null; // a Maelstrom node does not say who leads
  }

  partition(grudge: Grudge): void {
    this.network.partition(grudge);
  }

  async kill(nodes: readonly number[]): Promise<void> {
    await Promise.all(
      nodes.map(async (id) => {
        const slot = this.slot(id);
        if (slot.proc === null || slot.state === 'dead') return;
        slot.expectingExit = true;
        slot.state = 'dead';
        await slot.proc.kill();
      }),
    );
  }

  async restart(nodes: readonly number[]): Promise<void> {
    if (this.stopping) return;
    const results = await Promise.allSettled(nodes.filter((id) => this.slot(id).state === 'dead').map((id) => this.boot(this.slot(id))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  pause(nodes: readonly number[]): void {
    for (const id of nodes) {
      const slot = this.slot(id);
      if (slot.state !== 'running') continue;
      slot.proc?.signal('SIGSTOP');
      slot.state = 'paused';
    }
  }

  resume(nodes: readonly number[]): void {
    for (const id of nodes) {
      const slot = this.slot(id);
      if (slot.state !== 'paused') continue;
      slot.proc?.signal('SIGCONT');
      slot.state = 'running';
    }
  }

  setClock(): void {
    throw new Error('the maelstrom subject has no clock ability');
  }

  after(delayMs: number, action: () => void): void {
    setTimeout(action, delayMs);
  }

  /** Stop every process (SIGCONT, SIGTERM, then SIGKILL after graceMs) and drop what is in flight. */
  async stop(graceMs = 1000): Promise<void> {
    this.stopping = true;
    this.network.close();
    await Promise.all(
      this.slots.map(async (slot) => {
        const proc = slot.proc;
        if (proc === null || proc.hasExited) return;
        slot.expectingExit = true;
        proc.signal('SIGCONT');
        proc.signal('SIGTERM');
        const timer = setTimeout(() => proc.signal('SIGKILL'), graceMs);
        await proc.exited;
        clearTimeout(timer);
        slot.state = 'dead';
      }),
    );
  }
}
