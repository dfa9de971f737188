// Latency percentiles by the nearest-rank method (the value at rank ceil(p/100 * n), 1-based, in
// ascending order): every reported value is one that was measured.
import type { Percentiles } from './types.js';

/** The nearest-rank percentile of an ascending array (p in (0, 100]); null for an empty array. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Percentiles of the values (in any order; the array is not modified). */
export function percentiles(values: readonly number[]): Percentiles {
  return percentilesOfSorted(Float64Array.from(values).sort());
}

/** Percentiles of values already in ascending order. */
export function percentilesOfSorted(sorted: ArrayLike<number>): Percentiles {
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (let k = 0; k < n; k++) sum += sorted[k]!;
  return {
    count: n,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: sorted[n - 1]!,
    mean: sum / n,
  };
}
