// The search's memory of configurations known to fail, as in Lowe's improvement of the Wing & Gong
// algorithm, with dominance. A configuration's key (search.ts builds it) is a base of fixed length
// (frontier, state, block start, window of linearized ok operations) followed by the packed
// per-class counts of unknown-outcome operations used. Using fewer of them leaves more to use: if
// a configuration failed, so does every configuration with the same base and counts at least as
// large. So the cache answers "is there a failed entry with this base and counts <= these", and
// keeps per base only counts that no other recorded counts are below.
//
// Keys are compared exactly (no hash collision can hide a linearization). Everything lives in typed
// arrays: an open-addressing table of slots (base + 1, hash) kept at most half full, an arena of
// bases with the head of their list of counts, and an arena of counts.

/** A 32-bit hash of `key[0, length)` (Murmur3-style mixing per word). */
export function hashKey(key: Int32Array, length: number): number {
  let h = 0x9747b28c ^ length;
  for (let i = 0; i < length; i++) {
    let k = Math.imul(key[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Where the counts are in their packed words: per word, its fields' shifts and masks. */
export interface CountFields {
  readonly words: number;
  /** Fields of word w: shift[fieldStart[w], fieldStart[w + 1]) and mask[...]. */
  readonly fieldStart: Int32Array;
  readonly shift: Int32Array;
  readonly mask: Int32Array;
  /** 1 when every field of word w is one bit wide (then <= is a subset test). */
  readonly oneBit: Uint8Array;
}

export class ConfigCache {
  private readonly baseWords: number;
  private readonly countWords: number;
  private bases: Int32Array;
  /** Per base: head of its list of counts (entry + 1, 0 = none). */
  private heads: Int32Array;
  private baseCount = 0;
  private counts: Int32Array;
  private nextEntry: Int32Array;
  private entryCount = 0;
  private live = 0;
  /** Per slot: base index + 1 (0 = empty), hash. */
  private slots: Int32Array;

  constructor(
    baseWords: number,
    private readonly fields: CountFields,
    initialEntries = 1024,
  ) {
    this.baseWords = baseWords;
    this.countWords = fields.words;
    let cap = 64;
    while (cap < initialEntries) cap *= 2;
    this.bases = new Int32Array(cap * baseWords);
    this.heads = new Int32Array(cap);
    this.counts = new Int32Array(Math.max(1, cap * this.countWords));
    this.nextEntry = new Int32Array(cap);
    this.slots = new Int32Array(cap * 4);
  }

  /** Failed configurations held (those dominated by a later one are let go). */
  get size(): number {
    return this.live;
  }

  /** Whether a failed configuration with key's base and counts <= key's counts was recorded. */
  contains(hash: number, key: Int32Array): boolean {
    const b = this.findBase(hash, key);
    if (b < 0) return false;
    for (let e = this.heads[b]!; e !== 0; e = this.nextEntry[e - 1]!) if (this.below(e - 1, key)) return true;
    return false;
  }

  /** Record a failed configuration (no recorded one is below it). */
  add(hash: number, key: Int32Array): void {
    let b = this.findBase(hash, key);
    if (b < 0) b = this.addBase(hash, key);
    // Let go of recorded counts that these are below: they are implied now.
    let prev = -1;
    for (let e = this.heads[b]!; e !== 0; ) {
      const next = this.nextEntry[e - 1]!;
      if (this.above(e - 1, key)) {
        if (prev < 0) this.heads[b] = next;
        else this.nextEntry[prev] = next;
        this.live--;
      } else prev = e - 1;
      e = next;
    }
    const e = this.entryCount;
    const words = this.countWords;
    if (e === this.nextEntry.length) {
      this.nextEntry = grow(this.nextEntry);
      if (words > 0) this.counts = grow(this.counts);
    }
    for (let w = 0; w < words; w++) this.counts[e * words + w] = key[this.baseWords + w]!;
    this.nextEntry[e] = this.heads[b]!;
    this.heads[b] = e + 1;
    this.entryCount = e + 1;
    this.live++;
  }

  /** Whether entry e's counts are <= key's, field by field. */
  private below(e: number, key: Int32Array): boolean {
    return this.countsLeq(e, key, true);
  }

  /** Whether key's counts are <= entry e's. */
  private above(e: number, key: Int32Array): boolean {
    return this.countsLeq(e, key, false);
  }

  /** entryFirst: entry e's counts <= key's; otherwise key's <= entry e's. */
  private countsLeq(e: number, key: Int32Array, entryFirst: boolean): boolean {
    const words = this.countWords;
    const off = this.baseWords;
    for (let w = 0; w < words; w++) {
      const mine = this.counts[e * words + w]!;
      const theirs = key[off + w]!;
      if (mine === theirs) continue;
      if (!(entryFirst ? fieldsLeq(this.fields, w, mine, theirs) : fieldsLeq(this.fields, w, theirs, mine))) return false;
    }
    return true;
  }

  private findBase(hash: number, key: Int32Array): number {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    const words = this.baseWords;
    const bases = this.bases;
    let i = hash & mask;
    for (;;) {
      const slot = slots[2 * i]!;
      if (slot === 0) return -1;
      if (slots[2 * i + 1] === hash) {
        const at = (slot - 1) * words;
        let w = 0;
        while (w < words && bases[at + w] === key[w]) w++;
        if (w === words) return slot - 1;
      }
      i = (i + 1) & mask;
    }
  }

  private addBase(hash: number, key: Int32Array): number {
    const b = this.baseCount;
    const words = this.baseWords;
    if (b === this.heads.length) {
      this.heads = grow(this.heads);
      this.bases = grow(this.bases);
    }
    if (4 * (b + 1) > this.slots.length) this.rehash();
    for (let w = 0; w < words; w++) this.bases[b * words + w] = key[w]!;
    this.heads[b] = 0;
    this.baseCount = b + 1;
    this.place(this.slots, b, hash);
    return b;
  }

  private place(slots: Int32Array, b: number, hash: number): void {
    const mask = (slots.length >>> 1) - 1;
    let i = hash & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = b + 1;
    slots[2 * i + 1] = hash;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const slot = old[i]!;
      if (slot !== 0) this.place(slots, slot - 1, old[i + 1]!);
    }
    this.slots = slots;
  }
}

/** Whether every field of word w in `a` is <= the same field in `b`. */
function fieldsLeq(f: CountFields, w: number, a: number, b: number): boolean {
  if (f.oneBit[w] === 1) return (a & ~b) === 0;
  for (let k = f.fieldStart[w]!; k < f.fieldStart[w + 1]!; k++) {
    const s = f.shift[k]!;
    const m = f.mask[k]!;
    if (((a >>> s) & m) > ((b >>> s) & m)) return false;
  }
  return true;
}

function grow(a: Int32Array): Int32Array {
  const g = new Int32Array(Math.max(64, a.length * 2));
  g.set(a);
  return g;
}
