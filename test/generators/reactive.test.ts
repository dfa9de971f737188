// Reactive generators and scripts in virtual time, against a view the test changes as time passes:
// waitUntil ends when its condition holds or at its timeout; a script reads the view between the
// generators it yields, with loops and early returns, and starts afresh each time it is repeated.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import type { ClusterView, Gen, GenOp } from '../../src/generators/index.js';
import { any, interpret, lastIndexOf, leaderAmong, once, phases, repeat, script, sleep, timeLimit, waitUntil, type World } from '../../src/generators/index.js';

/** A world whose leader appears at leaderAtMs and whose node 1's last index grows by one per ms. */
function world(leaderAtMs: number): World & { applied: string[] } {
  let nowMs = 0;
  const view: ClusterView = {
    nodeIds: [1, 2, 3],
    leader: () => (nowMs >= leaderAtMs ? 2 : null),
    node: (id) => ({ role: id === 2 && nowMs >= leaderAtMs ? 'leader' : 'follower', term: 3, lastIndex: id === 1 ? Math.floor(nowMs) : 0 }),
    down: new Set(),
    paused: new Set(),
  };
  const applied: string[] = [];
  return {
    applied,
    nowMs: () => nowMs,
    advanceTo: (atMs) => {
      nowMs = Math.max(nowMs, atMs);
      return true;
    },
    view: () => view,
    apply: (op: GenOp) => {
      applied.push(`${nowMs}:${op.f}`);
    },
  };
}

const STOP: GenOp = { f: 'stop-partition', value: null };

async function run(g: Gen, leaderAtMs: number): Promise<string[]> {
  const w = world(leaderAtMs);
  await interpret(g, w, createRng(1));
  return w.applied;
}

describe('waitUntil', () => {
  it('ends as soon as the condition holds, polled every pollMs', async () => {
    expect(await run(phases(waitUntil((v) => v.leader() !== null, 1_000, 5), once(STOP)), 12)).toEqual(['15:stop-partition']);
    expect(await run(phases(waitUntil((v) => v.leader() !== null, 1_000), once(STOP)), 12)).toEqual(['12:stop-partition']);
  });

  it('ends at its timeout when the condition never holds', async () => {
    expect(await run(phases(waitUntil((v) => v.leader() !== null, 50, 1), once(STOP)), Infinity)).toEqual(['50:stop-partition']);
  });

  it('is done at once when the condition already holds', async () => {
    expect(await run(phases(waitUntil((v) => v.leader() !== null, 50), once(STOP)), 0)).toEqual(['0:stop-partition']);
  });

  it('is reactive, and refuses bad bounds', () => {
    expect(waitUntil(() => true, 1).reactive).toBe(true);
    expect(() => waitUntil(() => true, -1)).toThrow(/timeout >= 0/);
    expect(() => waitUntil(() => true, 1, 0)).toThrow(/poll interval > 0/);
  });

  it('view helpers: the leader above a term among some nodes, a node last index', () => {
    const w = world(0);
    const view = w.view() as ClusterView;
    expect(leaderAmong(view, [1, 2, 3], 2)).toBe(2);
    expect(leaderAmong(view, [1, 3])).toBeNull();
    expect(leaderAmong(view, [2], 3)).toBeNull();
    expect(lastIndexOf(view, 2)).toBe(0);
  });
});

describe('script', () => {
  it('reads the view between the generators it yields; loops and returns as plain code', async () => {
    const g = script(function* (s) {
      yield waitUntil((v) => v.leader() !== null, 100);
      const leader = s.view.leader();
      if (leader === null) return;
      yield once({ f: 'kill', value: { nodes: [leader] } });
      while (s.nowMs < 40) {
        yield sleep(10);
        yield once(STOP);
      }
    });
    expect(await run(g, 5)).toEqual(['5:kill', '15:stop-partition', '25:stop-partition', '35:stop-partition', '45:stop-partition']);
    expect(await run(g, Infinity)).toEqual([]);
  });

  it('waits on the last index its own proposal moved', async () => {
    const g = script(function* (s) {
      const k = lastIndexOf(s.view, 1) + 10;
      yield waitUntil((v) => lastIndexOf(v, 1) >= k, 1_000);
      yield once(STOP);
    });
    expect(await run(phases(sleep(3), g), 0)).toEqual(['13:stop-partition']);
  });

  it('starts afresh each time: repeated and time-limited like any generator', async () => {
    const g = script(function* () {
      yield sleep(10);
      yield once(STOP);
    });
    expect(await run(timeLimit(35, repeat(g)), 0)).toEqual(['10:stop-partition', '20:stop-partition', '30:stop-partition']);
  });

  it('a script that never yields an op or a wait is stopped with a message', async () => {
    const g = script(function* () {
      for (;;) yield phases();
    });
    await expect(run(g, 0)).rejects.toThrow(/never yields/);
  });
});

describe('interpret', () => {
  it('stops when the world stops', async () => {
    let nowMs = 0;
    const applied: string[] = [];
    const w: World = {
      nowMs: () => nowMs,
      advanceTo: (atMs) => {
        nowMs = atMs;
        return atMs < 25;
      },
      view: () => world(0).view(),
      apply: (op) => {
        applied.push(`${nowMs}:${op.f}`);
      },
    };
    const r = await interpret(repeat(phases(sleep(10), once(STOP))), w, createRng(1));
    expect(r).toEqual({ ops: 2, finished: false });
    expect(applied).toEqual(['10:stop-partition', '20:stop-partition']);
  });

  it('a generator that gives ops for ever without waiting is stopped with a message', async () => {
    await expect(run(repeat(once(STOP)), 0)).rejects.toThrow(/without waiting/);
  });
});

describe('any with a reactive member', () => {
  it('asks the reactive member at its polls and the others at their times', async () => {
    const g = any(phases(waitUntil((v) => v.leader() !== null, 1_000, 2), once(STOP)), phases(sleep(3), once({ f: 'heal-all', value: null })));
    expect(await run(g, 7)).toEqual(['3:heal-all', '7:stop-partition']);
  });
});
