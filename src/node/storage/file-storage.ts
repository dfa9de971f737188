// Durable storage of one node: a write-ahead log (wal.log) and a snapshot (snapshot.dat) in its
// data directory. Everything a Ready asks to persist goes out in ONE write and ONE fdatasync
// (group commit), before the host sends the messages that depend on it (§5.1 "respond to RPCs
// only after updating stable storage").
//
// After a snapshot (taken by the application or installed from the leader, §7) the snapshot file
// is replaced atomically (temp file, fsync, rename, directory fsync), then a `snap` marker record
// in the log says the entries up to it are gone. The log file itself is rewritten to hold only
// what follows the snapshot once it has grown past rewriteAfterBytes (compaction), so that a
// snapshot costs two fsyncs, not four, on the hot path.
//
// wal.log is preallocated in zero-filled steps of PREALLOCATE_BYTES and written at explicit
// offsets, so that most appends overwrite allocated blocks and fdatasync does not have to commit a
// new file size to the journal as well (measured: a quarter to a third cheaper here).
//
// On open, a torn record at the end of wal.log (kill -9 or power loss mid-append: its header or
// length runs past the written data) is cut with a warning; a complete record whose checksum
// fails, or a damaged record followed by a valid one, stops the node (StorageCorruptError names
// the file and byte offset). A snapshot without the log that holds the term and vote, and a path
// that is a directory or cannot be written, stop it too (StorageMissingError,
// StorageUnusableError): it never starts with silently wrong state.
import fs from 'node:fs';
import path from 'node:path';
import type { Entry, HardState, LogIndex, PersistedState, Snapshot, Term } from '../../raft/types.js';
import { asIndex, asTerm } from '../../raft/types.js';
import type { SaveParts, Storage } from '../../host/types.js';
import { fsyncDirectory, writeAll, writeAllAt } from './durable-file.js';
import { encodeRecord, scanRecords } from './record-file.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';
import { StorageCorruptError, StorageMissingError, StorageUnusableError, storageErrorFromErrno } from './storage-error.js';
import type { WalRecord } from './wal-record.js';
import { hardRecord, hardStateOf, parseWalRecord } from './wal-record.js';

export const WAL_FILE = 'wal.log';
const PREALLOCATE_BYTES = 8 * 1024 * 1024;
const ZERO_WRITE_BYTES = 1024 * 1024;
let zeroBuffer: Buffer | null = null;
export const SNAPSHOT_FILE = 'snapshot.dat';

/** What one Ready asks to persist (SaveParts of src/host/types.ts). */
export type DurableWrite = SaveParts;

export interface StorageStats {
  readonly fsyncs: number;
  readonly writes: number;
  readonly bytesWritten: number;
  readonly rewrites: number;
}

export interface OpenOptions {
  /** One line per warning (a cut torn tail, a clamped commit index). */
  readonly warn: (line: string) => void;
  /** Rewrite (compact) wal.log after a snapshot once it holds more bytes than this (default 8 MiB). */
  readonly rewriteAfterBytes?: number;
}

const EMPTY_HARD_STATE: HardState = { term: asTerm(0), votedFor: null, commit: asIndex(0) };

export class FileStorage implements Storage {
  private fd: number;
  private hard: HardState;
  private snapshot: Snapshot | null;
  /** The log after the snapshot: entries[i].index === baseIndex + 1 + i. */
  private entries: Entry[];
  private baseIndex: number;
  private baseTerm: number;
  private closed = false;
  private stats = { fsyncs: 0, writes: 0, bytesWritten: 0, rewrites: 0 };
  /** Bytes of records in wal.log (the next record goes at this offset). */
  private walBytes = 0;
  /** The size of wal.log: records, then zeros (preallocated). */
  private walFileBytes = 0;
  private readonly rewriteAfterBytes: number;
  /** Observer of each log fdatasync's duration (diagnostics). */
  onFsync: ((ms: number) => void) | null = null;
  /**
   * When set, save() writes but leaves the fdatasync to the caller's next sync(): the node uses
   * it to let a leader's AppendEntries leave before its own fsync (see raft-node.ts).
   */
  deferSync = false;
  private pendingSync = false;
  private pendingTermOrVote = false;

