// PartitionSpec -> Grudge, with Jepsen's meanings (jepsen.nemesis): a grudge maps each node to the
// set of nodes whose messages it drops. Pure: the result depends only on rng, the ids and the leader.
import type { Rng } from '../raft/types.js';
import type { Grudge, PartitionSpec } from '../plugins.js';
import { majoritySize } from './majority.js';
import { shuffle } from '../util/rng.js';

export const PARTITION_SPECS: readonly PartitionSpec[] = [
  'random-halves',
  'isolate-one',
  'isolate-leader',
  'majorities-ring',
  'bridge',
];

/** The grudge that heals everything. */
export const NO_GRUDGE: Grudge = new Map();

/** Every node drops messages from every node outside its own component. */
export function completeGrudge(components: readonly (readonly number[])[]): Map<number, Set<number>> {
  const grudge = new Map<number, Set<number>>();
  for (const component of components) {
    const others = components.filter((c) => c !== component).flat();
    for (const node of component) grudge.set(node, new Set(others));
  }
  return grudge;
}

/** Split into [first floor(n/2) of a shuffle, the rest]: the smaller half first (Jepsen's bisect). */
function randomHalves(rng: Rng, nodeIds: readonly number[]): Grudge {
  const order = shuffle(rng, nodeIds);
  const cut = Math.floor(order.length / 2);
  return completeGrudge([order.slice(0, cut), order.slice(cut)]);
}

function isolate(node: number, nodeIds: readonly number[]): Grudge {
  return completeGrudge([[node], nodeIds.filter((id) => id !== node)]);
}

/**
 * Every node sees a majority (itself included) and no two nodes see the same majority: nodes are
 * placed on a random ring and each sees the window of majoritySize(n) ring positions around it.
 * Windows of one size starting at different ring positions differ, so the majorities are distinct.
 * For n = 5 (windows of 3 centred on each node) the grudge is symmetric, as in Jepsen.
 */
function majoritiesRing(rng: Rng, nodeIds: readonly number[]): Grudge {
  const ring = shuffle(rng, nodeIds);
  const n = ring.length;
  const m = majoritySize(n);
  const before = Math.floor((m - 1) / 2);
  const grudge = new Map<number, Set<number>>();
  ring.forEach((node, position) => {
    const sees = new Set<number>();
    for (let k = 0; k < m; k++) sees.add(ring[(((position - before + k) % n) + n) % n] as number);
    grudge.set(node, new Set(ring.filter((other) => !sees.has(other))));
  });
  return grudge;
}

/**
 * Two halves that cannot talk to each other, and one bridge node that talks to both
 * (Jepsen's bridge). The bridge node drops nothing and nobody drops it.
 */
function bridge(rng: Rng, nodeIds: readonly number[]): Grudge {
  const order = shuffle(rng, nodeIds);
  const [bridgeNode, ...rest] = order;
  if (bridgeNode === undefined) return NO_GRUDGE;
  const cut = Math.floor(rest.length / 2);
  const grudge = completeGrudge([rest.slice(0, cut), rest.slice(cut)]);
  grudge.set(bridgeNode, new Set());
  return grudge;
}

/**
 * Resolve a partition shape. isolate-leader isolates the current leader; with no known leader it
 * isolates a random node instead (so the fault still bites).
 */
export function resolvePartition(
  spec: PartitionSpec,
  rng: Rng,
  nodeIds: readonly number[],
  leader: number | null,
): Grudge {
  if (nodeIds.length < 2) return NO_GRUDGE;
  switch (spec) {
    case 'random-halves':
      return randomHalves(rng, nodeIds);
    case 'isolate-one':
      return isolate(nodeIds[rng.int(nodeIds.length)] as number, nodeIds);
    case 'isolate-leader': {
      const target = leader !== null && nodeIds.includes(leader) ? leader : (nodeIds[rng.int(nodeIds.length)] as number);
      return isolate(target, nodeIds);
    }
    case 'majorities-ring':
      return majoritiesRing(rng, nodeIds);
    case 'bridge':
      return bridge(rng, nodeIds);
    default: {
      const never: never = spec;
      throw new Error(`unknown partition spec ${JSON.stringify(never)}`);
    }
  }
}

/** Is the directed link from -> to cut by this grudge? (to drops messages from `from`.) */
export function isLinkCut(grudge: Grudge, from: number, to: number): boolean {
  return grudge.get(to)?.has(from) ?? false;
}

/** A JSON-friendly form for the history: {"2": [1, 3], ...} (nodes with an empty set are left out). */
export function grudgeToJson(grudge: Grudge): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [node, drops] of [...grudge.entries()].sort((a, b) => a[0] - b[0])) {
    if (drops.size > 0) out[String(node)] = [...drops].sort((a, b) => a - b);
  }
  return out;
}

/** Readable components for the console, e.g. "1,2 | 3,4,5" for a complete partition. */
export function describeGrudge(grudge: Grudge): string {
  const cut = grudgeToJson(grudge);
  const parts = Object.entries(cut).map(([node, drops]) => `${node}x${drops.join(',')}`);
  return parts.length === 0 ? 'healed' : parts.join(' ');
}
