// Seeded randomness for the controller: the core's createRng, plus one derived seed per component.
// Every random choice of a real run (op values, keys, kinds, nemesis targets and timing) draws from
// a stream derived from the run's seed, so a seed replays the same schedule and values.
import type { Rng } from '../raft/types.js';
import { createRng } from '../raft/rng.js';

export interface SeededRng extends Rng {
  readonly seed: number;
}

/** The project's one seeded generator (src/raft/rng.ts, xoshiro128**), remembering its seed. */
export function seededRng(seed: number): SeededRng {
  const rng = createRng(seed >>> 0);
  return { seed: seed >>> 0, next: () => rng.next(), int: (maxExclusive: number) => rng.int(maxExclusive) };
}

/** A seed for one named component of a run (e.g. 'nemesis', 'client-3'), stable for a given seed. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Finalise (murmur3 fmix32) so that close labels give unrelated seeds.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A random seed for a run that was given none (printed so the run can be replayed). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
