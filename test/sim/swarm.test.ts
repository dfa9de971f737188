// The swarm: each seed draws its own bad day, deterministically; a lease day never asks of a lease
// more than it promises; and with no directed scenario, `raft-chaos sim --bug NAME --seed S` for
// S = 1..20 catches the catalogued bugs (each caught seed printed with its replay command).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import { deriveSeed } from '../../src/util/rng.js';
import { drawSwarmDay, swarmGenerator, type SwarmDay } from '../../src/sim/swarm.js';
import { FAULT_FAMILIES } from '../../src/sim/bad-day.js';
import { BUG_NAMES } from '../../src/raft/bugs.js';
import { detectSwarm } from '../../src/bugs/detect-sim.js';
import type { BugName } from '../../src/raft/types.js';

const day = (seed: number, overrides: Parameters<typeof drawSwarmDay>[2] = { nodes: null, readMode: null }): SwarmDay =>
  drawSwarmDay(createRng(deriveSeed(seed, 'scenario')), FAULT_FAMILIES, overrides);

/**
 * Bugs the undirected search does not reach within 20 seeds, each with what it needs and the
 * measured rate; they stay caught by their directed scenarios (test/bugs).
 */
const NOT_REACHED: Partial<Record<BugName, string>> = {
  'commit-old-term-by-count':
    'Figure 8 needs an old-term entry acknowledged by a majority without the new leader\'s no-op (one entry per message and that one message lost), then the leader gone before its next round: 2 of seeds 1..100 measured',
};

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
