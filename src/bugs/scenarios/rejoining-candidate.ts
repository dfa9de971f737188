// A follower cut off long enough to campaign (no pre-vote: its term climbs) rejoins. Its replies
// to the leader's AppendEntries carry the higher term: the leader must step down (§5.1) so that an
// election at a higher term lets the node back in. With no-step-down-on-reply the leader ignores
// them, the other follower ignores the candidate's votes (check-quorum's leader stickiness, §9.6):
// the rejoining node never converges, which the liveness check after the final heal reports.
import type { ScenarioContext, ScenarioSpec } from '../sim-scenario.js';
import { pick } from '../../util/rng.js';

function script(ctx: ScenarioContext): void {
  if (!ctx.waitFor(() => ctx.leader() !== null, 3_000_000)) return;
  ctx.run(500_000);
  const leader = ctx.leader();
  if (leader === null) return;
  const follower = pick(ctx.rng, ctx.cluster.nodeIds.filter((n) => n !== leader));
  ctx.split([[follower], ctx.cluster.nodeIds.filter((n) => n !== follower)]);
  ctx.run(3_000_000);
  ctx.heal();
}

export const rejoiningCandidate: ScenarioSpec = {
  nodes: 3,
  raft: { preVote: false, checkQuorum: true },
  network: { minDelayUs: 500, maxDelayUs: 5_000 },
  readMode: 'read-index',
  clients: { count: 3, opsPerSecond: 20, workload: 'register' },
  faultPhaseUs: 6_000_000,
  healBoundUs: 5_000_000,
  script,
};
