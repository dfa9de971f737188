// One closed-loop load phase for the cluster benches: a client pool sending one kind of operation
// as fast as the cluster answers, a warm-up that is not measured, then PHASE seconds measured.
import { ClientPool, type ClientPoolOptions, type Completion } from '../../src/control/clients/client-pool.js';
import type { ClientF, Workload } from '../../src/plugins.js';

/** Only `f` operations over `keys` keys (writes of random values). */
export function onlyWorkload(f: ClientF, keys: number): Workload {
  return {
    name: `bench-${f}`,
    description: `${f} only`,
    model: 'cas-register',
    keys: () => Array.from({ length: keys }, (_, i) => `k${i}`),
    next: (rng) => ({ f, key: `k${rng.int(keys)}`, value: f === 'write' ? rng.int(1000) : null }),
  };
}

/** Nearest-rank percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export interface PhaseFigures {
  readonly okPerS: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface PhaseTiming {
  readonly warmupS: number;
  readonly phaseS: number;
  /** Called at the end of the measured window, before the pool stops (e.g. to read node diagnostics). */
  readonly beforeStop?: () => Promise<void>;
}

/** Run the pool closed-loop (rate 0) and measure the completions of the window after the warm-up. */
export async function measurePhase(options: Omit<ClientPoolOptions, 'ratePerS'>, timing: PhaseTiming): Promise<PhaseFigures> {
  const pool = new ClientPool({ ...options, ratePerS: 0 });
  const measured: Completion[] = [];
  let measuring = false;
  pool.onComplete = (c) => {
    if (measuring) measured.push(c);
  };
  const running = pool.run();
  await new Promise((r) => setTimeout(r, timing.warmupS * 1000));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, timing.phaseS * 1000));
  measuring = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await timing.beforeStop?.();
  pool.stop();
  await running;
  pool.close();
  const ok = measured.filter((c) => c.outcome === 'ok');
  const latencies = ok.map((c) => c.latencyNs / 1e6).sort((a, b) => a - b);
  return {
    okPerS: ok.length / seconds,
    ok: ok.length,
    fail: measured.filter((c) => c.outcome === 'fail').length,
    info: measured.filter((c) => c.outcome === 'info').length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
  };
}
