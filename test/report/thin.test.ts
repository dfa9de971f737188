import { describe, expect, it } from 'vitest';
import { thinByGrid, thinToBudget, type Grid, type GridPoint } from '../../src/report/thin.js';
import { selectOps } from '../../src/report/page-data.js';
import type { OpInterval } from '../../src/report/ops.js';
import { mulberry32 } from './helpers/fake-run.js';

const grid: Grid = { xMin: 0, xMax: 100, yMin: 0, yMax: 10, xCells: 10, yCells: 2 };

describe('thinByGrid', () => {
  it('keeps at most perCell points per cell and group, first come first kept', () => {
    const pts: GridPoint[] = [
      { x: 1, y: 1, group: 0 }, { x: 2, y: 2, group: 0 }, { x: 3, y: 3, group: 0 }, // same cell
      { x: 4, y: 4, group: 1 }, // same cell, other group
      { x: 55, y: 9, group: 0 }, // another cell
    ];
    expect(thinByGrid(pts, grid, 1)).toEqual([0, 3, 4]);
    expect(thinByGrid(pts, grid, 2)).toEqual([0, 1, 3, 4]);
  });
  it('clamps points outside the grid into its edge cells', () => {
    expect(thinByGrid([{ x: -5, y: -1, group: 0 }, { x: 0, y: 0, group: 0 }, { x: 500, y: 50, group: 0 }], grid, 1)).toEqual([0, 2]);
  });
  it('refuses perCell below 1', () => {
    expect(() => thinByGrid([], grid, 0)).toThrow(/perCell/);
  });
});

describe('thinToBudget', () => {
  it('returns every point when they fit', () => {
    expect(thinToBudget([{ x: 1, y: 1, group: 0 }], grid, 5)).toEqual([0]);
  });

  it('fits the budget, keeps a rare group whole, and keeps as many points as the budget allows (randomized)', () => {
    const seed = Number(process.env.THIN_SEED ?? Date.now() % 100000);
    console.log(`thinToBudget seed ${seed} (replay: THIN_SEED=${seed} npx vitest run test/report/thin.test.ts)`);
    const rnd = mulberry32(seed);
    const pts: GridPoint[] = [];
    for (let i = 0; i < 5000; i++) pts.push({ x: rnd() * 100, y: rnd() * 10, group: rnd() < 0.01 ? 1 : 0 });
    const budget = 300 + Math.floor(rnd() * 1000);
    const kept = thinToBudget(pts, grid, budget);
    expect(kept.length).toBeLessThanOrEqual(budget);
    // One more point per cell would not have fitted: the bisection found the largest perCell.
    const perCell = Math.max(...countPerCell(pts, kept));
    expect(thinByGrid(pts, grid, perCell + 1).length).toBeGreaterThan(budget);
    const rare = pts.map((p, i) => (p.group === 1 ? i : -1)).filter((i) => i >= 0);
    expect(rare.every((i) => kept.includes(i))).toBe(true);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });
});

function countPerCell(pts: GridPoint[], kept: number[]): number[] {
  const counts = new Map<string, number>();
  for (const i of kept) {
    const p = pts[i]!;
    const key = `${p.group}:${Math.min(9, Math.floor(p.x / 10))}:${Math.min(1, Math.floor(p.y / 5))}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe('selectOps', () => {
  const op = (i: number, outcome: OpInterval['outcome']): OpInterval => ({
    index: i, process: i % 7, f: 'read', key: undefined, startNs: i * 1e6, endNs: i * 1e6 + 2e6, outcome,
    invokeValue: null, resultValue: undefined, error: undefined, node: undefined,
  });
  it('embeds everything under the limit and, above it, keeps every failed and unknown op', () => {
    const ops = Array.from({ length: 20000 }, (_, i) => op(i, i % 500 === 0 ? 'fail' : i % 777 === 0 ? 'info' : 'ok'));
    expect(selectOps(ops, 20000e6, 50000)).toHaveLength(20000);
    const kept = selectOps(ops, 20000e6, 5000);
    expect(kept.length).toBeLessThanOrEqual(5000);
    expect(kept.length).toBeGreaterThan(2000);
    expect(kept.filter((o) => o.outcome !== 'ok').length).toBe(ops.filter((o) => o.outcome !== 'ok').length);
  });
});
