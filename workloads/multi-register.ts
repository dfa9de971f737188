// Many independent registers: each op picks one of --keys keys at random and does a read, write
// or cas on it; the checker splits the history per key (P-compositionality) and checks each key
// against a cas-register model.
import type { Workload, WorkloadOptions } from '../src/plugins.js';
import { drawRegisterOp } from './register.js';

export function multiRegisterKeys(options: WorkloadOptions): string[] {
  if (!Number.isInteger(options.keys) || options.keys < 1) {
    throw new RangeError(`multi-register needs keys >= 1, got ${options.keys}`);
  }
  return Array.from({ length: options.keys }, (_, i) => `k${i}`);
}

export const multiRegisterWorkload: Workload = {
  name: 'multi-register',
  description: '--keys independent registers k0..k<n-1>: read, write, cas over 0..4, checked per key',
  model: 'cas-register',
  keys: multiRegisterKeys,
  next: (rng, options) => drawRegisterOp(rng, `k${rng.int(options.keys)}`),
};
