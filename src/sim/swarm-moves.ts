// The swarm's reactive fault moves: short scripts of ordinary fault ops (partitions as explicit
// grudges, kills, restarts) timed to what the cluster does, each run by the swarm's schedule in
// place of one partition window (swarm.ts). Every choice comes from the schedule's Rng and the
// cluster view, so a seed replays them exactly.
//
// - deaf old leader: cut the leader off both ways until the others elect a newer one, then leave
//   the old one deaf (it still speaks: its stale heartbeats reach everyone, it hears nobody), crash
//   the new leader and restart it at once, and hold that for holdMs. Without check-quorum the old
//   leader never notices; the rest, a majority that hears itself, must elect again under its stale
//   heartbeats (§5.1, §5.2).
// - leader churn: each new leader is cut off at a moment of its own. The first, once its log
//   grows (a write in flight), together with a largest minority that the write reaches; the next
//   one, elected by the others, alone the moment it leads (its own first entry on itself only);
//   the one after, elected by the rest, is muted with the first group (the others stop hearing
//   them, they still hear everybody) the moment a follower it is catching up gains an entry, so
//   that follower's acknowledgement arrives but nothing more of theirs reaches anyone, and the
//   leader cut off alone rejoins the others. On one entry per append that is the paper's Figure 8
//   (§5.4.2) played by the schedule.
// - rejoining follower: cut one follower off both ways for holdMs, then heal. Without pre-vote
//   its term climbs while it is away; with check-quorum the others, hearing their leader, ignore
//   its campaigns, so only the leader's step-down on its higher-term reply (§5.1) lets it back in.
import type { FaultOp, Grudge } from '../plugins.js';
import { completeGrudge } from '../faults/partition.js';
import { valueOfGrudge } from '../faults/grudge-value.js';
import { lastIndexOf, leaderAmong, once, script, sleep, waitUntil, type Gen, type ScriptContext } from '../generators/index.js';
import { shuffle } from '../util/rng.js';

/** How often a move looks at the cluster while it waits for a leader or a log to change (ms). */
const FAST_POLL_MS = 0.1;
const POLL_MS = 5;
/** How long the others get to elect a newer leader (ms). */
const ELECTION_WAIT_MS = 5_000;
/** Deaf old leader: from the deafening to the crash of the new leader (ms). */
const DEAF_SETTLE_MS = 500;
/** How long a move lets the nodes it restarted catch up before it starts (ms). */
const CATCH_UP_MS = 1_000;
/** Leader churn: how long it waits for a write at the first leader, or a follower to gain an entry (ms). */
const CHURN_GROWTH_WAIT_MS = 2_000;

/**
 * The longest a deaf-old-leader move takes besides its hold: waiting for a leader, for a newer
 * one, and the settle before the crash (ms). The schedule starts one only if it ends before the
 * quiet tail.
 */
export const DEAF_OLD_LEADER_SETUP_MS = CATCH_UP_MS + 1_000 + ELECTION_WAIT_MS + DEAF_SETTLE_MS;
/** The longest a leader-churn move takes besides its hold (ms). */
export const LEADER_CHURN_SETUP_MS = CATCH_UP_MS + 3_000 + CHURN_GROWTH_WAIT_MS + 2 * ELECTION_WAIT_MS + CHURN_GROWTH_WAIT_MS;

const partition = (grudge: Grudge): Gen => once({ f: 'start-partition', value: valueOfGrudge(grudge) });
const heal: Gen = once({ f: 'stop-partition', value: null });
const op = (value: FaultOp): Gen => once(value);
/** Every node up and running: the dead restarted, the paused resumed. */
const everyoneUp: Gen[] = [op({ f: 'restart', value: 'all-dead' }), op({ f: 'resume', value: 'all-paused' })];

/** `node` drops every other node's messages; everyone still hears it. */
function deafGrudge(node: number, ids: readonly number[]): Grudge {
  return new Map([[node, new Set(ids.filter((i) => i !== node))]]);
}

/** Every node outside `muted` drops the messages of `muted`'s nodes; those still hear everyone. */
function muteGrudge(muted: readonly number[], ids: readonly number[]): Grudge {
  return new Map(ids.filter((i) => !muted.includes(i)).map((i) => [i, new Set(muted)] as const));
}

const others = (s: ScriptContext, node: number): number[] => s.view.nodeIds.filter((i) => i !== node);
const termOf = (s: ScriptContext, node: number): number => s.view.node(node)?.term ?? -1;

