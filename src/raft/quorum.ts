// Majority arithmetic (§5.2: a candidate wins with votes from a majority of the full cluster).

/** The smallest number of nodes that forms a majority of `clusterSize`. */
export const quorumSize = (clusterSize: number): number => Math.floor(clusterSize / 2) + 1;

/**
 * The largest value v such that at least a quorum of `values` are >= v (for example the highest
 * log index replicated on a majority, §5.3). `values` has one value per node, including self.
 * Clusters are small, so a count per candidate value beats sorting (no allocation, no comparator).
 */
export function quorumValue(values: readonly number[]): number {
  const need = quorumSize(values.length);
  let best = 0;
  for (const v of values) {
    if (v <= best) continue;
    let atLeast = 0;
    for (const w of values) if (w >= v) atLeast++;
    if (atLeast >= need) best = v;
  }
  return best;
}
