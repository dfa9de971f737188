// Lease reads with a strongly drifting clock: the leader's clock runs at 0.4x, then the leader is
// cut off. Its lease of leaseTicks (10 ticks = 250 ms of real time at 0.4x) ends before any
// follower can time out (30 ticks = 300 ms), so the correct lease is safe. With
// lease-without-margin the lease is a whole election timeout (30 ticks = 750 ms of real time): a
// new leader commits writes while the old one still serves lease reads, and the history has stale
// reads (linearizability). Thesis §6.4.1: a lease must leave a margin for clock drift.
// The tick counts are named (the election and heartbeat ones are the simulator's defaults) so that
// `run --scenario slow-leader-lease --read-mode lease` gives real nodes the same timing: with the
// real node's own defaults (election 20 ticks, lease 14) the correct lease would outlast a
// follower's timeout at 0.4x. Its clients give up on one node after 100 ms (attemptTimeoutUs),
// which a real run of it takes too: without that, every real client sat on the cut-off leader for
// its whole op timeout and no write reached the new leader while the old lease still ran.
import { script, sleep, waitUntil } from '../../generators/index.js';
import type { ScenarioSpec } from './spec.js';
import { slowThenCut } from '../../../nemesis/slow-leader.js';

const SLOW_RATE = 0.4;

const slowLeaderLeaseGenerator = (phaseMs: number) =>
  script(function* (s) {
    while (s.nowMs < phaseMs - 3_000) {
      yield waitUntil((v) => v.leader() !== null, 3_000);
      if (s.view.leader() === null) return;
      yield sleep(500);
      const leader = s.view.leader();
      if (leader === null) continue;
      // The slow-then-cut move of nemesis/slow-leader.ts: drift, 300 ms, isolate, 1000 ms, heal, reset clocks.
      for (const step of slowThenCut(leader, s.view.nodeIds, { rate: SLOW_RATE, slowMs: 300, cutMs: 1_000 })) yield step;
      yield sleep(500);
    }
  });

export const slowLeaderLease: ScenarioSpec = {
  name: 'slow-leader-lease',
  description: "the leader's clock at 0.4x, then the leader isolated (lease reads)",
  nodes: 5,
  raft: { preVote: true, checkQuorum: true, electionTicks: 30, heartbeatTicks: 10, leaseTicks: 10 },
  network: { minDelayUs: 200, maxDelayUs: 2_000 },
  readMode: 'lease',
  clients: { count: 10, opsPerSecond: 150, attemptTimeoutUs: 100_000, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  families: ['partition', 'clock'],
  generator: slowLeaderLeaseGenerator,
};
