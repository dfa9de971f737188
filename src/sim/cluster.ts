// The deterministic simulated cluster: N nodes, each running the real core + host + a state
// machine over in-memory storage, a simulated network, and one event queue in virtual time
// (microseconds). Everything random comes from the one seed, split per component (seeds.ts).
// Implements the FaultExecutor of src/plugins.ts, synchronously.
import type { NodeEvent } from '../history/events.js';
import { Host } from '../host/host.js';
import { MemoryStorage } from '../host/memory-storage.js';
import type { FaultExecutor, Grudge } from '../plugins.js';
import { decodeMessage, encodeMessage } from '../raft/codec.js';
import { createRng } from '../raft/index.js';
import type { BugName, Message, RaftConfig, Rng } from '../raft/types.js';
import { asNodeId } from '../raft/types.js';
import type { StateMachine } from '../statemachine/types.js';
import { KvStateMachine } from '../statemachine/kv.js';
import { EventQueue } from './event-queue.js';
import type { NetworkOptions } from './network.js';
import { RELIABLE_NETWORK, SimNetwork } from './network.js';
import { deriveSeed } from '../util/rng.js';
import { FaultTimeline } from '../faults/fault-timeline.js';

/** The core's timing and protocol options (RaftConfig minus what the cluster fills in). */
export interface RaftOptions {
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxEntriesPerAppend: number;
  readonly leaseTicks: number;
}

/**
 * Defaults: a 10 ms tick, heartbeats every 100 ms (the lab's "at most 10 per second"), election
 * timeouts drawn from [300 ms, 600 ms), and a 150 ms leader lease for 'lease' reads: half the
 * shortest election timeout, a margin for clocks drifting up to ±20% (more drift can break it;
 * the clock nemesis is there to show that).
 */
export const DEFAULT_TICK_US = 10_000;
export const DEFAULT_RAFT: RaftOptions = {
  electionTicks: 30,
  heartbeatTicks: 10,
  preVote: true,
  checkQuorum: true,
  maxEntriesPerAppend: 64,
  leaseTicks: 15,
};

export interface SimClusterOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly tickUs: number;
  readonly raft: RaftOptions;
  readonly bugs: readonly BugName[];
  readonly network: NetworkOptions;
  /** Snapshot every this many applied entries (0 = never). */
  readonly snapshotEveryEntries: number;
  /** A fresh state machine for a node (at boot and at every restart). */
  readonly stateMachine: (node: number) => StateMachine;
  /** Keep every node's event log in memory (needed by the invariant checks). */
  readonly recordEvents: boolean;
  /**
   * A limit on messages sent per node per virtual second (plus a fixed allowance): a run
   * over it stops with a SimBudgetError instead of grinding through a message storm.
   */
  readonly maxSentPerNodeSecond: number;
}

/** The default message budget per node per virtual second (SimClusterOptions.maxSentPerNodeSecond). */
export const DEFAULT_MAX_SENT_PER_NODE_S = 2_000;

/** The simulation exceeded its work budget (a message storm): reported, never hangs. */
export class SimBudgetError extends Error {
  override name = 'SimBudgetError';
}

export function clusterOptions(partial: Partial<SimClusterOptions> & { readonly seed: number }): SimClusterOptions {
  return {
    nodes: 3,
    tickUs: DEFAULT_TICK_US,
    raft: DEFAULT_RAFT,
    bugs: [],
    network: RELIABLE_NETWORK,
    snapshotEveryEntries: 0,
    stateMachine: () => new KvStateMachine(),
    recordEvents: true,
    maxSentPerNodeSecond: DEFAULT_MAX_SENT_PER_NODE_S,
    ...partial,
  };
}

/**
 * One scheduled event. A single shape for every kind (fields unused by a kind stay empty) so that
 * records can be recycled through a free list: the hot path allocates no event objects.
 *   tick:    node `a`, tick generation `b` (stale generations are ignored)
 *   deliver: message `text` from node `a` to node `b`
 *   call:    run `fn`
 */
