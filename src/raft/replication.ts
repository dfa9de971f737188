// Log replication (§5.3): the leader's AppendEntries (entries and heartbeats), the follower's
// consistency check and conflict resolution, the leader's fast backup of nextIndex, and the
// commit rule of §5.4.2 (only entries of the current term are committed by counting replicas).
import type { Progress } from './progress.js';
import { quorumValue } from './quorum.js';
import { confirmReads, releaseAwaitingReads } from './read-index.js';
import { setLeader } from './roles.js';
import { sendSnapshot } from './snapshot.js';
import type { RaftState } from './state.js';
import { maybeSendTimeoutNow } from './transfer.js';
import { asIndex, asTerm } from './types.js';
import type { AppendEntries, AppendEntriesReply, Entry, NodeId, Term } from './types.js';

function appendMessage(
  r: RaftState,
  to: NodeId,
  prevLogIndex: number,
  prevLogTerm: Term,
  entries: readonly Entry[],
  leaderCommit: number,
): AppendEntries {
  return {
    type: 'AppendEntries',
    from: r.id,
    to,
    term: r.term,
    prevLogIndex: asIndex(prevLogIndex),
    prevLogTerm,
    entries,
    leaderCommit: asIndex(leaderCommit),
    readCtx: r.readCtx,
  };
}

/** How many full AppendEntries a follower in replicate state may have unacknowledged. */
export const MAX_INFLIGHT_APPENDS = 32;

/**
 * Send what the follower is missing, if its flow state allows: in probe state one append and then
 * wait; in replicate state the unsent entries up to the in-flight window, in chunks of
 * maxEntriesPerAppend, advancing nextIndex optimistically. Falls back to InstallSnapshot when the
 * entries are compacted (§7).
 */
export function maybeSendAppend(r: RaftState, to: NodeId, pr: Progress): void {
  if (pr.state === 'snapshot') return;
  if (pr.state === 'probe' && pr.paused) return;
  const log = r.log;
  const prevTerm = log.term(pr.next - 1);
  if (prevTerm === null) {
    sendSnapshot(r, to, pr);
    return;
  }
  const last = log.lastIndex();
  const max = r.config.maxEntriesPerAppend;
  if (pr.state === 'probe') {
    const entries = log.slice(pr.next, Math.min(last, pr.next + max - 1));
    r.send(appendMessage(r, to, pr.next - 1, prevTerm, entries, log.commit));
    if (r.hasBug('next-index-double-advance')) pr.rememberSent(r.readCtx, pr.next - 1 + entries.length, entries.length);
    pr.paused = true;
    pr.lastSentTick = r.nowTicks;
    return;
  }
  // At most MAX_INFLIGHT_APPENDS messages' worth of entries beyond what the follower acknowledged
  // (etcd raft's MaxInflightMsgs): without a window, every resend after a loss re-sends the whole
  // backlog, and with small messages that is a storm that starves the cluster.
  const windowEnd = pr.match + max * MAX_INFLIGHT_APPENDS;
  while (pr.next <= last && pr.next <= windowEnd) {
    const prev = pr.next - 1;
    const entries = log.slice(pr.next, Math.min(last, pr.next + max - 1));
    r.send(appendMessage(r, to, prev, log.term(prev) as Term, entries, log.commit));
    if (r.hasBug('next-index-double-advance')) pr.rememberSent(r.readCtx, prev + entries.length, entries.length);
    pr.next += entries.length;
    pr.lastSentTick = r.nowTicks;
  }
}

/** Leader: send newly proposed entries to every follower (one batch per ready()). */
export function broadcastAppend(r: RaftState): void {
  r.appendPending = false;
  for (const [peer, pr] of r.progress) maybeSendAppend(r, peer, pr);
}

/**
 * Leader: one heartbeat round (§5.2), which is also a ReadIndex round (readCtx). A heartbeat
 * carries no entries: its prevLogIndex is the follower's known match, so it always passes the
 * consistency check and can safely carry the commit index up to that match.
 */
export function broadcastHeartbeat(r: RaftState): void {
  r.heartbeatElapsed = 0;
  r.readRoundWanted = false;
  r.readCtx++;
  r.ctxSentTick.set(r.readCtx, r.nowTicks);
  for (const read of r.pendingReads) if (read.ctx === 0) read.ctx = r.readCtx;
  // With commit-not-capped the heartbeat is Figure 2's plain empty AppendEntries (prevLogIndex =
  // nextIndex - 1, leaderCommit = the leader's commit index), so the follower's cap is the only one.
  const plain = r.hasBug('commit-not-capped');
  for (const [peer, pr] of r.progress) {
    const at = plain ? pr.next - 1 : pr.match;
    const atTerm = r.log.term(at);
    const prev = atTerm === null ? 0 : at;
    r.send(appendMessage(r, peer, prev, atTerm ?? asTerm(0), [], plain ? r.log.commit : Math.min(r.log.commit, prev)));
  }
}

