// Stable storage kept in memory: what the simulator's "disk" holds across a simulated crash.
// Every save() is durable at once (a crash in the simulator happens between events, never inside
// one), so a crash loses exactly what was never handed to save().
import type { Entry, HardState, PersistedState, Snapshot } from '../raft/types.js';
import { asIndex, asTerm } from '../raft/types.js';
import type { SaveParts, Storage } from './types.js';

export const EMPTY_HARD_STATE: HardState = { term: asTerm(0), votedFor: null, commit: asIndex(0) };

export class MemoryStorage implements Storage {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snapshot: Snapshot | null = null;
  /** Entries after the snapshot, in index order: log[i] has index snapshotIndex + 1 + i. */
  private log: Entry[] = [];
  /** Bytes of entry data currently stored (the lab's persisted "log size"). */
  private logBytes = 0;

  load(): PersistedState {
    return { hardState: this.hardState, snapshot: this.snapshot, entries: this.log.slice() };
  }

  save(parts: SaveParts): void {
    if (parts.snapshot !== null) this.installSnapshot(parts.snapshot);
    if (parts.entries.length > 0) this.append(parts.entries);
    if (parts.hardState !== null) this.hardState = parts.hardState;
  }

  compact(snapshot: Snapshot): void {
    const base = this.snapshotIndex();
    if (snapshot.lastIndex <= base) return;
    const drop = Math.min(this.log.length, snapshot.lastIndex - base);
    for (let i = 0; i < drop; i++) this.logBytes -= this.log[i]!.data.length;
    this.log = this.log.slice(drop);
    this.snapshot = snapshot;
  }

  /** §7: keep the log after the snapshot only if it holds the snapshot's last entry. */
  private installSnapshot(snapshot: Snapshot): void {
    const base = this.snapshotIndex();
    const at = this.log[snapshot.lastIndex - base - 1];
    if (snapshot.lastIndex > base && at !== undefined && at.term === snapshot.lastTerm) {
      this.compact(snapshot);
      return;
    }
    this.log = [];
    this.logBytes = 0;
    this.snapshot = snapshot;
  }

  private append(entries: readonly Entry[]): void {
    const base = this.snapshotIndex();
    const first = entries[0]!.index;
    let skip = 0;
    if (first <= base) skip = base - first + 1; // already covered by the snapshot
    if (skip >= entries.length) return;
    const position = first + skip - base - 1;
    if (position > this.log.length) {
      throw new Error(`storage: append at index ${first + skip} leaves a gap after last index ${base + this.log.length}`);
    }
    if (position < this.log.length) {
      // Replacing a tail (§5.3 step 3): what follows the new entries' start is gone.
      for (let i = position; i < this.log.length; i++) this.logBytes -= this.log[i]!.data.length;
      this.log.length = position;
    }
    for (let i = skip; i < entries.length; i++) {
      const e = entries[i]!;
      this.log.push(e);
      this.logBytes += e.data.length;
    }
  }

  snapshotIndex(): number {
    return this.snapshot?.lastIndex ?? 0;
  }

  lastIndex(): number {
    return this.snapshotIndex() + this.log.length;
  }

  /** Approximate persisted size in bytes: hard state, entry payloads and snapshot (lab 2D). */
  sizeBytes(): number {
    return 64 + this.logBytes + this.log.length * 32 + (this.snapshot?.data.length ?? 0);
  }

  /** Persisted size without the snapshot (the lab's raft-state size). */
  raftStateBytes(): number {
    return 64 + this.logBytes + this.log.length * 32;
  }
}
