// Latency percentiles by the nearest-rank method (the value at rank ceil(p/100 * n), 1-based, in
// ascending order): every reported value is one that was measured.
import type { Percentiles } from './perf-types.js';

/** The nearest-rank percentile of an ascending array (p in (0, 100]); null for an empty array. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Percentiles of the values (in any order; the array is not modified). */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const v of list) sum += v;
  return {
    count: list.length,
    p50: nearestRank(list, 50),
    p90: nearestRank(list, 90),
    p99: nearestRank(list, 99),
    max: list[list.length - 1]!,
    mean: sum / list.length,
  };
}