/** Advance the commit index (never backwards) and report it. */
export function commitTo(r: RaftState, index: number): void {
  if (index <= r.log.commit) return;
  r.log.commit = asIndex(index);
  r.emit({ kind: 'commit', index: r.log.commit, term: r.log.term(index) ?? r.term });
}

/**
 * §5.3 / §5.4.2: the leader commits the highest index stored on a majority, but only if that
 * entry is of its current term (Figure 8: older entries commit only indirectly).
 */
export function maybeCommit(r: RaftState): boolean {
  const matches = [r.log.lastIndex() as number];
  for (const pr of r.progress.values()) matches.push(pr.match);
  const candidate = quorumValue(matches);
  if (candidate <= r.log.commit) return false;
  // BUG commit-old-term-by-count: commits an entry of an earlier term by counting replicas (Figure 8).
  if (r.log.term(candidate) !== r.term && !r.hasBug('commit-old-term-by-count')) return false;
  commitTo(r, candidate);
  releaseAwaitingReads(r);
  return true;
}

/** The commit-by-ack-count bug: count one more ack for every entry of this term up to `matchIndex`. */
function commitByAckCount(r: RaftState, matchIndex: number): void {
  const need = Math.floor(r.config.peers.length / 2) + 1;
  for (let i = r.log.commit + 1; i <= Math.min(matchIndex, r.log.lastIndex()); i++) {
    if (r.log.term(i) !== r.term) continue;
    const key = `${r.term}/${i}`;
    const acks = (r.ackCounts.get(key) ?? 1) + 1; // the leader's own copy counts once
    r.ackCounts.set(key, acks);
    if (acks >= need) {
      commitTo(r, i);
      releaseAwaitingReads(r);
    }
  }
}

/** Follower (any non-leader that accepted the sender as leader of this term): §5.3 receiver rules. */
export function handleAppendEntries(r: RaftState, m: AppendEntries): void {
  r.electionElapsed = 0;
  setLeader(r, m.from);
  const log = r.log;
  let prev: number = m.prevLogIndex;
  let prevTerm: Term = m.prevLogTerm;
  let entries = m.entries;

  if (prev < log.commit) {
    // Entries up to our commit index are committed, hence equal to the leader's (Leader
    // Completeness, §5.4): skip them, so that the check below never needs a compacted term.
    const skip = Math.min(log.commit - prev, entries.length);
    if (skip > 0) prevTerm = (entries[skip - 1] as Entry).term;
    prev += skip;
    entries = entries.slice(skip);
    if (prev < log.commit) {
      appendReply(r, m, true, log.commit, 0, 0);
      return;
    }
  }

  const ourPrevTerm = log.term(prev);
  if (ourPrevTerm !== prevTerm) {
    // §5.3 step 2: reject, with the fast-backup hint (lab 2C): the term we hold at prevLogIndex
    // and the first index of that term, or our log's end if it is too short.
    const tooShort = ourPrevTerm === null;
    appendReply(
      r,
      m,
      false,
      m.prevLogIndex, // the index we reject, so the leader can spot stale rejections
      tooShort ? 0 : ourPrevTerm,
      tooShort ? log.lastIndex() + 1 : log.firstIndexOfTermAt(prev),
    );
    return;
  }

  let firstNew = 0;
  while (firstNew < entries.length) {
    const e = entries[firstNew] as Entry;
    if (log.term(e.index) !== e.term) break;
    firstNew++;
  }
  const lastNew = prev + entries.length;
  if (firstNew < entries.length) {
    const fresh = entries.slice(firstNew);
    const at = (fresh[0] as Entry).index;
    if (at <= log.lastIndex()) {
      if (r.hasBug('no-truncate-on-conflict')) {
        // BUG: overwrites the conflicting entries in place but keeps the stale tail after them
        // (§5.3 step 3 says delete the existing entry and all that follow it).
        const inside = fresh.filter((e) => e.index <= log.lastIndex());
        log.overwrite(inside);
        log.append(fresh.slice(inside.length));
      } else {
        // §5.3 step 3: an existing entry conflicts with a new one: delete it and all that follow.
        log.truncateFrom(at);
        r.emit({ kind: 'truncate', fromIndex: at, term: r.term });
        log.append(fresh);
      }
    } else {
      log.append(fresh); // §5.3 step 4
    }
  } else if (entries.length > 0 && lastNew < log.lastIndex() && r.hasBug('stale-append-truncates')) {
    // BUG: a delayed AppendEntries whose entries all match must not cut the log after them
    // (entries beyond it may be committed already); this one truncates anyway.
    log.truncateFrom(lastNew + 1);
    r.emit({ kind: 'truncate', fromIndex: asIndex(lastNew + 1), term: r.term });
  }
  // §5.3 step 5: commitIndex = min(leaderCommit, index of last new entry).
  // BUG commit-not-capped: caps at our own log end instead, so entries past what this message
  // verified (a stale tail of an older term) are committed and applied.
  commitTo(r, Math.min(m.leaderCommit, r.hasBug('commit-not-capped') ? log.lastIndex() : lastNew));
  appendReply(r, m, true, lastNew, 0, 0);
}