class SimEvent {
  timeUs = 0;
  seq = 0;
  kind: 'tick' | 'deliver' | 'call' = 'call';
  a = 0;
  b = 0;
  text = '';
  fn: (() => void) | null = null;
}

const MAX_FREE_EVENTS = 4096;

export interface SimNode {
  readonly id: number;
  /** The node's "disk": survives crashes. */
  readonly storage: MemoryStorage;
  host: Host | null;
  paused: boolean;
  /** Clock rate (1 = true time): the tick interval is tickUs / rate. */
  rate: number;
  offsetMs: number;
  /** Bumped to stop the current tick loop (crash, pause). */
  tickGen: number;
  /** Boots so far (1 after the first). */
  incarnation: number;
  /** Deliveries held while paused, run in order on resume. */
  inbox: (() => void)[];
  readonly events: NodeEvent[];
}

export interface ClusterStats {
  ticks: number;
  deliveries: number;
  crashes: number;
  restarts: number;
  pauses: number;
  partitions: number;
}

export class SimCluster implements FaultExecutor {
  readonly options: SimClusterOptions;
  readonly network: SimNetwork;
  readonly nodes: readonly SimNode[];
  readonly nodeIds: readonly number[];
  readonly stats: ClusterStats = { ticks: 0, deliveries: 0, crashes: 0, restarts: 0, pauses: 0, partitions: 0 };
  /** What the fault ops did to links and nodes, over virtual time (the stale-leader check reads it). */
  readonly faultTimeline = new FaultTimeline(() => this.nowNs());
  private readonly queue = new EventQueue<SimEvent>();
  private readonly freeEvents: SimEvent[] = [];
  private readonly tickRng: Rng;
  private nowUsValue = 0;
  private sinceBudgetCheck = 0;
  private readonly delays: number[] = [0, 0];
  private readonly clock = { nowNs: (): number => this.nowUsValue * 1000 };

  constructor(options: SimClusterOptions) {
    if (!Number.isInteger(options.nodes) || options.nodes < 1) throw new RangeError(`nodes must be >= 1, got ${options.nodes}`);
    if (!(options.tickUs >= 1)) throw new RangeError(`tickUs must be >= 1, got ${options.tickUs}`);
    this.options = options;
    this.network = new SimNetwork(createRng(deriveSeed(options.seed, 'network')), options.nodes, options.network);
    this.tickRng = createRng(deriveSeed(options.seed, 'ticks'));
    const nodes: SimNode[] = [];
    for (let id = 1; id <= options.nodes; id++) {
      nodes.push({
        id,
        storage: new MemoryStorage(),
        host: null,
        paused: false,
        rate: 1,
        offsetMs: 0,
        tickGen: 0,
        incarnation: 0,
        inbox: [],
        events: [],
      });
    }
    this.nodes = nodes;
    this.nodeIds = nodes.map((n) => n.id);
    for (const n of nodes) this.boot(n);
  }

  // ------------------------------------------------------------------ time

  get nowUs(): number {
    return this.nowUsValue;
  }

  nowNs(): number {
    return this.nowUsValue * 1000;
  }

  /** Run fn after delayUs of virtual time (delay >= 0). */
  schedule(delayUs: number, fn: () => void): void {
    const ev = this.newEvent(this.nowUsValue + Math.max(0, Math.round(delayUs)), 'call');
    ev.fn = fn;
    this.queue.push(ev);
  }

  /** Run every event up to and including untilUs; the clock ends at untilUs. */
  runUntil(untilUs: number): void {
    const queue = this.queue;
    while (queue.peekTimeUs() <= untilUs) {
      const ev = queue.pop()!;
      this.nowUsValue = ev.timeUs;
      this.dispatch(ev);
      this.recycle(ev);
      if (++this.sinceBudgetCheck === 4096) {
        this.sinceBudgetCheck = 0;
        this.checkBudget();
      }
    }
    if (untilUs > this.nowUsValue) this.nowUsValue = untilUs;
  }

