// The lab-go column of the bug matrix: for each catalogued bug that a lab-API fixture makes in a
// lab Raft (test/fixtures/lab-go, generate.mjs), that fixture and the `raft-chaos run --subject
// lab-go` flags that expose it, as measured with scripts/lab-go-matrix.ts. A lab cell runs the
// fixture on one module path and seed; its clean twin runs the correct fixture with the same flags.
import type { BugName } from '../../src/raft/types.js';

export interface LabPlan {
  /** The fixture folder under generated/<module>/. */
  readonly fixture: string;
  /** Flags of `raft-chaos run --subject lab-go` besides --lab-raft, --seed and --results-dir. */
  readonly args: readonly string[];
  /** Wall seconds one run takes at most (build, fault phase, recovery, checks). */
  readonly budgetS: number;
}

/** Both module paths the adapter builds: the course's older and newer name. */
export const LAB_MODULES = ['6.824', '6.5840'] as const;
export type LabModule = (typeof LAB_MODULES)[number];

/** `raft-chaos run`'s own defaults (5 nodes, 30 s, faults every 5 s, 5 clients at 20 ops/s). */
const RUN_DEFAULTS = ['--nemesis', 'partition,crash', '--no-report'];

export const LAB_PLANS: Readonly<Partial<Record<BugName, LabPlan>>> = {
  'vote-without-log-check': { fixture: 'vote-without-up-to-date', args: RUN_DEFAULTS, budgetS: 60 },
  'nothing-persisted': { fixture: 'no-persist', args: RUN_DEFAULTS, budgetS: 60 },
  'apply-beyond-commit': { fixture: 'apply-beyond-commit', args: RUN_DEFAULTS, budgetS: 60 },
  'timer-reset-by-any-message': { fixture: 'timer-reset-by-any-message', args: RUN_DEFAULTS, budgetS: 60 },
  'commit-not-capped': { fixture: 'commit-not-capped', args: RUN_DEFAULTS, budgetS: 60 },
  // The lab's unreliable network (labrpc's long reordering, loss, latency) repeats a successful
  // reply; measured 6/6 caught, the correct Raft 6/6 valid (lab-go-matrix, 3 nodes).
  'next-index-double-advance': {
    fixture: 'next-index-double-advance',
    args: ['--nodes', '3', '--time-limit', '20', '--nemesis-interval', '2', '--lab-long-reordering', '--loss', '0.1', '--latency', '0-27', '--nemesis', 'partition,crash', '--no-report'],
    budgetS: 60,
  },
  // Counting repeats can commit wrongly only on 5 servers with the leader kept with one follower.
  'commit-by-ack-count': {
    fixture: 'commit-by-count',
    args: ['--nodes', '5', '--time-limit', '20', '--nemesis-interval', '2', '--latency', '5-20', '--nemesis', 'partition', '--partition-shapes', 'random-halves', '--no-report'],
    budgetS: 50,
  },
  // The 2D tester's applyCh reader calls Snapshot every 10 applied commands (the adapter's default).
  'apply-holding-lock': { fixture: 'apply-holding-lock', args: ['--lab-snapshot-every', '10', ...RUN_DEFAULTS], budgetS: 60 },
};

export const labPlanOf = (bug: BugName): LabPlan | null => LAB_PLANS[bug] ?? null;
