// The bug catalogue's data types: what exposes a bug (nemesis, workload), what catches it (a
// checker verdict), and what one detection attempt found.
import type { BugName } from '../raft/types.js';
import type { InvariantName } from '../checker/invariants/types.js';

/**
 * The kinds of finding a subject's own checker reports (results.json `checkers.findings`): lab-go's
 * adapter finds deadlocks, panics and exits, and a majority left leaderless by stale heartbeats.
 */
export type FindingName = 'deadlock' | 'panic' | 'exit' | 'leaderless-majority';

/** The checkers whose invalid verdict counts as a detection: linearizability, an invariant or a finding by name. */
export type CheckerName = 'linearizability' | InvariantName | FindingName;

/** How a real run (`raft-chaos run --bug NAME ...`) can expose the bug, or why it cannot. */
export type RealPlan =
  | {
      readonly kind: 'real';
      /** Flags for `raft-chaos run` besides --bug, --seed and --results-dir. */
      readonly args: readonly string[];
      /** Wall seconds one run takes at most (fault phase + recovery + checks), for budgeting. */
      readonly budgetS: number;
    }
  | { readonly kind: 'sim-only'; readonly reason: string };

export interface BugScenario {
  readonly bug: BugName;
  /** The faults that expose it, in words (the matrix's "nemesis" column). */
  readonly nemesis: string;
  /** The client load, in words (the matrix's "workload" column). */
  readonly workload: string;
  /** The checkers expected to give the verdict (any one of them counts). */
  readonly catchers: readonly CheckerName[];
  /** What the bug does in this scenario, and why these checkers see it (one or two sentences). */
  readonly why: string;
  /** Seeds tried in simulation before giving up (the bound the tests assert). */
  readonly simSeeds: number;
  readonly real: RealPlan;
}

/** The outcome of one detection attempt (one seed, with or without the bug). */
export interface Detection {
  readonly bug: BugName;
  readonly withBug: boolean;
  readonly seed: number;
  /** A checker gave an invalid verdict (or liveness failed). */
  readonly caught: boolean;
  /** Checkers with an invalid verdict, in catalogue order. */
  readonly checkers: readonly CheckerName[];
  /** Time of the first evidence: virtual seconds in simulation, wall seconds in a real run; null if none. */
  readonly detectedAtS: number | null;
  /** One line per problem found. */
  readonly failures: readonly string[];
  /** The command that replays this attempt exactly. */
  readonly replay: string;
  /** Wall milliseconds the attempt took. */
  readonly wallMs: number;
}
