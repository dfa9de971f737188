// Message and tick dispatch, etcd style: the term comparison is made once at the top of step()
// (§5.1: a higher term makes any node a follower; a lower term is stale), then each role has its
// own step and tick function.
import { campaign, handleVoteReply, handleVoteRequest, tickElection } from './election.js';
import { pruneRounds } from './read-index.js';
import {
  broadcastHeartbeat,
  handleAppendEntries,
  handleAppendReply,
  maybeCommit,
} from './replication.js';
import { becomeFollower } from './roles.js';
import { handleInstallSnapshot, handleSnapshotReply } from './snapshot.js';
import type { RaftState } from './state.js';
import { asIndex, asTerm } from './types.js';
import type { LogIndex, Message, Role } from './types.js';

const isReply = (m: Message): boolean =>
  m.type === 'RequestVoteReply' || m.type === 'AppendEntriesReply' || m.type === 'InstallSnapshotReply';

/** Sent only by the leader of m.term. */
const isFromLeader = (m: Message): boolean =>
  m.type === 'AppendEntries' || m.type === 'InstallSnapshot' || m.type === 'TimeoutNow';

export function step(r: RaftState, m: Message): void {
  if (m.to !== r.id || !r.isMember(m.from)) return;
  // BUG timer-reset-by-any-message: only AppendEntries from the current leader and a granted vote
  // reset the election timer (§5.2); this resets it on anything, a stale leader's heartbeat included.
  if (r.role !== 'leader' && r.hasBug('timer-reset-by-any-message')) r.electionElapsed = 0;

  if (m.term > r.term) {
    if (m.type === 'RequestVote' && m.transfer !== true && inLeaderLease(r)) {
      // §9.6 / thesis §4.2.3: we heard from a leader within the minimum election timeout, so we
      // neither bump our term nor vote: a partitioned node that rejoins cannot disrupt the leader.
      return;
    }
    const keepsTerm =
      (m.type === 'RequestVote' && m.preVote) || (m.type === 'RequestVoteReply' && m.preVote && m.granted);
    if (!keepsTerm) {
      if (isReply(m) && r.role === 'leader' && r.hasBug('no-step-down-on-reply')) {
        return; // BUG: a leader must step down on a higher term in a reply too (§5.1); this one ignores it.
      }
      becomeFollower(r, m.term, isFromLeader(m) ? m.from : null);
    }
  } else if (m.term < r.term) {
    answerStale(r, m);
    return;
  }

  if (m.type === 'RequestVote') {
    handleVoteRequest(r, m);
    return;
  }
  stepByRole[r.role](r, m);
}

/**
 * Followers (and the leader itself) that heard from a leader recently refuse to vote. A node that
 * just booted does not know whether it did, so it also refuses during its first election timeout:
 * otherwise a restart would let a new leader be elected while the old leader's lease still runs.
 */
function inLeaderLease(r: RaftState): boolean {
  const { checkQuorum, preVote, electionTicks } = r.config;
  if (!(checkQuorum || preVote) || r.electionElapsed >= electionTicks) return false;
  return r.leader !== null || r.nowTicks < electionTicks;
}

/** §5.1: a request with a stale term is rejected, with our term so the sender catches up. */
function answerStale(r: RaftState, m: Message): void {
  switch (m.type) {
    case 'RequestVote':
      r.send({ type: 'RequestVoteReply', from: r.id, to: m.from, term: r.term, preVote: m.preVote, granted: false });
      return;
    case 'AppendEntries':
      r.send({
        type: 'AppendEntriesReply',
        from: r.id,
        to: m.from,
        term: r.term,
        success: false,
        matchIndex: asIndex(0),
        conflictTerm: asTerm(0),
        conflictIndex: asIndex(0),
        readCtx: m.readCtx,
      });
      return;
    case 'InstallSnapshot':
      r.send({ type: 'InstallSnapshotReply', from: r.id, to: m.from, term: r.term, matchIndex: asIndex(0) });
      return;
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
    case 'TimeoutNow':
      return; // stale answers and orders are dropped
    default:
      return assertNever(m);
  }
}

function stepLeader(r: RaftState, m: Message): void {
  switch (m.type) {
    case 'AppendEntriesReply':
      handleAppendReply(r, m);
      return;
    case 'InstallSnapshotReply':
      handleSnapshotReply(r, m);
      return;
    case 'RequestVote': // handled before dispatch
    case 'RequestVoteReply': // late answers from our own election
    case 'AppendEntries': // another leader of our term cannot exist (Election Safety)
    case 'InstallSnapshot':
    case 'TimeoutNow':
      return;
    default:
      return assertNever(m);
  }
}

/** Candidates and pre-candidates. */
function stepCandidate(r: RaftState, m: Message): void {
  switch (m.type) {
    case 'RequestVoteReply':
      handleVoteReply(r, m);
      return;
    case 'AppendEntries':
      // §5.2: a leader of our term exists: return to follower.
      becomeFollower(r, m.term, m.from);
      handleAppendEntries(r, m);
      return;
    case 'InstallSnapshot':
      becomeFollower(r, m.term, m.from);
      handleInstallSnapshot(r, m);
      return;
    case 'RequestVote':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
    case 'TimeoutNow':
      return;
    default:
      return assertNever(m);
  }
}

function stepFollower(r: RaftState, m: Message): void {
  switch (m.type) {
    case 'AppendEntries':
      handleAppendEntries(r, m);
      return;
    case 'InstallSnapshot':
      handleInstallSnapshot(r, m);
      return;
    case 'TimeoutNow':
      // Leadership transfer: campaign now, a real election (no pre-vote) that voters honour.
      campaign(r, 'election', true);
      return;
    case 'RequestVote':
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return;
    default:
      return assertNever(m);
  }
}

const stepByRole: Record<Role, (r: RaftState, m: Message) => void> = {
  follower: stepFollower,
  'pre-candidate': stepCandidate,
  candidate: stepCandidate,
  leader: stepLeader,
};

/** Leader: heartbeats (§5.2), check-quorum, and abandoning a stuck leadership transfer. */
function tickLeader(r: RaftState): void {
  r.heartbeatElapsed++;
  r.electionElapsed++;
  if (r.electionElapsed >= r.config.electionTicks) {
    r.electionElapsed = 0;
    if (r.config.checkQuorum) {
      let active = 1;
      for (const pr of r.progress.values()) {
        if (pr.recentActive) active++;
        pr.recentActive = false;
      }
      if (active < r.quorum) {
        becomeFollower(r, r.term, null); // check-quorum: we may be on the minority side
        return;
      }
    }
    r.leadTransferee = null;
    pruneRounds(r);
  }
  if (r.heartbeatElapsed >= r.config.heartbeatTicks) broadcastHeartbeat(r);
}

const tickByRole: Record<Role, (r: RaftState) => void> = {
  follower: tickElection,
  'pre-candidate': tickElection,
  candidate: tickElection,
  leader: tickLeader,
};

export function tick(r: RaftState): void {
  r.nowTicks++;
  tickByRole[r.role](r);
}

/** Leader: append a client command (§5.3); it is sent with the next ready(). */
export function propose(r: RaftState, data: string): LogIndex | null {
  if (r.role !== 'leader' || r.leadTransferee !== null) return null;
  const index = asIndex(r.log.lastIndex() + 1);
  r.log.append([{ term: r.term, index, kind: 'normal', data }]);
  r.appendPending = true;
  if (r.others.length === 0) maybeCommit(r);
  return index;
}

function assertNever(m: never): never {
  throw new TypeError(`raft: unknown message type ${JSON.stringify((m as { type?: unknown }).type)}`);
}
