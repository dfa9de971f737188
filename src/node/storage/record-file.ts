// The record format shared by the write-ahead log and the snapshot file:
//
//   [u32 BE body length][u32 BE CRC-32 of (the 4 length bytes + body)][body: UTF-8 JSON object]
//
// The checksum covers the length too, so a flipped bit in a length field is caught like any other.
// A file may be preallocated with zero bytes past its last record (so that appending overwrites
// allocated blocks and fdatasync need not commit a size change): an all-zero remainder is a clean
// end: the written data ends at the last non-zero byte (every record ends with "}").
// scanRecords() reads a file's records back and classifies what it cannot read:
//   - a torn tail: the last record is incomplete, its header or its length running past the end
//     of the written data, and it is not a complete record with a damaged length field (kill -9
//     or power loss in the middle of an append) -> cut the file there, with a warning;
//   - corruption: a complete record whose checksum fails, or a bad record with a valid record
//     after it -> refuse to start (never run with silently wrong state).
import { crc32 } from './crc32.js';

export const RECORD_HEADER_BYTES = 8;
/** A sanity bound on one record's body; anything larger is treated as a damaged length field. */
export const MAX_RECORD_BODY_BYTES = 256 * 1024 * 1024;

export function encodeRecord(body: string): Buffer {
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyBytes);
  record.writeUInt32BE(bodyBytes, 0);
  record.write(body, RECORD_HEADER_BYTES, 'utf8');
  record.writeUInt32BE(recordChecksum(record, 0, bodyBytes), 4);
  return record;
}

export interface ScannedRecord {
  readonly offset: number;
  readonly body: string;
}

export type ScanResult =
  /** Every byte up to endOffset is records; anything after it is zero (preallocated). */
  | { readonly kind: 'clean'; readonly records: readonly ScannedRecord[]; readonly endOffset: number }
  /** The record at goodBytes is incomplete and nothing valid follows: cut the file to goodBytes. */
  | { readonly kind: 'torn-tail'; readonly records: readonly ScannedRecord[]; readonly goodBytes: number; readonly reason: string }
  /**
   * The record at badOffset is damaged: complete yet failing its checksum, or followed by a valid
   * record at nextValidOffset (null when none follows).
   */
  | {
      readonly kind: 'corrupt';
      readonly records: readonly ScannedRecord[];
      readonly badOffset: number;
      readonly nextValidOffset: number | null;
      readonly reason: string;
    };

/** CRC-32 of the 4 length bytes at `offset` followed by the `bodyBytes` after the header. */
function recordChecksum(bytes: Uint8Array, offset: number, bodyBytes: number, lengthBytes: Uint8Array = bytes.subarray(offset, offset + 4)): number {
  const bodyStart = offset + RECORD_HEADER_BYTES;
  return crc32(bytes, bodyStart, bodyStart + bodyBytes, crc32(lengthBytes));
}

type RecordProblem =
  /** The record does not fit in the written data: the header or the body was never fully written. */
  | { readonly incomplete: true; readonly reason: string }
  /** The record is all there, yet it is not valid. */
  | { readonly incomplete: false; readonly reason: string };

/** Why the record at `offset` cannot be read, or null if it is valid. */
function checkRecord(bytes: Buffer, offset: number, dataEnd: number): RecordProblem | null {
  const remaining = dataEnd - offset;
  if (remaining < RECORD_HEADER_BYTES) {
    return { incomplete: true, reason: `only ${remaining} bytes written, a record header needs ${RECORD_HEADER_BYTES}` };
  }
  const bodyBytes = bytes.readUInt32BE(offset);
  // A zero length field was never written: the append stopped before its first bytes landed.
  if (bodyBytes === 0) return { incomplete: true, reason: 'record length 0 (its header was never written)' };
  if (bodyBytes > remaining - RECORD_HEADER_BYTES) {
    return {
      incomplete: true,
      reason: `record length ${bodyBytes} runs past the end of the written data (${remaining - RECORD_HEADER_BYTES} bytes left)`,
    };
  }
  if (bodyBytes > MAX_RECORD_BODY_BYTES) return { incomplete: false, reason: `implausible record length ${bodyBytes}` };
  const bodyStart = offset + RECORD_HEADER_BYTES;
  // Every body is a JSON object: a cheap filter before the checksum when searching for a record.
  if (bytes[bodyStart] !== 0x7b) return { incomplete: false, reason: 'record body does not start with "{"' };
  const crc = recordChecksum(bytes, offset, bodyBytes);
  const stored = bytes.readUInt32BE(offset + 4);
  if (crc !== stored) return { incomplete: false, reason: `checksum mismatch (stored ${hex(stored)}, computed ${hex(crc)})` };
  return null;
}

