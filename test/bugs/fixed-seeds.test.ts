// commit-not-capped, timer-reset-by-any-message and next-index-double-advance on a fixed seed set:
// every seed of the set is caught in simulation by a checker of the bug's matrix row, and the same
// seeds without the bug pass. Deterministic; each attempt prints its seed and the replay command.
import { describe, expect, it } from 'vitest';
import { scenarioFor } from '../../src/bugs/catalogue.js';
import { detectSim } from '../../src/bugs/detect-sim.js';
import type { BugName } from '../../src/raft/types.js';

const SEEDS = [1, 2, 3] as const;

const BUGS: readonly { readonly bug: BugName; readonly evidence: RegExp }[] = [
  { bug: 'commit-not-capped', evidence: /state-machine-safety: nodes \d+ and \d+ applied different entries/ },
  { bug: 'timer-reset-by-any-message', evidence: /liveness: no leader for .* hearing only stale heartbeats from n\d+/ },
  { bug: 'next-index-double-advance', evidence: /(leader-completeness|state-machine-safety): / },
];

describe('new bug catalogue entries: caught on fixed seeds in simulation', () => {
  for (const { bug, evidence } of BUGS) {
    it(`catches ${bug} on seeds ${SEEDS.join(', ')}, and the same seeds pass without it`, async () => {
      const entry = scenarioFor(bug);
      for (const seed of SEEDS) {
        const d = await detectSim(bug, seed, true);
        console.log(`${bug} seed ${seed}: ${d.caught ? `caught by ${d.checkers.join(', ')} at ${d.detectedAtS?.toFixed(2)} virtual s` : 'NOT caught'}\n  replay: ${d.replay}\n  ${d.failures[0] ?? ''}`);
        expect(d.caught, `${bug} seed ${seed} not caught; replay: ${d.replay}`).toBe(true);
        expect(d.checkers.some((c) => entry.catchers.includes(c)), `${bug} seed ${seed} caught by ${d.checkers.join(', ')}`).toBe(true);
        expect(d.failures.some((f) => evidence.test(f)), `${bug} seed ${seed}: ${d.failures.join('; ')}`).toBe(true);
        const clean = await detectSim(bug, seed, false);
        expect(clean.caught, `without ${bug}, seed ${seed} failed: ${clean.failures.join('; ')}\n  replay: ${clean.replay}`).toBe(false);
      }
    }, 180_000);
  }
});
