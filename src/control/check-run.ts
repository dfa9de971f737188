// Checking a run (DESIGN.md §3): linearizability per key of the client history, the Raft invariants
// from every node's events.jsonl, and performance statistics. Each checker that throws becomes
// 'unknown' with the error (as in Jepsen); the overall verdict merges them: any false is false, else
// any unknown is unknown, else true. A check that cannot be judged (liveness after a run stopped
// before its recovery phase) is left out and listed under `notApplicable` with the reason.
import type { OpRecord } from '../history/types.js';
import type { Verdict } from '../commands/exit-codes.js';
import { checkInvariants, readEventLogs, type InvariantResult } from '../checker/invariants.js';
import { computePerf, type PerfStats } from '../checker/perf.js';
import { checkLinearizability, type LinearizabilityReport } from './linearizability.js';

export interface CheckRunInput {
  readonly history: readonly OpRecord[];
  /** The workload's model name (e.g. 'cas-register'). */
  readonly model: string;
  /** Each node's events.jsonl. */
  readonly eventLogs: ReadonlyMap<number, string>;
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

/** Checks that were not run, each with the reason. */
export type NotApplicable = Readonly<Record<string, string>>;

export interface CheckerError {
  readonly valid: 'unknown';
  readonly error: string;
}

export interface RunResults {
  readonly valid: Verdict;
  readonly checkers: {
    readonly linearizability: LinearizabilityReport | CheckerError;
    readonly invariants: (InvariantResult & { readonly valid: Verdict; readonly notApplicable?: NotApplicable }) | CheckerError;
    readonly perf: (PerfStats & { readonly valid: Verdict }) | CheckerError;
  };
}

export function mergeVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes(false)) return false;
  if (verdicts.includes('unknown')) return 'unknown';
  return true;
}

async function guarded<T extends { valid: Verdict }>(run: () => Promise<T>): Promise<T | CheckerError> {
  try {
    return await run();
  } catch (err) {
    return { valid: 'unknown', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

export async function checkRun(input: CheckRunInput): Promise<RunResults> {
  const linearizability = await guarded(() =>
    checkLinearizability(input.history, input.model, { timeoutMs: input.linearizabilityBudgetMs }),
  );
  let leaders: InvariantResult['stats']['leaders'] | undefined;
  const skipLiveness = input.livenessNotApplicable ?? null;
  const invariants = await guarded(async () => {
    const { logs, warnings } = await readEventLogs(input.eventLogs);
    const result = checkInvariants(logs, {
      ...(input.healTimeNs !== null && skipLiveness === null ? { healTimeNs: input.healTimeNs } : {}),
      livenessBoundNs: input.livenessBoundNs,
      ...(input.liveNodes !== undefined ? { liveNodes: input.liveNodes } : {}),
      readWarnings: warnings,
    });
    leaders = result.stats.leaders;
    return {
      ...result,
      valid: result.valid as Verdict,
      ...(skipLiveness !== null ? { notApplicable: { liveness: skipLiveness } } : {}),
    };
  });
  const perf = await guarded(async () => ({
    ...computePerf(input.history, leaders !== undefined ? { leaders } : {}),
    valid: true as Verdict,
  }));
  return {
    valid: mergeVerdicts([linearizability.valid, invariants.valid, perf.valid]),
    checkers: { linearizability, invariants, perf },
  };
}
