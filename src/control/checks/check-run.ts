// Checking a run (DESIGN.md §3): linearizability per key of the client history, the Raft invariants
// from every node's events.jsonl, and performance statistics. Each checker that throws becomes
// 'unknown' with the error (as in Jepsen); the overall verdict merges them: any false is false, else
// any unknown is unknown, else true. A check that cannot be judged (liveness after a run stopped
// before its recovery phase) is left out and listed under `notApplicable` with the reason.
import type { OpRecord } from '../../history/types.js';
import type { Valid } from '../../checker/types.js';
import { checkInvariants, readEventLogs, type InvariantResult } from '../../checker/invariants/index.js';
import { computePerf, type PerfStats } from '../../checker/perf/index.js';
import { checkLinearizability, type LinearizabilityReport } from './linearizability.js';

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

/** Checks inside a checker that were not run, each with the reason (e.g. liveness of a stopped run). */
export type SkippedChecks = Readonly<Record<string, string>>;

export interface CheckerError {
  readonly valid: 'unknown';
  readonly error: string;
}

/** A checker whose inputs the subject cannot give: it judged nothing (never counted as valid). */
export interface NotApplicable {
  readonly valid: 'not-applicable';
  readonly reason: string;
}

/** A checker's verdict: valid, invalid, unknown, or not applicable. */
export type CheckerVerdict = Valid | 'not-applicable';

export interface RunResults {
  readonly valid: Valid;
  readonly checkers: {
    readonly linearizability: LinearizabilityReport | CheckerError;
    readonly invariants:
      | (InvariantResult & { readonly valid: Valid; readonly notApplicable?: SkippedChecks })
      | CheckerError
      | NotApplicable;
    readonly perf: (PerfStats & { readonly valid: Valid }) | CheckerError;
  };
}

/** Jepsen's merge: any false is false, else any unknown is unknown, else true; not-applicable counts for nothing. */
export function mergeVerdicts(verdicts: readonly CheckerVerdict[]): Valid {
  if (verdicts.includes(false)) return false;
  if (verdicts.includes('unknown')) return 'unknown';
  return true;
}

async function guarded<T extends { valid: Valid }>(run: () => Promise<T>): Promise<T | CheckerError> {
  try {
    return await run();
  } catch (err) {
    return { valid: 'unknown', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/** The checkers that read the event logs and the history's timing: invariants, then perf. */
export async function checkInvariantsAndPerf(
  input: Omit<CheckRunInput, 'model' | 'linearizabilityBudgetMs'>,
): Promise<Pick<RunResults['checkers'], 'invariants' | 'perf'>> {
  let leaders: InvariantResult['stats']['leaders'] | undefined;
  const eventLogs = input.eventLogs;
  const skipLiveness = input.livenessNotApplicable ?? null;
  const checkInvariantsOf = async (logFiles: ReadonlyMap<number, string>) => {
    const { logs, warnings } = await readEventLogs(logFiles);
    const result = checkInvariants(logs, {
      ...(input.healTimeNs !== null && skipLiveness === null ? { healTimeNs: input.healTimeNs } : {}),
      livenessBoundNs: input.livenessBoundNs,
      ...(input.liveNodes !== undefined ? { liveNodes: input.liveNodes } : {}),
      readWarnings: warnings,
    });
    leaders = result.stats.leaders;
    return {
      ...result,
      valid: result.valid as Valid,
      ...(skipLiveness !== null ? { notApplicable: { liveness: skipLiveness } } : {}),
    };
  };
  const invariants: RunResults['checkers']['invariants'] =
    eventLogs === null
      ? { valid: 'not-applicable', reason: input.noEventLogReason ?? 'no event logs' }
      : await guarded(() => checkInvariantsOf(eventLogs));
  const perf = await guarded(async () => ({
    ...computePerf(input.history, leaders !== undefined ? { leaders } : {}),
    valid: true as Valid,
  }));
  return { invariants, perf };
}

export async function checkRun(input: CheckRunInput): Promise<RunResults> {
  const linearizability = await guarded(() =>
    checkLinearizability(input.history, input.model, { timeoutMs: input.linearizabilityBudgetMs }),
  );
  const { invariants, perf } = await checkInvariantsAndPerf(input);
  return {
    valid: mergeVerdicts([linearizability.valid, invariants.valid, perf.valid]),
    checkers: { linearizability, invariants, perf },
  };
}
