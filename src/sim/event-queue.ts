// The simulator's one event queue, ordered by (timeUs, seq). `seq` is assigned at push, so two
// events at the same virtual time run in the order they were scheduled: the run is a pure
// function of the seed.
//
// Inside, two binary min-heaps share that order: "near" events (due within horizonUs of the last
// event popped: message deliveries, ticks) and "far" ones (client timeouts, most of them stale by
// the time they fire). The busy near heap stays small, so its pushes and pops are cheap; pop
// takes the smaller of the two tops, which is exactly the next event of the one total order.

export interface Timed {
  timeUs: number;
  seq: number;
}

/** Events due at least this far after the last one popped go to the far heap. */
export const DEFAULT_HORIZON_US = 50_000;

class Heap<T extends Timed> {
  readonly items: T[] = [];

  push(event: T): void {
    const heap = this.items;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  pop(): T | undefined {
    const heap = this.items;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let child = l;
        if (r < n && before(heap[r]!, heap[l]!)) child = r;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

export class EventQueue<T extends Timed> {
  private readonly near = new Heap<T>();
  private readonly far = new Heap<T>();
  private nextSeq = 0;
  /** Time of the last event popped: the simulator's present. */
  private lastUs = 0;

  constructor(private readonly horizonUs: number = DEFAULT_HORIZON_US) {}

  get size(): number {
    return this.near.items.length + this.far.items.length;
  }

  push(event: T): void {
    event.seq = this.nextSeq++;
    if (event.timeUs - this.lastUs >= this.horizonUs) this.far.push(event);
    else this.near.push(event);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTimeUs(): number {
    const a = this.near.items[0];
    const b = this.far.items[0];
    if (a === undefined) return b === undefined ? Infinity : b.timeUs;
    if (b === undefined) return a.timeUs;
    return a.timeUs < b.timeUs ? a.timeUs : b.timeUs;
  }

  pop(): T | undefined {
    const a = this.near.items[0];
    const b = this.far.items[0];
    let ev: T | undefined;
    if (b === undefined || (a !== undefined && before(a, b))) ev = this.near.pop();
    else ev = this.far.pop();
    if (ev !== undefined) this.lastUs = ev.timeUs;
    return ev;
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}
