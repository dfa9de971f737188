import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import { ALL_PARTITION_SPECS, completeGrudge, describeGrudge, grudgeToJson, isLinkCut, ONE_WAY_PARTITION_SPECS, parsePartitionSpecs, PARTITION_SPECS, resolvePartition } from '../../src/faults/partition.js';
import { majoritySize } from '../../src/faults/majority.js';
import type { Grudge } from '../../src/plugins.js';

const SIZES = [3, 4, 5, 6, 7, 8, 9];
const SEEDS = [1, 2, 3, 17, 99, 1234];
const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** The nodes `node` receives from (itself included). */
function sees(grudge: Grudge, node: number, nodeIds: readonly number[]): Set<number> {
  return new Set(nodeIds.filter((other) => !(grudge.get(node)?.has(other) ?? false)));
}

/** Connected components when the grudge is symmetric. */
function components(grudge: Grudge, nodeIds: readonly number[]): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of nodeIds) {
    if (seen.has(start)) continue;
    const comp = [...sees(grudge, start, nodeIds)].sort((a, b) => a - b);
    comp.forEach((n) => seen.add(n));
    out.push(comp);
  }
  return out.sort((a, b) => a.length - b.length);
}

function expectSymmetric(grudge: Grudge, nodeIds: readonly number[]): void {
  for (const a of nodeIds) for (const b of nodeIds) expect(isLinkCut(grudge, a, b)).toBe(isLinkCut(grudge, b, a));
}

function expectNoSelf(grudge: Grudge): void {
  for (const [node, drops] of grudge) expect(drops.has(node)).toBe(false);
}

describe('resolvePartition', () => {
  for (const n of SIZES) {
    for (const seed of SEEDS) {
      const nodeIds = ids(n);
      it(`random-halves n=${n} seed=${seed}: two complete halves of floor(n/2) and ceil(n/2)`, () => {
        const g = resolvePartition('random-halves', seededRng(seed), nodeIds, null);
        expectNoSelf(g);
        expectSymmetric(g, nodeIds);
        const comps = components(g, nodeIds);
        expect(comps.map((c) => c.length)).toEqual([Math.floor(n / 2), Math.ceil(n / 2)]);
        // Inside a component nothing is cut; across components everything is.
        for (const a of nodeIds)
          for (const b of nodeIds) {
            const same = comps.some((c) => c.includes(a) && c.includes(b));
            expect(isLinkCut(g, a, b)).toBe(!same);
          }
      });

      it(`isolate-one n=${n} seed=${seed}: one node alone`, () => {
        const g = resolvePartition('isolate-one', seededRng(seed), nodeIds, null);
        expectSymmetric(g, nodeIds);
        expect(components(g, nodeIds).map((c) => c.length)).toEqual([1, n - 1]);
      });

      it(`majorities-ring n=${n} seed=${seed}: every node sees a majority, no two the same one`, () => {
        const g = resolvePartition('majorities-ring', seededRng(seed), nodeIds, null);
        expectNoSelf(g);
        const views = nodeIds.map((node) => sees(g, node, nodeIds));
        for (const [i, view] of views.entries()) {
          expect(view.has(nodeIds[i] as number)).toBe(true);
          expect(view.size).toBe(majoritySize(n));
        }
        const keys = views.map((v) => [...v].sort((a, b) => a - b).join(','));
        expect(new Set(keys).size).toBe(n);
        // Not a complete partition: no node sees everyone.
        for (const view of views) expect(view.size).toBeLessThan(n);
      });

      it(`bridge n=${n} seed=${seed}: two halves connected only through one node`, () => {
        const g = resolvePartition('bridge', seededRng(seed), nodeIds, null);
        expectNoSelf(g);
        expectSymmetric(g, nodeIds);
        const bridges = nodeIds.filter((node) => sees(g, node, nodeIds).size === n);
        expect(bridges).toHaveLength(1);
        const bridgeNode = bridges[0] as number;
        const rest = nodeIds.filter((x) => x !== bridgeNode);
        // Without the bridge, the rest splits in two cliques that cannot hear each other.
        const halves = components(
          new Map(rest.map((node) => [node, new Set([...(g.get(node) ?? [])])])),
          rest,
        );
        expect(halves).toHaveLength(2);
        expect(halves.map((h) => h.length)).toEqual([Math.floor((n - 1) / 2), Math.ceil((n - 1) / 2)]);
        for (const node of rest) expect(isLinkCut(g, node, bridgeNode)).toBe(false);
      });
    }

    it(`isolate-leader n=${n}: isolates exactly the leader`, () => {
      const nodeIds = ids(n);
      for (const leader of nodeIds) {
        const g = resolvePartition('isolate-leader', seededRng(5), nodeIds, leader);
        expectSymmetric(g, nodeIds);
        const comps = components(g, nodeIds);
        expect(comps[0]).toEqual([leader]);
        expect(comps[1]).toHaveLength(n - 1);
      }
    });
  }

  it('isolate-leader with no known leader still isolates one node', () => {
    const g = resolvePartition('isolate-leader', seededRng(3), ids(5), null);
    expect(components(g, ids(5)).map((c) => c.length)).toEqual([1, 4]);
  });

  it('majorities-ring on 5 nodes is symmetric, as in Jepsen', () => {
    for (const seed of SEEDS) expectSymmetric(resolvePartition('majorities-ring', seededRng(seed), ids(5), null), ids(5));
  });

  it('is a pure function of the rng state', () => {
    for (const spec of ['random-halves', 'isolate-one', 'majorities-ring', 'bridge'] as const) {
      const a = grudgeToJson(resolvePartition(spec, seededRng(42), ids(7), 3));
      const b = grudgeToJson(resolvePartition(spec, seededRng(42), ids(7), 3));
      expect(a).toEqual(b);
    }
    // Different seeds give different shapes at least sometimes.
    const shapes = new Set(SEEDS.map((s) => JSON.stringify(grudgeToJson(resolvePartition('random-halves', seededRng(s), ids(5), null)))));
    expect(shapes.size).toBeGreaterThan(1);
  });

  it('describes and serialises grudges', () => {
    const g = completeGrudge([[1], [2, 3]]);
    expect(grudgeToJson(g)).toEqual({ '1': [2, 3], '2': [1], '3': [1] });
    expect(describeGrudge(g)).toBe('1x2,3 2x1 3x1');
    expect(describeGrudge(new Map())).toBe('healed');
  });
});

