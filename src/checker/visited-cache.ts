// The search's memory of configurations known to fail: pairs (set of linearized operations, model
// state id), as in Lowe's improvement of the Wing & Gong algorithm. The set is a bitset whose
// 64-bit Zobrist hash (two 32-bit lanes) the search keeps up to date incrementally; entries live in
// typed arrays, so a lookup allocates nothing.

export class VisitedCache {
  private readonly words: number;
  private h1s = new Int32Array(1024);
  private h2s = new Int32Array(1024);
  private stateIds = new Int32Array(1024);
  private bits: Uint32Array;
  private count = 0;
  /** Entry index + 1 per slot; 0 = empty. */
  private slots = new Int32Array(2048);

  constructor(bitsetWords: number) {
    this.words = bitsetWords;
    this.bits = new Uint32Array(1024 * bitsetWords);
  }

  get size(): number {
    return this.count;
  }

  /** Whether (linearized, stateId) was recorded. (h1, h2) is the hash of `linearized`. */
  contains(h1: number, h2: number, stateId: number, linearized: Uint32Array): boolean {
    const words = this.words;
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = (h1 ^ Math.imul(stateId + 1, 0x9e3779b1)) & mask;
    for (;;) {
      const slot = slots[i]!;
      if (slot === 0) return false;
      const e = slot - 1;
      if (this.h1s[e] === h1 && this.h2s[e] === h2 && this.stateIds[e] === stateId) {
        const base = e * words;
        const bits = this.bits;
        let w = 0;
        for (; w < words; w++) {
          const stored = bits[base + w]!;
          const cur = linearized[w]!;
          if (stored !== cur) break;
        }
        if (w === words) return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Record a configuration from which no linearization exists. */
  add(h1: number, h2: number, stateId: number, linearized: Uint32Array): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = (h1 ^ Math.imul(stateId + 1, 0x9e3779b1)) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    const e = this.count;
    if (e === this.h1s.length) this.growEntries();
    this.h1s[e] = h1;
    this.h2s[e] = h2;
    this.stateIds[e] = stateId;
    this.bits.set(linearized, e * this.words);
    slots[i] = e + 1;
    this.count = e + 1;
    if (this.count * 2 > slots.length) this.rehash();
  }

  private growEntries(): void {
    const cap = this.h1s.length * 2;
    const h1s = new Int32Array(cap);
    h1s.set(this.h1s);
    this.h1s = h1s;
    const h2s = new Int32Array(cap);
    h2s.set(this.h2s);
    this.h2s = h2s;
    const ids = new Int32Array(cap);
    ids.set(this.stateIds);
    this.stateIds = ids;
    const bits = new Uint32Array(cap * this.words);
    bits.set(this.bits);
    this.bits = bits;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let i = (this.h1s[e]! ^ Math.imul(this.stateIds[e]! + 1, 0x9e3779b1)) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}
