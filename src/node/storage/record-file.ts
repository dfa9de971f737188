// The record format shared by the write-ahead log and the snapshot file:
//
//   [u32 BE body length][u32 BE CRC-32 of (the 4 length bytes + body)][body: UTF-8 JSON object]
//
// The checksum covers the length too, so a flipped bit in a length field is caught like any other.
// A file may be preallocated with zero bytes past its last record (so that appending overwrites
// allocated blocks and fdatasync need not commit a size change): an all-zero remainder is a clean
// end. scanRecords() reads a file's records back and classifies what it cannot read:
//   - a torn tail: the bad bytes run to the end of the file and no valid record follows them
//     (kill -9 or power loss in the middle of an append) -> cut the file there, with a warning;
//   - corruption: a bad record with a valid record after it -> refuse to start (never run with
//     silently wrong state).
import { crc32 } from './crc32.js';

export const RECORD_HEADER_BYTES = 8;
/** A sanity bound on one record's body; anything larger is treated as a damaged length field. */
export const MAX_RECORD_BODY_BYTES = 256 * 1024 * 1024;

export function encodeRecord(body: string): Buffer {
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyBytes);
  record.writeUInt32BE(bodyBytes, 0);
  record.write(body, RECORD_HEADER_BYTES, 'utf8');
  let crc = crc32(record, 0, 4);
  crc = crc32(record, RECORD_HEADER_BYTES, record.length, crc);
  record.writeUInt32BE(crc, 4);
  return record;
}

export interface ScannedRecord {
  readonly offset: number;
  readonly body: string;
}

export type ScanResult =
  /** Every byte up to endOffset is records; anything after it is zero (preallocated). */
  | { readonly kind: 'clean'; readonly records: readonly ScannedRecord[]; readonly endOffset: number }
  /** Bytes from goodBytes on are unreadable and nothing valid follows: cut the file to goodBytes. */
  | { readonly kind: 'torn-tail'; readonly records: readonly ScannedRecord[]; readonly goodBytes: number; readonly reason: string }
  /** A bad record at badOffset, yet a valid record at nextValidOffset: the file is damaged. */
  | { readonly kind: 'corrupt'; readonly records: readonly ScannedRecord[]; readonly badOffset: number; readonly nextValidOffset: number; readonly reason: string };

/** Why the record at `offset` cannot be read, or null if it is valid. */
function checkRecord(bytes: Buffer, offset: number): string | null {
  const remaining = bytes.length - offset;
  if (remaining < RECORD_HEADER_BYTES) return `only ${remaining} bytes left, a record header needs ${RECORD_HEADER_BYTES}`;
  const bodyBytes = bytes.readUInt32BE(offset);
  if (bodyBytes === 0 || bodyBytes > MAX_RECORD_BODY_BYTES) return `implausible record length ${bodyBytes}`;
  if (bodyBytes > remaining - RECORD_HEADER_BYTES) {
    return `record length ${bodyBytes} runs past the end of the file (${remaining - RECORD_HEADER_BYTES} bytes left)`;
  }
  const bodyStart = offset + RECORD_HEADER_BYTES;
  // Every body is a JSON object: a cheap filter before the checksum when searching for a record.
  if (bytes[bodyStart] !== 0x7b) return 'record body does not start with "{"';
  let crc = crc32(bytes, offset, offset + 4);
  crc = crc32(bytes, bodyStart, bodyStart + bodyBytes, crc);
  const stored = bytes.readUInt32BE(offset + 4);
  if (crc !== stored) return `checksum mismatch (stored ${hex(stored)}, computed ${hex(crc)})`;
  return null;
}

/** A cheap filter for the search after a bad record: a plausible length and a "{" after the header. */
function couldStartRecord(bytes: Buffer, offset: number): boolean {
  const bodyBytes = bytes.readUInt32BE(offset);
  return (
    bodyBytes > 0 &&
    bodyBytes <= bytes.length - offset - RECORD_HEADER_BYTES &&
    bytes[offset + RECORD_HEADER_BYTES] === 0x7b
  );
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function scanRecords(bytes: Buffer): ScanResult {
  const records: ScannedRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const problem = checkRecord(bytes, offset);
    if (problem !== null && isAllZero(bytes, offset)) return { kind: 'clean', records, endOffset: offset };
    if (problem !== null) {
      for (let candidate = offset + 1; candidate + RECORD_HEADER_BYTES < bytes.length; candidate++) {
        if (couldStartRecord(bytes, candidate) && checkRecord(bytes, candidate) === null) {
          return { kind: 'corrupt', records, badOffset: offset, nextValidOffset: candidate, reason: problem };
        }
      }
      return { kind: 'torn-tail', records, goodBytes: offset, reason: problem };
    }
    const bodyBytes = bytes.readUInt32BE(offset);
    const bodyStart = offset + RECORD_HEADER_BYTES;
    records.push({ offset, body: bytes.toString('utf8', bodyStart, bodyStart + bodyBytes) });
    offset = bodyStart + bodyBytes;
  }
  return { kind: 'clean', records, endOffset: bytes.length };
}

const ZERO_CHUNK = Buffer.alloc(64 * 1024);

function isAllZero(bytes: Buffer, from: number): boolean {
  for (let offset = from; offset < bytes.length; offset += ZERO_CHUNK.length) {
    const end = Math.min(bytes.length, offset + ZERO_CHUNK.length);
    if (!bytes.subarray(offset, end).equals(ZERO_CHUNK.subarray(0, end - offset))) return false;
  }
  return true;
}
