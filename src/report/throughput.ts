// Completions per time bucket, by outcome, counted over every operation (before any thinning), so
// the throughput chart stays exact for runs too large to embed whole. The page re-adds buckets
// when it shows a wider span per pixel.
import type { OpInterval } from './ops.js';

export interface Throughput {
  readonly bucketNs: number;
  readonly ok: number[];
  readonly fail: number[];
  readonly info: number[];
}

/** A round bucket width (1, 2 or 5 times a power of ten, in ns) giving at most maxBuckets buckets. */
export function bucketWidthNs(spanNs: number, maxBuckets: number): number {
  const raw = Math.max(spanNs / Math.max(1, maxBuckets), 1e6);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export function throughput(ops: readonly OpInterval[], runEndNs: number, maxBuckets = 4000): Throughput {
  const bucketNs = bucketWidthNs(runEndNs, maxBuckets);
  const count = Math.max(1, Math.ceil((runEndNs + 1) / bucketNs));
  const ok = new Array<number>(count).fill(0);
  const fail = new Array<number>(count).fill(0);
  const info = new Array<number>(count).fill(0);
  for (const op of ops) {
    if (op.endNs === null) continue;
    const b = Math.min(count - 1, Math.floor(op.endNs / bucketNs));
    switch (op.outcome) {
      case 'ok':
        ok[b]! += 1;
        break;
      case 'fail':
        fail[b]! += 1;
        break;
      case 'info':
        info[b]! += 1;
        break;
      default: {
        const never: never = op.outcome;
        throw new Error(`unknown outcome ${String(never)}`);
      }
    }
  }
  return { bucketNs, ok, fail, info };
}