  private constructor(
    readonly dataDir: string,
    state: { hard: HardState; snapshot: Snapshot | null; entries: Entry[]; baseIndex: number; baseTerm: number },
    options: OpenOptions,
  ) {
    this.rewriteAfterBytes = options.rewriteAfterBytes ?? 8 * 1024 * 1024;
    this.hard = state.hard;
    this.snapshot = state.snapshot;
    this.entries = state.entries;
    this.baseIndex = state.baseIndex;
    this.baseTerm = state.baseTerm;
    this.fd = -1;
  }

  get walPath(): string {
    return path.join(this.dataDir, WAL_FILE);
  }

  get snapshotPath(): string {
    return path.join(this.dataDir, SNAPSHOT_FILE);
  }

  /**
   * Open (creating if needed) the storage in dataDir and read back what it holds. Throws a
   * StorageError (one line naming the file) when it cannot start from what is there.
   */
  static open(dataDir: string, options: OpenOptions): FileStorage {
    try {
      return FileStorage.openChecked(dataDir, options);
    } catch (error) {
      throw storageErrorFromErrno(error, dataDir) ?? error;
    }
  }

  private static openChecked(dataDir: string, options: OpenOptions): FileStorage {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    const walPath = path.join(dataDir, WAL_FILE);
    const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
    const leftovers = [`${walPath}.tmp`, `${snapshotPath}.tmp`];
    const walExists = regularFileExists(walPath);
    regularFileExists(snapshotPath);
    for (const leftover of leftovers) regularFileExists(leftover);
    // Leftovers of an interrupted atomic write: the real file is still the old, complete one.
    for (const leftover of leftovers) fs.rmSync(leftover, { force: true });
    // Written to before anything is read: a log this process cannot write is refused whole.
    if (walExists) fs.closeSync(fs.openSync(walPath, 'r+'));

    const snapshot = readSnapshotFile(snapshotPath);
    const snapshotText = snapshot === null ? '' : `${snapshotPath} holds a snapshot through index ${snapshot.lastIndex}`;
    if (snapshot !== null && !walExists) {
      throw new StorageMissingError(walPath, `is missing, yet ${snapshotText}: the term and vote the log held would be forgotten`);
    }
    const wal = walExists ? replayWal(walPath, options) : null;
    if (snapshot !== null && wal !== null && !wal.hasHardState) {
      throw new StorageMissingError(walPath, `holds no hard state (term, vote), yet ${snapshotText}`);
    }
    let hard = wal?.hard ?? EMPTY_HARD_STATE;
    let entries = wal?.entries ?? [];
    let baseIndex = wal?.baseIndex ?? 0;
    let baseTerm = wal?.baseTerm ?? 0;
    let needsRewrite = false;

    if (snapshot === null) {
      if (baseIndex > 0) {
        throw new StorageCorruptError(walPath, 0, `the log was compacted through index ${baseIndex} but ${snapshotPath} is missing`);
      }
    } else if (snapshot.lastIndex < baseIndex) {
      throw new StorageCorruptError(
        walPath,
        0,
        `the log was compacted through index ${baseIndex} but ${snapshotPath} ends at index ${snapshot.lastIndex}`,
      );
    } else if (snapshot.lastIndex === baseIndex) {
      if (baseIndex > 0 && snapshot.lastTerm !== baseTerm) {
        throw new StorageCorruptError(walPath, 0, `log base term ${baseTerm} differs from snapshot term ${snapshot.lastTerm}`);
      }
      baseTerm = snapshot.lastTerm;
    } else {
      // Crashed after the snapshot was renamed into place, before the log was rewritten.
      entries = entriesAfterSnapshot(entries, baseIndex, snapshot);
      baseIndex = snapshot.lastIndex;
      baseTerm = snapshot.lastTerm;
      needsRewrite = true;
    }

    const lastIndex = baseIndex + entries.length;
    if (hard.commit < baseIndex) hard = { ...hard, commit: asIndex(baseIndex) };
    if (hard.commit > lastIndex) {
      options.warn(`${walPath}: commit index ${hard.commit} is past the last stored entry ${lastIndex}; using ${lastIndex}`);
      hard = { ...hard, commit: asIndex(lastIndex) };
    }

    const storage = new FileStorage(dataDir, { hard, snapshot, entries, baseIndex, baseTerm }, options);
    if (needsRewrite || wal === null) {
      storage.rewriteWal();
    } else {
      storage.fd = fs.openSync(walPath, 'r+');
      storage.walBytes = wal.bytes;
      storage.walFileBytes = wal.fileBytes;
    }
    return storage;
  }

