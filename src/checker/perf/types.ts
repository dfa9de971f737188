// The performance statistics of a run (DESIGN.md §3), all plain JSON data for results.json and the
// report. Times: `...Ns` are nanoseconds since the run started (the history's clock), `...Ms` are
// durations in milliseconds, `...S` seconds.
import type { FaultFamily } from '../../plugins.js';

export type OpOutcome = 'ok' | 'fail' | 'info';
export const OUTCOMES: readonly OpOutcome[] = ['ok', 'fail', 'info'];

/**
 * Latency percentiles by the nearest-rank method: p = the value at rank ceil(p/100 * count) in
 * ascending order. All null when count is 0.
 */
export interface Percentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

export interface GroupStats {
  /** Completed operations in the group. */
  readonly count: number;
  /** count / durationS of the whole run's client span; null when that span is empty. */
  readonly opsPerS: number | null;
  readonly latencyMs: Percentiles;
}

export interface OpCounts {
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
}

export interface TimelineBucket {
  /** Start of the bucket in seconds since the run started: [startS, startS + 1). */
  readonly startS: number;
  /** Operations that completed in the bucket, by outcome. */
  readonly counts: OpCounts;
  /** The same by operation name. */
  readonly byF: Readonly<Record<string, OpCounts>>;
  /** Latency of the ok operations that completed in the bucket (null if none). */
  readonly okLatencyMs: { readonly p50: number; readonly p99: number; readonly max: number } | null;
}

export interface Availability {
  /** Completed client operations (ok, fail or info) counted here, by their invocation time. */
  readonly completed: number;
  readonly ok: number;
  /** ok / completed, null when nothing completed. */
  readonly fraction: number | null;
}

export interface NemesisAction {
  /** Index of the record that completed it (or of the lone record). */
  readonly index: number;
  readonly f: string;
  /** The requested fault (the invocation's value, e.g. "majorities-ring"). */
  readonly value: unknown;
  /** What was done (the completion's value); null for a lone record. */
  readonly outcome: unknown;
  /** When it took effect: the completion's time (or the lone record's). */
  readonly timeNs: number;
}

export interface LeaderRef {
  readonly node: number;
  readonly term: number;
}

export interface FaultWindow {
  readonly family: FaultFamily;
  readonly startNs: number;
  /** The time of the op that ended it (stop-*, restart, resume, heal-all); null if never healed. */
  readonly endNs: number | null;
  /** The nemesis actions that opened, extended and closed it. */
  readonly ops: readonly NemesisAction[];
  /** Client operations invoked during the window, by outcome (pending ones are not counted). */
  readonly availability: Availability;
  /** The leader when the fault started (from the invariants' leader intervals), if known. */
  readonly leaderAtStart: LeaderRef | null;
  /** The first leader elected after the start and before the next fault starts. */
  readonly newLeader: LeaderRef | null;
  readonly timeToNewLeaderMs: number | null;
  /** From the start to the completion of the first ok write (write or cas) invoked after it. */
  readonly firstOkWriteMs: number | null;
}

export interface HealStat {
  readonly index: number;
  /** stop-partition, restart, resume, stop-clock or heal-all. */
  readonly f: string;
  readonly timeNs: number;
  /** From the heal to the completion of the first ok write (write or cas) completing after it. */
  readonly timeToFirstOkWriteMs: number | null;
}

export interface PerfStats {
  /** From the first client invocation to the last client completion; null without client ops. */
  readonly clientSpan: { readonly startNs: number; readonly endNs: number; readonly durationS: number } | null;
  readonly ops: { readonly invoked: number; readonly ok: number; readonly fail: number; readonly info: number; readonly pending: number };
  /** Every completed client operation. */
  readonly overall: GroupStats;
  readonly byOutcome: Readonly<Record<OpOutcome, GroupStats>>;
  readonly byF: Readonly<Record<string, GroupStats & { readonly byOutcome: Readonly<Record<OpOutcome, GroupStats>> }>>;
  /** One bucket per second from 0 to the last completion. */
  readonly timeline: readonly TimelineBucket[];
  readonly faults: readonly FaultWindow[];
  readonly availability: {
    readonly overall: Availability;
    /** Operations invoked while no fault window was open. */
    readonly outsideFaults: Availability;
  };
  readonly heals: readonly HealStat[];
  readonly warnings: readonly string[];
}
