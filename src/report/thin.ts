// Thinning for runs too large to embed whole: points fall into a grid of cells and each cell keeps
// at most `perCell` points per group, in input order. The page draws at most one mark per pixel
// anyway, so a grid finer than the chart loses nothing visible.

export interface GridPoint {
  readonly x: number;
  readonly y: number;
  /** Points of different groups (e.g. outcomes) never crowd each other out. */
  readonly group: number;
}

export interface Grid {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly xCells: number;
  readonly yCells: number;
}

function cellOf(v: number, min: number, max: number, cells: number): number {
  if (!(max > min)) return 0;
  const c = Math.floor(((v - min) / (max - min)) * cells);
  return Math.min(cells - 1, Math.max(0, c));
}

/** Indices of the points kept, ascending. */
export function thinByGrid(points: readonly GridPoint[], grid: Grid, perCell: number): number[] {
  if (perCell < 1) throw new Error(`thinByGrid: perCell must be at least 1, got ${perCell}`);
  const counts = new Map<number, number>();
  const kept: number[] = [];
  const cellsPerGroup = grid.xCells * grid.yCells;
  points.forEach((p, i) => {
    const cell = p.group * cellsPerGroup + cellOf(p.y, grid.yMin, grid.yMax, grid.yCells) * grid.xCells + cellOf(p.x, grid.xMin, grid.xMax, grid.xCells);
    const n = counts.get(cell) ?? 0;
    if (n < perCell) {
      counts.set(cell, n + 1);
      kept.push(i);
    }
  });
  return kept;
}

/**
 * Keep at most maxPoints of the points: the largest perCell whose result fits, found by bisection
 * (the kept count grows with perCell); when one per cell is already too many, the grid is made
 * coarser first. Returns every index when the points already fit.
 */
export function thinToBudget(points: readonly GridPoint[], grid: Grid, maxPoints: number): number[] {
  if (points.length <= maxPoints) return points.map((_, i) => i);
  if (maxPoints < 1) return [];
  let lo = 1;
  let hi = Math.max(1, maxPoints);
  let best = thinByGrid(points, grid, 1);
  // Even one point per cell is too many: coarsen the grid until it fits.
  while (best.length > maxPoints && (grid.xCells > 1 || grid.yCells > 1)) {
    grid = { ...grid, xCells: Math.max(1, Math.floor(grid.xCells / 2)), yCells: Math.max(1, Math.floor(grid.yCells / 2)) };
    best = thinByGrid(points, grid, 1);
  }
  if (best.length > maxPoints) return best.slice(0, maxPoints);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const kept = thinByGrid(points, grid, mid);
    if (kept.length <= maxPoints) {
      lo = mid;
      best = kept;
    } else hi = mid - 1;
  }
  return best;
}
