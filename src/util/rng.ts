// Seeded randomness, the one set of helpers for real runs and the simulator: the core's createRng,
// one derived seed per component (network, each node's core, clients, faults, scenario: changing how
// often one component draws does not shift the others' streams), and uniform choices from an Rng.
// Every random choice draws from a stream derived from the run's seed, so a seed replays them.
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

/**
 * A seed for one named component (e.g. 'nemesis', 'client-3', 'node-2'), stable for a given seed:
 * FNV-1a over the label, the seed's high 32 bits folded in, and murmur3's fmix32 finish.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 0x100000000);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A random seed for a run that was given none (printed so the run can be replayed). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** A uniform integer in [lo, hi] (both inclusive). */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return p > 0 && rng.next() < p;
}

/** One element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick: empty array');
  return items[rng.int(items.length)]!;
}

/** A random permutation (Fisher-Yates) of a copy of `items`. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
