// What a leader knows about one follower (§5.3 nextIndex / matchIndex), plus the flow state that
// keeps retransmissions rare: probe (one append in flight), replicate (optimistic pipelining),
// snapshot (waiting for an InstallSnapshot to land).

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** Bound on the next-index-double-advance bug's record of sent appends (oldest dropped first). */
const MAX_REMEMBERED_APPENDS = 1024;

export class Progress {
  /** Highest index known to be replicated on the follower (§5.3 matchIndex). */
  match = 0;
  /** Index of the next entry to send (§5.3 nextIndex). */
  next: number;
  state: ProgressState = 'probe';
  /** In probe state: an append is in flight, wait for its answer (or a heartbeat interval). */
  paused = false;
  /** In snapshot state: the snapshot's last index. */
  pendingSnapshot = 0;
  /** Tick of the last append or snapshot sent (to spot a lost one). */
  lastSentTick = 0;
  /** Heard from the follower since the last check-quorum round (§6.2 / §9 check-quorum). */
  recentActive = false;
  /** Highest readCtx the follower echoed in this term, and the tick that round was started. */
  ackedCtx = 0;
  ackedCtxSentTick = Number.NEGATIVE_INFINITY;

  /** Only with the next-index-double-advance bug: entries sent per append, by readCtx and last index. */
  private readonly sent = new Map<string, number>();

  constructor(next: number) {
    this.next = next;
  }

  /** A success reply reports `matchIndex`; returns true if it is news. */
  maybeUpdate(matchIndex: number): boolean {
    if (matchIndex <= this.match) return false;
    this.match = matchIndex;
    if (this.next < matchIndex + 1) this.next = matchIndex + 1;
    return true;
  }

  /** The next-index-double-advance bug's bookkeeping: an append of `entries` ending at lastIndex. */
  rememberSent(readCtx: number, lastIndex: number, entries: number): void {
    if (this.sent.size >= MAX_REMEMBERED_APPENDS) this.sent.delete(this.sent.keys().next().value as string);
    this.sent.set(`${readCtx}/${lastIndex}`, entries);
  }

  /** How many entries the append answered by (readCtx, matchIndex) carried; 0 for a heartbeat. */
  sentEntries(readCtx: number, matchIndex: number): number {
    return this.sent.get(`${readCtx}/${matchIndex}`) ?? 0;
  }

  becomeProbe(next: number): void {
    this.state = 'probe';
    this.next = Math.max(next, this.match + 1);
    this.paused = false;
    this.pendingSnapshot = 0;
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.next = this.match + 1;
    this.paused = false;
    this.pendingSnapshot = 0;
  }

  becomeSnapshot(snapshotIndex: number, nowTicks: number): void {
    this.state = 'snapshot';
    this.pendingSnapshot = snapshotIndex;
    this.lastSentTick = nowTicks;
    this.paused = false;
  }
}
