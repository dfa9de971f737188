// The MIT 6.824 Raft lab's tester (config.go), rebuilt on the deterministic simulator so the lab's
// tests (test/sim/lab-*.test.ts) stay short. Time is virtual: sleepMs() runs the simulation.
// Concurrency (the lab's goroutines) is written as generators that yield a sleep in ms; spawn()
// runs one alongside the test, run() runs one to completion.
//
// Deviation from the lab, forced by Raft §8: a new leader appends a no-op entry, so commands do not
// sit at indexes 1, 2, 3...; tests compare indexes relative to the first command's index. The
// per-apply check covers no-op entries too (every server must apply the same entry at an index).
import type { Entry } from '../raft/types.js';
import { createRng } from '../raft/index.js';
import type { BugName, Rng } from '../raft/types.js';
import type { ApplyResult, StateMachine, Value } from '../statemachine/types.js';
import type { RaftOptions } from './cluster.js';
import { DEFAULT_RAFT, SimCluster, clusterOptions } from './cluster.js';
import { RELIABLE_NETWORK } from './network.js';
import { deriveSeed } from '../util/rng.js';

/** The lab's constants (config.go / test_test.go), in virtual milliseconds. */
export const RAFT_ELECTION_TIMEOUT_MS = 1000;
export const SNAPSHOT_INTERVAL = 10;
export const MAX_LOG_SIZE_BYTES = 2000;

/** A lab command: the lab uses ints and strings. */
export type LabCommand = number | string;

/** What a server applied at an index: a command, or NOOP for a leader's no-op entry. */
export const NOOP = Symbol('noop');
export type Applied = LabCommand | typeof NOOP;

export class LabFailure extends Error {
  override name = 'LabFailure';
}

/** A lab "goroutine": yields sleeps in ms, returns its result. */
export type Task<T> = Generator<number, T, void>;

const NOOP_DATA = '\u0000noop';

/**
 * The lab's applier: records what the server applied and checks each apply as it arrives: in
 * index order with no gap, and the same entry as every other server (and itself before a restart)
 * at that index. With snapshots (2D) the image is the applied log itself, as in the lab.
 */
class LabStateMachine implements StateMachine {
  lastApplied = 0;

  constructor(
    private readonly harness: LabHarness,
    private readonly server: number,
  ) {}

  apply(entry: Entry): ApplyResult {
    const data = entry.kind === 'noop' ? NOOP_DATA : entry.data;
    if (entry.index !== this.lastApplied + 1) {
      this.harness.fail(`server ${this.server} apply out of order: index ${entry.index} after ${this.lastApplied}`);
    }
    this.harness.record(this.server, entry.index, data);
    this.lastApplied = entry.index;
    return { kind: 'ok', value: null };
  }

  read(): Value {
    return null;
  }

  snapshot(): string {
    const log = this.harness.logs[this.server]!;
    const items: [number, string][] = [];
    for (let i = 1; i <= this.lastApplied; i++) {
      const d = log.get(i);
      if (d !== undefined) items.push([i, d]);
    }
    return JSON.stringify({ lastApplied: this.lastApplied, log: items });
  }

  restore(text: string): void {
    const image = JSON.parse(text) as { lastApplied: number; log: [number, string][] };
    // The lab's ingestSnap: the snapshot's commands must agree with what everyone applied.
    for (const [index, data] of image.log) this.harness.record(this.server, index, data);
    this.lastApplied = image.lastApplied;
  }
}

export interface LabOptions {
  readonly servers: number;
  readonly seed: number;
  readonly unreliable?: boolean;
  /** Snapshot every SNAPSHOT_INTERVAL applied entries (2D). */
  readonly snapshot?: boolean;
  readonly raft?: Partial<RaftOptions>;
  /** Deliberate core bugs (DESIGN.md §4), to show that the lab's checks catch them. */
  readonly bugs?: readonly BugName[];
}

export class LabHarness {
  readonly n: number;
  readonly cluster: SimCluster;
  readonly rng: Rng;
  /** What each server applied, by index (kept across restarts, as in the lab). */
  readonly logs: Map<number, string>[];
  private readonly tasks = new Set<number>();
  private nextTask = 0;

  constructor(readonly options: LabOptions) {
    this.n = options.servers;
    this.rng = createRng(deriveSeed(options.seed, 'lab-test'));
    this.logs = [];
    for (let i = 0; i <= this.n; i++) this.logs.push(new Map());
    this.cluster = new SimCluster(
      clusterOptions({
        seed: options.seed,
        nodes: this.n,
        raft: { ...DEFAULT_RAFT, ...options.raft },
        bugs: options.bugs ?? [],
        network: { ...RELIABLE_NETWORK, unreliable: options.unreliable === true },
        snapshotEveryEntries: options.snapshot === true ? SNAPSHOT_INTERVAL : 0,
        stateMachine: (id) => new LabStateMachine(this, id),
        recordEvents: false,
      }),
    );
  }

