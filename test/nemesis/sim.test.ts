// The nemeses in the simulator, through the registry and the one fault interpreter: every family
// and the combination stay valid on the correct core; the clock nemesis bites lease reads (a
// stale lease read is caught with the lease-without-margin bug or an over-long lease, never with
// the correct lease under the same drift or under sane drift). Fixed seeds, deterministic: a failing
// seed replays with `SEEDS=<seed> npx vitest run test/nemesis/sim.test.ts`.
import { describe, expect, it } from 'vitest';
import { combineNemeses, lookupNemesis } from '../../nemesis/index.js';
import { clockNemesis } from '../../nemesis/clock.js';
import { crashNemesis } from '../../nemesis/crash.js';
import { partitionNemesis } from '../../nemesis/partition.js';
import { runNemesisInSim } from './sim-nemesis.js';

const SEEDS = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const replay = (seed: number): string => `SEEDS=${seed} npx vitest run test/nemesis/sim.test.ts`;

describe('nemeses in the simulator (correct core)', () => {
  it.each(['crash', 'pause', 'clock', 'partition,crash,pause,clock'])('%s: valid, every action recorded, healed at the end', async (name) => {
    for (const seed of SEEDS.slice(0, 3)) {
      console.log(`sim ${name} seed ${seed}; replay: ${replay(seed)}`);
      const r = await runNemesisInSim({ seed, nemesis: lookupNemesis(name), intervalS: 0.5, nodes: 5, faultPhaseUs: 8_000_000 });
      expect(r.verdict.failures, `seed ${seed}: ${r.ops.join('\n')}`).toEqual([]);
      const nemesisOps = r.history.filter((o) => o.process === 'nemesis' && o.type === 'info');
      expect(nemesisOps.length).toBeGreaterThanOrEqual(10);
      expect(nemesisOps.at(-1)?.f).toBe('heal-all');
      expect(r.history.filter((o) => o.process !== 'nemesis' && o.type === 'ok').length).toBeGreaterThan(100);
    }
  });

  it('crash of every node at once, then restart: valid, writes acknowledged before the crash are read after it', async () => {
    for (const seed of SEEDS.slice(0, 3)) {
      console.log(`sim crash-all seed ${seed}; replay: ${replay(seed)}`);
      const r = await runNemesisInSim({ seed, nemesis: crashNemesis({ targets: ['all'] }), intervalS: 1, nodes: 3, faultPhaseUs: 8_000_000 });
      expect(r.verdict.failures, `seed ${seed}`).toEqual([]);
      const kills = r.history.filter((o) => o.process === 'nemesis' && o.type === 'info' && o.f === 'kill');
      expect(kills.length).toBeGreaterThanOrEqual(3);
      for (const k of kills) expect(k.value).toEqual({ kind: 'nodes', nodes: [1, 2, 3] });
      // Reads succeed after the last restart, so a lost write would make the history non-linearizable.
      const lastRestart = r.history.filter((o) => o.f === 'restart' && o.type === 'info').at(-1)?.time ?? Infinity;
      expect(r.history.some((o) => o.f === 'read' && o.type === 'ok' && o.time > lastRestart)).toBe(true);
    }
  });
});

describe('the clock nemesis bites lease reads', () => {
  // The leader's clock runs at 0.4x, then the leader is isolated (interval 1.6 s: the clock window
  // opens 0.8 s before the partition and closes 0.8 s into it).
  const strongDrift = () =>
    combineNemeses([clockNemesis({ kinds: ['drift'], targets: ['leader'], rates: [0.4] }), partitionNemesis(['isolate-leader'])]);
  const base = { intervalS: 1.6, nodes: 5, faultPhaseUs: 20_000_000, readMode: 'lease' as const };

  it('lease-without-margin under strong drift: a stale lease read is caught; the correct lease on the same seeds is valid', async () => {
    let caught = 0;
    for (const seed of SEEDS) {
      console.log(`sim lease drift 0.4x seed ${seed}; replay: ${replay(seed)}`);
      const buggy = await runNemesisInSim({ ...base, seed, nemesis: strongDrift(), bugs: ['lease-without-margin'], raft: { leaseTicks: 10 } });
      if (buggy.verdict.checkers.includes('linearizability')) caught++;
      const correct = await runNemesisInSim({ ...base, seed, nemesis: strongDrift(), raft: { leaseTicks: 10 } });
      expect(correct.verdict.failures, `correct lease, seed ${seed}`).toEqual([]);
    }
    expect(caught, `caught on ${caught} of ${SEEDS.length} seeds`).toBeGreaterThanOrEqual(Math.ceil(SEEDS.length / 2));
  });

  it('an aggressive lease (29 of 30 election ticks) on the correct core under strong drift is caught too', async () => {
    let caught = 0;
    for (const seed of SEEDS) {
      const r = await runNemesisInSim({ ...base, seed, nemesis: strongDrift(), raft: { leaseTicks: 29 } });
      if (r.verdict.checkers.includes('linearizability')) caught++;
    }
    expect(caught).toBeGreaterThanOrEqual(Math.ceil(SEEDS.length / 2));
  });

  it('the correct lease under sane drift (0.85x..1.15x) and partitions stays valid', async () => {
    for (const seed of SEEDS) {
      const sane = combineNemeses([clockNemesis({ kinds: ['drift'], rates: [0.85, 1.15] }), partitionNemesis()]);
      const r = await runNemesisInSim({ seed, nemesis: sane, intervalS: 1, nodes: 5, faultPhaseUs: 20_000_000, readMode: 'lease' });
      expect(r.verdict.failures, `seed ${seed}; replay: ${replay(seed)}`).toEqual([]);
    }
  });
});
