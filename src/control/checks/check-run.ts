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
  type FindingsReport,
} from '../../checker/compose.js';
import { checkLinearizability } from './linearizability.js';
import { faultPhaseStallsOfRun, type UnexpectedExit } from './fault-phase-liveness.js';
import { describeStall, type LeaderlessStall } from '../../checker/invariants/leaderless-majority.js';
import type { Violation } from '../../checker/invariants/types.js';
import type { NodeEvent } from '../../history/events.js';

export {
  mergeVerdicts,
  type CheckerError,
  type CheckerVerdict,
  type FindingsReport,
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
  /** Invariants the subject's event log cannot show (Subject.unobservable), with the reason. */
  readonly unobservable?: Readonly<Record<string, string>>;
  /** The subject's own findings (SubjectCluster.findings), a checker of its own when present. */
  readonly subjectFindings?: FindingsReport;
  /**
   * The leaderless-majority check over the fault phase (./fault-phase-liveness.ts), reported as
   * liveness violations of the invariants: for subjects whose event logs show every role change.
   */
  readonly faultPhaseLiveness?: {
    readonly nodeIds: readonly number[];
    readonly boundNs: number;
    /** Nodes that exited by themselves. */
    readonly exits?: readonly UnexpectedExit[];
  };
}

/** A stall as a liveness violation: its members' last role records before it began as the evidence. */
function stallViolation(stall: LeaderlessStall, boundNs: number, events: ReadonlyMap<number, readonly NodeEvent[]>): Violation {
  const evidence: NodeEvent[] = [];
  for (const m of stall.members) {
    const last = (events.get(m) ?? []).filter((e) => (e.kind === 'role' || e.kind === 'boot') && e.time <= stall.fromNs).at(-1);
    if (last !== undefined) evidence.push(last);
  }
  return { invariant: 'liveness', message: `in the fault phase: ${describeStall(stall, boundNs).replace(/^liveness: /, '')}`, events: evidence, time: stall.fromNs + boundNs, certain: true };
}

/** The invariants report with the fault phase's leaderless stalls added (the end of the phase: the heal, else the last record). */
function withFaultPhaseStalls(report: InvariantsReport, input: Omit<CheckRunInput, 'model' | 'linearizabilityBudgetMs'>, events: ReadonlyMap<number, readonly NodeEvent[]>): InvariantsReport {
  const options = input.faultPhaseLiveness;
  if (options === undefined || !('violations' in report) || (input.livenessNotApplicable ?? null) !== null) return report;
  const endNs = input.healTimeNs ?? input.history.at(-1)?.time ?? 0;
  const stalls = faultPhaseStallsOfRun({ nodeIds: options.nodeIds, history: input.history, events, endNs, boundNs: options.boundNs, ...(options.exits !== undefined ? { exits: options.exits } : {}) });
  if (stalls.length === 0) return report;
  return { ...report, valid: false, violations: [...report.violations, ...stalls.map((st) => stallViolation(st, options.boundNs, events))] };
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
      invariants = withFaultPhaseStalls(invariantsReport({ ...input, events: logs, readWarnings: warnings }), input, logs);
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
  return composeResults(linearizability, invariants, perf, input.subjectFindings);
}
