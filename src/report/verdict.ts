// Reading results.json (DESIGN.md §2: `valid` overall and per checker, with details) without
// assuming more than that: each checker is any object with a `valid` field, at the top level or
// under `checkers`. Known shapes (linearizability counterexamples, invariant violations) are picked
// out for their own views; everything else is shown as data.
import type { Valid } from '../checker/types.js';
import { isObject } from './jsonl.js';

export type { Valid };

export interface CheckerResult {
  readonly name: string;
  readonly valid: Valid;
  readonly data: Record<string, unknown>;
}

export interface Violation {
  readonly checker: string;
  readonly invariant: string;
  readonly message: string;
  readonly timeNs: number | null;
  readonly events: unknown[];
  /** False when the checker says the evidence may be a legitimate loss at a crash. */
  readonly certain: boolean;
}

export interface Verdicts {
  /** null when results.json is missing or has no verdict. */
  readonly overall: Valid | null;
  readonly checkers: CheckerResult[];
  /** Checkers whose inputs the subject could not give (valid: "not-applicable"): they judged nothing. */
  readonly notApplicable: { readonly name: string; readonly reason: string }[];
  readonly violations: Violation[];
  /** Linearizability counterexamples (src/checker/types.ts PartitionCounterexample), as found. */
  readonly counterexamples: Record<string, unknown>[];
}

export function asValid(value: unknown): Valid | null {
  if (value === true || value === false) return value;
  if (value === 'unknown') return 'unknown';
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/** Jepsen's merge: any false is false, else any unknown is unknown, else true. */
export function mergeValid(values: readonly Valid[]): Valid | null {
  if (values.length === 0) return null;
  if (values.includes(false)) return false;
  if (values.includes('unknown')) return 'unknown';
  return true;
}

function checkerEntries(results: Record<string, unknown>): [string, Record<string, unknown>][] {
  const nested = results['checkers'] ?? results['results'];
  const source = isObject(nested) ? nested : results;
  return Object.entries(source).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]) && 'valid' in e[1]);
}

function violationsOf(name: string, data: Record<string, unknown>): Violation[] {
  const list = data['violations'];
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((v) => {
    const time = v['time'] ?? v['timeNs'];
    return {
      checker: name,
      invariant: typeof v['invariant'] === 'string' ? v['invariant'] : 'invariant',
      message: typeof v['message'] === 'string' ? v['message'] : JSON.stringify(v),
      timeNs: typeof time === 'number' && Number.isFinite(time) ? time : null,
      events: Array.isArray(v['events']) ? v['events'] : [],
      certain: v['certain'] !== false,
    };
  });
}

function counterexamplesOf(data: Record<string, unknown>): Record<string, unknown>[] {
  const ce = data['counterexample'] ?? data['counterexamples'];
  if (Array.isArray(ce)) return ce.filter(isObject);
  if (isObject(ce)) return [ce];
  return [];
}

export function readVerdicts(results: Record<string, unknown> | null): Verdicts {
  if (results === null) return { overall: null, checkers: [], notApplicable: [], violations: [], counterexamples: [] };
  const entries = checkerEntries(results);
  const notApplicable = entries
    .filter(([, data]) => data['valid'] === 'not-applicable')
    .map(([name, data]) => ({ name, reason: typeof data['reason'] === 'string' ? data['reason'] : 'its inputs are missing' }));
  const checkers: CheckerResult[] = entries.filter(([, data]) => data['valid'] !== 'not-applicable').map(([name, data]) => ({
    name,
    valid: asValid(data['valid']) ?? 'unknown',
    data,
  }));
  const overall = asValid(results['valid']) ?? mergeValid(checkers.map((c) => c.valid));
  return {
    overall,
    checkers,
    notApplicable,
    violations: checkers.flatMap((c) => violationsOf(c.name, c.data)),
    counterexamples: checkers.flatMap((c) => counterexamplesOf(c.data)),
  };
}
