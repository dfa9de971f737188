// A stale leader that keeps talking: cut the leader L off both ways until the others elect a
// newer leader, then leave L deaf (its messages still reach everyone, it hears nothing), so it stays
// leader of its old term and keeps sending heartbeats the others must refuse (§5.1). Then crash the
// new leader and restart it at once: the rest, a majority that hears itself, must elect again while
// the stale heartbeats arrive. No check-quorum, so L never notices it lost its followers. A Raft whose
// election timer is reset by any message (timer-reset-by-any-message) stays leaderless until the
// cut is lifted, which the leaderless-majority check of the fault phase reports (liveness); after
// the heal it elects at once. The windows are lab-go's stale-leader scenario (same generator).
import { staleLeaderScenario } from './stale-leader.js';
import type { ScenarioSpec } from './spec.js';

export const deafStaleLeader: ScenarioSpec = {
  name: 'deaf-stale-leader',
  description: 'cut the leader off; once a newer one leads, leave the old one deaf (it still sends stale heartbeats), crash and restart the new leader, hold 8 s, heal',
  nodes: 3,
  raft: { preVote: true, checkQuorum: false },
  network: { minDelayUs: 500, maxDelayUs: 5_000 },
  readMode: 'read-index',
  clients: { count: 3, opsPerSecond: 20, workload: 'register' },
  faultPhaseUs: 14_000_000,
  healBoundUs: 5_000_000,
  families: ['partition', 'crash'],
  generator: staleLeaderScenario,
};
