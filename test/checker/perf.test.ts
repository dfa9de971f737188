// Performance statistics on small hand-built histories; every expected number is worked out by hand
// in the comments (latencies in ms, nearest-rank percentiles).
import { describe, expect, it } from 'vitest';
import type { OpRecord, OpType, ProcessId } from '../../src/history/types.js';
import { computePerf, nearestRank, percentiles } from '../../src/checker/perf/index.js';

const MS = 1_000_000;

class History {
  readonly records: OpRecord[] = [];
  add(type: OpType, process: ProcessId, f: string, timeMs: number, value: unknown = null): this {
    this.records.push({ index: this.records.length, type, process, f, value, time: timeMs * MS });
    return this;
  }
}

describe('nearest-rank percentiles', () => {
  it('take the value at rank ceil(p/100 * n)', () => {
    const hundred = Array.from({ length: 100 }, (_, k) => k + 1);
    expect(nearestRank(hundred, 50)).toBe(50);
    expect(nearestRank(hundred, 99)).toBe(99);
    expect(nearestRank(hundred, 100)).toBe(100);
    expect(nearestRank([7], 1)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
    // Unsorted input; mean = 10 / 4.
    expect(percentiles([4, 1, 3, 2])).toEqual({ count: 4, p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 });
  });
});

describe('computePerf on a partitioned history', () => {
  // Client ops (ms):            invoke  complete  outcome  latency
  //   A p0 write                 100     110       ok       10
  //   B p1 read                  200     205       ok        5
  //   C p0 write                 400    1400       info   1000
  //   D p2 write                1500    1520       fail     20
  //   E p1 read                 1600    2100       ok      500
  //   F p2 cas                  2100    2130       ok       30
  //   G p3 write                2500       -       pending
  // Nemesis: start-partition invoked 300, done 301; stop-partition invoked 2000, done 2001.
  const h = new History()
    .add('invoke', 0, 'write', 100, 1)
    .add('ok', 0, 'write', 110, 1)
    .add('invoke', 1, 'read', 200)
    .add('ok', 1, 'read', 205, 1)
    .add('invoke', 'nemesis', 'start-partition', 300, 'majorities-ring')
    .add('info', 'nemesis', 'start-partition', 301, { kind: 'partition', grudge: {} })
    .add('invoke', 0, 'write', 400, 2)
    .add('info', 0, 'write', 1400, 2)
    .add('invoke', 2, 'write', 1500, 3)
    .add('fail', 2, 'write', 1520, 3)
    .add('invoke', 1, 'read', 1600)
    .add('invoke', 'nemesis', 'stop-partition', 2000)
    .add('info', 'nemesis', 'stop-partition', 2001, { kind: 'partition', grudge: {} })
    .add('ok', 1, 'read', 2100, 1)
    .add('invoke', 2, 'cas', 2100, [1, 4])
    .add('ok', 2, 'cas', 2130, [1, 4])
    .add('invoke', 3, 'write', 2500, 5);
  const leaders = [
    { term: 1, node: 1, fromNs: 50 * MS, toNs: 350 * MS },
    { term: 2, node: 3, fromNs: 750 * MS, toNs: null },
  ];
  const perf = computePerf(h.records, { leaders });

  it('counts operations by outcome', () => {
    expect(perf.ops).toEqual({ invoked: 7, ok: 4, fail: 1, info: 1, pending: 1 });
    // From the first invocation (100 ms) to the last completion (2130 ms).
    expect(perf.clientSpan).toEqual({ startNs: 100 * MS, endNs: 2130 * MS, durationS: 2.03 });
  });

  it('gives latency percentiles overall, by outcome and by f', () => {
    // Sorted: 5 10 20 30 500 1000; p50 rank 3, p90 rank ceil(5.4) = 6, p99 rank 6; mean 1565 / 6.
    expect(perf.overall.latencyMs).toEqual({ count: 6, p50: 20, p90: 1000, p99: 1000, max: 1000, mean: 1565 / 6 });
    expect(perf.overall.opsPerS).toBeCloseTo(6 / 2.03, 12);
    // ok: 5 10 30 500; p50 rank 2, p90 rank ceil(3.6) = 4.
    expect(perf.byOutcome.ok.latencyMs).toEqual({ count: 4, p50: 10, p90: 500, p99: 500, max: 500, mean: 545 / 4 });
    expect(perf.byOutcome.fail.latencyMs.max).toBe(20);
    expect(perf.byOutcome.info.latencyMs.max).toBe(1000);
    expect(Object.keys(perf.byF)).toEqual(['cas', 'read', 'write']);
    // write: 10 (ok), 1000 (info), 20 (fail).
    expect(perf.byF.write!.count).toBe(3);
    expect(perf.byF.write!.latencyMs.p50).toBe(20);
    expect(perf.byF.write!.opsPerS).toBeCloseTo(3 / 2.03, 12);
    expect(perf.byF.write!.byOutcome.ok.count).toBe(1);
    expect(perf.byF.write!.byOutcome.info.latencyMs.p50).toBe(1000);
    expect(perf.byF.read!.latencyMs).toMatchObject({ count: 2, p50: 5, max: 500 });
  });

  it('buckets completions per second', () => {
    expect(perf.timeline).toEqual([
      // A (110 ms, ok write 10), B (205 ms, ok read 5)
      { startS: 0, counts: { ok: 2, fail: 0, info: 0 }, byF: { write: { ok: 1, fail: 0, info: 0 }, read: { ok: 1, fail: 0, info: 0 } }, okLatencyMs: { p50: 5, p99: 10, max: 10 } },
      // C (1400 ms, info), D (1520 ms, fail)
      { startS: 1, counts: { ok: 0, fail: 1, info: 1 }, byF: { write: { ok: 0, fail: 1, info: 1 } }, okLatencyMs: null },
      // E (2100 ms, ok read 500), F (2130 ms, ok cas 30)
      { startS: 2, counts: { ok: 2, fail: 0, info: 0 }, byF: { read: { ok: 1, fail: 0, info: 0 }, cas: { ok: 1, fail: 0, info: 0 } }, okLatencyMs: { p50: 30, p99: 500, max: 500 } },
    ]);
  });

  it('finds the fault window with its availability and leader change', () => {
    expect(perf.faults.length).toBe(1);
    const w = perf.faults[0]!;
    expect(w.family).toBe('partition');
    expect(w.startNs).toBe(301 * MS);
    expect(w.endNs).toBe(2001 * MS);
    expect(w.ops.map((a) => [a.f, a.value, a.timeNs])).toEqual([
      ['start-partition', 'majorities-ring', 301 * MS],
      ['stop-partition', null, 2001 * MS],
    ]);
    // Invoked in [301, 2001): C info, D fail, E ok.
    expect(w.availability).toEqual({ completed: 3, ok: 1, fraction: 1 / 3 });
    expect(w.leaderAtStart).toEqual({ node: 1, term: 1 });
    expect(w.newLeader).toEqual({ node: 3, term: 2 });
    expect(w.timeToNewLeaderMs).toBe(449); // 750 - 301
    expect(w.firstOkWriteMs).toBe(1829); // F completes at 2130; 2130 - 301
    // Outside: A, B, F all ok; overall 4 of 6.
    expect(perf.availability.outsideFaults).toEqual({ completed: 3, ok: 3, fraction: 1 });
    expect(perf.availability.overall).toEqual({ completed: 6, ok: 4, fraction: 4 / 6 });
  });

  it('times the heal to the first ok write', () => {
    // F (cas) completes at 2130; the heal took effect at 2001.
    expect(perf.heals).toEqual([{ index: 12, f: 'stop-partition', timeNs: 2001 * MS, timeToFirstOkWriteMs: 129 }]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(perf))).toEqual(perf);
  });
});

