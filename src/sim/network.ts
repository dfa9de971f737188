// The simulated network between nodes: per-message delay, loss, duplication (and so reordering),
// disconnected nodes, a partition grudge, the lab's "unreliable" mode and its "long reordering".
// It only decides fates and delivery times; the cluster carries the serialized text.
import type { Grudge } from '../plugins.js';
import type { MessageType, Rng } from '../raft/types.js';
import { NO_GRUDGE } from '../faults/partition.js';

export interface NetworkOptions {
  /** Base one-way delay, drawn uniformly from [minDelayUs, maxDelayUs]. */
  readonly minDelayUs: number;
  readonly maxDelayUs: number;
  /** Probability that a message is lost. */
  readonly lossRate: number;
  /** Probability that a message is delivered twice (the copy with its own delay). */
  readonly duplicateRate: number;
  /** The lab's unreliable network: ~10% of messages dropped, extra delay up to 27 ms. */
  readonly unreliable: boolean;
  /** The lab's long reordering: 2 of 3 replies delayed by 200 ms to 2.2 s. */
  readonly longReordering: boolean;
}

export const RELIABLE_NETWORK: NetworkOptions = {
  minDelayUs: 100,
  maxDelayUs: 1_000,
  lossRate: 0,
  duplicateRate: 0,
  unreliable: false,
  longReordering: false,
};

const UNRELIABLE_LOSS = 0.1;
const UNRELIABLE_EXTRA_DELAY_US = 27_000;
const LONG_REORDER_MIN_US = 200_000;
const LONG_REORDER_SPAN_US = 2_000_000;

/** Requests are the lab's RPCs (what Count2B and RPCBytes2B count); the rest are replies. */
export function isRequest(type: MessageType): boolean {
  return type === 'RequestVote' || type === 'AppendEntries' || type === 'InstallSnapshot' || type === 'TimeoutNow';
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  /** Requests (RPCs) handed to the network, and their bytes, as the lab's tester counts them. */
  rpcs: number;
  rpcBytes: number;
  /** Messages handed to the network, by type. */
  readonly byType: Record<MessageType, number>;
}

export class SimNetwork {
  options: NetworkOptions;
  private grudge: Grudge = NO_GRUDGE;
  private readonly connected: boolean[];
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    rpcs: 0,
    rpcBytes: 0,
    byType: {
      RequestVote: 0,
      RequestVoteReply: 0,
      AppendEntries: 0,
      AppendEntriesReply: 0,
      InstallSnapshot: 0,
      InstallSnapshotReply: 0,
      TimeoutNow: 0,
    },
  };
  /** Requests received per node (the lab's rpcCount(i)). */
  readonly rpcsTo: number[];

  constructor(
    private readonly rng: Rng,
    nodes: number,
    options: NetworkOptions,
  ) {
    this.options = options;
    this.connected = new Array<boolean>(nodes + 1).fill(true);
    this.rpcsTo = new Array<number>(nodes + 1).fill(0);
  }

  setGrudge(grudge: Grudge): void {
    this.grudge = grudge;
  }

  currentGrudge(): Grudge {
    return this.grudge;
  }

  /** The lab's connect(i) / disconnect(i): a disconnected node neither sends nor receives. */
  setConnected(node: number, up: boolean): void {
    this.connected[node] = up;
  }

  isConnected(node: number): boolean {
    return this.connected[node] === true;
  }

  /** Whether a message from `from` can reach `to` right now. */
  linkUp(from: number, to: number): boolean {
    if (this.connected[from] !== true || this.connected[to] !== true) return false;
    if (this.grudge.size === 0) return true; // no partition: the common case, no map lookup
    const ignores = this.grudge.get(to);
    return ignores === undefined || !ignores.has(from);
  }

  /**
   * Decide the fate of one message sent now. Writes the delivery delays into `out` (0, 1 or 2 of
   * them) and returns how many. Checked again at delivery time with linkUp().
   */
  route(from: number, to: number, type: MessageType, bytes: number, out: number[]): number {
    const stats = this.stats;
    stats.sent++;
    stats.byType[type]++;
    if (isRequest(type)) {
      stats.rpcs++;
      stats.rpcBytes += bytes;
      this.rpcsTo[to] = (this.rpcsTo[to] ?? 0) + 1;
    }
    if (!this.linkUp(from, to)) {
      stats.dropped++;
      return 0;
    }
    const o = this.options;
    const rng = this.rng;
    if ((o.lossRate > 0 && rng.next() < o.lossRate) || (o.unreliable && rng.next() < UNRELIABLE_LOSS)) {
      stats.dropped++;
      return 0;
    }
    out[0] = this.delayUs(type);
    if (o.duplicateRate > 0 && rng.next() < o.duplicateRate) {
      stats.duplicated++;
      out[1] = this.delayUs(type);
      return 2;
    }
    return 1;
  }

  private delayUs(type: MessageType): number {
    const o = this.options;
    const rng = this.rng;
    let d = o.minDelayUs + (o.maxDelayUs > o.minDelayUs ? rng.int(o.maxDelayUs - o.minDelayUs + 1) : 0);
    if (o.unreliable) d += rng.int(UNRELIABLE_EXTRA_DELAY_US);
    if (o.longReordering && !isRequest(type) && rng.int(3) < 2) {
      d += LONG_REORDER_MIN_US + rng.int(1 + rng.int(LONG_REORDER_SPAN_US));
    }
    return d;
  }
}
