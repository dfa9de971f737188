// The bug matrix as cells: one cell is one bug on one seed in one mode, tried with the bug and
// without it. Modes: 'swarm' (undirected: `raft-chaos sim --bug NAME --seed S` with every default),
// 'sim' (the catalogue's plan: a directed scenario or a chaos mix), 'real' (the catalogue's real
// run). Swarm cells come first (bug-major, seeds 1..N), then the planned simulated ones, then the
// real ones; a shard takes every N-th cell (scripts/shard/shard.ts).
import { scenarioFor } from '../../src/bugs/catalogue.js';
import { summarize } from '../../src/bugs/matrix.js';
import type { MatrixRow } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';
import type { BugName } from '../../src/raft/types.js';
import type { CellBase, PlanBase } from '../shard/summary-file.js';

export type MatrixMode = 'swarm' | 'sim' | 'real';
export const MATRIX_MODES: readonly MatrixMode[] = ['swarm', 'sim', 'real'];

export interface MatrixCellSpec {
  readonly id: string;
  readonly bug: BugName;
  readonly mode: MatrixMode;
  readonly seed: number;
}

export interface MatrixCellResult extends CellBase {
  readonly bug: BugName;
  readonly mode: MatrixMode;
  readonly seed: number;
  readonly withBug: Detection;
  /** The same scenario and seed without the bug. */
  readonly clean: Detection;
}

export interface MatrixPlan extends PlanBase {
  readonly bugs: readonly BugName[];
  /** Simulated seeds per bug. */
  readonly seeds: number;
  /** Real seeds per bug that has a real scenario, or null without --real. */
  readonly realSeeds: number | null;
}

export function planMatrix(bugs: readonly BugName[], seeds: number, realSeeds: number | null): MatrixCellSpec[] {
  const cells: MatrixCellSpec[] = [];
  for (const bug of bugs) for (let seed = 1; seed <= seeds; seed++) cells.push({ id: `swarm:${bug}:${seed}`, bug, mode: 'swarm', seed });
  for (const bug of bugs) for (let seed = 1; seed <= seeds; seed++) cells.push({ id: `sim:${bug}:${seed}`, bug, mode: 'sim', seed });
  if (realSeeds === null) return cells;
  for (const bug of bugs) {
    if (scenarioFor(bug).real.kind !== 'real') continue;
    for (let seed = 1; seed <= realSeeds; seed++) cells.push({ id: `real:${bug}:${seed}`, bug, mode: 'real', seed });
  }
  return cells;
}

/** The matrix's rows from cells in plan order (as `npm run bug-matrix` sums them unsharded). */
export function matrixRows(plan: MatrixPlan, cells: readonly MatrixCellResult[]): MatrixRow[] {
  return plan.bugs.map((bug) => {
    const of = (mode: MatrixMode): Detection[] => cells.filter((c) => c.bug === bug && c.mode === mode).flatMap((c) => [c.withBug, c.clean]);
    const real = plan.realSeeds !== null && scenarioFor(bug).real.kind === 'real' ? summarize(of('real')) : null;
    const swarm = cells.some((c) => c.mode === 'swarm') ? summarize(of('swarm')) : null;
    return { bug, swarm, sim: summarize(of('sim')), real };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function detectionProblem(d: unknown, name: string): string | null {
  if (!isObject(d)) return `no "${name}" detection`;
  if (typeof d.caught !== 'boolean' || !Array.isArray(d.checkers) || !Array.isArray(d.failures) || typeof d.replay !== 'string' || typeof d.seed !== 'number') {
    return `"${name}" lacks caught, checkers, failures, seed or replay`;
  }
  if (d.detectedAtS !== null && typeof d.detectedAtS !== 'number') return `"${name}".detectedAtS is not a number`;
  return null;
}

/** The merge's check of one recorded cell. */
export function matrixCellProblem(cell: Record<string, unknown>): string | null {
  if (typeof cell.bug !== 'string' || !(MATRIX_MODES as readonly unknown[]).includes(cell.mode) || typeof cell.seed !== 'number') return 'lacks bug, mode or seed';
  return detectionProblem(cell.withBug, 'withBug') ?? detectionProblem(cell.clean, 'clean');
}
