// Performance statistics of a run (DESIGN.md §3): latency percentiles and throughput by operation
// and outcome, overall and per second; fault windows with the availability during each of them and
// outside them; time from each heal to the first ok write; time to a new leader after each fault.
//
//   const perf = computePerf(history, { leaders: invariants.stats.leaders });
//
// Conventions: an operation's latency is completion time - invocation time; it is counted in the
// timeline by its completion time, and in a fault window (availability) by its invocation time (an
// operation issued during a fault counts against that fault even if it times out later). "Write"
// means f = write or cas. Pending operations (no completion) count only in ops.pending.
import type { OpRecord } from '../../history/types.js';
import type { LeaderInterval } from '../invariants/types.js';
import { faultWindows } from './faults.js';
import type { ClientOp } from './ops.js';
import { pairHistory } from './ops.js';
import { percentiles } from './percentiles.js';
import type {
  Availability,
  FaultWindow,
  GroupStats,
  HealStat,
  LeaderRef,
  OpCounts,
  OpOutcome,
  PerfStats,
  TimelineBucket,
} from './types.js';
import { OUTCOMES } from './types.js';

export type * from './types.js';
export { OUTCOMES } from './types.js';
export { nearestRank, percentiles, percentilesOfSorted } from './percentiles.js';

export interface ComputePerfOptions {
  /** Leader intervals, e.g. checkInvariants(...).stats.leaders; without them no leader figures. */
  readonly leaders?: readonly LeaderInterval[];
}

const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

type CompletedOp = ClientOp & { readonly completeNs: number; readonly outcome: OpOutcome; readonly latencyMs: number };

const isWrite = (op: ClientOp): boolean => op.f === 'write' || op.f === 'cas';

export function computePerf(history: readonly OpRecord[], options: ComputePerfOptions = {}): PerfStats {
  const paired = pairHistory(history);
  const completed: CompletedOp[] = [];
  for (const op of paired.ops) {
    if (op.completeNs === null || op.outcome === 'pending') continue;
    completed.push({
      f: op.f,
      process: op.process,
      invokeNs: op.invokeNs,
      completeNs: op.completeNs,
      outcome: op.outcome,
      latencyMs: (op.completeNs - op.invokeNs) / NS_PER_MS,
    });
  }
  const counts = { invoked: paired.ops.length, ok: 0, fail: 0, info: 0, pending: 0 };
  for (const op of paired.ops) counts[op.outcome] += 1;

  let clientSpan: PerfStats['clientSpan'] = null;
  if (paired.ops.length > 0) {
    let startNs = Infinity;
    for (const op of paired.ops) startNs = Math.min(startNs, op.invokeNs);
    let endNs = startNs;
    for (const op of completed) endNs = Math.max(endNs, op.completeNs);
    clientSpan = { startNs, endNs, durationS: (endNs - startNs) / NS_PER_S };
  }
  const durationS = clientSpan?.durationS ?? 0;

  // Latencies collected per group in one pass, each group sorted natively.
  const overallLatencies = new LatencyGroups();
  const perF = new Map<string, LatencyGroups>();
  for (const op of completed) {
    overallLatencies.add(op);
    let g = perF.get(op.f);
    if (g === undefined) {
      g = new LatencyGroups();
      perF.set(op.f, g);
    }
    g.add(op);
  }
  const byF: Record<string, GroupStats & { byOutcome: Record<OpOutcome, GroupStats> }> = {};
  for (const f of [...perF.keys()].sort()) {
    const g = perF.get(f)!;
    byF[f] = { ...g.all(durationS), byOutcome: g.byOutcome(durationS) };
  }

  const faults = faultWindows(paired.nemesis);
  // Operations are recorded at invocation, so this is usually sorted already.
  const byInvoke = isSortedBy(completed, (op) => op.invokeNs) ? completed : [...completed].sort((a, b) => a.invokeNs - b.invokeNs);
  const okBefore = prefixOk(byInvoke);
  const availabilityIn = (fromNs: number, toNs: number): Availability => {
    const lo = lowerBound(byInvoke, fromNs);
    const hi = lowerBound(byInvoke, toNs);
    return availability(hi - lo, okBefore[hi]! - okBefore[lo]!);
  };
  const leaders = [...(options.leaders ?? [])].sort((a, b) => a.fromNs - b.fromNs);
  const okWrites = completed.filter((op) => op.outcome === 'ok' && isWrite(op));

  const windows: FaultWindow[] = faults.windows.map((w) => {
    const nextStart = faults.windows.find((other) => other.startNs > w.startNs)?.startNs ?? Infinity;
    const newLeader = options.leaders === undefined ? undefined : leaders.find((l) => l.fromNs > w.startNs && l.fromNs < nextStart);
    const firstWrite = minBy(okWrites.filter((op) => op.invokeNs >= w.startNs), (op) => op.completeNs);
    return {
      family: w.family,
      startNs: w.startNs,
      endNs: w.endNs,
      ops: w.ops,
      availability: availabilityIn(w.startNs, w.endNs ?? Infinity),
      leaderAtStart: options.leaders === undefined ? null : leaderAt(leaders, w.startNs),
      newLeader: newLeader === undefined ? null : { node: newLeader.node, term: newLeader.term },
      timeToNewLeaderMs: newLeader === undefined ? null : (newLeader.fromNs - w.startNs) / NS_PER_MS,
      firstOkWriteMs: firstWrite === undefined ? null : (firstWrite.completeNs - w.startNs) / NS_PER_MS,
    };
  });

  // Outside every window: all operations minus those invoked inside the union of the windows.
  let insideCompleted = 0;
  let insideOk = 0;
  for (const [fromNs, toNs] of union(faults.windows.map((w) => [w.startNs, w.endNs ?? Infinity] as const))) {
    const a = availabilityIn(fromNs, toNs);
    insideCompleted += a.completed;
    insideOk += a.ok;
  }

  const heals: HealStat[] = faults.heals.map((h) => {
    const first = minBy(
      okWrites.filter((op) => op.completeNs >= h.timeNs),
      (op) => op.completeNs,
    );
    return {
      index: h.index,
      f: h.f,
      timeNs: h.timeNs,
      timeToFirstOkWriteMs: first === undefined ? null : (first.completeNs - h.timeNs) / NS_PER_MS,
    };
  });

  return {
    clientSpan,
    ops: counts,
    overall: overallLatencies.all(durationS),
    byOutcome: overallLatencies.byOutcome(durationS),
    byF,
    timeline: timeline(completed),
    faults: windows,
    availability: {
      overall: availability(completed.length, counts.ok),
      outsideFaults: availability(completed.length - insideCompleted, counts.ok - insideOk),
    },
    heals,
    warnings: [...paired.warnings, ...faults.warnings],
  };
}

