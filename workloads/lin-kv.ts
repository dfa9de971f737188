// Maelstrom's lin-kv workload: --keys independent registers 0..n-1 (sent to the nodes as JSON
// integers, as Maelstrom does), read, write and cas over 0..4, checked per key as cas-registers.
import type { Workload, WorkloadOptions } from '../src/plugins.js';
import { drawRegisterOp } from './register.js';

export function linKvKeys(options: WorkloadOptions): string[] {
  if (!Number.isInteger(options.keys) || options.keys < 1) throw new RangeError(`lin-kv needs keys >= 1, got ${options.keys}`);
  return Array.from({ length: options.keys }, (_, i) => String(i));
}

export const linKvWorkload: Workload = {
  name: 'lin-kv',
  description: "Maelstrom's lin-kv: --keys registers 0..n-1, read, write, cas over 0..4, checked per key",
  model: 'cas-register',
  keys: linKvKeys,
  next: (rng, options) => drawRegisterOp(rng, String(rng.int(options.keys))),
};
