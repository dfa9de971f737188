// Simulated client processes (Jepsen style). Each process runs one operation at a time: it thinks,
// invokes, sends the request to its guess of the leader, follows redirects, retries after an
// attempt timeout (same clientId + seq, so the state machine applies it at most once), and gives
// up at the operation deadline. Outcomes go into the history:
//   ok   - some attempt answered ok;
//   fail - certainly no effect: a read that failed or timed out, a cas mismatch, or a definite
//          failure when no earlier attempt can still take effect;
//   info - unknown (timed out after an attempt that may still be applied); the process then
//          retires and a fresh process id (and clientId) continues, as in Jepsen.
import type { ClientOpSpec, Workload, WorkloadOptions } from '../plugins.js';
import type { Rng } from '../raft/types.js';
import type { HostReply, HostReadMode } from '../host/types.js';
import { encodeCommand } from '../statemachine/command.js';
import type { KvCommand, Value } from '../statemachine/types.js';
import type { SimCluster } from './cluster.js';
import { uniqueMixWorkload } from '../../workloads/unique-mix.js';
import type { HistoryRecorder } from './history-recorder.js';

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
  readonly spec: ClientOpSpec;
  readonly command: string | null; // null for reads not through the log
  readonly deadlineUs: number;
  attempt: number;
  /** Attempts whose outcome is unknown: they may still take effect. */
  readonly open: Set<number>;
}

interface ClientProcess {
  readonly slot: number;
  process: number;
  seq: number;
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
  private readonly procs: ClientProcess[] = [];
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
      this.procs.push({ slot, process: slot, seq: 0, leaderGuess: null, op: null });
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

  private think(p: ClientProcess): void {
    if (!this.running) return;
    // Exponential think time with mean count / opsPerSecond seconds.
    const meanUs = (this.options.count / Math.max(1e-9, this.options.opsPerSecond)) * 1e6;
    const delayUs = Math.round(-Math.log(1 - this.rng.next()) * meanUs);
    this.cluster.schedule(delayUs, () => this.invoke(p));
  }

  private draw(): ClientOpSpec {
    return this.workload.next(this.rng, this.options.workloadOptions);
  }

  private invoke(p: ClientProcess): void {
    if (!this.running || p.op !== null) return;
    const spec = this.draw();
    p.seq++;
    const clientId = `c${p.process}`;
    let command: KvCommand | null = null;
    if (spec.f === 'write') command = { op: 'write', key: spec.key, value: spec.value as Value, clientId, seq: p.seq };
    else if (spec.f === 'cas') {
      const [from, to] = spec.value as readonly [number, number];
      command = { op: 'cas', key: spec.key, from, to, clientId, seq: p.seq };
    } else if (this.options.readMode === 'log') command = { op: 'read', key: spec.key, clientId, seq: p.seq };
    const op: Op = {
      spec,
      command: command === null ? null : encodeCommand(command),
      deadlineUs: this.cluster.nowUs + this.options.opTimeoutUs,
      attempt: 0,
      open: new Set(),
    };
    p.op = op;
    this.stats.invoked++;
    this.history.add('invoke', p.process, spec.f, spec.f === 'read' ? null : spec.value, { key: spec.key });
    this.cluster.schedule(this.options.opTimeoutUs, () => {
      if (p.op === op) this.finishUnknown(p, 'timeout');
    });
    this.sendAttempt(p, op);
  }

  private pickNode(p: ClientProcess): number {
    if (p.leaderGuess !== null) return p.leaderGuess;
    return 1 + this.rng.int(this.cluster.nodes.length);
  }

  private sendAttempt(p: ClientProcess, op: Op): void {
    const attempt = ++op.attempt;
    op.open.add(attempt);
    const node = this.pickNode(p);
    const link = this.options.linkDelayUs;
    this.cluster.schedule(link, () => {
      if (p.op !== op) return;
      this.cluster.withHost(node, (host) => {
        const reply = (r: HostReply): void => this.cluster.schedule(link, () => this.onReply(p, op, attempt, node, r));
        if (op.command !== null) host.submit(op.command, reply);
        else host.read(op.spec.key, this.options.readMode, reply);
      });
    });
    this.cluster.schedule(this.options.attemptTimeoutUs, () => {
      if (p.op !== op || op.attempt !== attempt) return;
      // The request or its answer is lost, or the node is slow: it may still take effect
      // (the attempt stays open).
      p.leaderGuess = null;
      this.sendAttempt(p, op);
    });
  }

  private onReply(p: ClientProcess, op: Op, attempt: number, node: number, r: HostReply): void {
    if (p.op !== op) return;
    const current = attempt === op.attempt;
    switch (r.kind) {
      case 'ok': {
        const value = op.spec.f === 'read' ? r.value : op.spec.value;
        if (op.spec.f !== 'read' && op.command !== null && r.index !== null) {
          this.acked.push({ process: p.process, command: op.command, index: r.index, node });
        }
        this.finish(p, 'ok', value, undefined, node);
        return;
      }
      case 'redirect': {
        op.open.delete(attempt); // not the leader: nothing was proposed
        if (!current) return;
        p.leaderGuess = r.leader !== null && r.leader !== node ? r.leader : null;
        // Back off a little when nobody knows a leader, so a leaderless cluster is not flooded.
        const backoffUs = p.leaderGuess === null ? 20_000 + this.rng.int(30_000) : 0;
        this.cluster.schedule(backoffUs, () => {
          if (p.op === op && op.attempt === attempt) this.sendAttempt(p, op);
        });
        return;
      }
      case 'fail': {
        if (op.spec.f === 'read') {
          this.finish(p, 'fail', null, r.reason, node);
          return;
        }
        // The state machine's own verdict (cas mismatch) is cached under (clientId, seq): every
        // attempt gets the same answer, so it is definite for the whole operation.
        const opDefinite = r.reason === 'cas-mismatch' || r.reason.startsWith('bad-command');
        if (r.definite) op.open.delete(attempt);
        if (opDefinite || (r.definite && op.open.size === 0)) {
          this.finish(p, 'fail', op.spec.value, r.reason, node);
          return;
        }
        if (!current) return;
        p.leaderGuess = null;
        this.cluster.schedule(10_000 + this.rng.int(20_000), () => {
          if (p.op === op && op.attempt === attempt) this.sendAttempt(p, op);
        });
        return;
      }
      default: {
        const never: never = r;
        throw new Error(`unknown reply ${JSON.stringify(never)}`);
      }
    }
  }

  private finishUnknown(p: ClientProcess, error: string): void {
    const op = p.op!;
    // A read has no effect, so giving up on it is a definite failure.
    if (op.spec.f === 'read' || op.open.size === 0) {
      this.finish(p, 'fail', op.spec.value, error, undefined);
      return;
    }
    this.finish(p, 'info', op.spec.value, error, undefined);
  }

  private finish(p: ClientProcess, type: 'ok' | 'fail' | 'info', value: unknown, error: string | undefined, node: number | undefined): void {
    const op = p.op!;
    p.op = null;
    this.stats[type]++;
    this.history.add(type, p.process, op.spec.f, value, {
      key: op.spec.key,
      ...(error !== undefined ? { error } : {}),
      ...(node !== undefined ? { node } : {}),
    });
    if (type === 'info') {
      // Retire the process: its last op may still happen, so a fresh process continues.
      p.process += this.options.count;
      p.seq = 0;
      p.leaderGuess = null;
    }
    this.think(p);
  }
}
