// Network partitions: every --nemesis-interval seconds, alternately start a partition of a random
// shape and heal it. The default shapes are the symmetric ones (Jepsen's random halves, isolate one,
// isolate the leader, majorities ring, bridge); --partition-shapes picks others, the one-way ones too.
import type { Nemesis, PartitionSpec } from '../src/plugins.js';
import { PARTITION_SPECS } from '../src/faults/partition.js';

export function partitionNemesis(shapes: readonly PartitionSpec[] = PARTITION_SPECS): Nemesis {
  if (shapes.length === 0) throw new RangeError('partition nemesis needs at least one shape');
  return {
    name: 'partition',
    description: `alternately start a partition (${shapes.join(', ')}) and heal it, every --nemesis-interval seconds`,
    families: ['partition'],
    next: (rng, options, step) => {
      if (step % 2 === 0) {
        const shape = shapes[rng.int(shapes.length)] as PartitionSpec;
        return { delayS: options.intervalS, op: { f: 'start-partition', value: shape } };
      }
      return { delayS: options.intervalS, op: { f: 'stop-partition', value: null } };
    },
  };
}
