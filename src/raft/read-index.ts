// Linearizable reads without writing to the log (§8 of the paper; Ongaro's thesis §6.4):
// ReadIndex (record the commit index, confirm leadership with a heartbeat round, then serve once
// applied through it) and leader leases (serve without a round trip while a quorum answered
// recently enough that no other leader can exist yet).
import type { RaftState } from './state.js';
import type { ReadMode, ReadRejected } from './types.js';

/** §8: a new leader does not know the commit index until it commits an entry of its own term. */
function committedInTerm(r: RaftState): boolean {
  return r.log.term(r.log.commit) === r.term;
}

export function readIndex(r: RaftState, requestId: string, mode: ReadMode): void {
  if (r.hasBug('local-reads')) {
    // BUG: answers from local state at once, on any node: a follower or a deposed leader serves stale data.
    r.readStates.push({ requestId, index: r.log.commit });
    return;
  }
  if (r.role !== 'leader') {
    r.readRejections.push({ requestId, reason: 'not-leader', leader: r.leader });
    return;
  }
  if (!committedInTerm(r)) {
    r.readsAwaitingCommit.push({ requestId, mode });
    return;
  }
  serveRead(r, requestId, mode);
}

function serveRead(r: RaftState, requestId: string, mode: ReadMode): void {
  if (r.others.length === 0 || (mode === 'lease' && leaseValid(r))) {
    r.readStates.push({ requestId, index: r.log.commit });
    return;
  }
  r.pendingReads.push({ requestId, index: r.log.commit, ctx: 0 });
  r.readRoundWanted = true;
}

/** Leader committed an entry of its term: the reads that waited for it can proceed. */
export function releaseAwaitingReads(r: RaftState): void {
  if (r.readsAwaitingCommit.length === 0 || !committedInTerm(r)) return;
  const waiting = r.readsAwaitingCommit.splice(0);
  for (const w of waiting) serveRead(r, w.requestId, w.mode);
}

/** A follower echoed a readCtx: serve every read whose round a quorum has now acknowledged. */
export function confirmReads(r: RaftState): void {
  while (r.pendingReads.length > 0) {
    const read = r.pendingReads[0];
    if (!read || read.ctx === 0) return;
    let acks = 1;
    for (const pr of r.progress.values()) if (pr.ackedCtx >= read.ctx) acks++;
    if (acks < r.quorum) return;
    r.pendingReads.shift();
    r.readStates.push({ requestId: read.requestId, index: read.index });
  }
}

/**
 * A lease holds while a quorum acknowledged a heartbeat round started less than leaseTicks ago.
 * Sound only if followers refuse votes for an election timeout after hearing from the leader
 * (checkQuorum or preVote), and leaseTicks leaves a margin for clock drift below electionTicks.
 */
export function leaseValid(r: RaftState): boolean {
  const cfg = r.config;
  if (cfg.leaseTicks <= 0 || !(cfg.checkQuorum || cfg.preVote)) return false;
  // A leadership transfer lets one election skip stickiness: no lease once it has begun.
  if (r.leadTransferee !== null || r.timeoutNowSent) return false;
  const sent = [r.nowTicks];
  for (const pr of r.progress.values()) sent.push(pr.ackedCtxSentTick);
  sent.sort((a, b) => b - a);
  const start = sent[r.quorum - 1] ?? Number.NEGATIVE_INFINITY;
  // BUG lease-without-margin: trusts the lease for a whole election timeout, leaving no room for drift.
  const leaseTicks = r.hasBug('lease-without-margin') ? cfg.electionTicks : cfg.leaseTicks;
  return r.nowTicks - start < leaseTicks;
}

/** Forget round start times too old to matter for a lease. */
export function pruneRounds(r: RaftState): void {
  const horizon = r.nowTicks - 2 * r.config.electionTicks;
  for (const [ctx, tick] of r.ctxSentTick) {
    if (tick >= horizon) break;
    r.ctxSentTick.delete(ctx);
  }
}

/** Leadership is gone: every read in flight is answered with a rejection. */
export function rejectAllReads(r: RaftState, reason: ReadRejected['reason']): void {
  for (const read of r.pendingReads) r.readRejections.push({ requestId: read.requestId, reason, leader: null });
  for (const w of r.readsAwaitingCommit) r.readRejections.push({ requestId: w.requestId, reason, leader: null });
  r.pendingReads.length = 0;
  r.readsAwaitingCommit.length = 0;
}
