// The client side of a real run: --concurrency logical processes issue workload operations at
// --rate per second in total, each waiting for its answer within --op-timeout.
//
// What each answer means (ok, fail, info, or the same request again at another node) and the
// retirement of a process after an info are the shared state machine of src/clients/operation.ts,
// as in Jepsen (DESIGN.md §2): a redirect is followed with the same clientId and seq within the
// op's deadline; if the deadline passes while every attempt was refused or redirected, nothing was
// done: fail ("no-leader"); a timeout or a connection lost after sending is info for a write or a
// cas (it may take effect at any later time) and fail for a read. This file drives it in wall time,
// one attempt at a time.
import type { CompletionType } from '../../history/types.js';
import type { ClientOpSpec, Workload, WorkloadOptions } from '../../plugins.js';
import type { HistoryWriter } from '../../history/writer.js';
import type { Rng } from '../../raft/types.js';
import type { Address, ClientAnswer, SubjectClient } from '../../subjects/types.js';
import { FramedClient } from '../../subjects/raft-chaos/framed-client.js';
import { deriveSeed, seededRng } from '../../util/rng.js';
import { ClientOperation, ClientProcess, type Decision } from '../../clients/operation.js';

export interface ClientPoolOptions {
  readonly nodeIds: readonly number[];
  /** The subject's client (SubjectCluster.openClient); the pool closes it. */
  readonly client?: SubjectClient;
  /** Without `client`: where a raft-chaos protocol client dials node `id` (its client proxy). */
  readonly addressOf?: (node: number) => Address;
  readonly concurrency: number;
  /** Operations per second over all processes; 0 = as fast as they can (closed loop). */
  readonly ratePerS: number;
  readonly opTimeoutMs: number;
  /**
   * Give up on one node after this long and send the same request (same clientId and seq) to the
   * leader hint or the next node, as the simulator's clients do (attemptTimeoutUs); the attempt
   * stays open (it may still take effect), so a write whose op deadline then passes is info.
   * Absent: one attempt may use the whole op deadline.
   */
  readonly attemptTimeoutMs?: number;
  readonly seed: number;
  readonly workload: Workload;
  readonly workloadOptions: WorkloadOptions;
  readonly history: HistoryWriter;
  /** Best current knowledge of the leader (from status polling), used when a redirect names none. */
  readonly leaderHint?: () => number | null;
  /**
   * False for a node known to be down (killed, not yet restarted): a real client would get
   * "connection refused" from it, so the request is certainly not sent there and the op moves on to
   * the next node. (Through a proxy the connection would be accepted and then dropped, which would
   * look like a lost request.)
   */
  readonly nodeAvailable?: (node: number) => boolean;
  /** Pause after a redirect that names no leader, or a node that cannot be reached. */
  readonly retryBackoffMs?: number;
  /**
   * home (default, as Jepsen binds a client to a node): every op of a process starts at its home node
   * and follows redirects for that op only, so every node's endpoint is exercised, partitions included.
   * leader: a process keeps sending to the last node that answered (fewer hops: for benchmarks).
   */
  readonly binding?: 'home' | 'leader';
}


export interface ClientCounts {
  ok: number;
  fail: number;
  info: number;
}

/** One completed operation, for callers that measure (bench). */
export interface Completion {
  readonly f: ClientOpSpec['f'];
  readonly outcome: CompletionType;
  readonly latencyNs: number;
}

