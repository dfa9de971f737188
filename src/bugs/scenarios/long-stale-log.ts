// A deposed leader with a long log of an old term: cut off, it keeps appending what stuck clients
// send it while the majority elects a new leader and commits. Then the new leader is cut off and
// the old one, its clock running fast (it times out first), campaigns. §5.4.1 says the last term
// decides; with up-to-date-index-before-term (or no check at all) the longer log wins the vote and
// overwrites committed entries: leader-completeness, state-machine-safety, linearizability.
// Basic Raft options (no pre-vote, no check-quorum), so that votes are not blocked by stickiness.
import type { ScenarioContext, ScenarioSpec } from '../sim-scenario.js';

const STUCK_WRITES = 120;

function script(ctx: ScenarioContext): void {
  while (ctx.nowUs < ctx.endUs - 4_000_000) {
    if (!ctx.waitFor(() => ctx.leader() !== null, 3_000_000)) return;
    ctx.run(300_000);
    const old = ctx.leader();
    if (old === null) continue;
    const others = ctx.cluster.nodeIds.filter((n) => n !== old);
    ctx.split([[old], others]);
    for (let i = 0; i < STUCK_WRITES; i++) ctx.proposeAt(old);
    ctx.run(1_500_000);
    const fresh = ctx.leader();
    if (fresh === null || fresh === old) {
      ctx.heal();
      continue;
    }
    ctx.split([[fresh], ctx.cluster.nodeIds.filter((n) => n !== fresh)]);
    ctx.cluster.setClock(old, 0, 2);
    ctx.note('start-clock', { kind: 'drift', targets: [old], rate: 2 });
    ctx.run(1_500_000);
    ctx.cluster.setClock(old, 0, 1);
    ctx.heal();
    ctx.run(1_000_000);
  }
}

export const longStaleLog: ScenarioSpec = {
  nodes: 5,
  raft: { preVote: false, checkQuorum: false },
  network: { minDelayUs: 500, maxDelayUs: 3_000 },
  readMode: 'read-index',
  clients: { count: 5, opsPerSecond: 30, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  script,
};

/**
 * The same faults with the usual protocol options (pre-vote, check-quorum): the deposed leader
 * cannot win, so it must take the new leader's log. Its long uncommitted tail conflicts with the
 * new entries: §5.3 step 3 says cut it; with no-truncate-on-conflict the tail's older-term entries
 * stay after newer ones (log-matching).
 */
export const deposedLeaderTail: ScenarioSpec = {
  ...longStaleLog,
  raft: { preVote: true, checkQuorum: true },
};
