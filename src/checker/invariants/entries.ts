// Log matching (§5.3, Figure 3): if two logs contain an entry with the same index and term, they hold
// the same entry there and are identical in every earlier entry.
//
// Checked incrementally, without comparing whole logs: every (index, term) pair must always carry
// the same id, and the entry just before it must always have the same term. By induction on the
// index (the pair at index - 1 again carries one id and one predecessor term), two logs that share a
// pair share the whole prefix. Each node's log is reconstructed from its own records
// (invariants-log.ts): an append at index i replaces the log from i on, as the host's storage does.
import type { NodeEvent } from '../../history/events.js';
import type { ReplayContext } from './context.js';
import { present } from './context.js';
import type { AppendEvent } from './log.js';
import type { ReplayedNode } from './node.js';

type BootEvent = Extract<NodeEvent, { kind: 'boot' }>;
type TruncateEvent = Extract<NodeEvent, { kind: 'truncate' }>;
type SnapshotEvent = Extract<NodeEvent, { kind: 'snapshot' }>;

/** Bound on the cut-but-applied entries remembered per truncate (only a broken core cuts any). */
const MAX_REMEMBERED_CUTS = 10_000;

/** A restart keeps the persisted log: the snapshot and the entries up to boot.lastIndex. */
export function onBootLog(ns: ReplayedNode, ev: BootEvent): void {
  const log = ns.log;
  if (ev.snapshotIndex < log.snapshotIndex) {
    // The snapshot went back (an unfinished snapshot write was discarded): content is unknown now.
    log.resetTo(ev.snapshotIndex, undefined);
  } else {
    log.truncateFrom(ev.lastIndex + 1);
    if (ev.snapshotIndex > log.snapshotIndex) log.compactTo(ev.snapshotIndex, undefined);
  }
  if (ev.lastIndex > log.lastIndex()) log.fillUnknownTo(ev.lastIndex);
  ns.cutApplied.clear();
  ns.verifiedUpTo = Math.min(ns.verifiedUpTo, log.lastIndex());
}

export function onAppend(ctx: ReplayContext, ns: ReplayedNode, ev: AppendEvent): void {
  const log = ns.log;
  // Entries the snapshot already covers are skipped by storage (src/host/memory-storage.ts).
  if (ev.index <= log.snapshotIndex) return;
  checkAppliedKept(ctx, ns, ev);
  if (ns.pendingCut !== null && ev.index >= (ns.pendingCut.event as TruncateEvent).fromIndex) settleCut(ctx, ns, ev);
  const last = log.lastIndex();
  if (ev.index > last + 1) {
    ctx.violations.add(
      'log-matching',
      `node ${ns.node} appended index ${ev.index} but its log ended at ${last}: a gap`,
      present(log.recordAt(last), ev),
    );
    log.fillUnknownTo(ev.index - 1);
  } else if (ev.index <= last) {
    // Overwrite: the log from ev.index on is replaced.
    log.truncateFrom(ev.index);
    ns.verifiedUpTo = Math.min(ns.verifiedUpTo, ev.index - 1);
  }
  const prevTerm = log.termAt(ev.index - 1);
  if (prevTerm !== undefined && ev.term < prevTerm) {
    ctx.violations.add(
      'log-matching',
      `node ${ns.node} appended index ${ev.index} with term ${ev.term} after an entry of term ${prevTerm}: terms decrease along its log`,
      present(log.recordAt(ev.index - 1), ev),
    );
  }
  checkPair(ctx, ns, ev, prevTerm);
  log.push(ev);
}

/**
 * Conflict truncation (§5.3, AppendEntries receiver step 3): the host logs a Ready's core events
 * (the truncate) before its appends, so the entry that replaces the cut one is the next append at
 * the cut index. It must be of another term. No such append before the next apply, local snapshot
 * or restart means the entries were cut with nothing conflicting (an installed snapshot, which
 * discards the log, settles it). `by` is the record that settles it, if any.
 */
export function settleCut(ctx: ReplayContext, ns: ReplayedNode, by: NodeEvent | null): void {
  const cut = ns.pendingCut;
  if (cut === null) return;
  ns.pendingCut = null;
  const fromIndex = (cut.event as TruncateEvent).fromIndex;
  if (by !== null && by.kind === 'snapshot' && by.installed) return;
  if (by !== null && by.kind === 'append' && by.index === fromIndex) {
    if (cut.cutTerm === undefined || by.term !== cut.cutTerm) return;
    ctx.violations.add(
      'conflict-truncation',
      `node ${ns.node} cut its log from index ${fromIndex} though the new entry there has the same term ${by.term}: the entries after it were lost without a conflict`,
      present(cut.cutRecord, cut.event, by),
    );
    return;
  }
  ctx.violations.add(
    'conflict-truncation',
    `node ${ns.node} cut its log from index ${fromIndex} (term ${cut.cutTerm ?? '?'} there) with no conflicting entry to replace it`,
    present(cut.cutRecord, cut.event, by),
  );
}

