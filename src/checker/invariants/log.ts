// One node's log as the checker reconstructs it from append / truncate / snapshot / boot records.
// Entries up to snapshotIndex are covered by the snapshot (their content is no longer known here);
// entries after it are known exactly, or "unknown" when a boot reports more persisted entries than
// the records showed (never with a correct host, which logs every append before persisting it).
import type { NodeEvent } from '../../history/events.js';

const UNKNOWN_TERM = -1;

export type AppendEvent = Extract<NodeEvent, { kind: 'append' }>;

export class TrackedLog {
  /** Index of the last entry covered by the snapshot (0: no snapshot). */
  snapshotIndex = 0;
  /** Term of the entry at snapshotIndex; undefined when unknown (a boot reports no term). */
  snapshotTerm: number | undefined = 0;
  /** Absolute index of slot 0 of the arrays; slots before snapshotIndex + 1 are stale. */
  private base = 1;
  private terms: number[] = [];
  private ids: (string | undefined)[] = [];
  private records: (AppendEvent | undefined)[] = [];

  lastIndex(): number {
    return this.base + this.terms.length - 1;
  }

  /** Term at index: 0 before the log, the snapshot's at its index, undefined if covered or unknown. */
  termAt(index: number): number | undefined {
    if (index === 0) return 0;
    if (index === this.snapshotIndex) return this.snapshotTerm;
    if (index < this.snapshotIndex || index > this.lastIndex()) return undefined;
    const term = this.terms[index - this.base];
    return term === undefined || term === UNKNOWN_TERM ? undefined : term;
  }

  /** The entry's id at index, if the log holds it (not covered by the snapshot, not unknown). */
  idAt(index: number): string | undefined {
    if (index <= this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.ids[index - this.base];
  }

  /** The append record that wrote the entry at index, if known. */
  recordAt(index: number): AppendEvent | undefined {
    if (index <= this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.records[index - this.base];
  }

  /** True when index is past the snapshot and within the log but its content is unknown. */
  isUnknown(index: number): boolean {
    if (index <= this.snapshotIndex || index > this.lastIndex()) return false;
    return this.terms[index - this.base] === UNKNOWN_TERM;
  }

  /** Drop every entry from fromIndex on (never below the snapshot). */
  truncateFrom(fromIndex: number): void {
    const from = Math.max(fromIndex, this.snapshotIndex + 1);
    if (from > this.lastIndex()) return;
    const keep = from - this.base;
    this.terms.length = keep;
    this.ids.length = keep;
    this.records.length = keep;
  }

  /** Append one entry right after the last one. The caller truncates first when overwriting. */
  push(record: AppendEvent): void {
    if (record.index !== this.lastIndex() + 1) {
      throw new Error(`internal: push at ${record.index} after last index ${this.lastIndex()}`);
    }
    this.terms.push(record.term);
    this.ids.push(record.id);
    this.records.push(record);
  }

  /** Extend the log with unknown entries up to lastIndex (a boot reporting more than we saw). */
  fillUnknownTo(lastIndex: number): void {
    while (this.lastIndex() < lastIndex) {
      this.terms.push(UNKNOWN_TERM);
      this.ids.push(undefined);
      this.records.push(undefined);
    }
  }

  /**
   * The snapshot now covers every entry up to index (local compaction, or a snapshot that matches
   * the log). Entries after it are kept.
   */
  compactTo(index: number, term: number | undefined): void {
    if (index <= this.snapshotIndex) return;
    const termHere = term ?? this.termAt(index);
    if (index >= this.lastIndex()) {
      this.resetTo(index, termHere);
      return;
    }
    this.snapshotIndex = index;
    this.snapshotTerm = termHere;
    // Drop stale slots now and then, so compaction stays linear overall.
    const stale = index + 1 - this.base;
    if (stale > 4096 && stale > this.terms.length / 2) {
      this.terms = this.terms.slice(stale);
      this.ids = this.ids.slice(stale);
      this.records = this.records.slice(stale);
      this.base = index + 1;
    }
  }

  /** Discard the whole log: only a snapshot up to index remains (§7 InstallSnapshot, step 7). */
  resetTo(index: number, term: number | undefined): void {
    this.snapshotIndex = index;
    this.snapshotTerm = term;
    this.base = index + 1;
    this.terms = [];
    this.ids = [];
    this.records = [];
  }
}
