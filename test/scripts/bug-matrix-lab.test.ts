// The bug matrix's lab-go cells (scripts/bug-matrix/plan.ts, lab-plans.ts, detect-lab.ts): which
// bugs get them, their module paths, the command line each runs, and the column they fill.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixCellProblem, matrixRows, planMatrix, type MatrixCellResult, type MatrixPlan } from '../../scripts/bug-matrix/plan.js';
import { LAB_MODULES, LAB_PLANS } from '../../scripts/bug-matrix/lab-plans.js';
import { labArgs } from '../../scripts/bug-matrix/detect-lab.js';
import { formatMatrix } from '../../src/bugs/matrix.js';
import { BUG_NAMES } from '../../src/raft/bugs.js';
import type { Detection } from '../../src/bugs/types.js';
import { GENERATED_DIR } from '../fixtures/lab-go/generate.mjs';
import { existsSync } from 'node:fs';

describe('lab-go cells of the bug matrix', () => {
  it('are planned only with --lab, for bugs with a fixture, on both module paths', () => {
    expect(planMatrix(['nothing-persisted'], 1, null).some((c) => c.mode === 'lab')).toBe(false);
    const cells = planMatrix(['nothing-persisted', 'local-reads'], 1, null, 2).filter((c) => c.mode === 'lab');
    expect(cells.map((c) => c.id)).toEqual(['lab:nothing-persisted:6.824:1', 'lab:nothing-persisted:6.824:2', 'lab:nothing-persisted:6.5840:1', 'lab:nothing-persisted:6.5840:2']);
  });

  it('name catalogued bugs and fixtures that the generator writes', () => {
    for (const [bug, plan] of Object.entries(LAB_PLANS)) {
      expect(BUG_NAMES).toContain(bug);
      const args = labArgs(bug as never, '6.5840', 3, '/tmp/x', true);
      const dir = args[args.indexOf('--lab-raft') + 1]!;
      expect(dir).toBe(path.relative(process.cwd(), path.join(GENERATED_DIR, '6.5840', plan!.fixture)));
      expect(existsSync(path.join(dir, 'raft.go'))).toBe(true);
      expect(args).toEqual(expect.arrayContaining(['--subject', 'lab-go', '--seed', '3']));
      // The clean twin is the correct fixture with the same flags.
      const clean = labArgs(bug as never, '6.5840', 3, '/tmp/x', false);
      expect(clean[clean.indexOf('--lab-raft') + 1]).toBe(path.relative(process.cwd(), path.join(GENERATED_DIR, '6.5840', 'correct')));
      expect(clean.filter((a) => !a.includes('generated'))).toEqual(args.filter((a) => !a.includes('generated')));
    }
  });

  it('fill the lab column with the fixture, its flags, its rate and its checkers', () => {
    const d = (withBug: boolean, caught: boolean): Detection => ({
      bug: 'nothing-persisted', withBug, seed: 1, caught, checkers: caught ? ['term-monotonic'] : [], detectedAtS: caught ? 7 : null, failures: [], replay: 'r', wallMs: 1,
    });
    const plan: MatrixPlan = { command: 'c', cellIds: [], bugs: ['nothing-persisted'], seeds: 1, realSeeds: null, labSeeds: 1 };
    const cells: MatrixCellResult[] = LAB_MODULES.map((module, i) => ({
      index: i, id: `lab:nothing-persisted:${module}:1`, bug: 'nothing-persisted', mode: 'lab', seed: 1, module, withBug: d(true, i === 0), clean: d(false, false),
    }));
    const table = formatMatrix(matrixRows(plan, cells));
    expect(table).toContain('lab fixture (lab-go, both module paths)');
    expect(table).toContain('`no-persist` with `--nemesis partition,crash --no-report` | 1/2; clean 0/2 flagged | term-monotonic');
    expect(matrixCellProblem({ ...cells[0]!, module: '6.828' })).toMatch(/module/);
    expect(matrixCellProblem({ ...cells[0]! })).toBeNull();
  });
});
