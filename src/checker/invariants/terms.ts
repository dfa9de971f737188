// Terms, votes and leaders: election safety (§5.2), terms never decrease (§5.1), one vote per
// term (§5.2), each also across restarts (Figure 2: currentTerm and votedFor are persistent state).
import type { NodeEvent } from '../../history/events.js';
import type { ReplayContext, RoleEvent } from './context.js';
import { present } from './context.js';
import type { ReplayedNode } from './node.js';

type BootEvent = Extract<NodeEvent, { kind: 'boot' }>;
type TermEvent = Extract<NodeEvent, { kind: 'term' }>;
type VoteEvent = Extract<NodeEvent, { kind: 'vote' }>;

/** A record that carries the node's current term must not go below the term it already had. */
function advanceTerm(ctx: ReplayContext, ns: ReplayedNode, ev: NodeEvent & { term: number }, what: string): void {
  if (ev.term < ns.currentTerm) {
    ctx.violations.add(
      'term-monotonic',
      `node ${ns.node} ${what} in term ${ev.term} after reaching term ${ns.currentTerm}`,
      present(ns.currentTermEvent, ev),
    );
    return;
  }
  if (ev.term > ns.currentTerm) {
    ns.currentTerm = ev.term;
    ns.currentTermEvent = ev;
  }
  if (ev.term > ctx.maxTerm) ctx.maxTerm = ev.term;
}

/**
 * A vote, a role change or a boot shows that the node made its term durable: it persists term and
 * vote before it sends the vote or acts in the role (the brief's "persisted knowledge").
 */
function noteDurableTerm(ns: ReplayedNode, ev: NodeEvent & { term: number }): void {
  if (ev.term > ns.persistedTerm) {
    ns.persistedTerm = ev.term;
    ns.persistedTermEvent = ev;
  }
  if (ev.term > ns.confirmedTerm && !ns.unconfirmed.has(ev)) {
    ns.confirmedTerm = ev.term;
    ns.confirmedTermEvent = ev;
  }
}

export function onBootTerms(ctx: ReplayContext, ns: ReplayedNode, ev: BootEvent): void {
  if (ev.term < ns.persistedTerm) {
    const certain = ev.term < ns.confirmedTerm;
    const evidence = certain ? ns.confirmedTermEvent : ns.persistedTermEvent;
    ctx.violations.add(
      'term-monotonic',
      `node ${ns.node} restarted in term ${ev.term} but had already reached term ${certain ? ns.confirmedTerm : ns.persistedTerm} (a vote or role change) before the restart`,
      present(evidence, ev),
      certain,
    );
  }
  // The vote of the boot's term must have survived the restart.
  const earlier = ns.votes.get(ev.term);
  if (earlier !== undefined && ev.votedFor !== earlier.for) {
    ctx.violations.add(
      'vote-once',
      ev.votedFor === null
        ? `node ${ns.node} restarted in term ${ev.term} without its vote for node ${earlier.for}: it may vote again in that term`
        : `node ${ns.node} restarted in term ${ev.term} with a vote for node ${ev.votedFor}, but it had voted for node ${earlier.for}`,
      [earlier.event, ev],
      !ns.unconfirmed.has(earlier.event),
    );
  } else if (earlier === undefined && ev.votedFor !== null) {
    ns.votes.set(ev.term, { for: ev.votedFor, event: ev, boot: ns.boots });
  }
  // A new incarnation starts from its persisted term.
  ns.currentTerm = ev.term;
  ns.currentTermEvent = ev;
  if (ev.term > ctx.maxTerm) ctx.maxTerm = ev.term;
  noteDurableTerm(ns, ev);
  ns.role = 'follower';
}

export function onTerm(ctx: ReplayContext, ns: ReplayedNode, ev: TermEvent): void {
  advanceTerm(ctx, ns, ev, 'moved');
}

export function onVote(ctx: ReplayContext, ns: ReplayedNode, ev: VoteEvent): void {
  advanceTerm(ctx, ns, ev, `voted for node ${ev.for}`);
  noteDurableTerm(ns, ev);
  const earlier = ns.votes.get(ev.term);
  if (earlier === undefined) {
    ns.votes.set(ev.term, { for: ev.for, event: ev, boot: ns.boots });
    return;
  }
  if (earlier.for === ev.for) return;
  // Uncertain only when the first vote is from an earlier incarnation and may never have been
  // persisted (then it was never sent either).
  const certain = earlier.boot === ns.boots || !ns.unconfirmed.has(earlier.event);
  ctx.violations.add(
    'vote-once',
    `node ${ns.node} voted for node ${earlier.for} and then for node ${ev.for} in term ${ev.term}` +
      (earlier.boot === ns.boots ? '' : ' (across a restart)'),
    [earlier.event, ev],
    certain,
  );
}

/** Role changes: election safety, leader intervals, and the term checks. */
export function onRole(ctx: ReplayContext, ns: ReplayedNode, ev: RoleEvent): void {
  advanceTerm(ctx, ns, ev, `became ${ev.role}`);
  noteDurableTerm(ns, ev);
  if (ns.role === 'leader' && (ev.role !== 'leader' || ev.term !== ns.leaderRecord?.term)) closeLeadership(ctx, ns, ev.time);
  if (ev.role === 'candidate') ctx.electionAttempts += 1;
  if (ev.role === 'leader' && !(ns.role === 'leader' && ns.leaderRecord?.term === ev.term)) {
    const other = ctx.leaderOfTerm.get(ev.term);
    if (other === undefined) {
      ctx.leaderOfTerm.set(ev.term, ev);
    } else if (other.node !== ev.node) {
      ctx.violations.add(
        'election-safety',
        `nodes ${other.node} and ${ev.node} were both leader in term ${ev.term}`,
        [other, ev],
      );
    }
    ctx.leaders.push({ term: ev.term, node: ns.node, fromNs: ev.time, toNs: null });
    ns.leaderRecord = ev;
  }
  ns.role = ev.role;
}

/** End the node's current leader interval at timeNs (a role change, or the last record before a crash). */
export function closeLeadership(ctx: ReplayContext, ns: ReplayedNode, timeNs: number): void {
  if (ns.role !== 'leader') return;
  for (let k = ctx.leaders.length - 1; k >= 0; k--) {
    const interval = ctx.leaders[k]!;
    if (interval.node === ns.node && interval.toNs === null) {
      interval.toNs = timeNs;
      break;
    }
  }
  ns.role = 'follower';
  ns.leaderRecord = null;
}