describe('computePerf on crash and pause windows closed by heal-all', () => {
  // Lone nemesis records (no invocation pairs): kill at 1000, pause at 1500, kill again at 2000
  // (extends the crash window), heal-all at 3000 closes both; a clock fault at 4000 never healed.
  //   A p0 write  invoke  900  ok 950     (outside)
  //   B p0 write  invoke 1200  info 2200  (crash and pause windows)
  //   C p1 read   invoke 2500  ok 2600    (both windows)
  //   D p1 write  invoke 3100  ok 3300    (outside; first ok write after the heal: 300 ms)
  //   E p1 read   invoke 4100  fail 4150  (clock window, open to the end)
  const h = new History()
    .add('invoke', 0, 'write', 900, 1)
    .add('ok', 0, 'write', 950, 1)
    .add('info', 'nemesis', 'kill', 1000, 'leader')
    .add('invoke', 0, 'write', 1200, 2)
    .add('info', 'nemesis', 'pause', 1500, 'one')
    .add('info', 'nemesis', 'kill', 2000, 'one')
    .add('info', 0, 'write', 2200, 2)
    .add('invoke', 1, 'read', 2500)
    .add('ok', 1, 'read', 2600, 1)
    .add('info', 'nemesis', 'heal-all', 3000)
    .add('invoke', 1, 'write', 3100, 3)
    .add('ok', 1, 'write', 3300, 3)
    .add('info', 'nemesis', 'start-clock', 4000, { kind: 'bump', targets: 'one', offsetMs: 500 })
    .add('invoke', 1, 'read', 4100)
    .add('fail', 1, 'read', 4150);
  const perf = computePerf(h.records);

  it('opens, extends and closes windows per family', () => {
    expect(perf.faults.map((w) => [w.family, w.startNs / MS, w.endNs === null ? null : w.endNs / MS, w.ops.map((a) => a.f)])).toEqual([
      ['crash', 1000, 3000, ['kill', 'kill', 'heal-all']],
      ['pause', 1500, 3000, ['pause', 'heal-all']],
      ['clock', 4000, null, ['start-clock']],
    ]);
    expect(perf.faults.map((w) => w.availability)).toEqual([
      { completed: 2, ok: 1, fraction: 0.5 }, // B, C
      { completed: 1, ok: 1, fraction: 1 }, // C
      { completed: 1, ok: 0, fraction: 0 }, // E
    ]);
    // Without leader intervals there are no leader figures.
    expect(perf.faults.every((w) => w.newLeader === null && w.timeToNewLeaderMs === null)).toBe(true);
    // A, D outside.
    expect(perf.availability.outsideFaults).toEqual({ completed: 2, ok: 2, fraction: 1 });
    // First ok write invoked after each start: D (3300) for both; none after the clock fault.
    expect(perf.faults.map((w) => w.firstOkWriteMs)).toEqual([2300, 1800, null]);
  });

  it('times the heal-all to the first ok write', () => {
    expect(perf.heals).toEqual([{ index: 9, f: 'heal-all', timeNs: 3000 * MS, timeToFirstOkWriteMs: 300 }]);
  });

  it('handles an empty history', () => {
    const empty = computePerf([]);
    expect(empty.clientSpan).toBeNull();
    expect(empty.overall).toEqual({ count: 0, opsPerS: null, latencyMs: { count: 0, p50: null, p90: null, p99: null, max: null, mean: null } });
    expect(empty.timeline).toEqual([]);
    expect(empty.availability.overall.fraction).toBeNull();
  });
});
