// The paper's Figure 8 (§5.4.2), played with partitions on 5 nodes: an entry of an old term is
// replicated to a majority by a later leader, which (with commit-old-term-by-count) commits it by
// counting; then a node holding a conflicting entry of a newer term wins and overwrites it.
// Protocol options as in the paper's basic Raft (no pre-vote, no check-quorum).
import type { ScenarioContext, ScenarioSpec } from '../sim-scenario.js';
import { shuffle } from '../../util/rng.js';

function leaderAmong(ctx: ScenarioContext, nodes: readonly number[], aboveTerm: number): number | null {
  for (const n of nodes) {
    const s = ctx.cluster.host(n)?.status();
    if (s !== undefined && s.role === 'leader' && s.term > aboveTerm) return n;
  }
  return null;
}

function script(ctx: ScenarioContext): void {
  while (ctx.nowUs < ctx.endUs - 4_000_000) {
    if (!ctx.waitFor(() => ctx.leader() !== null, 3_000_000)) return;
    ctx.run(300_000);
    const a = ctx.leader();
    if (a === null) continue;
    const termA = ctx.cluster.host(a)!.status().term;
    const [b, ...rest] = shuffle(ctx.rng, ctx.cluster.nodeIds.filter((n) => n !== a)) as [number, ...number[]];
    // (a) a and b alone: the old leader's entry X reaches b only.
    ctx.split([[a, b], rest]);
    const k = ctx.proposeAt(a);
    if (k === null) continue;
    ctx.waitFor(() => ctx.lastIndex(b) >= k, 200_000, 200);
    // (b) the other three elect c; c is cut off the moment it leads, its own entry at k on itself only.
    let c: number | null = null;
    ctx.waitFor(() => (c = leaderAmong(ctx, rest, termA)) !== null, 3_000_000, 200);
    if (c === null) continue;
    const leaderC: number = c;
    const [d, e] = rest.filter((n) => n !== leaderC) as [number, number];
    ctx.split([[a, b], [leaderC], [d, e]]);
    ctx.run(100_000);
    // (c) a or b leads a newer term with d and sends X to d; d is cut off the leaders the moment it
    // holds X, so its acknowledgement of X arrives but the new leader's own entry never reaches it.
    ctx.split([[a, b, d], [leaderC], [e]]);
    const got = ctx.waitFor(() => ctx.lastIndex(d) >= k, 3_000_000, 100);
    if (got) ctx.ignore(d, [a, b]);
    ctx.run(100_000);
    // (d) c, holding the newer-term entry at k, wins with d and e and overwrites X.
    ctx.split([[a, b], [leaderC, d, e]]);
    ctx.run(1_500_000);
    ctx.heal();
    ctx.run(1_000_000);
  }
}

export const figure8: ScenarioSpec = {
  nodes: 5,
  raft: { preVote: false, checkQuorum: false, maxEntriesPerAppend: 1 },
  network: { minDelayUs: 500, maxDelayUs: 2_000 },
  readMode: 'read-index',
  clients: { count: 3, opsPerSecond: 10, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  script,
};
