// The fault vocabulary of the directed scenarios, as generators of one op each: explicit
// partitions (both ways, or one way added to the current cut), a healed network, a drifting clock
// on named nodes, every clock reset, and writes proposed at one node.
import type { Grudge } from '../../plugins.js';
import { completeGrudge } from '../../faults/partition.js';
import { valueOfGrudge } from '../../faults/grudge-value.js';
import { once, type Gen } from '../../generators/index.js';

/** Only nodes of one component talk; every other link is cut, both ways. */
export function split(components: readonly (readonly number[])[]): { readonly grudge: Grudge; readonly gen: Gen } {
  const grudge = completeGrudge(components);
  return { grudge, gen: once({ f: 'start-partition', value: valueOfGrudge(grudge) }) };
}

/** `to` also drops every message from each node of `from` (one-way cuts), on top of `current`. */
export function ignore(current: Grudge, to: number, from: readonly number[]): { readonly grudge: Grudge; readonly gen: Gen } {
  const grudge = new Map<number, Set<number>>();
  for (const [node, set] of current) grudge.set(node, new Set(set));
  const set = grudge.get(to) ?? new Set<number>();
  for (const f of from) set.add(f);
  grudge.set(to, set);
  return { grudge, gen: once({ f: 'start-partition', value: valueOfGrudge(grudge) }) };
}

export const heal: Gen = once({ f: 'stop-partition', value: null });

/** The nodes' clocks run at `rate` times true time. */
export function drift(nodes: readonly number[], rate: number): Gen {
  return once({ f: 'start-clock', value: { kind: 'drift', targets: { nodes }, rate } });
}

export const resetClocks: Gen = once({ f: 'stop-clock', value: null });

/** `writes` writes of key "nemesis" proposed at `node` (ProposeOp in src/generators/types.ts). */
export function propose(node: number, writes = 1): Gen {
  return once({ f: 'propose', value: { node, writes } });
}
