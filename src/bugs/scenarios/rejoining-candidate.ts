// A follower cut off long enough to campaign (no pre-vote: its term climbs) rejoins. Its replies
// to the leader's AppendEntries carry the higher term: the leader must step down (§5.1) so that an
// election at a higher term lets the node back in. With no-step-down-on-reply the leader ignores
// them, the other follower ignores the candidate's votes (check-quorum's leader stickiness, §9.6):
// the rejoining node never converges, which the liveness check after the final heal reports.
import { script, sleep, waitUntil } from '../../generators/index.js';
import { pick } from '../../util/rng.js';
import type { ScenarioSpec } from './spec.js';
import { heal, split } from './ops.js';

const rejoiningCandidateGenerator = () =>
  script(function* (s) {
    yield waitUntil((v) => v.leader() !== null, 3_000);
    if (s.view.leader() === null) return;
    yield sleep(500);
    const leader = s.view.leader();
    if (leader === null) return;
    const follower = pick(s.rng, s.view.nodeIds.filter((n) => n !== leader));
    yield split([[follower], s.view.nodeIds.filter((n) => n !== follower)]).gen;
    yield sleep(3_000);
    yield heal;
  });

export const rejoiningCandidate: ScenarioSpec = {
  name: 'rejoining-candidate',
  description: 'isolate one follower for 3 s (its term climbs), then heal',
  nodes: 3,
  raft: { preVote: false, checkQuorum: true },
  network: { minDelayUs: 500, maxDelayUs: 5_000 },
  readMode: 'read-index',
  clients: { count: 3, opsPerSecond: 20, workload: 'register' },
  faultPhaseUs: 6_000_000,
  healBoundUs: 5_000_000,
  families: ['partition'],
  generator: rejoiningCandidateGenerator,
};