  /** The state the core starts from (PersistedState of src/raft/types.ts). */
  load(): PersistedState {
    return this.persistedState();
  }

  persistedState(): PersistedState {
    return { hardState: this.hard, snapshot: this.snapshot, entries: this.entries.slice() };
  }

  get hardState(): HardState {
    return this.hard;
  }

  get lastIndex(): LogIndex {
    return asIndex(this.baseIndex + this.entries.length);
  }

  get snapshotIndex(): LogIndex {
    return asIndex(this.baseIndex);
  }

  /** The term of the entry at `index` if it is stored (or is the snapshot's last), else null. */
  termAt(index: number): Term | null {
    if (index === this.baseIndex) return asTerm(this.baseTerm);
    const entry = this.entries[index - this.baseIndex - 1];
    return entry === undefined ? null : entry.term;
  }

  /** Where the next record goes in wal.log (the file may be longer: preallocated zeros). */
  get walRecordBytes(): number {
    return this.walBytes;
  }

  getStats(): StorageStats {
    return { ...this.stats };
  }

  /**
   * Persist one Ready's hard state, snapshot and entries: one write, then one fdatasync when
   * anything durable changed. Returns after the data is on disk.
   */
  save(write: DurableWrite): void {
    this.assertOpen();
    const votedOrTermChanged =
      write.hardState !== null && (write.hardState.term !== this.hard.term || write.hardState.votedFor !== this.hard.votedFor);
    if (write.hardState !== null) this.hard = write.hardState;
    if (write.snapshot !== null) this.installSnapshot(write.snapshot);

    const records: Buffer[] = [];
    const newEntries = write.entries.filter((entry) => entry.index > this.baseIndex);
    if (newEntries.length > 0) {
      this.appendToMemory(newEntries);
      records.push(encodeWalRecord({ k: 'ents', entries: newEntries }));
    }
    // After the entries, so that a torn write never leaves a commit index past the log.
    if (write.hardState !== null) records.push(encodeWalRecord(hardRecord(this.hard)));
    if (records.length > 0) this.writeRecords(records);
    if (write.mustSync || newEntries.length > 0 || votedOrTermChanged) {
      this.pendingSync = true;
      this.pendingTermOrVote ||= votedOrTermChanged;
      if (!this.deferSync) this.sync();
    }
  }

  /** True when save() wrote something that is not yet fdatasync'd (deferSync mode). */
  get syncPending(): boolean {
    return this.pendingSync;
  }

  /** True when the unsynced writes include a new term or vote (nothing may leave before them). */
  get termOrVotePending(): boolean {
    return this.pendingTermOrVote;
  }

  /** fdatasync what save() wrote, if anything is pending. */
  sync(): void {
    if (!this.pendingSync || this.closed) return;
    const startMs = performance.now();
    fs.fdatasyncSync(this.fd);
    this.onFsync?.(performance.now() - startMs);
    this.stats.fsyncs++;
    this.pendingSync = false;
    this.pendingTermOrVote = false;
  }

  /**
   * The application took a snapshot through snapshot.lastIndex (applied entries only): store it
   * and drop the log up to there (§7 log compaction).
   */
  compact(snapshot: Snapshot): void {
    this.assertOpen();
    if (snapshot.lastIndex > this.lastIndex) {
      throw new Error(`cannot compact through index ${snapshot.lastIndex}: the log ends at ${this.lastIndex}`);
    }
    this.installSnapshot(snapshot);
  }

