// The linearizability search for one (sub-)history: Wing & Gong's backtracking over a doubly
// linked list of call and return events, with Lowe's cache of configurations -- the algorithm of
// Porcupine's checkSingle, on typed arrays, with operations of unknown outcome handled apart.
//
// The list holds the events of the ok operations not yet linearized, in time order. The calls
// before the first return are the ok candidates: operations that may be linearized next. When no
// candidate works, the configuration fails: backtrack. The candidate whose return comes first (the
// blocker, which must be linearized soonest) is tried first, then the others in call order. Once a
// read-only operation that is legal in the current state has been tried, no other candidate is:
// moving such a read to the front of any completion keeps every state and every real-time order.
//
// Operations of unknown outcome never return: each may be linearized anywhere after its call, or
// never; the history is linearizable once every ok operation is. They are kept out of the list:
//   - Symmetry. Those with the same key, f and input are interchangeable but for their call time,
//     and an earlier call can go wherever a later one can; so only the earliest-called unused one
//     of each class is a candidate (when called before the blocker returns), the set used is a
//     prefix of each class, and the configuration records per-class counts instead of a set.
//   - Laziness. Take a linearization and a block B of unknown operations in it, from state s to
//     s', followed by the ok operation X. If X is legal in s, and X from s and from s' ends in the
//     same state, "B X" can become "X" (B dropped); if X leaves both s and s' unchanged, "B X" can
//     become "X B". Either moves unknown operations later or drops them, so repeating it ends in a
//     linearization where every block comes just before an ok operation that needs it. The search
//     only explores those: in a block (started from blockStart), an ok candidate is tried only when
//     it needs the block; a block is started only when some ok candidate could need one (it is
//     illegal now, or the model does not declare it `blindOrReadOnly`). Within a block a state is
//     never repeated (the operations between two visits could be dropped; the states visited are
//     part of the configuration, so the rule does not depend on the path), and an unknown
//     operation that would not change the state is never tried.
//
// A configuration is (frontier, window of linearized ok operations, state, blockStart, states the
// block visited, per-class counts): every ok operation before the frontier (the first unlinearized
// one in call order) is linearized, and those linearized after it lie within `window` ranks of it
// (search-layout.ts). The cache (config-cache.ts) records configurations that FAILED, when the
// search backtracks out of them (along one path the set of linearized operations only grows, so a
// configuration never meets itself while still open), with dominance: one that failed with some
// counts fails with larger counts too (fewer unknown operations left to use).
//
// Two prunings use the model's optional `reachable`. A look-ahead: a pending ok read must be
// linearized before anything called after it returns, so only the operations called before its
// return can bring the state to what it read; for the first few pending reads, when no order of
// those could, the configuration fails at once. And once the search has taken many steps, a static
// cut: an ok read that no operation called before its return could satisfy from the initial state
// makes the whole history fail.
//
// The search is resumable: `run(budget)` does at most `budget` steps and returns 'running' when
// they run out, so many partitions can share one thread fairly.
import { ConfigCache, hashKey } from './config-cache.js';
import { stableText } from '../hash.js';
import { layOut, type SearchLayout } from './search-layout.js';
import { StateTable, ILLEGAL } from './state-table.js';
import type { Model, Operation } from '../types.js';

export type SearchVerdict = 'linearizable' | 'not-linearizable';

/** How often (in steps) the clock is read for the time budget. */
const CLOCK_EVERY = 4096;
/** Bounds of the reachability look-ahead (see readsReachable). */
const WALK_EVENTS = 64;
const READS_CHECKED = 4;
/** Steps after which the static cut is tried (or 8 per operation, if more); the most kinds it compares. */
const CUT_AFTER_STEPS = 16_384;
const CUT_MAX_KINDS = 512;
const NO_BLOCK = -1;

export interface SearchOptions {
  /** Steps after which the static cut is tried (default CUT_AFTER_STEPS; tests use 0). */
  readonly cutAfterSteps?: number;
}

/** One partition's search, resumable. */
export class LinearizationSearch<S> {
  readonly states: StateTable<S>;
  readonly initialStateId: number;
  verdict: SearchVerdict | 'running' = 'running';
  /** Steps taken so far (a measure of work). */
  steps = 0;