interface Slot {
  readonly index: number;
  readonly id: ClientProcess;
  /** The node this process talks to: its home node, or the leader it was last sent to. */
  target: number;
  readonly rng: Rng;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ClientPool {
  readonly counts: ClientCounts = { ok: 0, fail: 0, info: 0 };
  private readonly client: SubjectClient;
  private readonly slots: Slot[];
  private nextFreshProcess: number;
  private stopping = false;
  private readonly wake = new Set<() => void>();
  onComplete: ((c: Completion) => void) | null = null;

  constructor(private readonly options: ClientPoolOptions) {
    if (options.nodeIds.length === 0) throw new RangeError('ClientPool needs at least one node');
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    if (options.client !== undefined) this.client = options.client;
    else if (options.addressOf !== undefined) this.client = new FramedClient(options.addressOf);
    else throw new RangeError('ClientPool needs a client or an addressOf');
    this.slots = Array.from({ length: options.concurrency }, (_, i) => ({
      index: i,
      id: this.newProcess(i),
      target: this.homeOf(i),
      rng: seededRng(deriveSeed(options.seed, `client-${i}`)),
    }));
    this.nextFreshProcess = options.concurrency;
  }

  /** Run every process until stop(); resolves when each has finished its op in flight. */
  async run(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.runSlot(slot)));
  }

  /** Ask the processes to stop after their current operation. */
  stop(): void {
    this.stopping = true;
    for (const wake of this.wake) wake();
    this.wake.clear();
  }

  /**
   * Read every key once more after the cluster healed (Jepsen's final reads). Each read that ends in
   * info is retried by a fresh process until one is ok or the total budget runs out.
   */
  async finalReads(keys: readonly string[], budgetMs: number, perReadTimeoutMs: number): Promise<Map<string, CompletionType>> {
    const deadline = Date.now() + budgetMs;
    const outcomes = await Promise.all(
      keys.map(async (key, i) => {
        let outcome: CompletionType = 'info';
        while (Date.now() < deadline) {
          const slot: Slot = { index: -1, id: this.newProcess(this.nextFreshProcess++), target: this.pickTarget(i), rng: seededRng(0) };
          const timeoutMs = Math.min(perReadTimeoutMs, Math.max(1, deadline - Date.now()));
          outcome = await this.invoke(slot, { f: 'read', key, value: null }, timeoutMs);
          if (outcome === 'ok') break;
          await sleep(100);
        }
        return [key, outcome] as const;
      }),
    );
    return new Map(outcomes);
  }

  close(): void {
    this.stop();
    this.client.close();
  }

  private newProcess(id: number): ClientProcess {
    return new ClientProcess(id, () => this.nextFreshProcess++);
  }

  private homeOf(slotIndex: number): number {
    const ids = this.options.nodeIds;
    return ids[slotIndex % ids.length] as number;
  }

  private pickTarget(i: number): number {
    return this.options.leaderHint?.() ?? this.homeOf(i);
  }

  private async runSlot(slot: Slot): Promise<void> {
    const { ratePerS, concurrency, workload, workloadOptions, opTimeoutMs } = this.options;
    const meanGapMs = ratePerS > 0 ? (1000 * concurrency) / ratePerS : 0;
    while (!this.stopping) {
      if (meanGapMs > 0) {
        // Jepsen's stagger: a uniform pause in [0, 2 * mean), drawn from this slot's stream.
        await this.interruptibleSleep(slot.rng.next() * 2 * meanGapMs);
        if (this.stopping) break;
      }
      const spec = workload.next(slot.rng, workloadOptions);
      const outcome = await this.invoke(slot, spec, opTimeoutMs);
      if (outcome === 'info') slot.id.retire();
      if (outcome === 'info' || this.options.binding !== 'leader') slot.target = this.homeOf(slot.index);
    }
  }

  private interruptibleSleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }

  /** Carry out one logical operation for `slot`, record invoke and completion, return the outcome. */
  private async invoke(slot: Slot, spec: ClientOpSpec, timeoutMs: number): Promise<CompletionType> {
    const { history } = this.options;
    const backoffMs = this.options.retryBackoffMs ?? 25;
    const startNs = process.hrtime.bigint();
    const { clientId, seq } = slot.id.nextRequest();
    const processId = slot.id.process;
    const op = new ClientOperation(spec);
    history.record({ type: 'invoke', process: processId, f: spec.f, key: spec.key, value: op.invokedValue });
    const deadline = Date.now() + timeoutMs;
    const pause = (): Promise<void> => sleep(Math.min(backoffMs, Math.max(0, deadline - Date.now())));
    let redirects = 0;
    for (;;) {
      const remainingMs = deadline - Date.now();
      const node = slot.target;
      let decision: Decision;
      if (remainingMs <= 0) decision = op.deadline('no-leader');
      else {
        const attempt = op.newAttempt();
        const attemptMs = Math.min(remainingMs, this.options.attemptTimeoutMs ?? remainingMs);
        const answer: ClientAnswer =
          this.options.nodeAvailable !== undefined && !this.options.nodeAvailable(node)
            ? { kind: 'not-sent', reason: 'node down' }
            : await this.client.send(node, { clientId, seq, op: spec }, attemptMs);
        const attemptTimedOut = attemptMs < remainingMs && answer.kind === 'unknown' && answer.reason === 'timeout';
        decision = attemptTimedOut ? op.attemptTimedOut(attempt) : op.answer(attempt, node, answer, false);
        if (answer.kind === 'redirect') redirects++;
      }
      if (decision.kind === 'done') {
        history.record({
          type: decision.type,
          process: processId,
          f: spec.f,
          key: spec.key,
          value: decision.value,
          ...(decision.error !== undefined ? { error: decision.error } : {}),
          ...(remainingMs > 0 ? { node } : {}), // the deadline passed before another attempt
        });
        this.counts[decision.type]++;
        this.onComplete?.({ f: spec.f, outcome: decision.type, latencyNs: Number(process.hrtime.bigint() - startNs) });
        return decision.type;
      }
      if (decision.kind === 'ignore') continue; // one attempt at a time: never happens
      const hinted = decision.leader ?? this.options.leaderHint?.() ?? null;
      slot.target = hinted !== null && hinted !== node ? hinted : this.nextNode(node);
      // Follow the first redirect to a named leader at once; after that, give an election time to finish.
      if (redirects > 1 || decision.leader === null) await pause();
    }
  }

  private nextNode(node: number): number {
    const ids = this.options.nodeIds;
    const i = ids.indexOf(node);
    return ids[(i + 1) % ids.length] as number;
  }
}
