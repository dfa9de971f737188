// The linearizability search for one (sub-)history: Wing & Gong's backtracking over a doubly
// linked list of call and return events, with Lowe's cache of configurations (set of linearized
// operations, model state) -- the algorithm of Porcupine's checkSingle, on typed arrays.
//
// The list holds the events not yet linearized, in time order. The call events before the first
// return event are the candidates: operations that may be linearized next (invoked before every
// pending operation returned). Linearizing one "lifts" its call and return out of the list;
// backtracking "unlifts" them. When no candidate works, the configuration fails: backtrack.
//
// Two choices differ from Porcupine's. The candidate whose return comes first (the one that must be
// linearized soonest) is tried first, then the others in call order. And once a read-only
// operation that is legal in the current state has been tried, no other candidate is: moving a
// read that sees the current state to the front of any completion keeps every state and every
// real-time order (it is a candidate, so nothing pending had to precede it), so the configuration
// succeeds iff the one after that read does.
//
// A look-ahead prunes with the model's optional `reachable`: a pending ok read must be linearized
// before anything called after it returns, so only the pending operations called before its
// return can bring the state to what it read. For the first few pending reads (in return order),
// when no order of those operations could (for a kv get: the value read must extend the current
// value or a pending put's), the configuration fails at once instead of after exploring them.
//
// Operations of unknown outcome return at +Infinity and are optional: the history is linearizable
// once every ok operation is linearized (an unknown one left over can always go last, where it
// changes nothing anyone saw; a model must accept an unknown-outcome operation from any state).
// So an unknown operation is never linearized where it would not change the state: dropping it
// from a linearization there leaves every state the same.
//
// The cache records configurations that FAILED (when the search backtracks out of them). That
// loses nothing against recording them on entry: along one search path the set of linearized
// operations only grows, so a configuration never meets itself while still open.
//
// The search is resumable: `run(budget)` does at most `budget` steps and returns 'running' when
// they run out, so many partitions can share one thread fairly (a failing partition is found
// without first finishing a hard valid one).
import { StateTable, ILLEGAL } from './state-table.js';
import { VisitedCache } from './visited-cache.js';
import type { Model, Operation } from './types.js';

export type SearchVerdict = 'linearizable' | 'not-linearizable';

/** How often (in steps) the clock is read for the time budget. */
const CLOCK_EVERY = 4096;
/** Bounds of the reachability look-ahead (see readsReachable). */
const WALK_EVENTS = 64;
const READS_CHECKED = 4;

/** Zobrist keys for the incremental hash of the linearized set. */
function zobrist(n: number, seed: number): Int32Array {
  const z = new Int32Array(n);
  let x = seed | 0;
  for (let i = 0; i < n; i++) {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    z[i] = x;
  }
  return z;
}

/**
 * The order of events: by time; at equal times calls come before returns, because intervals are
 * closed (an operation returning at t overlaps one called at t); then by operation index.
 * Returns node numbers: op i's call is i + 1, its return is n + 1 + i.
 */
function sortedEvents(ops: readonly Operation[]): Int32Array {
  const n = ops.length;
  const times = new Float64Array(2 * n);
  const order: number[] = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    times[i] = op.call;
    times[n + i] = op.return;
    order[i] = i;
    order[n + i] = n + i;
  }
  order.sort((a, b) => {
    const ta = times[a]!;
    const tb = times[b]!;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = a < n ? 0 : 1;
    const kb = b < n ? 0 : 1;
    if (ka !== kb) return ka - kb;
    return a - b;
  });
  const events = new Int32Array(2 * n);
  for (let j = 0; j < 2 * n; j++) events[j] = order[j]! + 1;
  return events;
}

/** One partition's search, resumable. */
export class LinearizationSearch<S> {
  readonly states: StateTable<S>;
  readonly initialStateId: number;
  verdict: SearchVerdict | 'running' = 'running';
  /** Steps taken so far (a measure of work). */
  steps = 0;

  private readonly n: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly linearized: Uint32Array;
  private readonly unknown: Uint8Array;
  /** 1 for an ok read-only operation (see Model.readOnly). */
  private readonly readOnly: Uint8Array;
  /** Model.reachable, when the model has it. */
  private readonly reachable: Model<S>['reachable'];
  private readonly scratch: Operation[] = [];
  /** Candidate lists of the configurations on the current path, one frame per depth. */
  private frames: Int32Array;
  private readonly cursor: Int32Array;
  private readonly frameEnd: Int32Array;
  private readonly z1: Int32Array;
  private readonly z2: Int32Array;
  private readonly cache: VisitedCache;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly best: Int32Array;
  // The mutable position of the search, saved between runs.
  private h1 = 0;
  private h2 = 0;
  private depth = 0;
  private bestDepth = 0;
  /** Positions of `best` below this have not changed since it was recorded. */
  private lowWater = 0;
  private okLeft = 0;
  private state: number;

