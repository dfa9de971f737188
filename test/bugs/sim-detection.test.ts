// Every bug of the catalogue is caught in simulation within its bounded number of seeds, by one of
// the checkers its matrix row names; the same scenario without the bug passes on the same seeds
// (the checkers do not cry wolf). Deterministic: the seeds are fixed; each catch prints its seed
// and the command that replays it.
import { describe, expect, it } from 'vitest';
import { BUG_NAMES } from '../../src/raft/bugs.js';
import { CATALOGUE, scenarioFor, simTimeLimitS } from '../../src/bugs/catalogue.js';
import { detectSim } from '../../src/bugs/detect-sim.js';
import type { Detection } from '../../src/bugs/types.js';

/** Seeds without the bug that must pass: at least this many, and every seed tried with the bug. */
const MIN_CLEAN_SEEDS = 3;

describe('bug catalogue: detection in simulation', () => {
  it('has a detection scenario for every bug of src/raft/bugs.ts', () => {
    expect(CATALOGUE.map((e) => e.bug).sort()).toEqual([...BUG_NAMES].sort());
    for (const e of CATALOGUE) expect(e.catchers.length, e.bug).toBeGreaterThan(0);
  });

  for (const bug of BUG_NAMES) {
    it(`catches ${bug}, and passes the same seeds without it`, async () => {
      const entry = scenarioFor(bug);
      let hit: Detection | null = null;
      const tried: number[] = [];
      for (let seed = 1; seed <= entry.simSeeds && hit === null; seed++) {
        tried.push(seed);
        const d = await detectSim(bug, seed, true);
        if (d.caught) hit = d;
      }
      if (hit === null) {
        throw new Error(`${bug}: not caught in seeds 1..${entry.simSeeds} (${entry.nemesis}; expected ${entry.catchers.join(' or ')})`);
      }
      console.log(
        `${bug}: caught on seed ${hit.seed} (after ${tried.length} seed(s)) by ${hit.checkers.join(', ')} at ` +
          `${hit.detectedAtS?.toFixed(2)} virtual s\n  replay: ${hit.replay}\n  ${hit.failures[0] ?? ''}`,
      );
      expect(hit.checkers.some((c) => entry.catchers.includes(c)), `${bug} caught by ${hit.checkers.join(', ')}`).toBe(true);
      // Bounded in virtual time too: the evidence comes within the attempt's fault phase and heal bound.
      expect(hit.detectedAtS).not.toBeNull();
      expect(hit.detectedAtS!).toBeLessThanOrEqual(simTimeLimitS(entry));

      const cleanSeeds = [...tried];
      for (let s = tried.length + 1; cleanSeeds.length < MIN_CLEAN_SEEDS; s++) cleanSeeds.push(s);
      for (const seed of cleanSeeds) {
        const clean = await detectSim(bug, seed, false);
        expect(clean.caught, `without ${bug}, seed ${seed} failed: ${clean.failures.join('; ')}\n  replay: ${clean.replay}`).toBe(false);
      }
    }, 120_000);
  }
});
