// The search's memory of configurations known to fail: pairs (set of linearized operations, model
// state id), as in Lowe's improvement of the Wing & Gong algorithm. The set is a bitset whose
// 64-bit Zobrist hash (two 32-bit lanes) the search keeps up to date incrementally. Everything
// lives in typed arrays, so a lookup allocates nothing: an open-addressing table of slots holding
// (entry + 1, first hash lane), so most probes never leave the table, and per entry its second
// hash lane, its state id and its bitset.

export class VisitedCache {
  private readonly words: number;
  /** Per entry: h2, state id. */
  private meta: Int32Array;
  private bits: Uint32Array;
  private count = 0;
  /** Per slot: entry index + 1 (0 = empty), h1. */
  private slots: Int32Array;

  constructor(bitsetWords: number, initialEntries = 1024) {
    this.words = bitsetWords;
    let cap = 64;
    while (cap < initialEntries) cap *= 2;
    this.meta = new Int32Array(cap * 2);
    this.bits = new Uint32Array(cap * bitsetWords);
    this.slots = new Int32Array(cap * 4);
  }

  get size(): number {
    return this.count;
  }

  /** Whether (linearized, stateId) was recorded. (h1, h2) is the hash of `linearized`. */
  contains(h1: number, h2: number, stateId: number, linearized: Uint32Array): boolean {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let i = (h1 ^ Math.imul(stateId + 1, 0x9e3779b1)) & mask;
    for (;;) {
      const slot = slots[2 * i]!;
      if (slot === 0) return false;
      if (slots[2 * i + 1] === h1) {
        const e = slot - 1;
        if (this.meta[2 * e] === h2 && this.meta[2 * e + 1] === stateId) {
          const words = this.words;
          const base = e * words;
          const bits = this.bits;
          let w = 0;
          while (w < words && bits[base + w] === linearized[w]) w++;
          if (w === words) return true;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** Record a configuration from which no linearization exists. */
  add(h1: number, h2: number, stateId: number, linearized: Uint32Array): void {
    const e = this.count;
    if (2 * (e + 1) > this.meta.length) this.growEntries();
    if (4 * (e + 1) > this.slots.length) this.rehash();
    this.meta[2 * e] = h2;
    this.meta[2 * e + 1] = stateId;
    this.bits.set(linearized, e * this.words);
    this.count = e + 1;
    this.place(this.slots, e, h1, stateId);
  }

  private place(slots: Int32Array, e: number, h1: number, stateId: number): void {
    const mask = (slots.length >>> 1) - 1;
    let i = (h1 ^ Math.imul(stateId + 1, 0x9e3779b1)) & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = e + 1;
    slots[2 * i + 1] = h1;
  }

  private growEntries(): void {
    const meta = new Int32Array(this.meta.length * 2);
    meta.set(this.meta);
    this.meta = meta;
    const bits = new Uint32Array(this.bits.length * 2);
    bits.set(this.bits);
    this.bits = bits;
  }

  /** Double the slot table (kept at most half full). */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const slot = old[i]!;
      if (slot !== 0) this.place(slots, slot - 1, old[i + 1]!, this.meta[2 * (slot - 1) + 1]!);
    }
    this.slots = slots;
  }
}
