import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import { resolveTargets } from '../../src/faults/targets.js';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('resolveTargets', () => {
  for (const n of [3, 5, 7, 9]) {
    it(`sizes on ${n} nodes`, () => {
      const rng = seededRng(n);
      const nodeIds = ids(n);
      expect(resolveTargets('one', rng, nodeIds, 2)).toHaveLength(1);
      expect(resolveTargets('minority', rng, nodeIds, 2)).toHaveLength(Math.floor(n / 2));
      expect(resolveTargets('majority', rng, nodeIds, 2)).toHaveLength(Math.floor(n / 2) + 1);
      expect(resolveTargets('all', rng, nodeIds, 2)).toEqual(nodeIds);
      expect(resolveTargets('leader', rng, nodeIds, 2)).toEqual([2]);
      expect(resolveTargets('followers', rng, nodeIds, 2)).toEqual(nodeIds.filter((x) => x !== 2));
      const third = resolveTargets('minority-third', rng, nodeIds, 2);
      expect(third.length).toBe(Math.max(1, Math.floor((n - 1) / 3)));
      expect(third.length * 2).toBeLessThan(n);
    });
  }

  it('returns distinct, sorted members of the cluster', () => {
    const rng = seededRng(11);
    for (let i = 0; i < 50; i++) {
      const got = resolveTargets('majority', rng, ids(7), null);
      expect(new Set(got).size).toBe(got.length);
      expect([...got].sort((a, b) => a - b)).toEqual(got);
      for (const x of got) expect(ids(7)).toContain(x);
    }
  });

  it('leader with no known leader hits nobody; followers then hits everyone', () => {
    expect(resolveTargets('leader', seededRng(1), ids(5), null)).toEqual([]);
    expect(resolveTargets('followers', seededRng(1), ids(5), null)).toEqual(ids(5));
  });
});
