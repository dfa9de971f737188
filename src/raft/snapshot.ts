// Log compaction and InstallSnapshot (§7; lab 2D).
import type { Progress } from './progress.js';
import { commitTo, maybeCommit, maybeSendAppend } from './replication.js';
import { setLeader } from './roles.js';
import type { RaftState } from './state.js';
import { asIndex } from './types.js';
import type { InstallSnapshot, InstallSnapshotReply, LogIndex, NodeId } from './types.js';

/** The host applied and snapshotted through `index`: trim the log (§7). */
export function compact(r: RaftState, index: LogIndex, data: string): void {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`compact: index must be an integer >= 0, got ${String(index)}`);
  }
  if (index > r.log.applied) {
    throw new RangeError(`compact: index ${index} is beyond the applied index ${r.log.applied}`);
  }
  // Never past the commit index (only the apply-beyond-commit bug applies further): the core's
  // log must keep every entry that a leader may still overwrite.
  const snap = r.log.compact(asIndex(Math.min(index, r.log.commit)), data);
  if (snap) r.emit({ kind: 'snapshot', lastIndex: snap.lastIndex, lastTerm: snap.lastTerm, installed: false });
}

/** Leader: the follower needs entries we compacted away; send the snapshot whole. */
export function sendSnapshot(r: RaftState, to: NodeId, pr: Progress): void {
  const snap = r.log.snapshot;
  if (!snap) return; // cannot happen: only a compacted log lacks a term for next - 1
  const m: InstallSnapshot = { type: 'InstallSnapshot', from: r.id, to, term: r.term, snapshot: snap };
  r.send(m);
  pr.becomeSnapshot(snap.lastIndex, r.nowTicks);
}

/** Follower: §7 InstallSnapshot receiver rules. */
export function handleInstallSnapshot(r: RaftState, m: InstallSnapshot): void {
  r.electionElapsed = 0;
  setLeader(r, m.from);
  const log = r.log;
  const snap = m.snapshot;
  const reply = (matchIndex: number): void => {
    const out: InstallSnapshotReply = {
      type: 'InstallSnapshotReply',
      from: r.id,
      to: m.from,
      term: r.term,
      matchIndex: asIndex(matchIndex),
    };
    r.send(out);
  };
  if (snap.lastIndex <= log.commit) {
    reply(log.commit); // old news: we already have everything it covers
    return;
  }
  if (log.term(snap.lastIndex) === snap.lastTerm) {
    // §7: our log already holds the snapshot's last entry: keep the entries that follow it and
    // just learn that everything through it is committed (they are applied from the log).
    commitTo(r, snap.lastIndex);
    reply(snap.lastIndex);
    return;
  }
  // §7: otherwise discard the entire log and take the snapshot as the new state.
  if (log.lastIndex() > log.commit) {
    r.emit({ kind: 'truncate', fromIndex: asIndex(log.commit + 1), term: r.term });
  }
  log.restore(snap);
  r.receivedSnapshot = snap;
  r.emit({ kind: 'snapshot', lastIndex: snap.lastIndex, lastTerm: snap.lastTerm, installed: true });
  r.emit({ kind: 'commit', index: snap.lastIndex, term: snap.lastTerm });
  reply(snap.lastIndex);
}

/** Leader: the follower reports its last index after a snapshot. */
export function handleSnapshotReply(r: RaftState, m: InstallSnapshotReply): void {
  const pr = r.progress.get(m.from);
  if (!pr) return;
  pr.recentActive = true;
  const news = pr.maybeUpdate(m.matchIndex);
  // Until the follower reports the snapshot's index, keep waiting (a lost snapshot is resent
  // after an election timeout, see handleAppendReply).
  if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) pr.becomeReplicate();
  if (news) maybeCommit(r);
  if (pr.match < r.log.lastIndex()) maybeSendAppend(r, m.from, pr);
}
