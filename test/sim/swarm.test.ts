// The swarm: each seed draws its own bad day, deterministically; a lease day never asks of a lease
// more than it promises; and with no directed scenario, `raft-chaos sim --bug NAME --seed S` for
// S = 1..20 catches the catalogued bugs (each caught seed printed with its replay command).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import { deriveSeed } from '../../src/util/rng.js';
import { describeSwarm, drawSwarmDay, swarmGenerator, type SwarmDay } from '../../src/sim/swarm.js';
import { FAULT_FAMILIES } from '../../src/sim/bad-day.js';
import { BUG_NAMES } from '../../src/raft/bugs.js';
import { detectSwarm } from '../../src/bugs/detect-sim.js';
import type { BugName } from '../../src/raft/types.js';
import { DEFAULT_RUN, leaderlessBoundOf, runSeed } from '../../src/sim/run-seed.js';

const day = (seed: number, overrides: Parameters<typeof drawSwarmDay>[2] = { nodes: null, readMode: null }): SwarmDay =>
  drawSwarmDay(createRng(deriveSeed(seed, 'scenario')), FAULT_FAMILIES, overrides);

/**
 * Bugs the undirected search does not reach within 20 seeds, each with what it needs and the
 * measured rate; they stay caught by their directed scenarios (test/bugs).
 */
// Reached since the swarm's moves (src/sim/swarm-moves.ts), before them 0 of seeds 1..20 each:
// commit-old-term-by-count by the leader-churn move, 4 of 1..20 (1, 7, 12, 16);
// timer-reset-by-any-message by the deaf-old-leader move, 5 of 1..20 (3, 9, 11, 14, 17); and
// no-step-down-on-reply, 2 before, 4 of 1..20 (3, 4, 13, 20) with the rejoining-follower move.
const NOT_REACHED: Partial<Record<BugName, string>> = {};

describe('swarm days', () => {
  it('are a function of the seed, and differ between seeds', () => {
    expect(day(7)).toEqual(day(7));
    const kinds = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(day(i + 1).swarm.weights)));
    expect(kinds.size).toBeGreaterThan(5);
    const sizes = new Set(Array.from({ length: 50 }, (_, i) => day(i + 1).nodes));
    expect([...sizes].sort()).toEqual([3, 5, 7]);
  });

  it('keep the rest of the day when --nodes or --read-mode is given', () => {
    const free = day(11);
    const fixed = day(11, { nodes: 9, readMode: free.readMode });
    expect(fixed.nodes).toBe(9);
    expect({ ...fixed, nodes: free.nodes, drift: free.drift }).toEqual(free);
  });

  it('ask of a lease only what it promises: stickiness, slowed clocks within its margin, no pauses', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const d = day(seed, { nodes: null, readMode: 'lease' });
      const why = `seed ${seed}: ${JSON.stringify({ raft: d.raft, swarm: d.swarm })}`;
      expect(d.raft.preVote || d.raft.checkQuorum, why).toBe(true);
      expect(d.swarm.weights.pause, why).toBeUndefined();
      expect(d.drift.slice(1).every((r) => r === 1), why).toBe(true);
      // The lease in true time at the slowest clock ends before the shortest election timeout.
      const slowest = Math.min(...d.swarm.clockRates);
      expect(Math.max(...d.swarm.clockRates), why).toBeLessThanOrEqual(1);
      expect((d.raft.leaseTicks + 1) / slowest, why).toBeLessThan(d.raft.electionTicks);
    }
  });

  it('bring no new fault in the quiet tail', () => {
    const d = [...Array(60).keys()].map((i) => day(i + 1)).find((x) => x.swarm.quietTailMs >= 3_000 && Object.keys(x.swarm.weights).length > 0)!;
    let nowMs = 0;
    let g = swarmGenerator(d, 10_000);
    const rng = createRng(1);
    const at: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const step = g.next({ nowMs, rng, view: null as never });
      if (step.kind === 'done') break;
      if (step.kind === 'wait') nowMs = Math.max(nowMs, step.untilMs);
      else at.push(nowMs);
      g = step.next;
    }
    expect(at.length).toBeGreaterThan(0);
    expect(Math.max(...at)).toBeLessThan(10_000 - d.swarm.quietTailMs + 1);
  });
});

