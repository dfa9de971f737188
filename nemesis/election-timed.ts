// Faults timed to elections (`run --nemesis-timing elections`): a nemesis that watches the cluster.
// Instead of striking every --nemesis-interval seconds at random targets, it waits until a leader
// of a term it has not struck yet appears in the status view, waits a drawn 0..strikeWindowMs
// (inside the new leader's first rounds: its no-op and the writes it takes are still on their way
// to the followers), and strikes that leader with one of the package's families, drawn per strike:
//   partition  the leader cut off, both ways, on a minority side: alone, or with k followers
//              drawn per strike (k < n/2 - 1, so with one follower of five: a leader that keeps a
//              follower's replies but not a majority's);
//   pause      the leader SIGSTOPped;
//   crash      the leader killed;
//   clock      the leader's clock slowed to slowRate and, when partitions are on too, the leader
//              cut off slowMs later (slow-then-cut, nemesis/slow-leader.ts).
// The fault is held for the interval, then undone (heal, resume, restart, clock reset), and the
// watch starts again. Every step is an ordinary fault op, so history.jsonl records it. It needs
// the subject's status ability (a reactive generator), as every watching generator does.
import type { FaultFamily, FaultOp, Nemesis } from '../src/plugins.js';
import { completeGrudge } from '../src/faults/partition.js';
import { valueOfGrudge } from '../src/faults/grudge-value.js';
import { once, script, sleep, waitUntil, type Gen } from '../src/generators/index.js';
import { slowThenCut } from './slow-leader.js';
import type { Rng } from '../src/raft/types.js';
import { pick } from '../src/util/rng.js';

export const NEMESIS_TIMINGS = ['interval', 'elections'] as const;
export type NemesisTiming = (typeof NEMESIS_TIMINGS)[number];

export interface ElectionTimedOptions {
  /** Longest wait after a new leader is seen before the strike (default 150 ms). */
  readonly strikeWindowMs?: number;
  /** The leader's clock rate of a clock strike (default 0.75: within the real node's lease margin). */
  readonly slowRate?: number;
  /** Slow-then-cut: from the slowed clock to the cut (default 300 ms). */
  readonly slowMs?: number;
}

export const ELECTION_TIMED_DEFAULTS = { strikeWindowMs: 150, slowRate: 0.75, slowMs: 300 } as const;

/** How long one watch waits for a new leader before it looks again (ms). */
const WATCH_MS = 1_000;
/** How often the watch looks at the status view (ms; the real view is polled at most every 50 ms). */
const WATCH_POLL_MS = 20;

const op = (value: FaultOp): Gen => once(value);

/** The strike on `leader` with `family`, held holdMs, then undone. */
function strike(family: FaultFamily, leader: number, nodeIds: readonly number[], withPartitions: boolean, holdMs: number, o: Required<ElectionTimedOptions>, rng: Rng): Gen[] {
  switch (family) {
    case 'partition': {
      const cut = valueOfGrudge(completeGrudge(leaderMinority(leader, nodeIds, rng)));
      return [op({ f: 'start-partition', value: cut }), sleep(holdMs), op({ f: 'stop-partition', value: null })];
    }
    case 'pause':
      return [op({ f: 'pause', value: { nodes: [leader] } }), sleep(holdMs), op({ f: 'resume', value: 'all-paused' })];
    case 'crash':
      return [op({ f: 'kill', value: { nodes: [leader] } }), sleep(holdMs), op({ f: 'restart', value: 'all-dead' })];
    case 'clock':
      if (withPartitions) return slowThenCut(leader, nodeIds, { rate: o.slowRate, slowMs: o.slowMs, cutMs: holdMs });
      return [op({ f: 'start-clock', value: { kind: 'drift', targets: { nodes: [leader] }, rate: o.slowRate } }), sleep(holdMs), op({ f: 'stop-clock', value: null })];
  }
}

/** The two sides of a partition strike: the leader with k drawn followers (a minority), the rest. */
export function leaderMinority(leader: number, nodeIds: readonly number[], rng: Rng): [number[], number[]] {
  const followers = nodeIds.filter((n) => n !== leader);
  const most = Math.ceil(nodeIds.length / 2) - 2; // the largest k with 1 + k < n/2
  const k = most > 0 ? rng.int(most + 1) : 0;
  const withLeader = new Set<number>();
  while (withLeader.size < k) withLeader.add(pick(rng, followers));
  return [[leader, ...followers.filter((n) => withLeader.has(n))], followers.filter((n) => !withLeader.has(n))];
}

/** `nemesis`'s families, struck at the leader as each election ends (see the top of this file). */
export function electionTimed(nemesis: Nemesis, options: ElectionTimedOptions = {}): Nemesis {
  const o: Required<ElectionTimedOptions> = { ...ELECTION_TIMED_DEFAULTS, ...options };
  if (!(o.strikeWindowMs >= 0)) throw new RangeError(`strikeWindowMs must be >= 0, got ${o.strikeWindowMs}`);
  if (!(o.slowRate > 0 && o.slowRate <= 100)) throw new RangeError(`slowRate must be in (0, 100], got ${o.slowRate}`);
  const families = nemesis.families;
  if (families.length === 0) return nemesis;
  const withPartitions = families.includes('partition');
  return {
    name: `${nemesis.name} (timed to elections)`,
    description: `at each new leader, within ${o.strikeWindowMs} ms of seeing it, strike the leader with one of ${families.join(', ')}; hold for --nemesis-interval, undo, watch again`,
    families,
    generator: (nemesisOptions) =>
      script(function* (s) {
        const holdMs = nemesisOptions.intervalS * 1000;
        let struckTerm = -1;
        for (;;) {
          yield waitUntil((v) => {
            const l = v.leader();
            return l !== null && (v.node(l)?.term ?? -1) > struckTerm;
          }, WATCH_MS, WATCH_POLL_MS);
          const leader = s.view.leader();
          const term = leader === null ? -1 : (s.view.node(leader)?.term ?? -1);
          if (leader === null || term <= struckTerm) continue;
          yield sleep(s.rng.int(o.strikeWindowMs + 1));
          // The leader may have lost its term meanwhile: strike whoever leads that term now, or wait again.
          if (s.view.leader() !== leader) continue;
          struckTerm = term;
          const family = families[s.rng.int(families.length)] as FaultFamily;
          for (const step of strike(family, leader, s.view.nodeIds, withPartitions, holdMs, o, s.rng)) yield step;
        }
      }),
    final: nemesis.final,
  };
}