  fail(message: string): never {
    throw new LabFailure(`${message} (seed ${this.options.seed}, virtual time ${(this.cluster.nowUs / 1e6).toFixed(3)} s)`);
  }

  /** One apply (or snapshot entry) of one server: must agree with every server at that index. */
  record(server: number, index: number, data: string): void {
    for (let j = 1; j <= this.n; j++) {
      const other = this.logs[j]!.get(index);
      if (other !== undefined && other !== data) {
        this.fail(`commit index=${index} server=${server} ${show(data)} != server=${j} ${show(other)}`);
      }
    }
    this.logs[server]!.set(index, data);
  }

  // ------------------------------------------------------------------ time and tasks

  sleepMs(ms: number): void {
    this.cluster.runForUs(Math.max(0, Math.round(ms * 1000)));
  }

  /** Run a task to completion in virtual time. */
  run<T>(task: Task<T>): T {
    for (;;) {
      const r = task.next();
      if (r.done === true) return r.value;
      this.sleepMs(r.value);
    }
  }

  /** Start a task alongside the caller (a goroutine); onDone gets its result. */
  spawn<T>(task: Task<T>, onDone?: (result: T) => void): void {
    const id = this.nextTask++;
    this.tasks.add(id);
    const step = (): void => {
      const r = task.next();
      if (r.done === true) {
        this.tasks.delete(id);
        onDone?.(r.value);
        return;
      }
      this.cluster.schedule(Math.round(r.value * 1000), step);
    };
    step();
  }

  /** Sleep until every spawned task has finished (wg.Wait()), or fail after maxMs. */
  waitTasks(maxMs = 120_000): void {
    const deadline = this.cluster.nowUs + maxMs * 1000;
    while (this.tasks.size > 0) {
      if (this.cluster.nowUs > deadline) this.fail(`${this.tasks.size} task(s) still running after ${maxMs} ms`);
      this.sleepMs(10);
    }
  }

  randInt(maxExclusive: number): number {
    return this.rng.int(maxExclusive);
  }

  // ------------------------------------------------------------------ the lab's server controls

  /** Server k places after `base`, 1-based and wrapping: the lab's (base + k) % servers. */
  peer(base: number, k: number): number {
    return ((base - 1 + k) % this.n) + 1;
  }

  connect(i: number): void {
    this.cluster.network.setConnected(i, true);
  }

  disconnect(i: number): void {
    this.cluster.network.setConnected(i, false);
  }

  connected(i: number): boolean {
    return this.cluster.network.isConnected(i);
  }

  setUnreliable(on: boolean): void {
    this.cluster.network.options = { ...this.cluster.network.options, unreliable: on };
  }

  setLongReordering(on: boolean): void {
    this.cluster.network.options = { ...this.cluster.network.options, longReordering: on };
  }

  /** The lab's crash1: disconnect and kill; the persisted state stays. */
  crash1(i: number): void {
    this.disconnect(i);
    this.cluster.crash(i);
  }

  /** The lab's start1: (crash if running, then) start from the persisted state, still disconnected. */
  start1(i: number): void {
    this.crash1(i);
    this.cluster.start(i);
  }

  alive(i: number): boolean {
    return this.cluster.isUp(i);
  }

  /** The lab's Start(cmd) on server i: {index, term, isLeader}. A dead server is not asked. */
  start(i: number, cmd: LabCommand): { readonly index: number; readonly term: number; readonly isLeader: boolean } {
    const host = this.cluster.host(i);
    if (host === null) return { index: -1, term: -1, isLeader: false };
    const r = host.propose(JSON.stringify(cmd));
    if (r === null) return { index: -1, term: host.status().term, isLeader: false };
    return { index: r.index, term: r.term, isLeader: true };
  }

  /** The lab's GetState(): (term, isLeader). */
  getState(i: number): { readonly term: number; readonly isLeader: boolean } {
    const host = this.cluster.host(i);
    if (host === null) return { term: -1, isLeader: false };
    const s = host.status();
    return { term: s.term, isLeader: s.role === 'leader' };
  }

  /** Requests (RPCs) received by server i so far. */
  rpcCount(i: number): number {
    return this.cluster.network.rpcsTo[i] ?? 0;
  }

  rpcTotal(): number {
    let n = 0;
    for (let i = 1; i <= this.n; i++) n += this.rpcCount(i);
    return n;
  }

  /** Bytes of every request sent so far (the lab's bytesTotal). */
  bytesTotal(): number {
    return this.cluster.network.stats.rpcBytes;
  }

  /** Largest persisted Raft state (hard state + log, not the snapshot) of any server. */
  logSize(): number {
    let max = 0;
    for (const node of this.cluster.nodes) max = Math.max(max, node.storage.raftStateBytes());
    return max;
  }

  // ------------------------------------------------------------------ the lab's checks