  close(): void {
    if (this.closed) return;
    this.sync();
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private installSnapshot(snapshot: Snapshot): void {
    if (snapshot.lastIndex <= this.baseIndex) return; // already covered by the stored snapshot
    writeSnapshotFile(this.snapshotPath, snapshot);
    this.entries = entriesAfterSnapshot(this.entries, this.baseIndex, snapshot);
    this.snapshot = snapshot;
    this.baseIndex = snapshot.lastIndex;
    this.baseTerm = snapshot.lastTerm;
    if (this.hard.commit < this.baseIndex) this.hard = { ...this.hard, commit: asIndex(this.baseIndex) };
    if (this.walBytes > this.rewriteAfterBytes) {
      this.rewriteWal();
      return;
    }
    // The snapshot is durable; the marker needs no fsync of its own: if it is lost, open() finds a
    // snapshot newer than the log's base and drops the covered entries just the same.
    this.writeRecords([encodeWalRecord({ k: 'snap', index: this.baseIndex, term: this.baseTerm })]);
  }

  private writeRecords(records: readonly Buffer[]): void {
    const bytes = records.length === 1 ? records[0]! : Buffer.concat(records);
    if (this.walBytes + bytes.length > this.walFileBytes) this.preallocate(this.walBytes + bytes.length);
    writeAllAt(this.fd, bytes, this.walBytes);
    this.walBytes += bytes.length;
    this.stats.writes++;
    this.stats.bytesWritten += bytes.length;
  }

  /** Extend wal.log with zeros to cover at least `neededBytes` (the next fdatasync makes it durable). */
  private preallocate(neededBytes: number): void {
    const target = Math.max(neededBytes, this.walFileBytes + PREALLOCATE_BYTES);
    zeroBuffer ??= Buffer.alloc(ZERO_WRITE_BYTES);
    let offset = this.walFileBytes;
    while (offset < target) {
      const length = Math.min(zeroBuffer.length, target - offset);
      writeAllAt(this.fd, zeroBuffer.subarray(0, length), offset);
      offset += length;
    }
    this.walFileBytes = target;
  }

  private appendToMemory(entries: readonly Entry[]): void {
    const first = entries[0]!.index;
    const last = this.baseIndex + this.entries.length;
    if (first > last + 1) throw new Error(`entries start at index ${first} but the log ends at ${last}: a gap`);
    if (first <= last) this.entries.length = first - this.baseIndex - 1; // §5.3: replace conflicting suffix
    for (const entry of entries) this.entries.push(entry);
  }

  /** Replace wal.log by base + hard state + the entries after the snapshot, atomically. */
  private rewriteWal(): void {
    const records: Buffer[] = [
      encodeWalRecord({ k: 'base', index: this.baseIndex, term: this.baseTerm }),
      encodeWalRecord(hardRecord(this.hard)),
    ];
    if (this.entries.length > 0) records.push(encodeWalRecord({ k: 'ents', entries: this.entries }));
    const temp = `${this.walPath}.tmp`;
    const tempFd = fs.openSync(temp, 'w');
    const bytes = Buffer.concat(records);
    try {
      writeAll(tempFd, bytes);
      fs.fsyncSync(tempFd);
    } finally {
      fs.closeSync(tempFd);
    }
    if (this.fd >= 0) fs.closeSync(this.fd);
    fs.renameSync(temp, this.walPath);
    // The rewritten log holds everything, durably: nothing is pending any more.
    this.pendingSync = false;
    this.pendingTermOrVote = false;
    fsyncDirectory(this.dataDir);
    this.fd = fs.openSync(this.walPath, 'r+');
    this.walBytes = bytes.length;
    this.walFileBytes = bytes.length;
    this.stats.rewrites++;
    this.stats.fsyncs += 2;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`storage in ${this.dataDir} is closed`);
  }
}

function encodeWalRecord(record: WalRecord): Buffer {
  return encodeRecord(JSON.stringify(record));
}

