// PartitionSpec -> Grudge, with Jepsen's meanings (jepsen.nemesis): a grudge maps each node to the
// set of nodes whose messages it drops. Pure: the result depends only on rng, the ids and the leader.
import type { Rng } from '../raft/types.js';
import type { Grudge, PartitionSpec } from '../plugins.js';
import { majoritySize } from './majority.js';
import { shuffle } from '../util/rng.js';

/**
 * The symmetric shapes: the partition nemesis's default mix and the simulator's (a seed's schedule
 * draws from this list, so adding to it would change every stored seed).
 */
export const PARTITION_SPECS: readonly PartitionSpec[] = [
  'random-halves',
  'isolate-one',
  'isolate-leader',
  'majorities-ring',
  'bridge',
];

/** The one-way shapes: one direction of a node's links is cut, the other still carries messages. */
export const ONE_WAY_PARTITION_SPECS: readonly PartitionSpec[] = ['one-way-leader', 'one-way-one', 'mute-leader', 'mute-one'];

export const ALL_PARTITION_SPECS: readonly PartitionSpec[] = [...PARTITION_SPECS, ...ONE_WAY_PARTITION_SPECS];

/** Names of groups of shapes accepted where shapes are listed. */
export const PARTITION_SPEC_GROUPS: Readonly<Record<string, readonly PartitionSpec[]>> = {
  symmetric: PARTITION_SPECS,
  'one-way': ONE_WAY_PARTITION_SPECS,
  all: ALL_PARTITION_SPECS,
};

/**
 * Parse a comma list of shapes and group names ("one-way,random-halves") into shapes, each once,
 * in the order given; a RangeError names the bad item and the accepted ones.
 */
export function parsePartitionSpecs(list: string): PartitionSpec[] {
  const items = list.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new RangeError(`empty item in the shape list ${JSON.stringify(list)}`);
  const out: PartitionSpec[] = [];
  for (const item of items) {
    const group = Object.hasOwn(PARTITION_SPEC_GROUPS, item) ? PARTITION_SPEC_GROUPS[item] : undefined;
    const shapes = group ?? ((ALL_PARTITION_SPECS as readonly string[]).includes(item) ? [item as PartitionSpec] : null);
    if (shapes === null) {
      throw new RangeError(`unknown partition shape ${JSON.stringify(item)}; accepted: ${[...ALL_PARTITION_SPECS, ...Object.keys(PARTITION_SPEC_GROUPS)].join(', ')}`);
    }
    for (const shape of shapes) if (!out.includes(shape)) out.push(shape);
  }
  return out;
}

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

/** `node` drops every other node's messages; nobody drops its own: it speaks but hears nobody. */
function deafen(node: number, nodeIds: readonly number[]): Grudge {
  return new Map([[node, new Set(nodeIds.filter((id) => id !== node))]]);
}

/** Every other node drops `node`'s messages; it drops nothing: it hears but nobody hears it. */
function mute(node: number, nodeIds: readonly number[]): Grudge {
  return new Map(nodeIds.filter((id) => id !== node).map((id) => [id, new Set([node])]));
}

/** The leader, or a random node when there is no known leader (so the fault still bites). */
function leaderOrAny(rng: Rng, nodeIds: readonly number[], leader: number | null): number {
  return leader !== null && nodeIds.includes(leader) ? leader : (nodeIds[rng.int(nodeIds.length)] as number);
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
 * Resolve a partition shape. The *-leader shapes pick the current leader; with no known leader they
 * pick a random node instead (so the fault still bites).
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
    case 'isolate-leader':
      return isolate(leaderOrAny(rng, nodeIds, leader), nodeIds);
    case 'majorities-ring':
      return majoritiesRing(rng, nodeIds);
    case 'bridge':
      return bridge(rng, nodeIds);
    case 'one-way-leader':
      return deafen(leaderOrAny(rng, nodeIds, leader), nodeIds);
    case 'one-way-one':
      return deafen(nodeIds[rng.int(nodeIds.length)] as number, nodeIds);
    case 'mute-leader':
      return mute(leaderOrAny(rng, nodeIds, leader), nodeIds);
    case 'mute-one':
      return mute(nodeIds[rng.int(nodeIds.length)] as number, nodeIds);
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
