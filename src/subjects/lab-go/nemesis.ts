// The fault packages as lab-go runs them: `--nemesis partition` and `crash` are written for a lab
// Raft here, as the lab's own tester would break it, with ordinary fault ops that the run's nemesis
// loop carries out and records; `pause` is the common package. Both read the cluster view
// (reactive); neither knows which Raft it runs against.
//
// partition: every --nemesis-interval seconds a window, then a heal; the windows take turns:
//   1. the leader cut off, then left deaf once the others elect a newer one (a stale leader: its
//      heartbeats now carry a term the others have left), held for the lab's leader bound and more
//      (src/bugs/scenarios/stale-leader.ts); the lab's ReElection, with the old leader still talking;
//   2. one follower cut off (its term climbs), then the cut moves to the leader: the follower
//      comes back with its short log to a cluster that must elect (the lab's FailAgree, Rejoin);
//   3. a shape drawn from the common symmetric ones (random halves, isolate one, isolate the
//      leader, majorities ring, bridge).
//   --partition-shapes replaces this with the common package drawing from the shapes it names.
// crash: every --nemesis-interval seconds, alternately SIGKILL a target set (one, minority,
//   majority, all, the leader, the followers) and restart every dead node, as the common package
//   does, but timed to elections: while a stale leader is about (a node leading a term below the
//   highest term of the nodes up) it kills nothing of its own schedule; instead, once the newest
//   leader has led for BOUNCE_AFTER_MS beside a stale one, it kills that leader and restarts it at
//   once (the lab's Persist tests crash leaders), once per stale leader. A stale leader itself is
//   never a target.
import type { Nemesis, NemesisOptions, PartitionSpec, TargetSpec } from '../../plugins.js';
import { PARTITION_SPECS } from '../../faults/partition.js';
import { healAll, once, script, sleep, waitUntil, type ClusterView, type Gen } from '../../generators/index.js';
import { pick } from '../../util/rng.js';
import { combineNemeses, parseNemesisList } from '../../../nemesis/index.js';
import { partitionNemesis } from '../../../nemesis/partition.js';
import { CRASH_TARGETS } from '../../../nemesis/crash.js';
import { valueOfGrudge } from '../../faults/grudge-value.js';
import { isolateBothWays, staleLeaders, staleLeaderWindow, STALE_HOLD_MS, STALE_POLL_MS } from '../../bugs/scenarios/stale-leader.js';

/** How long the newest leader leads beside a stale one before the crash package kills it. */
export const BOUNCE_AFTER_MS = 1_000;

/** `node` cut off both ways. */
const isolate = (node: number, ids: readonly number[]): Gen => once({ f: 'start-partition', value: valueOfGrudge(isolateBothWays(node, ids)) });

/** The kinds of window of lab-go's partition package, in the order they take turns. */
export const LAB_PARTITION_WINDOWS = ['stale-leader', 'isolate-follower', 'symmetric'] as const;

export function labPartitionNemesis(): Nemesis {
  return {
    name: 'partition',
    description: `every --nemesis-interval seconds a partition, then a heal; in turn: the leader cut off and then left deaf once a newer one leads (held at least ${STALE_HOLD_MS / 1000} s), one follower cut off and then the leader in its place, a shape of ${PARTITION_SPECS.join(', ')}`,
    families: ['partition'],
    generator: (options: NemesisOptions) => {
      const intervalMs = options.intervalS * 1000;
      return script(function* (s) {
        for (let round = 0; ; round++) {
          yield sleep(intervalMs);
          const kind = LAB_PARTITION_WINDOWS[round % LAB_PARTITION_WINDOWS.length];
          if (kind === 'stale-leader') {
            yield* staleLeaderWindow(s, intervalMs, Math.max(intervalMs, STALE_HOLD_MS));
            continue;
          }
          if (kind === 'isolate-follower') {
            const ids = s.view.nodeIds;
            const leader = s.view.leader();
            const node = pick(s.rng, leader === null ? ids : ids.filter((n) => n !== leader));
            yield isolate(node, ids);
            yield sleep(intervalMs);
            // The cut moves to the leader: the follower, its term risen and its log short, comes
            // back to a cluster that must elect.
            const now = s.view.leader();
            if (now !== null && now !== node) {
              yield isolate(now, ids);
              yield sleep(intervalMs);
            }
            yield once({ f: 'stop-partition', value: null });
            continue;
          } else {
            yield once({ f: 'start-partition', value: pick(s.rng, PARTITION_SPECS) });
          }
          yield sleep(intervalMs);
          yield once({ f: 'stop-partition', value: null });
        }
      });
    },
    final: healAll,
  };
}

