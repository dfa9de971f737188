// The in-memory Raft log (§5.3) with a snapshot offset (§7): entries after snapshotIndex are held
// in an array; entries up to snapshotIndex exist only as the snapshot.
// It also tracks what the host has not yet been handed for persisting (the "unstable" suffix).
import { asIndex, asTerm } from './types.js';
import type { Entry, LogIndex, PersistedState, Snapshot, Term } from './types.js';

export class RaftLog {
  /** The latest snapshot (taken locally or installed); null before the first one. */
  snapshot: Snapshot | null;
  snapshotIndex: LogIndex;
  snapshotTerm: Term;
  /** Highest index known to be committed (§5.3). */
  commit: LogIndex;
  /** Highest index handed to the host in committedEntries (or covered by a snapshot). */
  applied: LogIndex;
  private items: Entry[];
  /** Lowest index not yet handed to the host in Ready.entries. */
  private unstableFrom: number;
  /** Set when entries were dropped without being replaced (the host must cut its log too). */
  private cutSinceLastTake = false;

  constructor(persisted: PersistedState) {
    const snap = persisted.snapshot;
    this.snapshot = snap;
    this.snapshotIndex = snap ? snap.lastIndex : asIndex(0);
    this.snapshotTerm = snap ? snap.lastTerm : asTerm(0);
    this.items = persisted.entries.filter((e) => e.index > this.snapshotIndex);
    for (let i = 0; i < this.items.length; i++) {
      const e = this.items[i] as Entry;
      if (e.index !== this.snapshotIndex + 1 + i) {
        throw new RangeError(
          `createRaft: persisted entries must follow the snapshot without gaps; entry ${i} has index ${e.index}, expected ${this.snapshotIndex + 1 + i}`,
        );
      }
    }
    this.commit = asIndex(Math.max(this.snapshotIndex, Math.min(persisted.hardState.commit, this.lastIndex())));
    this.applied = this.snapshotIndex;
    this.unstableFrom = this.lastIndex() + 1;
  }

  lastIndex(): LogIndex {
    return asIndex(this.snapshotIndex + this.items.length);
  }

  lastTerm(): Term {
    const last = this.items[this.items.length - 1];
    return last ? last.term : this.snapshotTerm;
  }

  /** The term of the entry at `index`, or null if it is compacted away or beyond the end. */
  term(index: number): Term | null {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    if (index < this.snapshotIndex) return null;
    const e = this.items[index - this.snapshotIndex - 1];
    return e ? e.term : null;
  }

  entry(index: number): Entry | undefined {
    return index > this.snapshotIndex ? this.items[index - this.snapshotIndex - 1] : undefined;
  }

  /** Entries with index in [from, to] that are still in memory. */
  slice(from: number, to: number): Entry[] {
    const lo = Math.max(from, this.snapshotIndex + 1) - this.snapshotIndex - 1;
    const hi = Math.min(to, this.lastIndex()) - this.snapshotIndex;
    return lo < hi ? this.items.slice(lo, hi) : [];
  }

  /** Append entries that follow lastIndex directly. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = entries[0] as Entry;
    if (first.index !== this.lastIndex() + 1) {
      throw new RangeError(`RaftLog.append: entry index ${first.index} does not follow last index ${this.lastIndex()}`);
    }
    this.unstableFrom = Math.min(this.unstableFrom, first.index);
    for (const e of entries) this.items.push(e);
  }

  /** Drop every entry from `index` on (§5.3 step 3: delete the conflicting entry and all after it). */
  truncateFrom(index: number): void {
    if (index <= this.snapshotIndex || index > this.lastIndex()) return;
    this.items.length = index - this.snapshotIndex - 1;
    if (index < this.unstableFrom) {
      this.unstableFrom = index;
      this.cutSinceLastTake = true;
    }
  }

  /** Write entries at their indexes, replacing what is there but keeping any tail after them. */
  overwrite(entries: readonly Entry[]): void {
    for (const e of entries) {
      const pos = e.index - this.snapshotIndex - 1;
      if (pos < 0 || pos > this.items.length) continue;
      this.items[pos] = e;
      this.unstableFrom = Math.min(this.unstableFrom, e.index);
    }
  }

  /** The first index of the run of `term` entries that ends at `index` (for conflictIndex, §5.3). */
  firstIndexOfTermAt(index: number): LogIndex {
    const t = this.term(index);
    let i = index;
    while (i - 1 > this.snapshotIndex && this.term(i - 1) === t) i--;
    return asIndex(i);
  }

  /** The last index at or below `atOrBelow` holding an entry of `term`, or 0 (leader's fast backup). */
  lastIndexOfTerm(term: Term, atOrBelow: number): LogIndex {
    for (let i = Math.min(atOrBelow, this.lastIndex()); i > this.snapshotIndex; i--) {
      const t = this.term(i) as Term;
      if (t === term) return asIndex(i);
      if (t < term) return asIndex(0);
    }
    return asIndex(0);
  }

  /** The host applied and snapshotted through `index`: forget the entries it covers (§7). */
  compact(index: LogIndex, data: string): Snapshot | null {
    if (index <= this.snapshotIndex) return null;
    const lastTerm = this.term(index);
    if (lastTerm === null) throw new RangeError(`compact: index ${index} is beyond the last index ${this.lastIndex()}`);
    const snap: Snapshot = { lastIndex: index, lastTerm, data };
    this.items = this.items.slice(index - this.snapshotIndex);
    this.snapshot = snap;
    this.snapshotIndex = index;
    this.snapshotTerm = lastTerm;
    this.unstableFrom = Math.max(this.unstableFrom, index + 1);
    return snap;
  }

  /** Replace the whole log by a snapshot received from the leader (§7: discard the entire log). */
  restore(snap: Snapshot): void {
    this.snapshot = snap;
    this.snapshotIndex = snap.lastIndex;
    this.snapshotTerm = snap.lastTerm;
    this.items = [];
    this.commit = snap.lastIndex;
    this.applied = snap.lastIndex;
    this.unstableFrom = snap.lastIndex + 1;
    this.cutSinceLastTake = false;
  }

  hasUnstable(): boolean {
    return this.unstableFrom <= this.lastIndex() || (this.cutSinceLastTake && this.lastIndex() > this.snapshotIndex);
  }

  /**
   * The entries the host must write now. When entries were cut without replacement, the last
   * kept entry is handed out again so that the host's "replace from entries[0].index" rule cuts too.
   */
  takeUnstable(): Entry[] {
    let from = this.unstableFrom;
    if (this.cutSinceLastTake && from > this.lastIndex()) from = this.lastIndex();
    const out = this.slice(from, this.lastIndex());
    this.unstableFrom = this.lastIndex() + 1;
    this.cutSinceLastTake = false;
    return out;
  }
}
