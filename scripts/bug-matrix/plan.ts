// The bug matrix as cells: one cell is one bug on one seed in one mode, tried with the bug and
// without it. Modes: 'swarm' (undirected: `raft-chaos sim --bug NAME --seed S` with every default),
// 'sim' (the catalogue's plan: a directed scenario or a chaos mix), 'real' (the catalogue's real
// run), 'lab' (the bug's lab-API fixture in a lab Raft, lab-plans.ts, on each module path; its
// clean twin is the correct fixture). Swarm cells come first (bug-major, seeds 1..N), then the
// planned simulated ones, then the real ones, then the lab ones; a shard takes every N-th cell
// (scripts/shard/shard.ts).
import { scenarioFor } from '../../src/bugs/catalogue.js';
import { summarize } from '../../src/bugs/matrix.js';
import type { MatrixRow } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';
import type { BugName } from '../../src/raft/types.js';
import type { CellBase, PlanBase } from '../shard/summary-file.js';
import { LAB_MODULES, labPlanOf, type LabModule } from './lab-plans.js';

export type MatrixMode = 'swarm' | 'sim' | 'real' | 'lab';
export const MATRIX_MODES: readonly MatrixMode[] = ['swarm', 'sim', 'real', 'lab'];

export interface MatrixCellSpec {
  readonly id: string;
  readonly bug: BugName;
  readonly mode: MatrixMode;
  readonly seed: number;
  /** A lab cell's module path. */
  readonly module?: LabModule;
}

export interface MatrixCellResult extends CellBase {
  readonly bug: BugName;
  readonly mode: MatrixMode;
  readonly seed: number;
  readonly module?: LabModule;
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
  /** Lab seeds per module path for each bug with a lab fixture, or null without --lab (absent in older summaries). */
  readonly labSeeds?: number | null;
}

export function planMatrix(bugs: readonly BugName[], seeds: number, realSeeds: number | null, labSeeds: number | null = null): MatrixCellSpec[] {
  const cells: MatrixCellSpec[] = [];
  for (const bug of bugs) for (let seed = 1; seed <= seeds; seed++) cells.push({ id: `swarm:${bug}:${seed}`, bug, mode: 'swarm', seed });
  for (const bug of bugs) for (let seed = 1; seed <= seeds; seed++) cells.push({ id: `sim:${bug}:${seed}`, bug, mode: 'sim', seed });
  if (realSeeds !== null) {
    for (const bug of bugs) {
      if (scenarioFor(bug).real.kind !== 'real') continue;
      for (let seed = 1; seed <= realSeeds; seed++) cells.push({ id: `real:${bug}:${seed}`, bug, mode: 'real', seed });
    }
  }
  if (labSeeds !== null) {
    for (const bug of bugs) {
      if (labPlanOf(bug) === null) continue;
      for (const module of LAB_MODULES) for (let seed = 1; seed <= labSeeds; seed++) cells.push({ id: `lab:${bug}:${module}:${seed}`, bug, mode: 'lab', seed, module });
    }
  }
  return cells;
}

/** The matrix's rows from cells in plan order (as `npm run bug-matrix` sums them unsharded). */
export function matrixRows(plan: MatrixPlan, cells: readonly MatrixCellResult[]): MatrixRow[] {
  return plan.bugs.map((bug) => {
    const of = (mode: MatrixMode): Detection[] => cells.filter((c) => c.bug === bug && c.mode === mode).flatMap((c) => [c.withBug, c.clean]);
    const real = plan.realSeeds !== null && scenarioFor(bug).real.kind === 'real' ? summarize(of('real')) : null;
    const swarm = cells.some((c) => c.mode === 'swarm') ? summarize(of('swarm')) : null;
    const labPlan = labPlanOf(bug);
    const lab = (plan.labSeeds ?? null) !== null && labPlan !== null ? { fixture: labPlan.fixture, flags: labPlan.args.join(' '), cell: summarize(of('lab')) } : null;
    return { bug, swarm, sim: summarize(of('sim')), real, lab };
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
  if (cell.mode === 'lab' && !(LAB_MODULES as readonly unknown[]).includes(cell.module)) return `a lab cell's module is not one of ${LAB_MODULES.join(', ')}`;
  return detectionProblem(cell.withBug, 'withBug') ?? detectionProblem(cell.clean, 'clean');
}
