// The single-register workload: one key "r", reads, writes and compare-and-sets over the small
// values 0..4 (small values make cas succeed often and make stale reads visible), checked against
// a cas-register model.
import type { Rng } from '../src/raft/types.js';
import type { ClientOpSpec, Workload } from '../src/plugins.js';

export const REGISTER_KEY = 'r';
export const VALUE_RANGE = 5;

/** read 50%, write 25%, cas 25%: reads are what expose stale data. */
export function drawRegisterOp(rng: Rng, key: string): ClientOpSpec {
  const roll = rng.int(4);
  if (roll <= 1) return { f: 'read', key, value: null };
  if (roll === 2) return { f: 'write', key, value: rng.int(VALUE_RANGE) };
  return { f: 'cas', key, value: [rng.int(VALUE_RANGE), rng.int(VALUE_RANGE)] };
}

export const registerWorkload: Workload = {
  name: 'register',
  description: 'one register "r": read, write, cas over values 0..4 (model cas-register)',
  model: 'cas-register',
  keys: () => [REGISTER_KEY],
  next: (rng) => drawRegisterOp(rng, REGISTER_KEY),
};
