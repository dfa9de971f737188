// The simulator's default operation mix (`raft-chaos sim` without --workload): over `keys` keys,
// 40% reads, 40% writes and 20% cas, every written value unique within the run (1, 2, 3, ...), and
// a cas expecting a value drawn from those written so far. Unique values make a lost or duplicated
// write visible to the per-key linearizability check. The counter is state of one run, so each run
// takes a fresh instance; it is not in the registry of `run --workload`, whose processes draw
// their values from their own streams so that a seed replays them.
import type { Workload, WorkloadOptions } from '../src/plugins.js';

export function uniqueMixWorkload(): Workload {
  let nextWriteValue = 1;
  return {
    name: 'unique-mix',
    description: '40% read, 40% write, 20% cas over --keys keys k0..; every written value unique in the run',
    model: 'cas-register',
    keys: (options: WorkloadOptions) => Array.from({ length: Math.max(1, options.keys) }, (_, i) => `k${i}`),
    next: (rng, options) => {
      const key = `k${rng.int(Math.max(1, options.keys))}`;
      const roll = rng.int(10);
      if (roll < 4) return { f: 'read', key, value: null };
      if (roll < 8) return { f: 'write', key, value: nextWriteValue++ };
      return { f: 'cas', key, value: [rng.int(nextWriteValue), nextWriteValue++] };
    },
  };
}
