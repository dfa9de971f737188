// Small, fast 32-bit hashes for model states (FNV-1a for strings, a Murmur3-style finalizer to mix).

/** Mix a 32-bit integer so that nearby inputs land far apart (Murmur3's fmix32). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over the UTF-16 code units of `s`, then mixed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Hash of a finite number: integers directly, other numbers through their text. */
export function hashNumber(n: number): number {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 31) return mix32(n | 0);
  return hashString(String(n));
}

/** Hash of any JSON-like value (null, boolean, number, string, arrays and plain objects of them). */
export function hashValue(v: unknown): number {
  if (v === null || v === undefined) return 0x2545f491;
  if (typeof v === 'number') return hashNumber(v);
  if (typeof v === 'string') return hashString(v) ^ 0x1b873593;
  if (typeof v === 'boolean') return v ? 0x68e31da4 : 0x5ac635d8;
  return hashString(stableText(v));
}

/** Deep equality of JSON-like values; numbers compare by value, strings by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return stableText(a) === stableText(b);
}

/** A canonical text of a JSON-like value (object keys sorted), for hashing and display. */
export function stableText(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(stableText).join(' ')}]`;
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)} ${stableText(v.get(k))}`).join(', ')}}`;
  }
  if (v instanceof Set) return `#{${[...v].map(stableText).sort().join(' ')}}`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${k} ${stableText(obj[k])}`).join(', ')}}`;
}
