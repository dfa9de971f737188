// Checking a real run from its files: the one composition of src/checker/compose.ts (linearizability
// per key, the Raft invariants from every node's events.jsonl, performance), with the event logs read
// from disk and the linearizability search on a worker thread with a watchdog
// (./linearizability.ts). A check that cannot be judged (liveness after a run stopped before its
// recovery phase) is left out and listed under `notApplicable` with the reason.
import type { OpRecord } from '../../history/types.js';
import { readEventLogs } from '../../checker/invariants/index.js';
import {
  checkerError,
  composeResults,
  invariantsReport,
  perfReport,
  type InvariantsReport,
  type PerfReport,
  type RunResults,
} from '../../checker/compose.js';
import { checkLinearizability } from './linearizability.js';

export {
  mergeVerdicts,
  type CheckerError,
  type CheckerVerdict,
  type NotApplicable,
  type RunResults,
  type SkippedChecks,
} from '../../checker/compose.js';

export interface CheckRunInput {
  readonly history: readonly OpRecord[];
  /** The workload's model name (e.g. 'cas-register'). */
  readonly model: string;
  /** Each node's events.jsonl; null when the subject keeps none (invariants: not applicable). */
  readonly eventLogs: ReadonlyMap<number, string> | null;
  /** Why there are no event logs, for the not-applicable verdict. */
  readonly noEventLogReason?: string;
  /** Time (ns) of the final heal, if the run got that far. */
  readonly healTimeNs: number | null;
  /**
   * Why liveness (a leader after the heal, convergence) cannot be judged, e.g. the run was stopped
   * before its recovery phase; null or absent: it is checked whenever there is a heal time.
   */
  readonly livenessNotApplicable?: string | null;
  readonly livenessBoundNs: number;
  /** Nodes expected alive at the end. */
  readonly liveNodes?: readonly number[];
  readonly linearizabilityBudgetMs: number;
}

/** The checkers that read the event logs and the history's timing: invariants, then perf. */
export async function checkInvariantsAndPerf(
  input: Omit<CheckRunInput, 'model' | 'linearizabilityBudgetMs'>,
): Promise<{ readonly invariants: InvariantsReport; readonly perf: PerfReport }> {
  let invariants: InvariantsReport;
  if (input.eventLogs === null) invariants = invariantsReport({ ...input, events: null });
  else {
    try {
      const { logs, warnings } = await readEventLogs(input.eventLogs);
      invariants = invariantsReport({ ...input, events: logs, readWarnings: warnings });
    } catch (err) {
      invariants = checkerError(err);
    }
  }
  return { invariants, perf: perfReport(input.history, invariants) };
}

export async function checkRun(input: CheckRunInput): Promise<RunResults> {
  let linearizability;
  try {
    linearizability = await checkLinearizability(input.history, input.model, { timeoutMs: input.linearizabilityBudgetMs });
  } catch (err) {
    linearizability = checkerError(err);
  }
  const { invariants, perf } = await checkInvariantsAndPerf(input);
  return composeResults(linearizability, invariants, perf);
}