describe('the swarm moves', () => {
  const days = Array.from({ length: 300 }, (_, i) => ({ seed: i + 1, d: day(i + 1) }));

  it('come on some days only, each day with what its move needs', () => {
    const deaf = days.filter(({ d }) => d.swarm.deafOldLeaderChance > 0);
    const churn = days.filter(({ d }) => d.swarm.leaderChurnChance > 0);
    expect(deaf.length).toBeGreaterThan(30);
    expect(deaf.length).toBeLessThan(150);
    expect(churn.length).toBeGreaterThan(30);
    expect(churn.length).toBeLessThan(150);
    for (const { seed, d } of deaf) {
      const why = `seed ${seed}: ${JSON.stringify({ raft: d.raft, network: d.network, swarm: d.swarm })}`;
      // No check-quorum (a deaf leader would step down), partitions on, and a network on which the
      // leaderless check is made; the deaf leader is held past its bound.
      expect(d.raft.checkQuorum, why).toBe(false);
      expect(d.raft.preVote, why).toBe(true);
      expect(d.readMode, why).not.toBe('lease');
      expect(d.swarm.weights.partition, why).toBeDefined();
      const boundUs = leaderlessBoundOf(d);
      expect(boundUs, why).not.toBeNull();
      expect(d.swarm.deafOldLeaderHoldMs * 1000, why).toBeGreaterThan(boundUs!);
    }
    const rejoin = days.filter(({ d }) => d.swarm.rejoiningFollowerChance > 0);
    expect(rejoin.length).toBeGreaterThan(10);
    for (const { seed, d } of rejoin) {
      const why = `seed ${seed}: ${JSON.stringify({ raft: d.raft, swarm: d.swarm })}`;
      // Check-quorum on (leader stickiness), pre-vote off (the cut-off follower's term climbs).
      expect(d.raft.checkQuorum, why).toBe(true);
      expect(d.raft.preVote, why).toBe(false);
      expect(d.readMode, why).not.toBe('lease');
      expect(d.swarm.deafOldLeaderChance + d.swarm.leaderChurnChance, why).toBe(0);
      expect(d.swarm.rejoiningFollowerHoldMs, why).toBeGreaterThanOrEqual(10 * 2 * d.raft.electionTicks * 10);
    }
    for (const { seed, d } of churn) {
      const why = `seed ${seed}: ${JSON.stringify({ raft: d.raft, nodes: d.nodes })}`;
      expect(d.nodes, why).toBeGreaterThanOrEqual(5);
      expect(d.raft.preVote, why).toBe(true);
      expect(d.readMode, why).not.toBe('lease');
      expect(d.swarm.opsPerSecond, why).toBeLessThanOrEqual(50);
      expect(d.raft.maxEntriesPerAppend, why).toBe(1);
      expect(d.swarm.leaderChurnHoldMs, why).toBeGreaterThanOrEqual(1_500);
    }
  });

  it('are named with their chances and holds on the swarm line', () => {
    const deaf = days.find(({ d }) => d.swarm.deafOldLeaderChance > 0)!.d;
    const churn = days.find(({ d }) => d.swarm.leaderChurnChance > 0)!.d;
    const plain = days.find(({ d }) => d.swarm.deafOldLeaderChance === 0 && d.swarm.leaderChurnChance === 0 && d.swarm.rejoiningFollowerChance === 0)!.d;
    expect(describeSwarm(deaf.swarm, deaf.faultIntervalUs)).toContain(`deaf-old-leader ${Math.round(deaf.swarm.deafOldLeaderChance * 100)}% held ${deaf.swarm.deafOldLeaderHoldMs / 1000} s`);
    expect(describeSwarm(churn.swarm, churn.faultIntervalUs)).toContain(`leader-churn ${Math.round(churn.swarm.leaderChurnChance * 100)}% held ${churn.swarm.leaderChurnHoldMs / 1000} s`);
    expect(describeSwarm(plain.swarm, plain.faultIntervalUs)).toContain('deaf-old-leader 0%, leader-churn 0%, rejoining-follower 0%');
  });

  it('do what they say on a correct Raft, which passes them', { timeout: 60_000 }, async () => {
    const deafSeed = days.find(({ d }) => d.swarm.deafOldLeaderChance >= 0.9)!.seed;
    const churnSeed = days.find(({ d }) => d.swarm.leaderChurnChance >= 0.7 && d.swarm.deafOldLeaderChance === 0)!.seed;
    for (const seed of [deafSeed, churnSeed]) {
      const r = await runSeed({ ...DEFAULT_RUN, seed, linearizabilityBudgetMs: 5_000 });
      expect(r.failures, `replay: ${r.replay}`).toEqual([]);
      // The nemesis's record: each partition's grudge, and each kill, in order.
      const ops = r.history
        .filter((h) => h.process === 'nemesis' && h.type === 'info' && (h.f === 'start-partition' || h.f === 'kill'))
        .map((h) => (h.f === 'kill' ? 'kill' : (h.value as { grudge: Record<string, number[]> }).grudge));
      const n = r.badDay.nodes;
      const why = `replay: ${r.replay}`;
      if (seed === deafSeed) {
        // A kill while one node drops everybody's messages and nobody drops its own (a deaf node).
        const deafThenKill = ops.some((g, i) => g === 'kill' && i > 0 && typeof ops[i - 1] !== 'string' && (() => {
          const prev = ops[i - 1] as Record<string, number[]>;
          return Object.keys(prev).length === 1 && Object.values(prev)[0]!.length === n - 1;
        })());
        expect(deafThenKill, why).toBe(true);
      } else {
        // The others all drop the messages of the same two or more nodes, who drop nobody's (a muted group).
        const mutedGroup = ops.some((g) => {
          if (typeof g === 'string') return false;
          const sets = Object.values(g).map((x) => x.join(','));
          return sets.length > 0 && new Set(sets).size === 1 && g[Object.keys(g)[0]!]!.length >= 2 && sets.length + g[Object.keys(g)[0]!]!.length === n;
        });
        expect(mutedGroup, why).toBe(true);
      }
    }
  });
});

describe('undirected search: raft-chaos sim --bug NAME --seed 1..20', () => {
  for (const bug of BUG_NAMES) {
    const reason = NOT_REACHED[bug];
    it.skipIf(reason !== undefined)(`catches ${bug} on some seed of 1..20${reason !== undefined ? ` (not reached: ${reason})` : ''}`, { timeout: 240_000 }, async () => {
      for (let seed = 1; seed <= 20; seed++) {
        const d = await detectSwarm(bug, seed);
        if (d.caught) {
          console.log(`${bug}: caught on seed ${seed} by ${d.checkers.join(', ')} at ${d.detectedAtS?.toFixed(1)} virtual s; replay: ${d.replay}`);
          expect(d.replay).toMatch(new RegExp(`^npx raft-chaos sim --seed ${seed} .*--bug ${bug}`));
          return;
        }
      }
      expect.fail(`${bug} not caught on seeds 1..20 (replay one: npx raft-chaos sim --seed 1 --bug ${bug})`);
    });
  }
});
