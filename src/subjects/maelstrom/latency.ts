// Per-link delay of the host network: a distribution, drawn from the run's seeded rng.
import type { Rng } from '../../raft/types.js';

export type LatencySpec =
  | { readonly kind: 'constant'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'exponential'; readonly meanMs: number };

export const NO_LATENCY: LatencySpec = { kind: 'constant', ms: 0 };

/** Milliseconds of delay for one message. */
export function drawLatencyMs(spec: LatencySpec, rng: Rng): number {
  switch (spec.kind) {
    case 'constant':
      return spec.ms;
    case 'uniform':
      return spec.minMs + rng.next() * (spec.maxMs - spec.minMs);
    case 'exponential':
      return -spec.meanMs * Math.log(1 - rng.next());
    default: {
      const never: never = spec;
      throw new Error(`unknown latency ${JSON.stringify(never)}`);
    }
  }
}

export const LATENCY_SYNTAX = 'MS (constant), MIN-MAX (uniform) or exp:MEAN (exponential), in milliseconds';

/** "5" | "2-10" | "exp:5"; a RangeError naming the syntax otherwise. */
export function parseLatency(text: string): LatencySpec {
  const t = text.trim();
  const num = (s: string): number => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v) || v < 0 || v > 60_000) throw new RangeError(`latency ${JSON.stringify(text)}: expected ${LATENCY_SYNTAX}`);
    return v;
  };
  if (t.startsWith('exp:')) return { kind: 'exponential', meanMs: num(t.slice(4)) };
  const dash = t.indexOf('-', 1);
  if (dash > 0) {
    const minMs = num(t.slice(0, dash));
    const maxMs = num(t.slice(dash + 1));
    if (maxMs < minMs) throw new RangeError(`latency ${JSON.stringify(text)}: MIN must not exceed MAX`);
    return { kind: 'uniform', minMs, maxMs };
  }
  return { kind: 'constant', ms: num(t) };
}

export function describeLatency(spec: LatencySpec): string {
  switch (spec.kind) {
    case 'constant':
      return `${spec.ms} ms`;
    case 'uniform':
      return `uniform ${spec.minMs}-${spec.maxMs} ms`;
    case 'exponential':
      return `exponential, mean ${spec.meanMs} ms`;
    default:
      return 'unknown';
  }
}