  constructor(
    readonly ops: readonly Operation[],
    readonly model: Model<S>,
    initial: S,
  ) {
    const n = ops.length;
    this.n = n;
    this.states = new StateTable(model, ops);
    this.initialStateId = this.states.intern(initial);
    this.state = this.initialStateId;

    // Nodes: 0 = head, 1..n = calls, n+1..2n = returns, 2n+1 = tail.
    const next = new Int32Array(2 * n + 2);
    const prev = new Int32Array(2 * n + 2);
    const events = sortedEvents(ops);
    let last = 0;
    for (let j = 0; j < 2 * n; j++) {
      const node = events[j]!;
      next[last] = node;
      prev[node] = last;
      last = node;
    }
    next[last] = 2 * n + 1;
    prev[2 * n + 1] = last;
    this.next = next;
    this.prev = prev;

    const words = (n + 31) >>> 5;
    this.linearized = new Uint32Array(words);
    this.unknown = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (ops[i]!.outcome === 'ok') this.okLeft++;
      else this.unknown[i] = 1;
    }
    this.z1 = zobrist(n, 0x2545f491);
    this.z2 = zobrist(n, 0x6c078965);
    // Start big enough to skip the first growth steps, but keep the first bitset arena near 4 MB.
    this.cache = new VisitedCache(words, Math.max(64, Math.min(8192, 32 * n, (1 << 20) / words)));
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.best = new Int32Array(n);
    this.reachable = model.reachable;
    this.readOnly = new Uint8Array(n);
    if (model.readOnly) for (let i = 0; i < n; i++) if (!this.unknown[i] && model.readOnly(ops[i]!)) this.readOnly[i] = 1;
    this.frames = new Int32Array(Math.max(64, 4 * n));
    this.cursor = new Int32Array(n + 1);
    this.frameEnd = new Int32Array(n + 1);
    if (this.okLeft === 0) this.verdict = 'linearizable';
    else this.firstFrame();
  }

  /** Failed configurations recorded (a measure of work). */
  get cacheEntries(): number {
    return this.cache.size;
  }

  /** Operation indices (into `ops`) of the longest linearizable prefix found, in order. */
  longestPrefix(): Int32Array {
    return this.best.slice(0, this.bestDepth);
  }

  /**
   * Search for at most `budget` steps or until `pauseAt` (a performance.now() instant). Returns
   * the verdict, or 'running' when the budget or the time ran out first; `run` may be called again.
   */
  run(budget: number, pauseAt: number): SearchVerdict | 'running' {
    if (this.verdict !== 'running') return this.verdict;
    const n = this.n;
    const { next, prev, linearized, unknown, readOnly, reachable, z1, z2, cache, stackOp, stackState, best, states } = this;
    const frameEnd = this.frameEnd;
    const cursor = this.cursor;
    let frames = this.frames;
    let { h1, h2, depth, bestDepth, lowWater, okLeft, state } = this;
    let verdict: SearchVerdict | 'running' = 'running';
    let steps = 0;
    let clock = 0;

    while (okLeft > 0) {
      if (++clock === CLOCK_EVERY) {
        clock = 0;
        if (performance.now() > pauseAt) break;
      }
      if (steps++ === budget) break;
      const end = frameEnd[depth]!;
      if (cursor[depth]! < end) {
        // Try the next candidate of this configuration.
        const op = frames[cursor[depth]!++]!;
        const after = states.step(state, op);
        if (after === ILLEGAL || (after === state && unknown[op] === 1)) continue;
        const w = op >>> 5;
        const bit = 1 << (op & 31);
        linearized[w]! |= bit;
        const nh1 = h1 ^ z1[op]!;
        const nh2 = h2 ^ z2[op]!;
        // A legal read leaves no alternative: this configuration succeeds iff the one after the read
        // does (see the header). So once a legal read is tried, the other candidates need not be.
        if (readOnly[op] === 1 && after === state) cursor[depth] = end;
        if (cache.contains(nh1, nh2, after, linearized)) {
          linearized[w]! &= ~bit;
          continue;
        }
        h1 = nh1;
        h2 = nh2;
        stackOp[depth] = op;
        stackState[depth] = state;
        depth++;
        state = after;
        if (unknown[op] === 0) okLeft--;
        // Lift: unlink the call and its return.
        const call = op + 1;
        const ret = call + n;
        let p = prev[call]!;
        let q = next[call]!;
        next[p] = q;
        prev[q] = p;
        p = prev[ret]!;
        q = next[ret]!;
        next[p] = q;
        prev[q] = p;
        if (depth > bestDepth) {
          for (let k = lowWater; k < depth; k++) best[k] = stackOp[k]!;
          bestDepth = depth;
          lowWater = depth;
        }
        if (okLeft === 0) break;
        // The new configuration's candidates: the calls before the first return, in call order,
        // but the one whose return that is (it must be placed soonest) first.
        const start = end;
        let top = start + 1;
        let e = next[0]!;
        for (; e <= n; e = next[e]!) {
          if (top === frames.length) frames = this.growFrames();
          frames[top++] = e - 1;
        }
        // frames[start + 1, top) hold the candidates in call order; move the blocker to the front.
        const blocker = e - n - 1;
        let k = start + 1;
        while (frames[k] !== blocker) k++;
        for (; k < top - 1; k++) frames[k] = frames[k + 1]!;
        top--;
        frames[start] = blocker;
        cursor[depth] = start;
        frameEnd[depth] = top;
        // Look-ahead: a pending read can only be satisfied by operations called before it returns.
        // When one cannot be, this configuration fails without trying its candidates.
        if (reachable !== undefined && !this.readsReachable(state)) cursor[depth] = top;
      } else {
        // No candidate works: this configuration fails.
        if (depth === 0) {
          verdict = 'not-linearizable';
          break;
        }
        cache.add(h1, h2, state, linearized);
        depth--;
        if (depth < lowWater) lowWater = depth;
        const op = stackOp[depth]!;
        state = stackState[depth]!;
        if (unknown[op] === 0) okLeft++;
        linearized[op >>> 5]! &= ~(1 << (op & 31));
        h1 ^= z1[op]!;
        h2 ^= z2[op]!;
        // Unlift: relink the return, then the call (the reverse order of lifting).
        const call = op + 1;
        const ret = call + n;
        next[prev[ret]!] = ret;
        prev[next[ret]!] = ret;
        next[prev[call]!] = call;
        prev[next[call]!] = call;
      }
    }
    if (verdict === 'running' && okLeft === 0) verdict = 'linearizable';
    Object.assign(this, { h1, h2, depth, bestDepth, lowWater, okLeft, state });
    this.steps += steps;
    this.verdict = verdict;
    return verdict;
  }

  /**
   * Whether each of the first few pending ok reads (in return order) could still be satisfied by
   * the pending operations called before it returns -- only those can be linearized before it.
   * Walks the event list from the head, at most WALK_EVENTS events and READS_CHECKED reads.
   */
  private readsReachable(state: number): boolean {
    const n = this.n;
    const next = this.next;
    const cands = this.scratch;
    cands.length = 0;
    let reads = 0;
    let walked = 0;
    for (let e = next[0]!; e !== 2 * n + 1 && walked < WALK_EVENTS; e = next[e]!, walked++) {
      if (e <= n) {
        cands.push(this.ops[e - 1]!);
        continue;
      }
      const g = e - n - 1;
      if (this.readOnly[g] !== 1) continue;
      // cands holds the calls before g's return (g's own among them; g itself cannot help).
      if (this.states.step(state, g) === ILLEGAL && !this.model.reachable!(this.states.states[state]!, this.ops[g]!, cands)) return false;
      if (++reads === READS_CHECKED) break;
    }
    return true;
  }

  private growFrames(): Int32Array {
    const grown = new Int32Array(this.frames.length * 2);
    grown.set(this.frames);
    this.frames = grown;
    return grown;
  }

  /** The candidates of the initial configuration (as in `run`). */
  private firstFrame(): void {
    const n = this.n;
    const cands: number[] = [];
    let e = this.next[0]!;
    for (; e <= n; e = this.next[e]!) cands.push(e - 1);
    const blocker = e - n - 1;
    const ordered = [blocker, ...cands.filter((c) => c !== blocker)];
    while (this.frames.length < ordered.length) this.growFrames();
    this.frames.set(ordered, 0);
    this.cursor[0] = 0;
    this.frameEnd[0] = ordered.length;
  }
}

/** Search one partition to the end, or until `deadline` (then its verdict stays 'running'). */
export function searchLinearization<S>(
  ops: readonly Operation[],
  model: Model<S>,
  initial: S,
  deadline: number,
): LinearizationSearch<S> {
  const search = new LinearizationSearch(ops, model, initial);
  while (search.run(1 << 30, deadline) === 'running' && performance.now() <= deadline);
  return search;
}
