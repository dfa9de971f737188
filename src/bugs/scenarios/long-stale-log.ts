// A deposed leader with a long log of an old term: cut off, it keeps appending what stuck clients
// send it while the majority elects a new leader and commits. Then the new leader is cut off and
// the old one, its clock running fast (it times out first), campaigns. §5.4.1 says the last term
// decides; with up-to-date-index-before-term (or no check at all) the longer log wins the vote and
// overwrites committed entries: leader-completeness, state-machine-safety, linearizability.
// Basic Raft options (no pre-vote, no check-quorum), so that votes are not blocked by stickiness.
import { script, sleep, waitUntil } from '../../generators/index.js';
import type { ScenarioSpec } from './spec.js';
import { drift, heal, propose, resetClocks, split } from './ops.js';

const STUCK_WRITES = 120;

const longStaleLogGenerator = (phaseMs: number) =>
  script(function* (s) {
    while (s.nowMs < phaseMs - 4_000) {
      yield waitUntil((v) => v.leader() !== null, 3_000);
      if (s.view.leader() === null) return;
      yield sleep(300);
      const old = s.view.leader();
      if (old === null) continue;
      const others = s.view.nodeIds.filter((n) => n !== old);
      yield split([[old], others]).gen;
      yield propose(old, STUCK_WRITES);
      yield sleep(1_500);
      const fresh = s.view.leader();
      if (fresh === null || fresh === old) {
        yield heal;
        continue;
      }
      yield split([[fresh], s.view.nodeIds.filter((n) => n !== fresh)]).gen;
      yield drift([old], 2);
      yield sleep(1_500);
      yield resetClocks;
      yield heal;
      yield sleep(1_000);
    }
  });

export const longStaleLog: ScenarioSpec = {
  name: 'long-stale-log',
  description: 'isolate the leader and pile writes on it; then isolate the new leader, the old one with its clock at 2x',
  nodes: 5,
  raft: { preVote: false, checkQuorum: false },
  network: { minDelayUs: 500, maxDelayUs: 3_000 },
  readMode: 'read-index',
  clients: { count: 5, opsPerSecond: 30, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  families: ['partition', 'clock'],
  generator: longStaleLogGenerator,
};

/**
 * The same faults with the usual protocol options (pre-vote, check-quorum): the deposed leader
 * cannot win, so it must take the new leader's log. Its long uncommitted tail conflicts with the
 * new entries: §5.3 step 3 says cut it; with no-truncate-on-conflict the tail's older-term entries
 * stay after newer ones (log-matching).
 */
export const deposedLeaderTail: ScenarioSpec = {
  ...longStaleLog,
  name: 'deposed-leader-tail',
  description: 'long-stale-log with pre-vote and check-quorum on: the deposed leader must cut its stale tail',
  raft: { preVote: true, checkQuorum: true },
};
