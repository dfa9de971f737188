// Randomized: logs of a tiny correct Raft-like cluster (test/fixtures/synthetic/event-logs.ts) must pass
// every invariant, and one planted mistake in them must be caught. Seeded; the seed is printed.
// Replay: INVARIANTS_SEED=<seed> RAFT_CHAOS_SKIP_BUILD=1 npx vitest run test/checker/invariants-random.test.ts
import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/history/events.js';
import { checkInvariants } from '../../src/checker/invariants/index.js';
import { seededRandom, synthesizeLogs } from '../fixtures/synthetic/event-logs.js';

const baseSeed = Number(process.env.INVARIANTS_SEED ?? Math.floor(Math.random() * 1_000_000));
const replay = `INVARIANTS_SEED=${baseSeed} RAFT_CHAOS_SKIP_BUILD=1 npx vitest run test/checker/invariants-random.test.ts`;
console.log(`invariants-random: seed ${baseSeed}; replay with: ${replay}`);

const ROUNDS = 20;

function scenario(seed: number) {
  const rnd = seededRandom(seed);
  return synthesizeLogs({
    seed,
    nodes: rnd() < 0.5 ? 3 : 5,
    records: 1500 + Math.floor(rnd() * 2500),
    snapshotEvery: rnd() < 0.5 ? 0 : 5 + Math.floor(rnd() * 40),
    crashes: rnd() < 0.8,
  });
}

describe(`randomized valid logs (seed ${baseSeed})`, () => {
  it('pass every invariant, liveness included', () => {
    for (let k = 0; k < ROUNDS; k++) {
      const seed = baseSeed + k;
      const { logs, healTimeNs } = scenario(seed);
      const result = checkInvariants(logs, { healTimeNs, livenessBoundNs: 1e9 });
      expect(result.violations, `seed ${seed} (${replay})`).toEqual([]);
      expect(result.valid, `seed ${seed}`).toBe(true);
      expect(result.stats.elections, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('catch a planted apply of a different entry (state machine safety)', () => {
    for (let k = 0; k < ROUNDS; k++) {
      const seed = baseSeed + k;
      const rnd = seededRandom(seed ^ 0x5eed);
      const { logs } = scenario(seed);
      // An index that at least two nodes applied; corrupt the later of two such applies.
      const appliers = new Map<number, { list: NodeEvent[]; at: number }[]>();
      for (const list of logs.values()) {
        list.forEach((ev, at) => {
          if (ev.kind !== 'apply') return;
          const seen = appliers.get(ev.index) ?? [];
          seen.push({ list, at });
          appliers.set(ev.index, seen);
        });
      }
      const shared = [...appliers.values()].filter((s) => new Set(s.map((x) => x.list)).size >= 2);
      const pick = shared[Math.floor(rnd() * shared.length)]!;
      const victim = pick.sort((a, b) => a.list[a.at]!.time - b.list[b.at]!.time).at(-1)!;
      const original = victim.list[victim.at] as Extract<NodeEvent, { kind: 'apply' }>;
      const planted = { ...original, id: 'planted' };
      victim.list[victim.at] = planted;
      const result = checkInvariants(logs);
      expect(result.valid, `seed ${seed}`).toBe(false);
      const found = result.violations.filter((v) => v.invariant === 'state-machine-safety');
      expect(found.some((v) => v.events.includes(planted)), `seed ${seed}`).toBe(true);
    }
  });

  it('catch a planted second leader of a term (election safety)', () => {
    for (let k = 0; k < ROUNDS; k++) {
      const seed = baseSeed + k;
      const rnd = seededRandom(seed ^ 0x1ead);
      const { logs } = scenario(seed);
      const leaderRecords = [...logs.values()].flat().filter((e) => e.kind === 'role' && e.role === 'leader');
      const real = leaderRecords[Math.floor(rnd() * leaderRecords.length)] as Extract<NodeEvent, { kind: 'role' }>;
      const others = [...logs.keys()].filter((n) => n !== real.node);
      const usurper = others[Math.floor(rnd() * others.length)]!;
      const list = logs.get(usurper)!;
      const planted: NodeEvent = { kind: 'role', role: 'leader', term: real.term, leader: usurper, node: usurper, time: real.time + 1 };
      const at = list.findIndex((e) => e.time > planted.time);
      list.splice(at === -1 ? list.length : at, 0, planted);
      const result = checkInvariants(logs);
      expect(result.valid, `seed ${seed}`).toBe(false);
      const found = result.violations.filter((v) => v.invariant === 'election-safety');
      expect(found.some((v) => v.events.includes(planted) && v.events.includes(real)), `seed ${seed}`).toBe(true);
    }
  });
});
