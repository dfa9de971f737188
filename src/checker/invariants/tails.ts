// Which records might describe state that a crash lost before it was persisted.
//
// The host writes a Ready's records first, then persists, then sends, then applies (src/host/host.ts).
// So a record is known to be durable once a later record of the same incarnation proves that its
// Ready was persisted: an apply or a local snapshot (both come after the persist), or any record
// written clearly later (CONFIRM_GAP_NS: a Ready's own records are written back to back, while the
// simulator stamps one step's records with one virtual time). Records of an incarnation that ended
// in a reboot without such proof are "unconfirmed": evidence drawn from them alone cannot make the
// verdict false, because a kill -9 between writing them and persisting legitimately loses them (and
// nothing that depended on them was sent).
import type { NodeEvent } from '../../history/events.js';

export const CONFIRM_GAP_NS = 5_000_000;

/** The records of `events` (one node, file order) that no later record confirms as persisted. */
export function unconfirmedTails(events: readonly NodeEvent[]): Set<NodeEvent> {
  const unconfirmed = new Set<NodeEvent>();
  // Walk backwards; an incarnation ends just before each boot record.
  let endsInReboot = false;
  let proofAfter = false;
  let maxTimeAfter = -Infinity;
  for (let k = events.length - 1; k >= 0; k--) {
    const ev = events[k]!;
    if (ev.kind === 'boot') {
      // Records before this boot belong to an incarnation that ended in a crash or a stop.
      endsInReboot = true;
      proofAfter = false;
      maxTimeAfter = -Infinity;
      continue;
    }
    if (endsInReboot && !proofAfter && maxTimeAfter < ev.time + CONFIRM_GAP_NS) unconfirmed.add(ev);
    if (ev.kind === 'apply' || (ev.kind === 'snapshot' && !ev.installed)) proofAfter = true;
    if (ev.time > maxTimeAfter) maxTimeAfter = ev.time;
  }
  return unconfirmed;
}
