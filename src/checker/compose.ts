// The one composition of the checkers over a recorded run (DESIGN.md §3): linearizability per key of
// the client history, the Raft invariants from every node's events, and performance statistics.
// Each checker that throws becomes 'unknown' with the error (as in Jepsen); the overall verdict
// merges them: any false is false, else any unknown is unknown, else true. A checker whose input is
// missing (no event logs) or that was not asked for is 'not-applicable', with the reason, and never
// counts as valid. Pure and synchronous: the wall-time runner (src/control/checks/) reads the files
// and runs the linearizability search on a worker, then assembles the same reports with these
// functions; the simulator and the bug catalogue call checkRecordedRun directly.
import type { NodeEvent } from '../history/events.js';
import type { OpRecord } from '../history/types.js';
import { checkInvariants, type InvariantResult } from './invariants/index.js';
import { checkHistorySync } from './linearizability/check-async.js';
import { computePerf, type PerfStats } from './perf/index.js';
import type { CheckResult, Valid } from './types.js';

/** A checker's verdict: valid, invalid, unknown, or not applicable. */
export type CheckerVerdict = Valid | 'not-applicable';

export interface CheckerError {
  readonly valid: 'unknown';
  readonly error: string;
}

/** A checker whose inputs the subject cannot give, or that was not asked for: it judged nothing. */
export interface NotApplicable {
  readonly valid: 'not-applicable';
  readonly reason: string;
}

/** Checks inside a checker that were not run, each with the reason (e.g. liveness of a stopped run). */
export type SkippedChecks = Readonly<Record<string, string>>;

export type LinearizabilityReport =
  | (CheckResult & { readonly valid: Valid })
  | { readonly valid: 'unknown'; readonly model: string; readonly error: string }
  | NotApplicable;
export type InvariantsReport = (InvariantResult & { readonly valid: Valid; readonly notApplicable?: SkippedChecks }) | CheckerError | NotApplicable;
export type PerfReport = (PerfStats & { readonly valid: Valid }) | CheckerError | NotApplicable;

export interface RunResults {
  readonly valid: Valid;
  readonly checkers: {
    readonly linearizability: LinearizabilityReport | CheckerError;
    readonly invariants: InvariantsReport;
    readonly perf: PerfReport;
  };
}

/** Jepsen's merge: any false is false, else any unknown is unknown, else true; not-applicable counts for nothing. */
export function mergeVerdicts(verdicts: readonly CheckerVerdict[]): Valid {
  if (verdicts.includes(false)) return false;
  if (verdicts.includes('unknown')) return 'unknown';
  return true;
}

export function checkerError(err: unknown): CheckerError {
  return { valid: 'unknown', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

function guarded<T>(run: () => T): T | CheckerError {
  try {
    return run();
  } catch (err) {
    return checkerError(err);
  }
}

export interface InvariantsInput {
  /** Each node's events, in file order; null when the subject keeps none (not applicable). */
  readonly events: ReadonlyMap<number, readonly NodeEvent[]> | null;
  /** Why there are no events, for the not-applicable verdict. */
  readonly noEventLogReason?: string;
  /** Lines of the event logs that could not be read. */
  readonly readWarnings?: readonly string[];
  /** Time (ns) of the final heal, if the run got that far. */
  readonly healTimeNs: number | null;
  /** Why liveness cannot be judged (a run stopped before its recovery phase); null: it is checked. */
  readonly livenessNotApplicable?: string | null;
  readonly livenessBoundNs: number;
  /** Nodes expected alive at the end. */
  readonly liveNodes?: readonly number[];
}

/** The invariant checker's report over the nodes' events. */
export function invariantsReport(input: InvariantsInput): InvariantsReport {
  const events = input.events;
  if (events === null) return { valid: 'not-applicable', reason: input.noEventLogReason ?? 'no event logs' };
  const skipLiveness = input.livenessNotApplicable ?? null;
  return guarded(() => {
    const result = checkInvariants(events, {
      ...(input.healTimeNs !== null && skipLiveness === null ? { healTimeNs: input.healTimeNs } : {}),
      livenessBoundNs: input.livenessBoundNs,
      ...(input.liveNodes !== undefined ? { liveNodes: input.liveNodes } : {}),
      ...(input.readWarnings !== undefined ? { readWarnings: input.readWarnings } : {}),
    });
    return { ...result, valid: result.valid as Valid, ...(skipLiveness !== null ? { notApplicable: { liveness: skipLiveness } } : {}) };
  });
}

/** Performance statistics; the leadership timeline comes from the invariant checker when it ran. */
export function perfReport(history: readonly OpRecord[], invariants: InvariantsReport): PerfReport {
  const leaders = 'stats' in invariants ? invariants.stats.leaders : undefined;
  return guarded(() => ({ ...computePerf(history, leaders !== undefined ? { leaders } : {}), valid: true as Valid }));
}

/** Linearizability of the client history under `model`, in this thread; budget 0: not checked. */
export function linearizabilityReportSync(history: readonly OpRecord[], model: string, budgetMs: number): LinearizabilityReport | CheckerError {
  if (budgetMs <= 0) return { valid: 'not-applicable', reason: 'not checked (no time budget given)' };
  return guarded(() => {
    const result = checkHistorySync(history, { model, timeoutMs: budgetMs, workers: 0 });
    return { ...result, valid: result.valid };
  });
}

export function composeResults(
  linearizability: LinearizabilityReport | CheckerError,
  invariants: InvariantsReport,
  perf: PerfReport,
): RunResults {
  return { valid: mergeVerdicts([linearizability.valid, invariants.valid, perf.valid]), checkers: { linearizability, invariants, perf } };
}

export interface RecordedRun extends InvariantsInput {
  readonly history: readonly OpRecord[];
  /** The workload's model name (e.g. 'cas-register'). */
  readonly model: string;
  /** Time budget of the linearizability search; 0 leaves it unchecked. */
  readonly linearizabilityBudgetMs: number;
  /** Compute performance statistics (default true). */
  readonly perf?: boolean;
}

/** Every checker over one recorded run, in this thread. */
export function checkRecordedRun(run: RecordedRun): RunResults {
  const linearizability = linearizabilityReportSync(run.history, run.model, run.linearizabilityBudgetMs);
  const invariants = invariantsReport(run);
  const perf: PerfReport = run.perf === false ? { valid: 'not-applicable', reason: 'not asked for' } : perfReport(run.history, invariants);
  return composeResults(linearizability, invariants, perf);
}
