// TargetSpec -> node ids (Jepsen's node specs), resolved against the cluster as the executor sees
// it at that moment. Pure: the same rng state, ids and leader give the same answer.
import type { Rng } from '../raft/types.js';
import type { Targets, TargetSpec } from '../plugins.js';
import { majoritySize } from './majority.js';
import { shuffle } from '../util/rng.js';

export const TARGET_SPECS: readonly TargetSpec[] = [
  'one',
  'minority',
  'majority',
  'all',
  'leader',
  'followers',
  'minority-third',
];

/**
 * The nodes a fault hits, sorted ascending.
 * - one: a random node; minority: floor(n/2) random nodes; majority: floor(n/2)+1 random nodes;
 * - all; leader: the current leader (none if there is no known leader);
 * - followers: every node but the leader; minority-third: max(1, floor((n-1)/3)) random nodes.
 */
export function resolveTargets(
  spec: TargetSpec,
  rng: Rng,
  nodeIds: readonly number[],
  leader: number | null,
): number[] {
  const n = nodeIds.length;
  const pick = (count: number): number[] => shuffle(rng, nodeIds).slice(0, count).sort((a, b) => a - b);
  switch (spec) {
    case 'one':
      return pick(Math.min(1, n));
    case 'minority':
      return pick(majoritySize(n) - 1);
    case 'majority':
      return pick(majoritySize(n));
    case 'all':
      return [...nodeIds].sort((a, b) => a - b);
    case 'leader':
      return leader !== null && nodeIds.includes(leader) ? [leader] : [];
    case 'followers':
      return nodeIds.filter((id) => id !== leader).sort((a, b) => a - b);
    case 'minority-third':
      return pick(Math.min(n, Math.max(1, Math.floor((n - 1) / 3))));
    default: {
      const never: never = spec;
      throw new Error(`unknown target spec ${JSON.stringify(never)}`);
    }
  }
}

/** The nodes of a Targets value: a spec resolved as above, or the explicit nodes that exist, sorted. */
export function resolveTargetsOf(targets: Targets, rng: Rng, nodeIds: readonly number[], leader: number | null): number[] {
  if (typeof targets === 'string') return resolveTargets(targets, rng, nodeIds, leader);
  return [...new Set(targets.nodes)].filter((n) => nodeIds.includes(n)).sort((a, b) => a - b);
}
