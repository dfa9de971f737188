// The leaderless-majority check (src/checker/invariants/leaderless-majority.ts) over one simulated
// run's fault phase: the cluster's fault timeline and the nodes' role records, up to the heal.
import { findLeaderlessStalls, leadershipOfEvents, type LeaderlessStall } from '../checker/invariants/leaderless-majority.js';
import type { SimRecordRun } from './run-record.js';

/** Majorities left without a leader for longer than boundUs before the heal. */
export function faultPhaseStalls(run: SimRecordRun, boundUs: number): LeaderlessStall[] {
  return findLeaderlessStalls({
    nodeIds: run.cluster.nodeIds,
    faults: run.cluster.faultTimeline.snapshots,
    leadership: leadershipOfEvents(run.events),
    endNs: run.healUs * 1000,
    boundNs: boundUs * 1000,
  });
}
