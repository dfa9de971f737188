// One lab-go cell of the bug matrix: the bug's lab-API fixture (lab-plans.ts) run for real with
// `raft-chaos run --subject lab-go`, and its clean twin, the correct fixture with the same flags,
// module path and seed. The clean twin is shared by every bug whose plan has the same flags, so it
// runs once per flags, module path and seed in one process.
import path from 'node:path';
import { detectRun } from '../../src/bugs/detect-real.js';
import type { Detection } from '../../src/bugs/types.js';
import type { BugName } from '../../src/raft/types.js';
import { projectRoot } from '../../src/util/project-root.js';
import { generateLabGoFixtures } from '../../test/fixtures/lab-go/generate.mjs';
import type { LabModule } from './lab-plans.js';
import { labPlanOf } from './lab-plans.js';

const CORRECT = 'correct';

/** The `raft-chaos` argv of one lab attempt (relative paths: it runs from the project root). */
export function labArgs(bug: BugName, module: LabModule, seed: number, resultsDir: string, withBug: boolean): string[] {
  const plan = labPlanOf(bug);
  if (plan === null) throw new RangeError(`bug ${bug} has no lab-go fixture`);
  const root = projectRoot();
  const fixture = path.join(generateLabGoFixtures(), module, withBug ? plan.fixture : CORRECT);
  return ['run', '--subject', 'lab-go', '--lab-raft', path.relative(root, fixture), ...plan.args, '--seed', String(seed), '--results-dir', path.relative(root, resultsDir)];
}

const cleanRuns = new Map<string, Promise<Detection>>();

export async function detectLab(bug: BugName, module: LabModule, seed: number, resultsDir: string, withBug: boolean): Promise<Detection> {
  const plan = labPlanOf(bug);
  if (plan === null) throw new RangeError(`bug ${bug} has no lab-go fixture`);
  const run = (): Promise<Detection> => {
    const dir = path.resolve(resultsDir, `lab-${module}-${withBug ? plan.fixture : CORRECT}-${seed}`);
    return detectRun({ bug, seed, withBug, args: labArgs(bug, module, seed, dir, withBug), dir, budgetS: plan.budgetS });
  };
  if (withBug) return run();
  const key = `${module} ${seed} ${plan.args.join(' ')}`;
  const shared = cleanRuns.get(key) ?? run();
  cleanRuns.set(key, shared);
  // The twin ran for the first bug with these flags; this cell names its own bug.
  return { ...(await shared), bug };
}
