// Lease reads with a strongly drifting clock: the leader's clock runs at 0.4x, then the leader is
// cut off. Its lease of leaseTicks (10 ticks = 250 ms of real time at 0.4x) ends before any
// follower can time out (30 ticks = 300 ms), so the correct lease is safe. With
// lease-without-margin the lease is a whole election timeout (30 ticks = 750 ms of real time): a
// new leader commits writes while the old one still serves lease reads, and the history has stale
// reads (linearizability). Thesis §6.4.1: a lease must leave a margin for clock drift.
import type { ScenarioContext, ScenarioSpec } from '../sim-scenario.js';

const SLOW_RATE = 0.4;

function script(ctx: ScenarioContext): void {
  while (ctx.nowUs < ctx.endUs - 3_000_000) {
    if (!ctx.waitFor(() => ctx.leader() !== null, 3_000_000)) return;
    ctx.run(500_000);
    const leader = ctx.leader();
    if (leader === null) continue;
    const followers = ctx.cluster.nodeIds.filter((n) => n !== leader);
    ctx.cluster.setClock(leader, 0, SLOW_RATE);
    ctx.note('start-clock', { kind: 'drift', targets: [leader], rate: SLOW_RATE });
    ctx.run(300_000);
    ctx.split([[leader], followers]);
    ctx.run(1_000_000);
    ctx.heal();
    for (const n of ctx.cluster.nodeIds) ctx.cluster.setClock(n, 0, 1);
    ctx.note('stop-clock', null);
    ctx.run(500_000);
  }
}

export const slowLeaderLease: ScenarioSpec = {
  nodes: 5,
  raft: { preVote: true, checkQuorum: true, leaseTicks: 10 },
  network: { minDelayUs: 200, maxDelayUs: 2_000 },
  readMode: 'lease',
  clients: { count: 10, opsPerSecond: 150, attemptTimeoutUs: 100_000, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  script,
};
