// The stale leader, as generators of ordinary fault ops (src/generators) that the run's nemesis
// loop interprets and records like any other: it makes a leader's AppendEntries arrive at the
// others in a term they have already left, which a correct Raft refuses without resetting its
// election timer. One window:
//   1. cut the leader L off both ways, until the others elect a leader of a higher term (<= 5 s);
//   2. make L deaf: its messages still reach everyone, it hears nothing, so it stays leader of
//      its old term and keeps sending stale heartbeats;
//   3. hold that long enough for the lab's leader bound to be judged, then heal.
// The scenario `--scenario stale-leader` also crashes the new leader in 2 and restarts it at once:
// the others, a majority that hears itself, must elect again while the stale heartbeats arrive. A
// Raft whose election timer is reset by any message stays leaderless there until the cut is lifted;
// the leaderless-majority check reports it. The crash package of lab-go does the same crash by
// itself whenever a stale leader is about (src/subjects/lab-go/nemesis.ts); the catalogue's
// deaf-stale-leader scenario plays the scenario on our own nodes.
import type { Grudge } from '../../plugins.js';
import { valueOfGrudge } from '../../faults/grudge-value.js';
import { leaderAmong, once, script, sleep, waitUntil, type ClusterView, type Gen } from '../../generators/index.js';
import type { ScriptContext } from '../../generators/index.js';

/** How long the others get to elect a newer leader while L is cut off. */
export const ELECTION_WAIT_MS = 5_000;
/**
 * How long L stays deaf: the lab's bound for a new leader (5 s) plus time for a crash, a restart
 * of a Go node and an election.
 */
export const STALE_HOLD_MS = 8_000;
/** How often the stale-leader generators look at the cluster. */
export const STALE_POLL_MS = 50;
/** The scenario: from the deafening to the crash of the new leader. */
const DEAF_SETTLE_MS = 500;
/** The scenario: between two windows. */
const REST_MS = 2_000;

/** Every other node drops L's messages and L drops theirs. */
export function isolateBothWays(leader: number, ids: readonly number[]): Grudge {
  const others = ids.filter((i) => i !== leader);
  return new Map([[leader, new Set(others)], ...others.map((o) => [o, new Set([leader])] as const)]);
}

/** L drops every message to it; everyone still hears L. */
export function deaf(leader: number, ids: readonly number[]): Grudge {
  return new Map([[leader, new Set(ids.filter((i) => i !== leader))]]);
}

const cut = (grudge: Grudge): Gen => once({ f: 'start-partition', value: valueOfGrudge(grudge) });
const heal: Gen = once({ f: 'stop-partition', value: null });

/** The highest term of the nodes up, or -1. */
export function highestTerm(view: ClusterView): number {
  let best = -1;
  for (const id of view.nodeIds) best = Math.max(best, view.node(id)?.term ?? -1);
  return best;
}

/** The nodes that are up and lead a term below the highest term of the nodes up (stale leaders). */
export function staleLeaders(view: ClusterView): number[] {
  const top = highestTerm(view);
  return view.nodeIds.filter((id) => {
    const s = view.node(id);
    return s !== null && s.role === 'leader' && s.term < top;
  });
}

/**
 * Steps 1 and 2 of a window, for a script: cut the leader off, wait for a newer one, deafen the
 * old one. Returns the old and the new leader; 'no-leader' when there was none to cut off (nothing
 * was done), 'no-newer' when no newer one came (the cut is still in place: the caller heals).
 */
export function* isolateThenDeafen(s: ScriptContext, waitForLeaderMs: number): Generator<Gen, { old: number; next: number } | 'no-leader' | 'no-newer', void> {
  yield waitUntil((v) => v.leader() !== null, waitForLeaderMs, STALE_POLL_MS);
  const old = s.view.leader();
  if (old === null) return 'no-leader';
  const oldTerm = s.view.node(old)?.term ?? -1;
  const ids = s.view.nodeIds;
  const others = ids.filter((i) => i !== old);
  yield cut(isolateBothWays(old, ids));
  yield waitUntil((v) => leaderAmong(v, others, oldTerm) !== null, ELECTION_WAIT_MS, STALE_POLL_MS);
  const next = leaderAmong(s.view, others, oldTerm);
  if (next === null) return 'no-newer';
  yield cut(deaf(old, ids));
  return { old, next };
}

/** One window of the partition package's stale-leader shape: steps 1 to 3, held holdMs. */
export function* staleLeaderWindow(s: ScriptContext, waitForLeaderMs: number, holdMs: number): Generator<Gen, void, void> {
  const leaders = yield* isolateThenDeafen(s, waitForLeaderMs);
  if (leaders === 'no-leader') return;
  if (leaders !== 'no-newer') yield sleep(holdMs);
  yield heal;
}

/** `--scenario stale-leader`: windows with the new leader crashed and restarted at once, for phaseMs. */
export function staleLeaderScenario(phaseMs: number): Gen {
  return script(function* (s) {
    while (s.nowMs < phaseMs) {
      const leaders = yield* isolateThenDeafen(s, 1_000);
      if (typeof leaders === 'string') {
        if (leaders === 'no-newer') yield heal;
        yield sleep(200);
        continue;
      }
      yield sleep(DEAF_SETTLE_MS);
      const others = s.view.nodeIds.filter((i) => i !== leaders.old);
      const current = leaderAmong(s.view, others, s.view.node(leaders.old)?.term ?? -1);
      yield once({ f: 'kill', value: { nodes: [current ?? leaders.next] } });
      yield once({ f: 'restart', value: 'all-dead' });
      yield sleep(STALE_HOLD_MS);
      yield heal;
      yield sleep(REST_MS);
    }
  });
}
