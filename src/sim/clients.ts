// Simulated client processes (Jepsen style). Each process runs one operation at a time: it thinks,
// invokes, sends the request to its guess of the leader, follows redirects, retries after an
// attempt timeout (same clientId + seq, so the state machine applies it at most once), and gives
// up at the operation deadline. What each answer means for the operation (ok, fail, info, retry)
// and the retirement of a process after an info are the shared state machine of
// src/clients/operation.ts; this file only drives it in virtual time.
import type { ClientOpSpec, Workload, WorkloadOptions } from '../plugins.js';
import type { Rng } from '../raft/types.js';
import type { HostReply, HostReadMode } from '../host/types.js';
import { encodeCommand } from '../statemachine/command.js';
import type { KvCommand, Value } from '../statemachine/types.js';
import type { SimCluster } from './cluster.js';
import { uniqueMixWorkload } from '../../workloads/unique-mix.js';
import type { HistoryRecorder } from './history-recorder.js';
import { ClientOperation, ClientProcess, type Decision } from '../clients/operation.js';
import type { ClientAnswer } from '../subjects/types.js';

export interface ClientOptions {
  /** Concurrent client processes. */
  readonly count: number;
  /** Target rate of invocations per virtual second, over all clients. */
  readonly opsPerSecond: number;
  readonly readMode: HostReadMode;
  /** One attempt at one node times out after this long. */
  readonly attemptTimeoutUs: number;
  /** The whole operation gives up after this long (history: info, or fail for a read). */
  readonly opTimeoutUs: number;
  /** One-way delay between a client and a node. */
  readonly linkDelayUs: number;
  /** The op generator; the default mix (workloads/unique-mix.ts) when absent. */
  readonly workload: Workload | null;
  readonly workloadOptions: WorkloadOptions;
}

export const DEFAULT_CLIENTS: ClientOptions = {
  count: 5,
  opsPerSecond: 50,
  readMode: 'read-index',
  attemptTimeoutUs: 500_000,
  opTimeoutUs: 3_000_000,
  linkDelayUs: 200,
  workload: null,
  workloadOptions: { keys: 3 },
};

/** An acknowledged write or cas: the command text and the index where it was applied. */
export interface AckedWrite {
  readonly process: number;
  readonly command: string;
  readonly index: number;
  readonly node: number;
}

interface Op {
  readonly state: ClientOperation;
  readonly command: string | null; // null for reads not through the log
}

interface ProcessSlot {
  readonly id: ClientProcess;
  leaderGuess: number | null;
  op: Op | null;
}

export interface ClientStats {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
}

export class SimClients {
  readonly stats: ClientStats = { invoked: 0, ok: 0, fail: 0, info: 0 };
  readonly acked: AckedWrite[] = [];
  private readonly procs: ProcessSlot[] = [];
  private running = false;
  /** The given workload, or this run's own instance of the default mix (workloads/unique-mix.ts). */
  private readonly workload: Workload;

  constructor(
    private readonly cluster: SimCluster,
    private readonly history: HistoryRecorder,
    private readonly rng: Rng,
    readonly options: ClientOptions,
  ) {
    this.workload = options.workload ?? uniqueMixWorkload();
    for (let slot = 0; slot < options.count; slot++) {
      // A retired process's slot continues as process + count, so ids never repeat.
      this.procs.push({ id: new ClientProcess(slot, (retired) => retired + options.count), leaderGuess: null, op: null });
    }
  }

  /** Start issuing operations. */
  start(): void {
    this.running = true;
    for (const p of this.procs) this.think(p);
  }

  /** Stop invoking new operations; those in flight still finish (or time out). */
  stop(): void {
    this.running = false;
  }

  /** Operations still in flight. */
  inFlight(): number {
    return this.procs.reduce((n, p) => n + (p.op === null ? 0 : 1), 0);
  }

  private think(p: ProcessSlot): void {
    if (!this.running) return;
    // Exponential think time with mean count / opsPerSecond seconds.
    const meanUs = (this.options.count / Math.max(1e-9, this.options.opsPerSecond)) * 1e6;
    const delayUs = Math.round(-Math.log(1 - this.rng.next()) * meanUs);
    this.cluster.schedule(delayUs, () => this.invoke(p));
  }

  private draw(): ClientOpSpec {
    return this.workload.next(this.rng, this.options.workloadOptions);
  }

