// The network inside the Maelstrom host: every line a node writes passes here on its way to
// another node (or to a client). Between nodes it applies the faults: partitions as grudges
// (directed: grudge.get(receiver) holds the senders it drops, so one-way cuts are possible), a
// delay per link drawn from a distribution, random loss and duplication. Client links carry no
// faults (as in Maelstrom, the nemesis acts between servers). Every link counts what it carried.
import type { Grudge } from '../../plugins.js';
import type { Rng } from '../../raft/types.js';
import { drawLatencyMs, NO_LATENCY, type LatencySpec } from './latency.js';

/** Endpoint 0 is "the clients"; nodes are 1..n (the project's node numbers; Maelstrom's n0 is 1). */
export const CLIENTS = 0;

export interface NetworkFaults {
  readonly latency: LatencySpec;
  /** Per directed link "from->to" (node numbers), overriding `latency`. */
  readonly linkLatency: ReadonlyMap<string, LatencySpec>;
  /** Probability that a node-to-node message is lost. */
  readonly loss: number;
  /** Probability that a node-to-node message is delivered twice. */
  readonly duplication: number;
}

export const NO_FAULTS: NetworkFaults = { latency: NO_LATENCY, linkLatency: new Map(), loss: 0, duplication: 0 };

export interface LinkStats {
  readonly from: number;
  readonly to: number;
  readonly sent: number;
  readonly delivered: number;
  /** Dropped by a partition. */
  readonly partitioned: number;
  /** Dropped at random (loss). */
  readonly lost: number;
  readonly duplicated: number;
  /** Dropped because the receiver was not running. */
  readonly undeliverable: number;
}

export type Deliver = (from: number, to: number, line: string) => boolean;

const SENT = 0;
const DELIVERED = 1;
const PARTITIONED = 2;
const LOST = 3;
const DUPLICATED = 4;
const UNDELIVERABLE = 5;
const FIELDS = 6;

export class HostNetwork {
  private grudge: Grudge = new Map();
  private faults: NetworkFaults = NO_FAULTS;
  private readonly width: number;
  private readonly counts: Float64Array;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** @param deliver hands a line to its receiver; false when the receiver cannot take it (not running). */
  constructor(
    readonly nodeCount: number,
    private readonly rng: Rng,
    private readonly deliver: Deliver,
  ) {
    this.width = nodeCount + 1;
    this.counts = new Float64Array(this.width * this.width * FIELDS);
  }

  /** Replace the partition; an empty grudge heals it. */
  partition(grudge: Grudge): void {
    this.grudge = grudge;
  }

  setFaults(faults: NetworkFaults): void {
    this.faults = faults;
  }

  currentFaults(): NetworkFaults {
    return this.faults;
  }

  /** Send `line` from endpoint `from` to endpoint `to` (CLIENTS or a node number). */
  send(from: number, to: number, line: string): void {
    const base = (from * this.width + to) * FIELDS;
    const c = this.counts;
    c[base + SENT]!++;
    if (from === CLIENTS || to === CLIENTS) {
      this.hand(base, from, to, line);
      return;
    }
    if (this.grudge.get(to)?.has(from) === true) {
      c[base + PARTITIONED]!++;
      return;
    }
    const f = this.faults;
    if (f.loss > 0 && this.rng.next() < f.loss) {
      c[base + LOST]!++;
      return;
    }
    const copies = f.duplication > 0 && this.rng.next() < f.duplication ? 2 : 1;
    if (copies === 2) c[base + DUPLICATED]!++;
    const spec = f.linkLatency.size > 0 ? (f.linkLatency.get(`${from}->${to}`) ?? f.latency) : f.latency;
    for (let i = 0; i < copies; i++) {
      const delayMs = spec.kind === 'constant' && spec.ms === 0 ? 0 : drawLatencyMs(spec, this.rng);
      if (delayMs <= 0) this.hand(base, from, to, line);
      else this.later(delayMs, base, from, to, line);
    }
  }

  private later(delayMs: number, base: number, from: number, to: number, line: string): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // A partition that began while the message was in flight cuts it too.
      if (this.grudge.get(to)?.has(from) === true) {
        this.counts[base + PARTITIONED]!++;
        return;
      }
      this.hand(base, from, to, line);
    }, delayMs);
    this.timers.add(timer);
  }

  private hand(base: number, from: number, to: number, line: string): void {
    if (this.deliver(from, to, line)) this.counts[base + DELIVERED]!++;
    else this.counts[base + UNDELIVERABLE]!++;
  }

  /** Every link that carried or dropped anything. */
  stats(): LinkStats[] {
    const out: LinkStats[] = [];
    for (let from = 0; from < this.width; from++) {
      for (let to = 0; to < this.width; to++) {
        const base = (from * this.width + to) * FIELDS;
        const c = this.counts;
        if (c[base + SENT] === 0) continue;
        out.push({
          from,
          to,
          sent: c[base + SENT]!,
          delivered: c[base + DELIVERED]!,
          partitioned: c[base + PARTITIONED]!,
          lost: c[base + LOST]!,
          duplicated: c[base + DUPLICATED]!,
          undeliverable: c[base + UNDELIVERABLE]!,
        });
      }
    }
    return out;
  }

  /** Drop every message still in flight. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
