// Turning a simulated run's event logs and client history into evidence for the bug catalogue: the
// one checker composition (src/checker/compose.ts) judges the run, and the evidence is which
// checkers found it invalid (invariants: certain violations only; linearizability: cas-register per
// key) and when the first sign of it happened. "Caught" is an invalid verdict from one of them,
// never a crash of the tool.
import type { LinearizabilityReport, RunResults } from '../checker/compose.js';
import type { InvariantResult } from '../checker/invariants/index.js';
import { operationsFromRecords } from '../checker/linearizability/check-async.js';
import type { OpRecord } from '../history/types.js';
import type { CheckerName } from './types.js';
import { INVARIANT_NAMES } from '../checker/invariants/types.js';
import { describeStall, type LeaderlessStall } from '../checker/invariants/leaderless-majority.js';

export interface Evidence {
  readonly checkers: readonly CheckerName[];
  /** Virtual microseconds of the first evidence, or null when nothing was caught. */
  readonly firstUs: number | null;
  readonly failures: readonly string[];
}

const ORDER: readonly CheckerName[] = ['linearizability', ...INVARIANT_NAMES];

/** Verdicts from an invariant result that was already computed (certain violations only). */
export function invariantVerdict(result: InvariantResult): Evidence {
  const found = new Set<CheckerName>();
  let firstUs: number | null = null;
  const failures: string[] = [];
  for (const v of result.violations) {
    if (!v.certain) continue;
    found.add(v.invariant);
    const us = v.time / 1000;
    if (firstUs === null || us < firstUs) firstUs = us;
    if (failures.length < 10) failures.push(`${v.invariant}: ${v.message}`);
  }
  return { checkers: ORDER.filter((c) => found.has(c)), firstUs, failures };
}

/** The linearizability evidence of a report; firstUs is when the op that could not be placed returned. */
export function linearizabilityEvidence(history: readonly OpRecord[], report: LinearizabilityReport | { readonly valid: 'unknown' }): Evidence {
  if (report.valid !== false || !('counterexample' in report)) return { checkers: [], firstUs: null, failures: [] };
  let firstUs: number | null = null;
  const byId = new Map(operationsFromRecords(history).map((o) => [o.id, o]));
  for (const cx of report.counterexample ?? []) {
    for (const id of [cx.blockingOp, ...cx.couldNotPlace]) {
      if (id === null) continue;
      const op = byId.get(id);
      if (op === undefined) continue;
      const atNs = Number.isFinite(op.return) ? op.return : op.call;
      if (firstUs === null || atNs / 1000 < firstUs) firstUs = atNs / 1000;
    }
  }
  const keys = (report.counterexample ?? []).map((c) => JSON.stringify(c.key)).join(', ');
  return {
    checkers: ['linearizability'],
    firstUs,
    failures: [`linearizability: the client history is not linearizable (cas-register, key ${keys || '?'})`],
  };
}

/** Merge verdicts: union of checkers (in catalogue order), earliest evidence, all failure lines. */
export function mergeEvidence(...verdicts: readonly Evidence[]): Evidence {
  const found = new Set(verdicts.flatMap((v) => v.checkers));
  const times = verdicts.map((v) => v.firstUs).filter((t): t is number => t !== null);
  return {
    checkers: ORDER.filter((c) => found.has(c)),
    firstUs: times.length === 0 ? null : Math.min(...times),
    failures: verdicts.flatMap((v) => v.failures),
  };
}

/** The bug catalogue's evidence from one simulated run's composed results. */
export function evidenceOf(
  results: RunResults,
  history: readonly OpRecord[],
  run: { readonly healUs: number; readonly healBoundUs: number; readonly converged: boolean },
): Evidence {
  const invariants = results.checkers.invariants;
  if (!('violations' in invariants)) throw new Error(`the invariant checker failed: ${'error' in invariants ? invariants.error : invariants.reason}`);
  const parts: Evidence[] = [invariantVerdict(invariants)];
  if (!run.converged) {
    parts.push({
      checkers: ['liveness'],
      firstUs: run.healUs + run.healBoundUs,
      failures: [`liveness: the cluster did not converge within ${run.healBoundUs / 1000} ms of the final heal`],
    });
  }
  parts.push(linearizabilityEvidence(history, results.checkers.linearizability));
  return mergeEvidence(...parts);
}

/** Liveness evidence from majorities left leaderless during the fault phase (leaderless-majority.ts). */
export function leaderlessEvidence(stalls: readonly LeaderlessStall[], boundUs: number): Evidence {
  if (stalls.length === 0) return { checkers: [], firstUs: null, failures: [] };
  const failures = stalls.slice(0, 10).map((st) => describeStall(st, boundUs * 1000));
  return { checkers: ['liveness'], firstUs: Math.min(...stalls.map((st) => st.fromNs / 1000 + boundUs)), failures };
}
