// An explicit grudge given as data (GrudgeValue in src/plugins.ts), as a directed scenario writes
// it: to the Grudge the network takes, keeping only the nodes of the cluster.
import type { Grudge, GrudgeValue } from '../plugins.js';

export function grudgeOfValue(value: GrudgeValue, nodeIds: readonly number[]): Grudge {
  const grudge = new Map<number, Set<number>>();
  for (const [key, from] of Object.entries(value.grudge)) {
    const node = Number(key);
    if (!nodeIds.includes(node)) continue;
    const drops = new Set(from.filter((n) => n !== node && nodeIds.includes(n)));
    if (drops.size > 0) grudge.set(node, drops);
  }
  return grudge;
}

/** The GrudgeValue of a grudge (the inverse of grudgeOfValue). */
export function valueOfGrudge(grudge: Grudge): GrudgeValue {
  const out: Record<string, number[]> = {};
  for (const [node, from] of [...grudge].sort(([a], [b]) => a - b)) if (from.size > 0) out[String(node)] = [...from].sort((a, b) => a - b);
  return { grudge: out };
}