  private invoke(p: ProcessSlot): void {
    if (!this.running || p.op !== null) return;
    const spec = this.draw();
    const { clientId, seq } = p.id.nextRequest();
    let command: KvCommand | null = null;
    if (spec.f === 'write') command = { op: 'write', key: spec.key, value: spec.value as Value, clientId, seq };
    else if (spec.f === 'cas') {
      const [from, to] = spec.value as readonly [number, number];
      command = { op: 'cas', key: spec.key, from, to, clientId, seq };
    } else if (this.options.readMode === 'log') command = { op: 'read', key: spec.key, clientId, seq };
    const op: Op = { state: new ClientOperation(spec), command: command === null ? null : encodeCommand(command) };
    p.op = op;
    this.stats.invoked++;
    this.history.add('invoke', p.id.process, spec.f, op.state.invokedValue, { key: spec.key });
    this.cluster.schedule(this.options.opTimeoutUs, () => {
      if (p.op === op) this.decide(p, op, op.state.deadline('timeout'), undefined, 'timeout');
    });
    this.sendAttempt(p, op);
  }

  private pickNode(p: ProcessSlot): number {
    if (p.leaderGuess !== null) return p.leaderGuess;
    return 1 + this.rng.int(this.cluster.nodes.length);
  }

  private sendAttempt(p: ProcessSlot, op: Op): void {
    const attempt = op.state.newAttempt();
    const node = this.pickNode(p);
    const link = this.options.linkDelayUs;
    this.cluster.schedule(link, () => {
      if (p.op !== op) return;
      this.cluster.withHost(node, (host) => {
        const reply = (r: HostReply): void => this.cluster.schedule(link, () => this.onReply(p, op, attempt, node, r));
        if (op.command !== null) host.submit(op.command, reply);
        else host.read(op.state.spec.key, this.options.readMode, reply);
      });
    });
    this.cluster.schedule(this.options.attemptTimeoutUs, () => {
      // The request or its answer is lost, or the node is slow: it may still take effect
      // (the attempt stays open).
      if (p.op === op) this.decide(p, op, op.state.attemptTimedOut(attempt), undefined, 'timeout');
    });
  }

  private onReply(p: ProcessSlot, op: Op, attempt: number, node: number, r: HostReply): void {
    if (p.op !== op) return;
    if (r.kind === 'ok' && op.state.spec.f !== 'read' && op.command !== null && r.index !== null) {
      this.acked.push({ process: p.id.process, command: op.command, index: r.index, node });
    }
    this.decide(p, op, op.state.answer(attempt, node, asAnswer(r), true), node, r.kind);
  }

  /** Carry out the state machine's decision; `cause` picks the back-off of a retry. */
  private decide(p: ProcessSlot, op: Op, d: Decision, node: number | undefined, cause: HostReply['kind'] | 'timeout'): void {
    if (d.kind === 'ignore') return;
    if (d.kind === 'done') {
      this.finish(p, d.type, d.value, d.error, d.type === 'info' ? undefined : node);
      return;
    }
    const attempt = op.state.attempt;
    if (cause === 'timeout') {
      p.leaderGuess = null;
      this.sendAttempt(p, op);
      return;
    }
    p.leaderGuess = d.leader;
    // Back off a little when nobody knows a leader, so a leaderless cluster is not flooded.
    const backoffUs =
      cause === 'redirect' ? (d.leader === null ? 20_000 + this.rng.int(30_000) : 0) : 10_000 + this.rng.int(20_000);
    this.cluster.schedule(backoffUs, () => {
      if (p.op === op && op.state.attempt === attempt) this.sendAttempt(p, op);
    });
  }

  private finish(p: ProcessSlot, type: 'ok' | 'fail' | 'info', value: unknown, error: string | undefined, node: number | undefined): void {
    const op = p.op!;
    p.op = null;
    this.stats[type]++;
    this.history.add(type, p.id.process, op.state.spec.f, value, {
      key: op.state.spec.key,
      ...(error !== undefined ? { error } : {}),
      ...(node !== undefined ? { node } : {}),
    });
    if (type === 'info') {
      // Retire the process: its last op may still happen, so a fresh process continues.
      p.id.retire();
      p.leaderGuess = null;
    }
    this.think(p);
  }
}

/** A simulated node's reply in the seam's vocabulary: a fail that may still take effect is unknown. */
function asAnswer(r: HostReply): ClientAnswer {
  switch (r.kind) {
    case 'ok':
      return { kind: 'ok', value: r.value as number | null };
    case 'redirect':
      return r;
    case 'fail':
      return r.definite ? { kind: 'fail', reason: r.reason } : { kind: 'unknown', reason: r.reason };
  }
}
