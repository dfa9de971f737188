// Majority arithmetic (§5.2: a candidate wins with votes from a majority of the full cluster).

/** The smallest number of nodes that forms a majority of `clusterSize`. */
export const quorumSize = (clusterSize: number): number => Math.floor(clusterSize / 2) + 1;

/**
 * The largest value v such that at least a quorum of `values` are >= v (for example the highest
 * log index replicated on a majority, §5.3). `values` has one value per node, including self.
 */
export function quorumValue(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => b - a);
  return sorted[quorumSize(values.length) - 1] ?? 0;
}
