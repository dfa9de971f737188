// Liveness after the final heal (DESIGN.md §3; TigerBeetle's VOPR has the same two phases): once
// every fault is healed, a leader must exist within a bound and the live nodes must converge on the
// same applied state by the end of their logs.
import type { NodeEvent } from '../../history/events.js';
import type { ReplayContext } from './context.js';
import { present } from './context.js';
import type { ReplayedNode } from './node.js';

export interface LivenessOptions {
  readonly healTimeNs: number;
  readonly livenessBoundNs: number | undefined;
  readonly liveNodes: readonly number[];
}

export function checkLiveness(ctx: ReplayContext, options: LivenessOptions): void {
  const heal = options.healTimeNs;
  const deadline = options.livenessBoundNs === undefined ? Infinity : heal + options.livenessBoundNs;
  const leaderAfterHeal = ctx.leaders.some(
    (l) => l.fromNs <= deadline && (l.toNs === null || l.toNs >= heal),
  );
  if (!leaderAfterHeal) {
    const bound = options.livenessBoundNs === undefined ? 'at any time' : `within ${options.livenessBoundNs / 1e6} ms`;
    const lastRoles = [...ctx.nodes.values()].map((ns) => ns.leaderRecord);
    ctx.violations.add(
      'liveness',
      `no node was leader ${bound} after the final heal at ${heal / 1e6} ms`,
      present(...lastRoles),
      true,
      Number.isFinite(deadline) ? deadline : heal,
    );
  }
  checkConvergence(ctx, options.liveNodes);
}

/** Every live node ends with the same applied index and the same entry there. */
function checkConvergence(ctx: ReplayContext, liveNodes: readonly number[]): void {
  const live: ReplayedNode[] = [];
  for (const node of liveNodes) {
    const ns = ctx.nodes.get(node);
    if (ns !== undefined && ns.records > 0) live.push(ns);
  }
  if (live.length === 0) return;
  const ahead = live.reduce((best, ns) => (ns.lastApplied > best.lastApplied ? ns : best));
  const endNs = Math.max(...live.map((ns) => ns.lastNs ?? 0));
  for (const ns of live) {
    const evidence: NodeEvent[] = present(ns.lastApplyRecord, ahead.lastApplyRecord, ns.lastRecord);
    if (ns.lastApplied < ahead.lastApplied) {
      ctx.violations.add(
        'liveness',
        `node ${ns.node} ended having applied up to index ${ns.lastApplied}, node ${ahead.node} up to ${ahead.lastApplied}: the nodes did not converge`,
        evidence,
        true,
        endNs,
      );
    } else if (
      ns !== ahead &&
      ns.lastAppliedTerm !== null &&
      ahead.lastAppliedTerm !== null &&
      ns.lastAppliedTerm !== ahead.lastAppliedTerm
    ) {
      ctx.violations.add(
        'liveness',
        `nodes ${ns.node} and ${ahead.node} ended at index ${ns.lastApplied} with entries of different terms (${ns.lastAppliedTerm} and ${ahead.lastAppliedTerm})`,
        evidence,
        true,
        endNs,
      );
    } else if (
      ns !== ahead &&
      ns.lastApplyRecord !== null &&
      ahead.lastApplyRecord !== null &&
      ns.lastApplyRecord.id !== ahead.lastApplyRecord.id
    ) {
      ctx.violations.add(
        'liveness',
        `nodes ${ns.node} and ${ahead.node} ended at index ${ns.lastApplied} with different entries (${ns.lastApplyRecord.id} and ${ahead.lastApplyRecord.id})`,
        evidence,
        true,
        endNs,
      );
    }
  }
}