/** The answer to an AppendEntries (no closure per message: this runs for every one received). */
function appendReply(
  r: RaftState,
  m: AppendEntries,
  success: boolean,
  matchIndex: number,
  conflictTerm: number,
  conflictIndex: number,
): void {
  r.send({
    type: 'AppendEntriesReply',
    from: r.id,
    to: m.from,
    term: r.term,
    readCtx: m.readCtx,
    success,
    matchIndex: asIndex(matchIndex),
    conflictTerm: asTerm(conflictTerm),
    conflictIndex: asIndex(conflictIndex),
  });
}

/** Leader: how far back to move nextIndex after a rejection (the lab's fast backup, §5.3 end). */
function backedUpNext(r: RaftState, m: AppendEntriesReply): number {
  if (m.conflictTerm === 0) return m.conflictIndex;
  const lastOfTerm = r.log.lastIndexOfTerm(m.conflictTerm, m.matchIndex);
  return lastOfTerm > 0 ? lastOfTerm + 1 : m.conflictIndex;
}

/**
 * The next-index-double-advance bug: the match the leader believes after a success, counted from
 * what it sent (nextIndex += entries sent; matchIndex = nextIndex - 1) instead of read from the
 * reply. BUG: a duplicated or late repeated reply advances it again, past what the follower holds.
 */
function advancedBySent(r: RaftState, pr: Progress, m: AppendEntriesReply): number {
  const sent = pr.sentEntries(m.readCtx, m.matchIndex);
  return Math.min(r.log.lastIndex(), Math.max(pr.match, m.matchIndex - sent) + sent);
}

/** Leader: an AppendEntriesReply of the current term. */
export function handleAppendReply(r: RaftState, m: AppendEntriesReply): void {
  const pr = r.progress.get(m.from);
  if (!pr) return;
  pr.recentActive = true;
  if (m.readCtx > pr.ackedCtx) {
    pr.ackedCtx = m.readCtx;
    pr.ackedCtxSentTick = r.ctxSentTick.get(m.readCtx) ?? pr.ackedCtxSentTick;
    confirmReads(r);
  }
  if (m.success) {
    // BUG commit-by-ack-count: every successful reply counts once more for each entry it covers,
    // whoever sent it and however often (a duplicated reply counts twice), and a majority of counts
    // commits the entry: a majority of replies is not a majority of nodes.
    if (r.hasBug('commit-by-ack-count')) commitByAckCount(r, m.matchIndex);
    if (pr.maybeUpdate(r.hasBug('next-index-double-advance') ? advancedBySent(r, pr, m) : m.matchIndex)) {
      if (pr.state === 'probe' || (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot)) pr.becomeReplicate();
      maybeCommit(r);
      maybeSendTimeoutNow(r, m.from, pr);
    } else if (pr.match < r.log.lastIndex() && r.nowTicks - pr.lastSentTick >= r.config.heartbeatTicks) {
      // No progress although what we sent has had a heartbeat interval to arrive: it was lost.
      if (pr.state === 'replicate') pr.becomeProbe(pr.match + 1);
      else if (pr.state === 'probe') pr.paused = false;
      else if (r.nowTicks - pr.lastSentTick >= r.config.electionTicks) pr.becomeProbe(pr.match + 1);
    }
  } else {
    // A rejection for an index we are no longer probing is stale: ignore it.
    const rejected = m.matchIndex;
    const stale = pr.state === 'probe' ? rejected !== pr.next - 1 : rejected <= pr.match || pr.state === 'snapshot';
    if (stale) return;
    const next = Math.min(backedUpNext(r, m), r.log.lastIndex() + 1, rejected);
    pr.becomeProbe(next);
  }
  if (pr.match < r.log.lastIndex() || pr.state === 'probe') maybeSendAppend(r, m.from, pr);
}