/** Latencies of one group of operations, overall and by outcome. */
class LatencyGroups {
  private readonly every: number[] = [];
  private readonly perOutcome: Record<OpOutcome, number[]> = { ok: [], fail: [], info: [] };

  add(op: CompletedOp): void {
    this.every.push(op.latencyMs);
    this.perOutcome[op.outcome].push(op.latencyMs);
  }

  all(durationS: number): GroupStats {
    return groupStats(this.every, durationS);
  }

  byOutcome(durationS: number): Record<OpOutcome, GroupStats> {
    const result = {} as Record<OpOutcome, GroupStats>;
    for (const outcome of OUTCOMES) result[outcome] = groupStats(this.perOutcome[outcome], durationS);
    return result;
  }
}

function groupStats(latenciesMs: readonly number[], durationS: number): GroupStats {
  return {
    count: latenciesMs.length,
    opsPerS: durationS > 0 ? latenciesMs.length / durationS : null,
    latencyMs: percentiles(latenciesMs),
  };
}

function isSortedBy<T>(list: readonly T[], key: (item: T) => number): boolean {
  for (let k = 1; k < list.length; k++) if (key(list[k]!) < key(list[k - 1]!)) return false;
  return true;
}

function availability(completed: number, ok: number): Availability {
  return { completed, ok, fraction: completed > 0 ? ok / completed : null };
}

/** okBefore[k] = number of ok operations among ops[0..k-1]. */
function prefixOk(ops: readonly CompletedOp[]): number[] {
  const result = [0];
  for (const op of ops) result.push(result[result.length - 1]! + (op.outcome === 'ok' ? 1 : 0));
  return result;
}

/** The first position whose invocation is at or after timeNs (ops sorted by invocation). */
function lowerBound(ops: readonly CompletedOp[], timeNs: number): number {
  let lo = 0;
  let hi = ops.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ops[mid]!.invokeNs < timeNs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merge half-open intervals [from, to) into disjoint ones. */
function union(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function minBy<T>(list: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of list) if (best === undefined || key(item) < key(best)) best = item;
  return best;
}

/** The leader in office at timeNs (the highest term if stale leaders overlap). */
function leaderAt(leaders: readonly LeaderInterval[], timeNs: number): LeaderRef | null {
  let best: LeaderInterval | undefined;
  for (const l of leaders) {
    if (l.fromNs <= timeNs && (l.toNs === null || l.toNs > timeNs) && (best === undefined || l.term > best.term)) best = l;
  }
  return best === undefined ? null : { node: best.node, term: best.term };
}

/** One-second buckets from 0 to the last completion, by completion time. */
function timeline(completed: readonly CompletedOp[]): TimelineBucket[] {
  if (completed.length === 0) return [];
  let last = 0;
  for (const op of completed) last = Math.max(last, op.completeNs);
  const size = Math.floor(Math.max(0, last) / NS_PER_S) + 1;
  const counts: { ok: number; fail: number; info: number }[] = [];
  const byF: Record<string, { ok: number; fail: number; info: number }>[] = [];
  const okLatencies: number[][] = [];
  for (let k = 0; k < size; k++) {
    counts.push({ ok: 0, fail: 0, info: 0 });
    byF.push({});
    okLatencies.push([]);
  }
  for (const op of completed) {
    const k = Math.floor(Math.max(0, op.completeNs) / NS_PER_S);
    counts[k]![op.outcome] += 1;
    const perF = (byF[k]![op.f] ??= { ok: 0, fail: 0, info: 0 });
    perF[op.outcome] += 1;
    if (op.outcome === 'ok') okLatencies[k]!.push(op.latencyMs);
  }
  return counts.map((c, k): TimelineBucket => {
    const p = percentiles(okLatencies[k]!);
    return {
      startS: k,
      counts: c as OpCounts,
      byF: byF[k]!,
      okLatencyMs: p.count === 0 ? null : { p50: p.p50!, p99: p.p99!, max: p.max! },
    };
  });
}
