// Leader election: §5.2 (timeouts, RequestVote, one vote per term), §5.4.1 (the up-to-date check)
// and §9.6 (pre-vote). Also the follower side of leader stickiness used with check-quorum.
import { becomeCandidate, becomeFollower, becomeLeader, becomePreCandidate } from './roles.js';
import { maybeCommit } from './replication.js';
import type { RaftState } from './state.js';
import type { LogIndex, RequestVote, RequestVoteReply, Term } from './types.js';

/** Followers and candidates: count down to an election (§5.2). */
export function tickElection(r: RaftState): void {
  r.electionElapsed++;
  if (r.electionElapsed >= r.randomizedElectionTimeout) {
    r.electionElapsed = 0;
    campaign(r, r.config.preVote ? 'pre-vote' : 'election', false);
  }
}

export function campaign(r: RaftState, kind: 'pre-vote' | 'election', transfer: boolean): void {
  if (kind === 'pre-vote') {
    becomePreCandidate(r);
  } else {
    becomeCandidate(r);
  }
  if (tally(r) === 'won') return;
  const preVote = kind === 'pre-vote';
  // A pre-vote asks about the term we would campaign in, without moving to it (§9.6).
  const term = (preVote ? r.term + 1 : r.term) as Term;
  for (const peer of r.others) {
    const m: RequestVote = {
      type: 'RequestVote',
      from: r.id,
      to: peer,
      term,
      preVote,
      lastLogIndex: r.log.lastIndex(),
      lastLogTerm: r.log.lastTerm(),
      ...(transfer ? { transfer: true } : {}),
    };
    r.send(m);
  }
}

/** Count votes; act on a win or a loss. */
function tally(r: RaftState): 'won' | 'lost' | 'pending' {
  let granted = 0;
  let rejected = 0;
  for (const g of r.votes.values()) {
    if (g) granted++;
    else rejected++;
  }
  if (granted >= r.quorum) {
    if (r.role === 'pre-candidate') {
      campaign(r, 'election', false);
    } else {
      becomeLeader(r);
      maybeCommit(r);
    }
    return 'won';
  }
  if (rejected >= r.quorum) {
    becomeFollower(r, r.term, null);
    return 'lost';
  }
  return 'pending';
}

/**
 * §5.4.1: the candidate's log is at least as up-to-date as ours if its last term is higher, or
 * the last terms are equal and its log is at least as long.
 */
export function isUpToDate(r: RaftState, lastLogIndex: LogIndex, lastLogTerm: Term): boolean {
  const ourIndex = r.log.lastIndex();
  const ourTerm = r.log.lastTerm();
  if (r.hasBug('vote-without-log-check')) return true; // BUG: skips the §5.4.1 check entirely
  if (r.hasBug('up-to-date-index-before-term')) {
    // BUG: compares log length first, so a longer log of older terms wins (§5.4.1 says term first).
    return lastLogIndex > ourIndex || (lastLogIndex === ourIndex && lastLogTerm >= ourTerm);
  }
  return lastLogTerm > ourTerm || (lastLogTerm === ourTerm && lastLogIndex >= ourIndex);
}

/**
 * RequestVote for any role, after the term comparison at the top of step: m.term <= r.term,
 * except for a pre-vote, which asks about a future term.
 */
export function handleVoteRequest(r: RaftState, m: RequestVote): void {
  // §5.2: at most one vote per term (first-come-first-served); a follower that knows the leader
  // of this term does not vote for anyone else. A pre-vote for a later term binds nothing.
  const canVote =
    r.votedFor === m.from || (r.votedFor === null && r.leader === null) || (m.preVote && m.term > r.term);
  const grant = canVote && isUpToDate(r, m.lastLogIndex, m.lastLogTerm);
  if (grant && !m.preVote) {
    r.electionElapsed = 0;
    if (r.votedFor !== m.from) {
      r.votedFor = m.from;
      r.emit({ kind: 'vote', term: r.term, for: m.from });
    }
  }
  const reply: RequestVoteReply = {
    type: 'RequestVoteReply',
    from: r.id,
    to: m.from,
    // A granted pre-vote echoes the asked-for term, so the pre-candidate does not see it as news.
    term: grant && m.preVote ? m.term : r.term,
    preVote: m.preVote,
    granted: grant,
  };
  r.send(reply);
}

/** Candidate and pre-candidate: a vote came back. */
export function handleVoteReply(r: RaftState, m: RequestVoteReply): void {
  if (m.preVote !== (r.role === 'pre-candidate')) return; // an answer to the other kind of election
  if (r.votes.has(m.from)) return;
  r.votes.set(m.from, m.granted);
  tally(r);
}