  private checkBudget(): void {
    const o = this.options;
    const allowed = 20_000 + (o.maxSentPerNodeSecond * o.nodes * this.nowUsValue) / 1e6;
    const sent = this.network.stats.sent;
    if (sent > allowed) {
      throw new SimBudgetError(
        `message storm: ${sent} messages sent in ${(this.nowUsValue / 1e6).toFixed(2)} virtual s ` +
          `(limit ${o.maxSentPerNodeSecond} per node per second)`,
      );
    }
  }

  runForUs(us: number): void {
    this.runUntil(this.nowUsValue + us);
  }

  runForMs(ms: number): void {
    this.runUntil(this.nowUsValue + ms * 1000);
  }

  private dispatch(ev: SimEvent): void {
    switch (ev.kind) {
      case 'tick': {
        const node = this.nodes[ev.a - 1]!;
        if (ev.b !== node.tickGen || node.host === null || node.paused) return;
        this.stats.ticks++;
        this.scheduleTick(node);
        node.host.tick();
        return;
      }
      case 'deliver': {
        const from = ev.a;
        const to = ev.b;
        if (!this.network.linkUp(from, to)) {
          this.network.stats.dropped++;
          return;
        }
        const node = this.nodes[to - 1]!;
        if (node.host === null) {
          this.network.stats.dropped++;
          return;
        }
        const text = ev.text;
        if (node.paused) {
          node.inbox.push(() => this.deliverNow(from, to, text));
          return;
        }
        this.deliverNow(from, to, text);
        return;
      }
      case 'call':
        ev.fn!();
        return;
      default: {
        const never: never = ev.kind;
        throw new Error(`unknown sim event kind ${String(never)}`);
      }
    }
  }

  private deliverNow(from: number, to: number, text: string): void {
    const host = this.nodes[to - 1]!.host;
    if (host === null || !this.network.linkUp(from, to)) {
      this.network.stats.dropped++;
      return;
    }
    this.network.stats.delivered++;
    this.stats.deliveries++;
    // Every message is parsed from its text on arrival: no object is shared between nodes.
    host.receive(decodeMessage(text));
  }

  private send(from: number, m: Message): void {
    const text = encodeMessage(m);
    const delays = this.delays;
    const n = this.network.route(from, m.to, m.type, text.length, delays);
    for (let k = 0; k < n; k++) {
      const ev = this.newEvent(this.nowUsValue + delays[k]!, 'deliver');
      ev.a = from;
      ev.b = m.to;
      ev.text = text;
      this.queue.push(ev);
    }
  }

  private scheduleTick(node: SimNode, firstDelayUs?: number): void {
    const interval = Math.max(1, Math.round(this.options.tickUs / node.rate));
    const ev = this.newEvent(this.nowUsValue + (firstDelayUs ?? interval), 'tick');
    ev.a = node.id;
    ev.b = node.tickGen;
    this.queue.push(ev);
  }

  private newEvent(timeUs: number, kind: SimEvent['kind']): SimEvent {
    const ev = this.freeEvents.pop() ?? new SimEvent();
    ev.timeUs = timeUs;
    ev.kind = kind;
    return ev;
  }

  private recycle(ev: SimEvent): void {
    ev.text = '';
    ev.fn = null;
    if (this.freeEvents.length < MAX_FREE_EVENTS) this.freeEvents.push(ev);
  }

  // ------------------------------------------------------------------ node lifecycle

  private boot(node: SimNode): void {
    node.incarnation++;
    const o = this.options;
    const id = node.id;
    const config: RaftConfig = {
      id: asNodeId(id),
      peers: this.nodeIds.map(asNodeId),
      electionTicks: o.raft.electionTicks,
      heartbeatTicks: o.raft.heartbeatTicks,
      preVote: o.raft.preVote,
      checkQuorum: o.raft.checkQuorum,
      maxEntriesPerAppend: o.raft.maxEntriesPerAppend,
      leaseTicks: o.raft.leaseTicks,
      rng: createRng(deriveSeed(o.seed, `core-${id}-${node.incarnation}`)),
      bugs: new Set(o.bugs),
    };
    const events = node.events;
    node.host = new Host({
      config,
      storage: node.storage,
      stateMachine: o.stateMachine(id),
      send: (m) => this.send(id, m),
      // Without a reader, no event records are built at all (the benchmark's fast path).
      events: o.recordEvents ? (e) => events.push(e) : null,
      clock: this.clock,
      snapshotEveryEntries: o.snapshotEveryEntries,
    });
    node.paused = false;
    node.inbox = [];
    node.tickGen++;
    // A random phase so that nodes do not tick in lockstep.
    this.scheduleTick(node, 1 + this.tickRng.int(Math.max(1, Math.round(o.tickUs / node.rate))));
  }