  /** Exactly one leader among connected servers (retried for ~5 s); returns it. */
  checkOneLeader(): number {
    for (let iters = 0; iters < 10; iters++) {
      this.sleepMs(450 + this.rng.int(100));
      const leaders = new Map<number, number[]>();
      for (let i = 1; i <= this.n; i++) {
        if (!this.connected(i)) continue;
        const { term, isLeader } = this.getState(i);
        if (isLeader) leaders.set(term, [...(leaders.get(term) ?? []), i]);
      }
      let lastTermWithLeader = -1;
      for (const [term, ls] of leaders) {
        if (ls.length > 1) this.fail(`term ${term} has ${ls.length} (>1) leaders: ${ls.join(', ')}`);
        if (term > lastTermWithLeader) lastTermWithLeader = term;
      }
      if (leaders.size > 0) return leaders.get(lastTermWithLeader)![0]!;
    }
    return this.fail('expected one leader, got none');
  }

  /** Every connected server has the same term; returns it. */
  checkTerms(): number {
    let term = -1;
    for (let i = 1; i <= this.n; i++) {
      if (!this.connected(i)) continue;
      const t = this.getState(i).term;
      if (term === -1) term = t;
      else if (term !== t) this.fail(`servers disagree on term: ${term} vs ${t} (server ${i})`);
    }
    return term;
  }

  /** No connected server thinks it is leader. */
  checkNoLeader(): void {
    for (let i = 1; i <= this.n; i++) {
      if (this.connected(i) && this.getState(i).isLeader) this.fail(`expected no leader among connected servers, but ${i} claims to be leader`);
    }
  }

  /** How many servers applied something at index, and what (fails if two applied different things). */
  nCommitted(index: number): { readonly count: number; readonly cmd: Applied | null } {
    let count = 0;
    let data: string | undefined;
    for (let i = 1; i <= this.n; i++) {
      const d = this.logs[i]!.get(index);
      if (d === undefined) continue;
      if (count > 0 && d !== data) this.fail(`committed values do not match: index ${index}, ${show(data!)}, ${show(d)}`);
      count++;
      data = d;
    }
    return { count, cmd: data === undefined ? null : decode(data) };
  }

  /** The highest index any server applied. */
  maxApplied(): number {
    let max = 0;
    for (let i = 1; i <= this.n; i++) for (const index of this.logs[i]!.keys()) if (index > max) max = index;
    return max;
  }

  /**
   * The lab's one(cmd, expectedServers, retry): submit through whichever connected server is
   * leader until expectedServers applied it at the index it got; give up after 10 s.
   */
  *oneTask(cmd: LabCommand, expectedServers: number, retry: boolean): Task<number> {
    const t0 = this.cluster.nowUs;
    let starts = 0;
    while (this.cluster.nowUs - t0 < 10_000_000) {
      let index = -1;
      for (let si = 0; si < this.n; si++) {
        starts = (starts % this.n) + 1;
        if (!this.connected(starts)) continue;
        const r = this.start(starts, cmd);
        if (r.isLeader) {
          index = r.index;
          break;
        }
      }
      if (index !== -1) {
        const t1 = this.cluster.nowUs;
        while (this.cluster.nowUs - t1 < 2_000_000) {
          const { count, cmd: got } = this.nCommitted(index);
          if (count > 0 && count >= expectedServers && got === cmd) return index;
          yield 20;
        }
        if (!retry) this.fail(`one(${show(String(cmd))}) failed to reach agreement`);
      } else {
        yield 50;
      }
    }
    return this.fail(`one(${show(String(cmd))}) failed to reach agreement in 10 s`);
  }

  one(cmd: LabCommand, expectedServers: number, retry: boolean): number {
    return this.run(this.oneTask(cmd, expectedServers, retry));
  }

  /**
   * The lab's wait(index, n, startTerm): until n servers applied index; -1 if some server moved
   * past startTerm (startTerm -1: never); fails if fewer than n did in the end.
   */
  *waitTask(index: number, n: number, startTerm: number): Task<Applied | -1> {
    let toMs = 10;
    for (let iters = 0; iters < 30; iters++) {
      if (this.nCommitted(index).count >= n) break;
      yield toMs;
      if (toMs < 1000) toMs *= 2;
      if (startTerm > -1) {
        for (let i = 1; i <= this.n; i++) {
          if (this.alive(i) && this.getState(i).term > startTerm) return -1;
        }
      }
    }
    const { count, cmd } = this.nCommitted(index);
    if (count < n) this.fail(`only ${count} decided for index ${index}; wanted ${n}`);
    return cmd!;
  }

  wait(index: number, n: number, startTerm: number): Applied | -1 {
    return this.run(this.waitTask(index, n, startTerm));
  }
}

function decode(data: string): Applied {
  return data === NOOP_DATA ? NOOP : (JSON.parse(data) as LabCommand);
}

function show(data: string): string {
  const s = data === NOOP_DATA ? '<noop>' : data;
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
