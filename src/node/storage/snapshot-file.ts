// snapshot.dat: one record (record-file.ts) whose body is {"k":"snapshot",lastIndex,lastTerm,data}.
// Written whole to a temp file, fsync'd, renamed over the old one, directory fsync'd (§7).
import fs from 'node:fs';
import type { Snapshot } from '../../raft/types.js';
import { asIndex, asTerm } from '../../raft/types.js';
import { writeFileAtomic } from './durable-file.js';
import { encodeRecord, scanRecords } from './record-file.js';
import { StorageCorruptError } from './storage-error.js';

export function writeSnapshotFile(file: string, snapshot: Snapshot): void {
  const body = JSON.stringify({ k: 'snapshot', lastIndex: snapshot.lastIndex, lastTerm: snapshot.lastTerm, data: snapshot.data });
  writeFileAtomic(file, encodeRecord(body));
}

/** The snapshot in `file`, or null when there is none. Throws StorageCorruptError if unreadable. */
export function readSnapshotFile(file: string): Snapshot | null {
  if (!fs.existsSync(file)) return null;
  const bytes = fs.readFileSync(file);
  const scan = scanRecords(bytes);
  if (scan.kind === 'corrupt') throw new StorageCorruptError(file, scan.badOffset, scan.reason);
  // Snapshots are renamed into place whole, so even a damaged end is corruption, not a torn append.
  if (scan.kind === 'torn-tail') throw new StorageCorruptError(file, scan.goodBytes, scan.reason);
  if (scan.records.length !== 1) throw new StorageCorruptError(file, 0, `expected 1 record, found ${scan.records.length}`);
  const record = scan.records[0]!;
  let value: unknown;
  try {
    value = JSON.parse(record.body);
  } catch (error) {
    throw new StorageCorruptError(file, record.offset, `snapshot body is not JSON (${(error as Error).message})`);
  }
  const fields = value as Record<string, unknown> | null;
  if (
    fields === null ||
    typeof fields !== 'object' ||
    fields.k !== 'snapshot' ||
    !Number.isSafeInteger(fields.lastIndex) ||
    !Number.isSafeInteger(fields.lastTerm) ||
    typeof fields.data !== 'string'
  ) {
    throw new StorageCorruptError(file, record.offset, 'malformed snapshot record');
  }
  return { lastIndex: asIndex(fields.lastIndex as number), lastTerm: asTerm(fields.lastTerm as number), data: fields.data };
}