  node(id: number): SimNode {
    const n = this.nodes[id - 1];
    if (n === undefined) throw new RangeError(`no node ${id} (nodes are 1..${this.nodes.length})`);
    return n;
  }

  host(id: number): Host | null {
    return this.node(id).host;
  }

  isUp(id: number): boolean {
    return this.node(id).host !== null;
  }

  /** Crash: volatile state is gone; storage keeps exactly what was saved. */
  crash(id: number): void {
    const node = this.node(id);
    if (node.host === null) return;
    node.host = null;
    node.paused = false;
    node.inbox = [];
    node.tickGen++;
    this.stats.crashes++;
  }

  /** Restart from storage (no-op if already up). */
  start(id: number): void {
    const node = this.node(id);
    if (node.host !== null) return;
    this.stats.restarts++;
    this.boot(node);
  }

  pauseNode(id: number): void {
    const node = this.node(id);
    if (node.host === null || node.paused) return;
    node.paused = true;
    node.tickGen++;
    this.stats.pauses++;
  }

  resumeNode(id: number): void {
    const node = this.node(id);
    if (node.host === null || !node.paused) return;
    node.paused = false;
    node.tickGen++;
    this.scheduleTick(node);
    const held = node.inbox;
    node.inbox = [];
    for (const fn of held) {
      if (node.host === null || node.paused) break;
      fn();
    }
  }

  /**
   * Run `fn` on the node's host as a request arrives: dropped if the node is down, held until
   * resume if it is paused.
   */
  withHost(id: number, fn: (host: Host) => void): void {
    const node = this.node(id);
    if (node.host === null) return;
    if (node.paused) {
      node.inbox.push(() => {
        if (node.host !== null) fn(node.host);
      });
      return;
    }
    fn(node.host);
  }

  /** The up, unpaused node that believes it leads in the highest term, or null. */
  leader(): number | null {
    let best: number | null = null;
    let bestTerm = -1;
    for (const n of this.nodes) {
      if (n.host === null || n.paused) continue;
      const s = n.host.status();
      if (s.role === 'leader' && s.term > bestTerm) {
        best = n.id;
        bestTerm = s.term;
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ FaultExecutor (synchronous)

  partition(grudge: Grudge): void {
    if (grudge.size > 0) this.stats.partitions++;
    this.network.setGrudge(grudge);
    this.faultTimeline.setCut(grudge);
  }

  kill(nodes: readonly number[]): void {
    for (const id of nodes) this.crash(id);
    this.faultTimeline.down(nodes);
  }

  restart(nodes: readonly number[]): void {
    for (const id of nodes) this.start(id);
    this.faultTimeline.up(nodes);
  }

  pause(nodes: readonly number[]): void {
    for (const id of nodes) this.pauseNode(id);
    this.faultTimeline.pause(nodes);
  }

  resume(nodes: readonly number[]): void {
    for (const id of nodes) this.resumeNode(id);
    this.faultTimeline.resume(nodes);
  }

  /** Virtual-time scheduling for faults that unfold over time (a strobe clock). */
  after(delayMs: number, action: () => void): void {
    this.schedule(delayMs * 1000, action);
  }

  /** Offset is recorded but moot in the simulator (the core sees only ticks); rate scales ticks. */
  setClock(id: number, offsetMs: number, rate: number): void {
    if (!(rate > 0)) throw new RangeError(`clock rate must be > 0, got ${rate}`);
    const node = this.node(id);
    node.offsetMs = offsetMs;
    node.rate = rate;
  }
}
