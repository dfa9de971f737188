// The paper's Figure 8 (§5.4.2), played with partitions on 5 nodes: an entry of an old term is
// replicated to a majority by a later leader, which (with commit-old-term-by-count) commits it by
// counting; then a node holding a conflicting entry of a newer term wins and overwrites it.
// Protocol options as in the paper's basic Raft (no pre-vote, no check-quorum).
import { lastIndexOf, leaderAmong, script, sleep, waitUntil } from '../../generators/index.js';
import { shuffle } from '../../util/rng.js';
import type { ScenarioSpec } from './spec.js';
import { heal, ignore, propose, split } from './ops.js';

const figure8Generator = (phaseMs: number) =>
  script(function* (s) {
    while (s.nowMs < phaseMs - 4_000) {
      yield waitUntil((v) => v.leader() !== null, 3_000);
      if (s.view.leader() === null) return;
      yield sleep(300);
      const a = s.view.leader();
      if (a === null) continue;
      const termA = s.view.node(a)?.term ?? 0;
      const [b, ...rest] = shuffle(s.rng, s.view.nodeIds.filter((n) => n !== a)) as [number, ...number[]];
      // (a) a and b alone: the old leader's entry X reaches b only.
      yield split([[a, b], rest]).gen;
      const before = lastIndexOf(s.view, a);
      yield propose(a);
      // The simulator appends at once; a real run sees the entry at the next status poll.
      if (s.view.node(a)?.role === 'leader') yield waitUntil((v) => lastIndexOf(v, a) > before, 500, 0.2);
      const k = lastIndexOf(s.view, a);
      if (k <= before) continue;
      yield waitUntil((v) => lastIndexOf(v, b) >= k, 200, 0.2);
      // (b) the other three elect c; c is cut off the moment it leads, its own entry at k on itself only.
      yield waitUntil((v) => leaderAmong(v, rest, termA) !== null, 3_000, 0.2);
      const c = leaderAmong(s.view, rest, termA);
      if (c === null) continue;
      const [d, e] = rest.filter((n) => n !== c) as [number, number];
      yield split([[a, b], [c], [d, e]]).gen;
      yield sleep(100);
      // (c) a or b leads a newer term with d and sends X to d; d is cut off the leaders the moment it
      // holds X, so its acknowledgement of X arrives but the new leader's own entry never reaches it.
      const third = split([[a, b, d], [c], [e]]);
      yield third.gen;
      yield waitUntil((v) => lastIndexOf(v, d) >= k, 3_000, 0.1);
      if (lastIndexOf(s.view, d) >= k) yield ignore(third.grudge, d, [a, b]).gen;
      yield sleep(100);
      // (d) c, holding the newer-term entry at k, wins with d and e and overwrites X.
      yield split([[a, b], [c, d, e]]).gen;
      yield sleep(1_500);
      yield heal;
      yield sleep(1_000);
    }
  });

export const figure8: ScenarioSpec = {
  name: 'figure-8',
  description: "the paper's Figure 8 played with partitions on 5 nodes, one write proposed at the old leader",
  nodes: 5,
  raft: { preVote: false, checkQuorum: false, maxEntriesPerAppend: 1 },
  network: { minDelayUs: 500, maxDelayUs: 2_000 },
  readMode: 'read-index',
  clients: { count: 3, opsPerSecond: 10, workload: 'register' },
  faultPhaseUs: 20_000_000,
  healBoundUs: 5_000_000,
  families: ['partition'],
  reads: ['last-index'],
  generator: figure8Generator,
};
