// A short, stable digest of a log entry, used as its id in event logs (FNV-1a, 32 bits, hex).
// Pure: usable from the core's tests, the host and the checkers alike.

export function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The id of an entry: its kind and data (two entries at one index with the same id agree). */
export function entryId(entry: { readonly kind: string; readonly data: string }): string {
  return digest(`${entry.kind}:${entry.data}`);
}