/** The newest leader when it leads beside a stale one, with the stale one. */
function leaderBesideStale(view: ClusterView): { leader: number; term: number; stale: number; staleTerm: number } | null {
  const stale = staleLeaders(view);
  const leader = view.leader();
  if (stale.length === 0 || leader === null || stale.includes(leader)) return null;
  const s = stale[0]!;
  return { leader, term: view.node(leader)?.term ?? -1, stale: s, staleTerm: view.node(s)?.term ?? -1 };
}

export function labCrashNemesis(targets: readonly TargetSpec[] = CRASH_TARGETS): Nemesis {
  return {
    name: 'crash',
    description: `every --nemesis-interval seconds, alternately SIGKILL nodes (${targets.join(', ')}) and restart every dead node, none while a stale leader is about; then the newest leader is killed and restarted at once (never the stale leader)`,
    families: ['crash'],
    generator: (options: NemesisOptions) => {
      const intervalMs = options.intervalS * 1000;
      return script(function* (s) {
        let dueMs = s.nowMs + intervalMs;
        let killNext = true;
        /** Stale leaders (node@term) whose newest leader was killed already. */
        const bounced = new Set<string>();
        /** When each (stale, newest leader) pair was first seen. */
        const seenMs = new Map<string, number>();
        const bounceDue = (v: ClusterView, nowMs: number): { leader: number; key: string } | null => {
          const pair = leaderBesideStale(v);
          if (pair === null) return null;
          const key = `${pair.stale}@${pair.staleTerm}`;
          if (bounced.has(key)) return null;
          const pairKey = `${key}/${pair.leader}@${pair.term}`;
          const first = seenMs.get(pairKey) ?? nowMs;
          seenMs.set(pairKey, first);
          return nowMs - first >= BOUNCE_AFTER_MS ? { leader: pair.leader, key } : null;
        };
        for (;;) {
          yield waitUntil((v, ctx) => ctx.nowMs >= dueMs || bounceDue(v, ctx.nowMs) !== null, Math.max(0, dueMs - s.nowMs), STALE_POLL_MS);
          const bounce = bounceDue(s.view, s.nowMs);
          if (bounce !== null) {
            bounced.add(bounce.key);
            yield once({ f: 'kill', value: { nodes: [bounce.leader] } });
            yield once({ f: 'restart', value: 'all-dead' });
            killNext = true;
            continue;
          }
          if (s.nowMs < dueMs) continue;
          if (staleLeaders(s.view).length > 0) {
            // The schedule waits while a stale leader is about.
            yield sleep(STALE_POLL_MS);
            continue;
          }
          yield killNext ? once({ f: 'kill', value: pick(s.rng, targets) }) : once({ f: 'restart', value: 'all-dead' });
          killNext = !killNext;
          dueMs = s.nowMs + intervalMs;
        }
      });
    },
    final: healAll,
  };
}

/**
 * The nemesis of a lab-go run for --nemesis (a comma list) and --partition-shapes: lab-go's own
 * partition and crash packages (the common partition package when shapes are named), the common
 * ones otherwise, combined as every run combines them.
 */
export function labNemesis(list: string, partitionShapes?: readonly PartitionSpec[]): Nemesis {
  const members = parseNemesisList(list).map((m) => {
    if (m.name === 'partition') return partitionShapes !== undefined ? partitionNemesis(partitionShapes) : labPartitionNemesis();
    if (m.name === 'crash') return labCrashNemesis();
    return m;
  });
  return combineNemeses(members);
}
