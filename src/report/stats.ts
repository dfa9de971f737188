// A small summary of the operations for the page's header and the latency table: counts by outcome,
// latency percentiles by operation, mean throughput. Works from the full list of operations.
import type { OpInterval } from './ops.js';

export interface LatencyRow {
  readonly f: string;
  readonly count: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  /** Latency of completed (ok) operations, in ms; null with no ok op. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
}

export interface OpSummary {
  readonly total: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  readonly processes: number;
  readonly rows: LatencyRow[];
  /** ok operations per second over the run. */
  readonly okPerS: number;
}

/** The q-quantile (0..1) of ascending values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

function row(f: string, ops: readonly OpInterval[]): LatencyRow {
  const lat = ops
    .filter((o) => o.outcome === 'ok' && o.endNs !== null)
    .map((o) => (o.endNs! - o.startNs) / 1e6)
    .sort((a, b) => a - b);
  return {
    f,
    count: ops.length,
    ok: ops.filter((o) => o.outcome === 'ok').length,
    fail: ops.filter((o) => o.outcome === 'fail').length,
    info: ops.filter((o) => o.outcome === 'info').length,
    p50Ms: quantile(lat, 0.5),
    p95Ms: quantile(lat, 0.95),
    p99Ms: quantile(lat, 0.99),
    maxMs: lat.length ? lat[lat.length - 1]! : null,
  };
}

export function summarize(ops: readonly OpInterval[], runEndNs: number): OpSummary {
  const byF = new Map<string, OpInterval[]>();
  for (const op of ops) {
    let list = byF.get(op.f);
    if (!list) byF.set(op.f, (list = []));
    list.push(op);
  }
  const rows = [...byF.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([f, list]) => row(f, list));
  if (rows.length > 1) rows.push(row('all', ops));
  const ok = ops.filter((o) => o.outcome === 'ok').length;
  return {
    total: ops.length,
    ok,
    fail: ops.filter((o) => o.outcome === 'fail').length,
    info: ops.filter((o) => o.outcome === 'info').length,
    processes: new Set(ops.map((o) => o.process)).size,
    rows,
    okPerS: runEndNs > 0 ? ok / (runEndNs / 1e9) : 0,
  };
}
