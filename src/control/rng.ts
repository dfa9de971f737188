// A tiny seeded PRNG for the controller (mulberry32), implementing the core's Rng contract.
// Every random choice of a real run (op values, keys, kinds, nemesis targets and timing) draws from
// a stream derived from the run's seed, so a seed replays the same schedule and values.
import type { Rng } from '../raft/types.js';

export interface SeededRng extends Rng {
  readonly seed: number;
}

/** mulberry32: 32-bit state, good enough for test schedules (not for cryptography). */
export function seededRng(seed: number): SeededRng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: seed >>> 0,
    next,
    int: (maxExclusive: number): number => {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
        throw new RangeError(`rng.int: maxExclusive must be a positive integer, got ${maxExclusive}`);
      }
      return Math.floor(next() * maxExclusive);
    },
  };
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
