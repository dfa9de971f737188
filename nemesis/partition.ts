// Network partitions: every --nemesis-interval seconds, alternately start a partition of a random
// shape and heal it. The default shapes are the symmetric ones (Jepsen's random halves, isolate one,
// isolate the leader, majorities ring, bridge); --partition-shapes picks others, the one-way ones too.
import type { Nemesis, PartitionSpec } from '../src/plugins.js';
import { PARTITION_SPECS } from '../src/faults/partition.js';
import { healAll } from '../src/generators/index.js';
import { alternate } from './alternate.js';

export function partitionNemesis(shapes: readonly PartitionSpec[] = PARTITION_SPECS): Nemesis {
  if (shapes.length === 0) throw new RangeError('partition nemesis needs at least one shape');
  return {
    name: 'partition',
    description: `alternately start a partition (${shapes.join(', ')}) and heal it, every --nemesis-interval seconds`,
    families: ['partition'],
    generator: (options) =>
      alternate(options.intervalS, ({ rng }) => ({ f: 'start-partition', value: shapes[rng.int(shapes.length)] as PartitionSpec }), { f: 'stop-partition', value: null }),
    final: healAll,
  };
}