/** A cheap filter for the search after a bad record: a plausible length and a "{" after the header. */
function couldStartRecord(bytes: Buffer, offset: number, dataEnd: number): boolean {
  const bodyBytes = bytes.readUInt32BE(offset);
  return bodyBytes > 0 && bodyBytes <= dataEnd - offset - RECORD_HEADER_BYTES && bytes[offset + RECORD_HEADER_BYTES] === 0x7b;
}

function findValidRecord(bytes: Buffer, from: number, dataEnd: number): number | null {
  for (let candidate = from; candidate + RECORD_HEADER_BYTES < dataEnd; candidate++) {
    if (couldStartRecord(bytes, candidate, dataEnd) && checkRecord(bytes, candidate, dataEnd) === null) return candidate;
  }
  return null;
}

/**
 * True when the bytes from `offset` to the end of the data are one complete record whose length
 * field alone is damaged: its checksum matches once the length is the one the data has.
 */
function isCompleteWithDamagedLength(bytes: Buffer, offset: number, dataEnd: number): boolean {
  const bodyBytes = dataEnd - offset - RECORD_HEADER_BYTES;
  if (bodyBytes < 2 || bytes[offset + RECORD_HEADER_BYTES] !== 0x7b || bytes[dataEnd - 1] !== 0x7d) return false;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bodyBytes, 0);
  return recordChecksum(bytes, offset, bodyBytes, length) === bytes.readUInt32BE(offset + 4);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function scanRecords(bytes: Buffer): ScanResult {
  const records: ScannedRecord[] = [];
  const dataEnd = endOfData(bytes);
  let offset = 0;
  while (offset < dataEnd) {
    const problem = checkRecord(bytes, offset, dataEnd);
    if (problem === null) {
      const bodyBytes = bytes.readUInt32BE(offset);
      const bodyStart = offset + RECORD_HEADER_BYTES;
      records.push({ offset, body: bytes.toString('utf8', bodyStart, bodyStart + bodyBytes) });
      offset = bodyStart + bodyBytes;
      continue;
    }
    const nextValidOffset = findValidRecord(bytes, offset + 1, dataEnd);
    if (!problem.incomplete || nextValidOffset !== null) {
      return { kind: 'corrupt', records, badOffset: offset, nextValidOffset, reason: problem.reason };
    }
    if (isCompleteWithDamagedLength(bytes, offset, dataEnd)) {
      const reason = `${problem.reason}, yet the ${dataEnd - offset} bytes there are a complete record whose length field is damaged`;
      return { kind: 'corrupt', records, badOffset: offset, nextValidOffset: null, reason };
    }
    return { kind: 'torn-tail', records, goodBytes: offset, reason: problem.reason };
  }
  return { kind: 'clean', records, endOffset: offset };
}

const ZERO_CHUNK = Buffer.alloc(64 * 1024);

/** The offset just past the last non-zero byte (what follows is zero: preallocated or nothing). */
function endOfData(bytes: Buffer): number {
  let end = bytes.length;
  // Whole zero chunks first (a native compare), then byte by byte in the last one that is not.
  while (end >= ZERO_CHUNK.length && bytes.subarray(end - ZERO_CHUNK.length, end).equals(ZERO_CHUNK)) end -= ZERO_CHUNK.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end;
}
