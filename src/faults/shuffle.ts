// Fisher-Yates shuffle drawing only from the injected Rng (so a seed replays the same choice).
import type { Rng } from '../raft/types.js';

export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** floor(n / 2) + 1: the size of a majority of n nodes (Raft §5.2). */
export function majoritySize(n: number): number {
  return Math.floor(n / 2) + 1;
}
