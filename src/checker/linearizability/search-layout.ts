// What the search (search.ts) precomputes about one (sub-)history before it starts: the order of
// events, the ranks of the ok operations and the width of their window, and the classes of
// operations of unknown outcome with the bit fields that count how many of each class are used.
import type { CountFields } from './config-cache.js';
import { stableText } from '../hash.js';
import type { Operation } from '../types.js';

/** Position given to the return of an operation that never returns. */
export const NEVER = 0x7fffffff;

export interface SearchLayout {
  /** Ok operations in call order, and each ok operation's rank in it (-1 for unknown ones). */
  readonly okByRank: Int32Array;
  readonly rank: Int32Array;
  /** Position of each operation's call and return in the order of all events (NEVER: no return). */
  readonly callPos: Int32Array;
  readonly retPos: Int32Array;
  /** Ok operations' event nodes in order (op i's call is i + 1, its return n + 1 + i). */
  readonly okEvents: Int32Array;
  /**
   * The most ok operations called after one ok operation's call and before its return. Every ok
   * operation linearized while the first unlinearized one (in call order) is not was called
   * before that one returned, so it lies at most `window` ranks after it.
   */
  readonly window: number;
  /** Class of each unknown-outcome operation (-1 for ok ones), and its place in its class. */
  readonly classOf: Int32Array;
  /**
   * Members of class c: classMembers[classStart[c], classStart[c + 1]), in call order. Classes are
   * numbered in the call order of their first members.
   */
  readonly classStart: Int32Array;
  readonly classMembers: Int32Array;
  /** Where class c's count lives in the packed counts: word, shift, and a mask of its width. */
  readonly countWord: Int32Array;
  readonly countShift: Int32Array;
  readonly countMask: Int32Array;
  readonly countWords: number;
  /** The same fields grouped by word, for the cache's comparisons of counts. */
  readonly countFields: CountFields;
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

/**
 * Operations of unknown outcome with the same key, f and input are interchangeable but for their
 * call: the search only ever uses the earliest-called unused one of a class, so the set used is
 * a prefix of each class and is known from per-class counts.
 */
function classify(ops: readonly Operation[], callPos: Int32Array): { classOf: Int32Array; lists: number[][] } {
  const n = ops.length;
  const classOf = new Int32Array(n).fill(-1);
  const byName = new Map<string, number>();
  const lists: number[][] = [];
  const unknown: number[] = [];
  for (let i = 0; i < n; i++) if (ops[i]!.outcome !== 'ok') unknown.push(i);
  unknown.sort((a, b) => callPos[a]! - callPos[b]!);
  for (const i of unknown) {
    const op = ops[i]!;
    const name = `${op.key ?? ''}\u0000${op.f}\u0000${stableText(op.input)}`;
    let c = byName.get(name);
    if (c === undefined) {
      c = lists.length;
      byName.set(name, c);
      lists.push([]);
    }
    classOf[i] = c;
    lists[c]!.push(i);
  }
  return { classOf, lists };
}

export function layOut(ops: readonly Operation[]): SearchLayout {
  const n = ops.length;
  const events = sortedEvents(ops);
  const callPos = new Int32Array(n);
  const retPos = new Int32Array(n);
  for (let j = 0; j < 2 * n; j++) {
    const node = events[j]!;
    if (node <= n) callPos[node - 1] = j;
    else retPos[node - n - 1] = ops[node - n - 1]!.outcome === 'ok' ? j : NEVER;
  }
  const okEventsList: number[] = [];
  for (let j = 0; j < 2 * n; j++) {
    const node = events[j]!;
    const op = node <= n ? node - 1 : node - n - 1;
    if (ops[op]!.outcome === 'ok') okEventsList.push(node);
  }
  const rank = new Int32Array(n).fill(-1);
  const okList: number[] = [];
  for (const node of okEventsList) if (node <= n) okList.push(node - 1);
  okList.forEach((op, r) => (rank[op] = r));
  const okByRank = Int32Array.from(okList);

  // window: for each ok op, the ok ops called after its call and before its return (binary search
  // among the ok calls, whose positions grow with rank).
  let window = 0;
  const okCalls = okList.map((op) => callPos[op]!);
  for (let r = 0; r < okList.length; r++) {
    const ret = retPos[okList[r]!]!;
    let lo = r + 1;
    let top = okCalls.length;
    while (lo < top) {
      const mid = (lo + top) >>> 1;
      if (okCalls[mid]! < ret) lo = mid + 1;
      else top = mid;
    }
    if (lo - r - 1 > window) window = lo - r - 1;
  }

  const { classOf, lists } = classify(ops, callPos);
  const classes = lists.length;
  const classStart = new Int32Array(classes + 1);
  const members: number[] = [];
  lists.forEach((list, c) => {
    classStart[c] = members.length;
    members.push(...list);
  });
  classStart[classes] = members.length;
  // Bit fields of the counts: class c needs enough bits for 0..size; a field never straddles words.
  const countWord = new Int32Array(classes);
  const countShift = new Int32Array(classes);
  const countMask = new Int32Array(classes);
  let word = 0;
  let shift = 0;
  for (let c = 0; c < classes; c++) {
    const size = lists[c]!.length;
    const width = 32 - Math.clz32(size);
    if (shift + width > 32) {
      word++;
      shift = 0;
    }
    countWord[c] = word;
    countShift[c] = shift;
    countMask[c] = width === 32 ? -1 : (1 << width) - 1;
    shift += width;
  }
  const words = classes === 0 ? 0 : word + 1;
  const fieldStart = new Int32Array(words + 1);
  const oneBit = new Uint8Array(words).fill(1);
  for (let c = classes - 1; c >= 0; c--) {
    fieldStart[countWord[c]!] = c;
    if (countMask[c] !== 1) oneBit[countWord[c]!] = 0;
  }
  fieldStart[words] = classes;
  return {
    okByRank,
    rank,
    callPos,
    retPos,
    okEvents: Int32Array.from(okEventsList),
    window,
    classOf,
    classStart,
    classMembers: Int32Array.from(members),
    countWord,
    countShift,
    countMask,
    countWords: words,
    countFields: { words, fieldStart, shift: countShift, mask: countMask, oneBit },
  };
}
