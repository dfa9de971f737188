// Applying entries: state machine safety (§5.4.3), in order without gaps per incarnation, only
// committed entries, and leader completeness (§5.4.1): a new leader holds every committed entry.
import type { NodeEvent } from '../../history/events.js';
import type { ReplayContext, RoleEvent } from './context.js';
import { present } from './context.js';
import type { ApplyEvent, ReplayedNode } from './node.js';

type BootEvent = Extract<NodeEvent, { kind: 'boot' }>;
type CommitEvent = Extract<NodeEvent, { kind: 'commit' }>;
type SnapshotEvent = Extract<NodeEvent, { kind: 'snapshot' }>;

/** A restart resumes applying after the persisted snapshot; the commit index is the persisted one. */
export function onBootApply(ns: ReplayedNode, ev: BootEvent): void {
  ns.lastApplied = ev.snapshotIndex;
  ns.lastAppliedTerm = null;
  ns.lastApplyRecord = null;
  ns.commitIndex = Math.max(ev.commit, ev.snapshotIndex);
}

export function onCommit(ns: ReplayedNode, ev: CommitEvent): void {
  if (ev.index > ns.commitIndex) ns.commitIndex = ev.index;
}

/** An installed snapshot replaces the state machine: applying resumes after it (§7). */
export function onSnapshotApply(ctx: ReplayContext, ns: ReplayedNode, ev: SnapshotEvent): void {
  const known = ctx.applied.get(ev.lastIndex);
  if (known !== undefined && known.term !== ev.lastTerm) {
    ctx.violations.add(
      'state-machine-safety',
      `node ${ns.node} took a snapshot through index ${ev.lastIndex} of term ${ev.lastTerm}, but node ${known.event.node} applied an entry of term ${known.term} there`,
      [known.event, ev],
    );
  }
  if (!ev.installed) return;
  if (ev.lastIndex < ns.lastApplied) {
    ctx.violations.add(
      'apply-order',
      `node ${ns.node} installed a snapshot through index ${ev.lastIndex} after applying up to ${ns.lastApplied}: its state went back`,
      present(ns.lastApplyRecord, ev),
    );
  }
  ns.lastApplied = ev.lastIndex;
  ns.lastAppliedTerm = ev.lastTerm;
  ns.lastApplyRecord = null;
  if (ev.lastIndex > ns.commitIndex) ns.commitIndex = ev.lastIndex;
}

export function onApply(ctx: ReplayContext, ns: ReplayedNode, ev: ApplyEvent): void {
  if (ev.index !== ns.lastApplied + 1) {
    ctx.violations.add(
      'apply-order',
      ev.index <= ns.lastApplied
        ? `node ${ns.node} applied index ${ev.index} again after applying up to ${ns.lastApplied}`
        : `node ${ns.node} applied index ${ev.index} after ${ns.lastApplied}: indexes ${ns.lastApplied + 1}..${ev.index - 1} were skipped`,
      present(ns.lastApplyRecord, ev),
    );
  }
  // The host logs commit records before the applies of the same Ready (src/host/host.ts).
  if (ev.index > ns.commitIndex) {
    ctx.violations.add(
      'apply-committed',
      `node ${ns.node} applied index ${ev.index} while its commit index was ${ns.commitIndex}`,
      [ev],
    );
  }
  const first = ctx.applied.get(ev.index);
  if (first === undefined) {
    ctx.applied.set(ev.index, { term: ev.term, id: ev.id, event: ev });
    if (ev.index > ctx.maxAppliedIndex) ctx.maxAppliedIndex = ev.index;
  } else if (first.id !== ev.id || first.term !== ev.term) {
    ctx.violations.add(
      'state-machine-safety',
      `nodes ${first.event.node} and ${ns.node} applied different entries at index ${ev.index} (${first.id} of term ${first.term}, ${ev.id} of term ${ev.term})`,
      [first.event, ev],
    );
  }
  const byTerm = ctx.maxAppliedByNodeTerm.get(ns.currentTerm);
  if (byTerm === undefined || ev.index > byTerm) ctx.maxAppliedByNodeTerm.set(ns.currentTerm, ev.index);
  ns.lastApplied = ev.index;
  ns.lastAppliedTerm = ev.term;
  ns.lastApplyRecord = ev;
}

/**
 * Leader completeness, checked when a node becomes leader of term T. A node that applied index k
 * while in term c knew k was committed, by the leader of c or of an earlier term; so every entry up
 * to k was committed in a term <= c and, if c < T, must be in the new leader's log (§5.4.1) unless
 * its snapshot covers it. Only applies seen before this moment are checked; each node remembers how
 * far it was verified so the work is linear overall.
 */
export function checkLeaderCompleteness(ctx: ReplayContext, ns: ReplayedNode, ev: RoleEvent): void {
  let committedBelow = 0;
  for (const [term, index] of ctx.maxAppliedByNodeTerm) {
    if (term < ev.term && index > committedBelow) committedBelow = index;
  }
  const log = ns.log;
  const from = Math.max(ns.verifiedUpTo, log.snapshotIndex) + 1;
  for (let i = from; i <= committedBelow; i++) {
    const fact = ctx.applied.get(i);
    if (fact === undefined || log.isUnknown(i)) continue;
    const id = log.idAt(i);
    if (id === fact.id) continue;
    ctx.violations.add(
      'leader-completeness',
      id === undefined
        ? `node ${ns.node} became leader of term ${ev.term} without index ${i} (${fact.id}, term ${fact.term}), which node ${fact.event.node} had applied as committed`
        : `node ${ns.node} became leader of term ${ev.term} holding ${id} at index ${i}, but node ${fact.event.node} had applied ${fact.id} (term ${fact.term}) there as committed`,
      present(fact.event, log.recordAt(i), ev),
    );
    return;
  }
  if (committedBelow > ns.verifiedUpTo) ns.verifiedUpTo = committedBelow;
}