/** An entry the node has applied must never be replaced by another (§5.4.3). */
function checkAppliedKept(ctx: ReplayContext, ns: ReplayedNode, ev: AppendEvent): void {
  if (ev.index > ns.lastApplied) return;
  const replaced = ns.log.recordAt(ev.index) ?? ns.cutApplied.get(ev.index);
  ns.cutApplied.delete(ev.index);
  if (replaced === undefined || replaced.term === ev.term) return;
  ctx.violations.add(
    'state-machine-safety',
    `node ${ns.node} replaced its entry at index ${ev.index} (term ${replaced.term}) by one of term ${ev.term} after applying it`,
    present(replaced, ns.lastApplyRecord, ev),
  );
}

function checkPair(ctx: ReplayContext, ns: ReplayedNode, ev: AppendEvent, prevTerm: number | undefined): void {
  let byTerm = ctx.entryFacts.get(ev.index);
  if (byTerm === undefined) {
    byTerm = new Map();
    ctx.entryFacts.set(ev.index, byTerm);
  }
  const fact = byTerm.get(ev.term);
  if (fact === undefined) {
    byTerm.set(ev.term, { id: ev.id, prevTerm, event: ev });
    return;
  }
  if (fact.id !== ev.id) {
    ctx.violations.add(
      'log-matching',
      `nodes ${fact.event.node} and ${ns.node} hold different entries (${fact.id} and ${ev.id}) at index ${ev.index} in term ${ev.term}`,
      [fact.event, ev],
    );
    return;
  }
  if (prevTerm === undefined) return;
  if (fact.prevTerm === undefined) {
    fact.prevTerm = prevTerm;
  } else if (fact.prevTerm !== prevTerm) {
    ctx.violations.add(
      'log-matching',
      `nodes ${fact.event.node} and ${ns.node} agree at index ${ev.index} (term ${ev.term}) but not at index ${ev.index - 1} (terms ${fact.prevTerm} and ${prevTerm})`,
      present(fact.event, ns.log.recordAt(ev.index - 1), ev),
    );
  }
}

/**
 * A truncate record cuts the log. Cutting entries the node has already applied is only reported
 * when another entry then takes their place (a core may cut and re-append the same entries).
 */
export function onTruncate(ns: ReplayedNode, ev: TruncateEvent): void {
  const log = ns.log;
  if (ev.fromIndex > log.snapshotIndex && ev.fromIndex <= log.lastIndex()) {
    // A later truncate at a lower index subsumes an earlier one of the same Ready.
    ns.pendingCut = { event: ev, cutTerm: log.termAt(ev.fromIndex), cutRecord: log.recordAt(ev.fromIndex) };
  }
  const lastCut = Math.min(ns.lastApplied, log.lastIndex(), ev.fromIndex + MAX_REMEMBERED_CUTS - 1);
  for (let i = Math.max(ev.fromIndex, log.snapshotIndex + 1); i <= lastCut; i++) {
    const record = log.recordAt(i);
    if (record !== undefined) ns.cutApplied.set(i, record);
  }
  log.truncateFrom(ev.fromIndex);
  ns.verifiedUpTo = Math.min(ns.verifiedUpTo, ev.fromIndex - 1);
}

/**
 * A local snapshot compacts the log; an installed one (§7 InstallSnapshot) keeps the entries after
 * it only when the log holds the snapshot's last entry, else the whole log is discarded.
 */
export function onSnapshotLog(ns: ReplayedNode, ev: SnapshotEvent): void {
  const log = ns.log;
  if (!ev.installed || (ev.lastIndex <= log.lastIndex() && log.termAt(ev.lastIndex) === ev.lastTerm)) {
    log.compactTo(ev.lastIndex, ev.lastTerm);
  } else if (ev.lastIndex > log.snapshotIndex) {
    log.resetTo(ev.lastIndex, ev.lastTerm);
  }
  ns.verifiedUpTo = Math.min(ns.verifiedUpTo, log.lastIndex());
}
