// Role transitions (§5.1 Figure 4: follower -> candidate -> leader, and back to follower on a
// higher term), with the §9.6 pre-candidate step in front of a real candidacy.
import { Progress } from './progress.js';
import { rejectAllReads } from './read-index.js';
import type { RaftState } from './state.js';
import { asIndex } from './types.js';
import type { NodeId, Role, Term } from './types.js';

function reportRole(r: RaftState): void {
  r.emit({ kind: 'role', role: r.role, term: r.term, leader: r.leader });
}

/** Clear the per-term volatile state that every role change resets. */
function reset(r: RaftState, term: Term): void {
  if (r.term !== term) {
    r.term = term;
    r.votedFor = null;
    r.emit({ kind: 'term', term });
  }
  r.electionElapsed = 0;
  r.heartbeatElapsed = 0;
  r.resetRandomizedElectionTimeout();
  r.votes.clear();
  r.progress.clear();
  r.appendPending = false;
  r.leadTransferee = null;
  r.timeoutNowSent = false;
  r.readCtx = 0;
  r.ctxSentTick.clear();
  r.readRoundWanted = false;
}

function leaveRole(r: RaftState): void {
  if (r.role === 'leader') rejectAllReads(r, 'lost-leadership');
}

/** §5.1: a node that sees a higher term (or a leader of its term) becomes a follower. */
export function becomeFollower(r: RaftState, term: Term, leader: NodeId | null): void {
  const before: Role = r.role;
  const leaderBefore = r.leader;
  leaveRole(r);
  reset(r, term);
  r.role = 'follower';
  r.leader = leader;
  if (before !== 'follower' || leader !== leaderBefore) reportRole(r);
}

/** A follower learns (or changes) the leader of its current term. */
export function setLeader(r: RaftState, leader: NodeId): void {
  if (r.leader === leader) return;
  r.leader = leader;
  reportRole(r);
}

/** §9.6 pre-vote: ask whether we could win, without touching the term. */
export function becomePreCandidate(r: RaftState): void {
  leaveRole(r);
  const term = r.term;
  reset(r, term);
  r.role = 'pre-candidate';
  r.leader = null;
  r.votes.set(r.id, true);
  reportRole(r);
}

/** §5.2: increment the term, vote for self. */
export function becomeCandidate(r: RaftState): void {
  leaveRole(r);
  reset(r, (r.term + 1) as Term);
  r.role = 'candidate';
  r.leader = null;
  r.votedFor = r.id;
  r.votes.set(r.id, true);
  r.emit({ kind: 'vote', term: r.term, for: r.id });
  reportRole(r);
}

/** §5.2 won the election; §8: append a no-op entry so that entries of this term can commit. */
export function becomeLeader(r: RaftState): void {
  reset(r, r.term);
  r.role = 'leader';
  r.leader = r.id;
  const next = r.log.lastIndex() + 1;
  for (const peer of r.others) r.progress.set(peer, new Progress(next));
  r.log.append([{ term: r.term, index: asIndex(next), kind: 'noop', data: '' }]);
  r.appendPending = true;
  reportRole(r);
}