  private readonly n: number;
  private readonly layout: SearchLayout;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Linearized ok operations by rank (with room for a window past the end). */
  private readonly okBits: Uint32Array;
  /** Per class: how many of its members are linearized; and those counts as packed bit fields. */
  private readonly used: Int32Array;
  private readonly counts: Int32Array;
  private readonly classes: number;
  private readonly unknown: Uint8Array;
  /** 1 for an ok read-only operation (see Model.readOnly). */
  private readonly readOnly: Uint8Array;
  /** 1 for an ok operation that can never need a block of unknown ones when legal before it. */
  private readonly settles: Uint8Array;
  private readonly reachable: Model<S>['reachable'];
  private readonly scratch: Operation[] = [];
  private readonly scratchFull: Operation[] = [];
  /** Candidate lists of the configurations on the current path, one frame per depth. */
  private frames: Int32Array;
  private readonly cursor: Int32Array;
  private readonly frameEnd: Int32Array;
  private readonly cache: ConfigCache;
  private readonly key: Int32Array;
  private readonly windowWords: number;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackBlock: Int32Array;
  private readonly stackBlockSeen: Int32Array;
  private readonly best: Int32Array;
  private cutDone = false;
  /** The read the static cut found unsatisfiable (an index into `ops`), or -1. */
  unsatisfiable = -1;
  // The mutable position of the search, saved between runs.
  private depth = 0;
  private bestDepth = 0;
  /** Positions of `best` below this have not changed since it was recorded. */
  private lowWater = 0;
  private okLeft = 0;
  private state: number;
  private frontier = 0;
  private blockStart = NO_BLOCK;
  /** In a block: the states it went through (ids below 32), as bits. */
  private blockSeen = 0;

  private readonly cutAfterSteps: number;

  constructor(
    readonly ops: readonly Operation[],
    readonly model: Model<S>,
    initial: S,
    options: SearchOptions = {},
  ) {
    this.cutAfterSteps = options.cutAfterSteps ?? Math.max(CUT_AFTER_STEPS, 8 * ops.length);
    const n = ops.length;
    this.n = n;
    this.states = new StateTable(model, ops);
    this.initialStateId = this.states.intern(initial);
    this.state = this.initialStateId;
    const layout = layOut(ops);
    this.layout = layout;

    // Nodes: 0 = head, 1..n = calls, n+1..2n = returns, 2n+1 = tail; only ok operations are linked.
    const next = new Int32Array(2 * n + 2);
    const prev = new Int32Array(2 * n + 2);
    let last = 0;
    for (const node of layout.okEvents) {
      next[last] = node;
      prev[node] = last;
      last = node;
    }
    next[last] = 2 * n + 1;
    prev[2 * n + 1] = last;
    this.next = next;
    this.prev = prev;

    const okCount = layout.okByRank.length;
    this.okLeft = okCount;
    this.windowWords = ((layout.window + 31) >>> 5) + 1;
    this.okBits = new Uint32Array(((okCount + 31) >>> 5) + this.windowWords + 1);
    this.classes = layout.classStart.length - 1;
    this.used = new Int32Array(this.classes);
    this.counts = new Int32Array(layout.countWords);
    this.key = new Int32Array(4 + this.windowWords + layout.countWords);
    this.unknown = new Uint8Array(n);
    this.readOnly = new Uint8Array(n);
    this.settles = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      if (op.outcome !== 'ok') {
        this.unknown[i] = 1;
        continue;
      }
      if (model.readOnly?.(op) === true) this.readOnly[i] = 1;
      if (this.readOnly[i] === 1 || model.blindOrReadOnly?.(op) === true) this.settles[i] = 1;
    }
    this.cache = new ConfigCache(4 + this.windowWords, layout.countFields, Math.max(64, Math.min(8192, 32 * n)));
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackBlock = new Int32Array(n);
    this.stackBlockSeen = new Int32Array(n);
    this.best = new Int32Array(n);
    this.reachable = model.reachable;
    this.frames = new Int32Array(Math.max(64, 4 * n));
    this.cursor = new Int32Array(n + 1);
    this.frameEnd = new Int32Array(n + 1);
    if (okCount === 0) this.verdict = 'linearizable';
    else {
      this.cursor[0] = 0;
      this.frameEnd[0] = this.fillFrame(0);
    }
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
    if (!this.cutDone && this.steps >= this.cutAfterSteps && this.cut()) return (this.verdict = 'not-linearizable');
    const n = this.n;
    const { next, prev, okBits, unknown, readOnly, cache, stackOp, stackState, stackBlock, stackBlockSeen, best, states, used, counts } = this;
    const { rank, classOf, countWord, countShift, countMask } = this.layout;
    const frameEnd = this.frameEnd;
    const cursor = this.cursor;
    const reachable = this.reachable;
    let { depth, bestDepth, lowWater, okLeft, state, frontier, blockStart, blockSeen } = this;
    let verdict: SearchVerdict | 'running' = 'running';
    let steps = 0;
    let clock = 0;