/** §7: keep the entries after the snapshot only if the log agrees with it at lastIndex. */
function entriesAfterSnapshot(entries: Entry[], baseIndex: number, snapshot: Snapshot): Entry[] {
  const at = entries[snapshot.lastIndex - baseIndex - 1];
  if (at !== undefined && at.term === snapshot.lastTerm) return entries.slice(snapshot.lastIndex - baseIndex);
  return [];
}

interface ReplayedWal {
  hard: HardState;
  entries: Entry[];
  baseIndex: number;
  baseTerm: number;
  /** Size of the records part of the file (the next record goes here). */
  bytes: number;
  /** Size of the file after open (records, then preallocated zeros). */
  fileBytes: number;
  /** A hard-state record was read (every log written by open() or a rewrite has one). */
  hasHardState: boolean;
}

/** Whether `file` exists; throws StorageUnusableError when it exists but is not a regular file. */
function regularFileExists(file: string): boolean {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (stats.isFile()) return true;
  throw new StorageUnusableError(file, stats.isDirectory() ? 'is a directory, not a file' : 'is not a regular file');
}

function replayWal(walPath: string, options: OpenOptions): ReplayedWal {
  const bytes = fs.readFileSync(walPath);
  const scan = scanRecords(bytes);
  if (scan.kind === 'corrupt') {
    const after =
      scan.nextValidOffset === null
        ? 'in a complete record (not a torn append)'
        : `yet a valid record follows at byte offset ${scan.nextValidOffset}`;
    throw new StorageCorruptError(walPath, scan.badOffset, `${scan.reason}, ${after}`);
  }
  const replayed: ReplayedWal = {
    hard: EMPTY_HARD_STATE,
    entries: [],
    baseIndex: 0,
    baseTerm: 0,
    bytes: scan.kind === 'torn-tail' ? scan.goodBytes : scan.endOffset,
    fileBytes: scan.kind === 'torn-tail' ? scan.goodBytes : bytes.length,
    hasHardState: false,
  };
  scan.records.forEach((scanned, position) => {
    const record = parseWalRecord(scanned.body);
    if (typeof record === 'string') throw new StorageCorruptError(walPath, scanned.offset, record);
    switch (record.k) {
      case 'base':
        if (position !== 0) throw new StorageCorruptError(walPath, scanned.offset, 'a base record that is not the first record');
        replayed.baseIndex = record.index;
        replayed.baseTerm = record.term;
        break;
      case 'hard':
        replayed.hard = hardStateOf(record);
        replayed.hasHardState = true;
        break;
      case 'snap':
        if (record.index > replayed.baseIndex) {
          const marker = { lastIndex: asIndex(record.index), lastTerm: asTerm(record.term), data: '' };
          replayed.entries = entriesAfterSnapshot(replayed.entries, replayed.baseIndex, marker);
          replayed.baseIndex = record.index;
          replayed.baseTerm = record.term;
        }
        break;
      case 'ents': {
        const last = replayed.baseIndex + replayed.entries.length;
        const fresh = record.entries.filter((entry) => entry.index > replayed.baseIndex);
        if (fresh.length === 0) break;
        const first = fresh[0]!.index;
        if (first > last + 1) {
          throw new StorageCorruptError(walPath, scanned.offset, `entries start at index ${first} but the log ends at ${last}`);
        }
        if (first <= last) replayed.entries.length = first - replayed.baseIndex - 1;
        for (const entry of fresh) {
          replayed.entries.push({ term: asTerm(entry.term), index: asIndex(entry.index), kind: entry.kind, data: entry.data });
        }
        break;
      }
      default: {
        const unreachable: never = record;
        throw new Error(`unhandled WAL record ${JSON.stringify(unreachable)}`);
      }
    }
  });
  if (scan.kind === 'torn-tail') {
    const cutBytes = bytes.length - scan.goodBytes;
    options.warn(
      `${walPath}: torn record at byte offset ${scan.goodBytes} (${scan.reason}); cut ${cutBytes} bytes, ` +
        `the log now ends at index ${replayed.baseIndex + replayed.entries.length}`,
    );
    const fd = fs.openSync(walPath, 'r+');
    try {
      fs.ftruncateSync(fd, scan.goodBytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  return replayed;
}