/** The deaf-old-leader move, ending healed (and every node it killed restarted). */
export function deafOldLeaderMove(holdMs: number): Gen {
  return script(function* (s) {
    yield* everyoneUp;
    yield sleep(CATCH_UP_MS);
    yield waitUntil((v) => v.leader() !== null, 1_000, POLL_MS);
    const old = s.view.leader();
    if (old === null) return;
    const oldTerm = termOf(s, old);
    const rest = others(s, old);
    yield partition(completeGrudge([[old], rest]));
    yield waitUntil((v) => leaderAmong(v, rest, oldTerm) !== null, ELECTION_WAIT_MS, POLL_MS);
    const next = leaderAmong(s.view, rest, oldTerm);
    if (next === null) {
      yield heal;
      return;
    }
    yield partition(deafGrudge(old, s.view.nodeIds));
    yield sleep(DEAF_SETTLE_MS);
    const current = leaderAmong(s.view, rest, oldTerm) ?? next;
    yield op({ f: 'kill', value: { nodes: [current] } });
    yield op({ f: 'restart', value: 'all-dead' });
    yield sleep(holdMs);
    yield heal;
  });
}

/** The leader-churn move (5 nodes or more: on 3 it does nothing), its last cut held holdMs, ending healed. */
export function leaderChurnMove(holdMs: number): Gen {
  return script(function* (s) {
    const ids = s.view.nodeIds;
    const minority = Math.floor((ids.length - 1) / 2);
    if (minority < 2) return;
    yield* everyoneUp;
    yield sleep(CATCH_UP_MS);
    // 1. The first leader, once its log grows, with a largest minority.
    yield waitUntil((v) => v.leader() !== null, 3_000, POLL_MS);
    const a = s.view.leader();
    if (a === null) return;
    const termA = termOf(s, a);
    const base = lastIndexOf(s.view, a);
    yield waitUntil((v) => v.leader() !== a || lastIndexOf(v, a) > base, CHURN_GROWTH_WAIT_MS, FAST_POLL_MS);
    if (s.view.leader() !== a || lastIndexOf(s.view, a) <= base) return;
    const [...order] = shuffle(s.rng, others(s, a));
    const withA = [a, ...order.slice(0, minority - 1)];
    const rest = order.slice(minority - 1);
    yield partition(completeGrudge([withA, rest]));
    // 2. The next leader, the moment it leads, alone; everybody else together.
    yield waitUntil((v) => leaderAmong(v, rest, termA) !== null, ELECTION_WAIT_MS, FAST_POLL_MS);
    const c = leaderAmong(s.view, rest, termA);
    if (c === null) {
      yield heal;
      return;
    }
    const termC = termOf(s, c);
    const withoutC = others(s, c);
    yield partition(completeGrudge([[c], withoutC]));
    // 3. The one after, muted the moment a follower it catches up gains an entry; c rejoins.
    yield waitUntil((v) => leaderAmong(v, withoutC, termC) !== null, ELECTION_WAIT_MS, FAST_POLL_MS);
    const l = leaderAmong(s.view, withoutC, termC);
    if (l === null) {
      yield heal;
      return;
    }
    const followers = withoutC.filter((i) => i !== l && s.view.node(i) !== null);
    const lag = Math.min(...followers.map((f) => lastIndexOf(s.view, f)));
    const behind = followers.filter((f) => lastIndexOf(s.view, f) === lag);
    yield waitUntil((v) => v.node(l)?.role !== 'leader' || behind.some((f) => lastIndexOf(v, f) > lag), CHURN_GROWTH_WAIT_MS, FAST_POLL_MS);
    if (s.view.node(l)?.role === 'leader') {
      yield partition(muteGrudge([...new Set([l, ...withA])], ids));
      yield sleep(holdMs);
    }
    yield heal;
  });
}

/** The rejoining-follower move: one follower cut off both ways for holdMs, then the heal. */
export function rejoiningFollowerMove(holdMs: number): Gen {
  return script(function* (s) {
    yield waitUntil((v) => v.leader() !== null, 1_000, POLL_MS);
    const leader = s.view.leader();
    if (leader === null) return;
    const followers = others(s, leader).filter((i) => s.view.node(i) !== null);
    if (followers.length === 0) return;
    const [f] = shuffle(s.rng, followers) as [number, ...number[]];
    yield partition(completeGrudge([[f], others(s, f)]));
    yield sleep(holdMs);
    yield heal;
  });
}

/** The longest a rejoining-follower move takes besides its hold (ms). */
export const REJOINING_FOLLOWER_SETUP_MS = 1_000;