describe('one-way shapes', () => {
  for (const n of [3, 5, 7]) {
    const nodeIds = ids(n);
    it(`one-way-leader n=${n}: the leader hears nobody, everybody hears the leader`, () => {
      for (const leader of nodeIds) {
        const g = resolvePartition('one-way-leader', seededRng(5), nodeIds, leader);
        expectNoSelf(g);
        for (const other of nodeIds.filter((x) => x !== leader)) {
          expect(isLinkCut(g, other, leader)).toBe(true);
          expect(isLinkCut(g, leader, other)).toBe(false);
          for (const third of nodeIds.filter((x) => x !== leader && x !== other)) expect(isLinkCut(g, other, third)).toBe(false);
        }
      }
    });
    it(`mute-leader n=${n}: nobody hears the leader, the leader hears everybody`, () => {
      for (const leader of nodeIds) {
        const g = resolvePartition('mute-leader', seededRng(5), nodeIds, leader);
        expectNoSelf(g);
        for (const other of nodeIds.filter((x) => x !== leader)) {
          expect(isLinkCut(g, leader, other)).toBe(true);
          expect(isLinkCut(g, other, leader)).toBe(false);
          for (const third of nodeIds.filter((x) => x !== leader && x !== other)) expect(isLinkCut(g, other, third)).toBe(false);
        }
      }
    });
    for (const seed of SEEDS) {
      it(`one-way-one and mute-one n=${n} seed=${seed}: one node, one direction, the rest untouched`, () => {
        const deaf = resolvePartition('one-way-one', seededRng(seed), nodeIds, null);
        expect(deaf.size).toBe(1);
        const [[node, drops]] = [...deaf] as [[number, ReadonlySet<number>]];
        expect([...drops].sort((a, b) => a - b)).toEqual(nodeIds.filter((x) => x !== node));
        const muted = resolvePartition('mute-one', seededRng(seed), nodeIds, null);
        expect(muted.size).toBe(n - 1);
        const target = nodeIds.find((x) => !muted.has(x)) as number;
        for (const [, d] of muted) expect([...d]).toEqual([target]);
      });
    }
  }

  it('with no known leader the *-leader shapes still pick one node', () => {
    expect(resolvePartition('one-way-leader', seededRng(3), ids(5), null).size).toBe(1);
    expect(resolvePartition('mute-leader', seededRng(3), ids(5), null).size).toBe(4);
  });

  it('the default mix is the symmetric shapes, unchanged (stored seeds draw from it)', () => {
    expect(PARTITION_SPECS).toEqual(['random-halves', 'isolate-one', 'isolate-leader', 'majorities-ring', 'bridge']);
    expect(ALL_PARTITION_SPECS).toEqual([...PARTITION_SPECS, ...ONE_WAY_PARTITION_SPECS]);
  });

  it('parses shape lists and groups, and names a bad item', () => {
    expect(parsePartitionSpecs('one-way')).toEqual(['one-way-leader', 'one-way-one', 'mute-leader', 'mute-one']);
    expect(parsePartitionSpecs('mute-one, bridge,mute-one')).toEqual(['mute-one', 'bridge']);
    expect(parsePartitionSpecs('all')).toEqual([...ALL_PARTITION_SPECS]);
    expect(parsePartitionSpecs('symmetric')).toEqual([...PARTITION_SPECS]);
    expect(() => parsePartitionSpecs('one-way-two')).toThrow(/unknown partition shape "one-way-two"; accepted: .*mute-one.*one-way/);
    expect(() => parsePartitionSpecs('bridge,')).toThrow(/empty item/);
  });
});