    while (okLeft > 0) {
      if (++clock === CLOCK_EVERY) {
        clock = 0;
        if (performance.now() > pauseAt) break;
        if (!this.cutDone && this.steps + steps >= this.cutAfterSteps && this.cut()) {
          verdict = 'not-linearizable';
          break;
        }
      }
      if (steps++ === budget) break;
      const end = frameEnd[depth]!;
      if (cursor[depth]! < end) {
        // Try the next candidate of this configuration.
        const op = this.frames[cursor[depth]!++]!;
        const after = states.step(state, op);
        if (after === ILLEGAL) continue;
        let nextBlock: number;
        let nextSeen = blockSeen;
        if (unknown[op] === 1) {
          if (after === state) continue;
          // A block never comes back to a state it went through (the operations between two visits
          // could be dropped). The states visited (those with ids below 32) are part of the key.
          const bit = after < 32 ? 1 << after : 0;
          if (blockStart === NO_BLOCK) {
            nextBlock = state;
            nextSeen = (state < 32 ? 1 << state : 0) | bit;
          } else {
            if ((blockSeen & bit) !== 0) continue;
            nextBlock = blockStart;
            nextSeen = blockSeen | bit;
          }
        } else {
          if (blockStart !== NO_BLOCK) {
            // In a block: only an ok operation that needs it may end it (see the header).
            const plain = states.step(blockStart, op);
            if (plain !== ILLEGAL && (this.settles[op] === 1 || plain === after || (plain === blockStart && after === state))) continue;
          }
          nextBlock = NO_BLOCK;
          nextSeen = 0;
          // A legal read leaves no alternative: this configuration succeeds iff the one after it does.
          if (readOnly[op] === 1 && after === state) cursor[depth] = end;
        }
        // Mark it linearized and look the new configuration up.
        let nextFrontier = frontier;
        if (unknown[op] === 0) {
          const r = rank[op]!;
          okBits[r >>> 5]! |= 1 << (r & 31);
          if (r === frontier) while ((okBits[nextFrontier >>> 5]! & (1 << (nextFrontier & 31))) !== 0) nextFrontier++;
        } else {
          const c = classOf[op]!;
          const u = ++used[c]!;
          const w = countWord[c]!;
          counts[w] = (counts[w]! & ~(countMask[c]! << countShift[c]!)) | (u << countShift[c]!);
        }
        const h = this.writeKey(nextFrontier, after, nextBlock, nextSeen);
        if (cache.contains(h, this.key)) {
          this.unmark(op);
          continue;
        }
        frontier = nextFrontier;
        stackOp[depth] = op;
        stackState[depth] = state;
        stackBlock[depth] = blockStart;
        stackBlockSeen[depth] = blockSeen;
        depth++;
        state = after;
        blockStart = nextBlock;
        blockSeen = nextSeen;
        if (unknown[op] === 0) {
          okLeft--;
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
        }
        if (depth > bestDepth) {
          for (let k = lowWater; k < depth; k++) best[k] = stackOp[k]!;
          bestDepth = depth;
          lowWater = depth;
        }
        if (okLeft === 0) break;
        this.state = state;
        this.blockStart = blockStart;
        const top = this.fillFrame(end);
        cursor[depth] = end;
        frameEnd[depth] = top;
        // Look-ahead: a pending read can only be satisfied by operations called before it returns.
        if (reachable !== undefined && !this.readsReachable(state)) cursor[depth] = top;
      } else {
        // No candidate works: this configuration fails.
        if (depth === 0) {
          verdict = 'not-linearizable';
          break;
        }
        cache.add(this.writeKey(frontier, state, blockStart, blockSeen), this.key);
        depth--;
        if (depth < lowWater) lowWater = depth;
        const op = stackOp[depth]!;
        state = stackState[depth]!;
        blockStart = stackBlock[depth]!;
        blockSeen = stackBlockSeen[depth]!;
        this.unmark(op);
        if (unknown[op] === 0) {
          okLeft++;
          const r = rank[op]!;
          if (r < frontier) frontier = r;
          // Unlift: relink the return, then the call (the reverse order of lifting).
          const call = op + 1;
          const ret = call + n;
          next[prev[ret]!] = ret;
          prev[next[ret]!] = ret;
          next[prev[call]!] = call;
          prev[next[call]!] = call;
        }
      }
    }
    if (verdict === 'running' && okLeft === 0) verdict = 'linearizable';
    Object.assign(this, { depth, bestDepth, lowWater, okLeft, state, frontier, blockStart, blockSeen });
    this.steps += steps;
    this.verdict = verdict;
    return verdict;
  }

  /** Undo the marks of linearizing `op` (its bit, or its class count). */
  private unmark(op: number): void {
    const L = this.layout;
    if (this.unknown[op] === 0) {
      const r = L.rank[op]!;
      this.okBits[r >>> 5]! &= ~(1 << (r & 31));
      return;
    }
    const c = L.classOf[op]!;
    const u = --this.used[c]!;
    const w = L.countWord[c]!;
    this.counts[w] = (this.counts[w]! & ~(L.countMask[c]! << L.countShift[c]!)) | (u << L.countShift[c]!);
  }

  /** Fill `key` with the configuration and return its hash. */
  private writeKey(frontier: number, state: number, blockStart: number, blockSeen: number): number {
    const key = this.key;
    key[0] = frontier;
    key[1] = state;
    key[2] = blockStart;
    key[3] = blockSeen;
    const words = this.windowWords;
    const base = frontier >>> 5;
    const bits = this.okBits;
    for (let j = 0; j < words; j++) key[4 + j] = bits[base + j]!;
    const counts = this.counts;
    for (let j = 0; j < counts.length; j++) key[4 + words + j] = counts[j]!;
    return hashKey(key, 4 + words);
  }

  /**
   * Write the candidates of the current configuration at frames[start...]: the ok calls before the
   * first return, that one (the blocker) first; then, where a block may start or go on, the next
   * unused operation of each class of unknown outcome called before the blocker returns.
   * Returns the end of the frame.
   */
  private fillFrame(start: number): number {
    const n = this.n;
    const next = this.next;
    let frames = this.frames;
    let top = start + 1;
    let e = next[0]!;
    let needy = this.blockStart !== NO_BLOCK;
    for (; e <= n; e = next[e]!) {
      if (top + 1 >= frames.length) frames = this.growFrames();
      const op = e - 1;
      frames[top++] = op;
      if (!needy && (this.settles[op] === 0 || this.states.step(this.state, op) === ILLEGAL)) needy = true;
    }
    const blocker = e - n - 1;
    let k = start + 1;
    while (frames[k] !== blocker) k++;
    for (; k < top - 1; k++) frames[k] = frames[k + 1]!;
    top--;
    frames[start] = blocker;
    if (!needy || this.classes === 0) return top;
    const { classStart, classMembers, callPos, retPos } = this.layout;
    const bound = retPos[blocker]!;
    for (let c = 0; c < this.classes; c++) {
      const first = classStart[c]!;
      if (callPos[classMembers[first]!]! >= bound) break;
      const m = first + this.used[c]!;
      if (m >= classStart[c + 1]!) continue;
      const u = classMembers[m]!;
      if (callPos[u]! >= bound) continue;
      if (top === frames.length) frames = this.growFrames();
      frames[top++] = u;
    }
    return top;
  }

  /**
   * Whether each of the first few pending ok reads (in return order) could still be satisfied by
   * the operations called before it returns -- only those can be linearized before it. Walks the
   * event list from the head, at most WALK_EVENTS events and READS_CHECKED reads. The unused
   * operations of unknown outcome are offered first one per class; only when that is not enough
   * (more candidates can only help) all of them.
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
      if (this.states.step(state, g) === ILLEGAL && !this.couldSatisfy(state, g, cands)) return false;
      if (++reads === READS_CHECKED) break;
    }
    return true;
  }

  /** Model.reachable for the ok read `g` with `okCands` and the unknown operations called before g returns. */
  private couldSatisfy(state: number, g: number, okCands: readonly Operation[]): boolean {
    const value = this.states.states[state]!;
    const target = this.ops[g]!;
    if (this.classes === 0) return this.model.reachable!(value, target, okCands);
    const { classStart, classMembers, callPos, retPos } = this.layout;
    const bound = retPos[g]!;
    const some = this.scratchFull;
    some.length = 0;
    for (const c of okCands) some.push(c);
    const base = some.length;
    for (let c = 0; c < this.classes; c++) {
      const first = classStart[c]!;
      if (callPos[classMembers[first]!]! >= bound) break;
      const m = first + this.used[c]!;
      if (m < classStart[c + 1]! && callPos[classMembers[m]!]! < bound) some.push(this.ops[classMembers[m]!]!);
    }
    if (this.model.reachable!(value, target, some)) return true;
    if (some.length === base) return false;
    some.length = base;
    for (let c = 0; c < this.classes; c++) {
      const first = classStart[c]!;
      if (callPos[classMembers[first]!]! >= bound) break;
      for (let m = first + this.used[c]!; m < classStart[c + 1]! && callPos[classMembers[m]!]! < bound; m++) some.push(this.ops[classMembers[m]!]!);
    }
    return this.model.reachable!(value, target, some);
  }

  /** Try the static cut once; true when it proves the history not linearizable. */
  private cut(): boolean {
    this.cutDone = true;
    this.unsatisfiable = this.unsatisfiableRead();
    return this.unsatisfiable !== -1;
  }

  /**
   * The static cut: an ok read that no order of operations called before its return could satisfy
   * from the initial state. Each read is first offered one operation of each kind (same key, f,
   * input, output, outcome), then, only when that is not enough, all of them. Returns the read's
   * index, or -1 (also when the operations are too varied for the cut to be cheap).
   */
  private unsatisfiableRead(): number {
    const reachable = this.model.reachable;
    if (reachable === undefined) return -1;
    const n = this.n;
    const { callPos, retPos } = this.layout;
    // Calls (x < n) and ok returns (n + op) in event order; positions are distinct, below 2n.
    const at = new Int32Array(2 * n).fill(-1);
    for (let i = 0; i < n; i++) {
      at[callPos[i]!] = i;
      if (this.unknown[i] === 0) at[retPos[i]!] = n + i;
    }
    const events = at.filter((x) => x !== -1);
    const initial = this.states.states[this.initialStateId]!;
    const kinds = new Set<string>();
    const some: Operation[] = [];
    const all: Operation[] = [];
    for (const x of events) {
      if (x < n) {
        const op = this.ops[x]!;
        all.push(op);
        const kind = `${op.key ?? ''}\u0000${op.f}\u0000${stableText(op.input)}\u0000${op.outcome}\u0000${stableText(op.output)}`;
        if (!kinds.has(kind)) {
          kinds.add(kind);
          some.push(op);
          if (some.length > CUT_MAX_KINDS) return -1;
        }
        continue;
      }
      const g = x - n;
      if (this.readOnly[g] !== 1 || this.states.step(this.initialStateId, g) !== ILLEGAL) continue;
      if (!reachable(initial, this.ops[g]!, some) && !reachable(initial, this.ops[g]!, all)) return g;
    }
    return -1;
  }

  private growFrames(): Int32Array {
    const grown = new Int32Array(this.frames.length * 2);
    grown.set(this.frames);
    this.frames = grown;
    return grown;
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
