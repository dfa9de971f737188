// A hash map from pairs of non-negative 32-bit integers to 32-bit integers, on typed arrays
// (open addressing, linear probing), for the memo tables of the search.

export const ABSENT = -2147483648;

function slotOf(a: number, b: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) + b;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

export class IntPairMap {
  private keyA: Int32Array;
  private keyB: Int32Array;
  private values: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let size = 16;
    while (size < initialCapacity * 2) size *= 2;
    this.keyA = new Int32Array(size).fill(-1);
    this.keyB = new Int32Array(size);
    this.values = new Int32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for (a, b), or ABSENT. */
  get(a: number, b: number): number {
    const keyA = this.keyA;
    const mask = keyA.length - 1;
    let i = slotOf(a, b, mask);
    for (;;) {
      const ka = keyA[i]!;
      if (ka === -1) return ABSENT;
      if (ka === a && this.keyB[i] === b) return this.values[i]!;
      i = (i + 1) & mask;
    }
  }

  /** Store (a, b) -> value; (a, b) must not be present. */
  add(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.keyA.length) this.grow();
    const keyA = this.keyA;
    const mask = keyA.length - 1;
    let i = slotOf(a, b, mask);
    while (keyA[i] !== -1) i = (i + 1) & mask;
    keyA[i] = a;
    this.keyB[i] = b;
    this.values[i] = value;
    this.count++;
  }

  private grow(): void {
    const oldA = this.keyA;
    const oldB = this.keyB;
    const oldV = this.values;
    const size = oldA.length * 2;
    this.keyA = new Int32Array(size).fill(-1);
    this.keyB = new Int32Array(size);
    this.values = new Int32Array(size);
    const mask = size - 1;
    for (let j = 0; j < oldA.length; j++) {
      const a = oldA[j]!;
      if (a === -1) continue;
      const b = oldB[j]!;
      let i = slotOf(a, b, mask);
      while (this.keyA[i] !== -1) i = (i + 1) & mask;
      this.keyA[i] = a;
      this.keyB[i] = b;
      this.values[i] = oldV[j]!;
    }
  }
}
