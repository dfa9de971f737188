// P-compositionality (Herlihy & Wing 1990, §3.3): operations on different keys of a map of
// independent registers commute, so the history is linearizable iff each key's sub-history is.
import type { Operation } from '../types.js';

/** Group operations by `key` (operations without a key form one group), keeping input order. */
export function partitionByKey(ops: readonly Operation[]): Operation[][] {
  const groups = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    let group = groups.get(op.key);
    if (group === undefined) {
      group = [];
      groups.set(op.key, group);
    }
    group.push(op);
  }
  return [...groups.values()];
}
