// Leadership transfer (thesis §3.10): bring the target up to date, then send TimeoutNow so that
// it starts an election at once (skipping pre-vote, and voters skip their leader stickiness).
import type { Progress } from './progress.js';
import { maybeSendAppend } from './replication.js';
import type { RaftState } from './state.js';
import type { NodeId } from './types.js';

export function transferLeadership(r: RaftState, target: NodeId): void {
  if (r.role !== 'leader' || !r.isMember(target) || r.leadTransferee === target) return;
  const pr = r.progress.get(target);
  if (!pr) return;
  r.leadTransferee = target;
  r.electionElapsed = 0; // the transfer is abandoned after one election timeout (tickHeartbeat)
  if (pr.match === r.log.lastIndex()) sendTimeoutNow(r, target);
  else maybeSendAppend(r, target, pr);
}

export function maybeSendTimeoutNow(r: RaftState, from: NodeId, pr: Progress): void {
  if (r.leadTransferee === from && pr.match === r.log.lastIndex()) sendTimeoutNow(r, from);
}

function sendTimeoutNow(r: RaftState, to: NodeId): void {
  r.timeoutNowSent = true;
  r.send({ type: 'TimeoutNow', from: r.id, to, term: r.term });
}
