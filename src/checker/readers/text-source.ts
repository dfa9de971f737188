// A history file as text chunks, read streaming (a file may be larger than the longest string a
// JavaScript engine holds). Bytes must be UTF-8: the first invalid sequence is an error naming the
// file, the line and the byte offset, never a silently replaced character.
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { HistoryParseError } from './parse-error.js';

/** How far a read has got, for a progress line. */
export interface ReadProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** History records (invocations and completions) read so far. */
  readonly records: number;
}

export const CHUNK_BYTES = 1 << 20;

/**
 * The offset of the first byte that starts an invalid UTF-8 sequence in `bytes`, or -1. Checks
 * what TextDecoder's fatal mode refuses: bad lead and continuation bytes, overlong forms,
 * surrogates, code points past U+10FFFF, and a sequence cut by the end.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else {
      return i;
    }
    if (i + need >= n) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The bytes at the end of `chunk` that begin a sequence the chunk does not finish (maybe none). */
function cutSequence(chunk: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= chunk.length; back++) {
    const b = chunk[chunk.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? chunk.subarray(chunk.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** The error for the invalid byte at `offset` of `file` (its line counted from the start). */
function invalidUtf8Error(file: string, offset: number): HistoryParseError {
  const fd = openSync(file, 'r');
  let line = 1;
  let byte = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let pos = 0;
    while (pos < offset) {
      const got = readSync(fd, buf, 0, Math.min(CHUNK_BYTES, offset - pos), pos);
      if (got === 0) break;
      for (let i = 0; i < got; i++) if (buf[i] === 10) line++;
      pos += got;
    }
    const one = Buffer.alloc(1);
    readSync(fd, one, 0, 1, offset);
    byte = one[0]!;
  } finally {
    closeSync(fd);
  }
  return new HistoryParseError(file, line, `invalid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset})`);
}

/**
 * The text of `file` in chunks of about CHUNK_BYTES. `onBytes` hears the bytes read so far and
 * the file's size after each chunk.
 */
export async function* readTextChunks(file: string, onBytes?: (read: number, total: number) => void): AsyncGenerator<string> {
  const total = statSync(file).size;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  // The last bytes of the previous chunk, where a sequence cut by the chunk boundary begins.
  let tail: Uint8Array = new Uint8Array(0);
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const joined = new Uint8Array(tail.length + chunk.length);
        joined.set(tail);
        joined.set(chunk, tail.length);
        const at = firstInvalidUtf8(joined);
        throw invalidUtf8Error(file, offset - tail.length + Math.max(0, at));
      }
      tail = cutSequence(chunk);
      offset += chunk.length;
      onBytes?.(offset, total);
      if (text !== '') yield text;
    }
    try {
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    } catch {
      const at = firstInvalidUtf8(tail);
      throw invalidUtf8Error(file, offset - tail.length + Math.max(0, at));
    }
  } finally {
    stream.destroy();
  }
}
