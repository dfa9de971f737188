// Lease reads in real runs. `--read-mode lease` with the correct core under faults (partitions,
// crashes, pauses, no clock skew) is valid; a directed run where the clock nemesis slows the
// leader to 0.4x before it is isolated is valid with the correct lease (it keeps a margin for that
// drift); with lease-without-margin the checker catches it only in some runs (opt-in test below).
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { directedLeaseRun, type DirectedLeaseResult } from '../nemesis/directed-lease.js';
import type { BugName } from '../../src/raft/types.js';
import { killAll, survivors } from './helpers.js';

afterAll(cleanRunDirs);

describe('lease reads (real processes)', () => {
  it('--read-mode lease, correct core, partition,crash,pause: valid', async () => {
    const { outcome, out } = await realRun('lease', {
      nodes: 3,
      readMode: 'lease',
      nemesis: 'partition,crash,pause',
      nemesisIntervalS: 1,
      timeLimitS: 7,
      rate: 80,
      seed: 301,
    });
    expect(outcome.history.filter((o) => o.f === 'read' && o.type === 'ok').length, out).toBeGreaterThan(50);
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('leader clock at 0.4x, then isolated: the correct lease stays linearizable', async () => {
    const r = await checkedDirectedRun([], 302);
    expect(r.linearizability.valid, JSON.stringify(r.linearizability).slice(0, 500)).toBe(true);
  }, 120_000);

  // NOT RELIABLE, so opt-in (RAFT_CHAOS_REAL_LEASE_CATCH=1): on this shared 2-core machine 3 of 7
  // directed runs were caught. A stale read needs a client read at the deposed leader after the new
  // leader committed a write of a different value (the register's values are 0..4, and unresolved
  // writes at the isolated leader can explain a stale value), inside the gap between the two
  // leases. The simulator's test (test/nemesis/sim.test.ts) is the reliable catch.
  it.runIf(process.env.RAFT_CHAOS_REAL_LEASE_CATCH === '1')('leader clock at 0.4x, then isolated, lease-without-margin: the checker catches a stale lease read', async () => {
    const verdicts: unknown[] = [];
    for (const seed of [303, 304, 305]) {
      const r = await checkedDirectedRun(['lease-without-margin'], seed);
      verdicts.push(r.linearizability.valid);
      if (r.linearizability.valid === false) break;
    }
    expect(verdicts, `verdicts of the directed runs: ${JSON.stringify(verdicts)}`).toContain(false);
  }, 200_000);
});

async function checkedDirectedRun(bugs: readonly BugName[], seed: number): Promise<DirectedLeaseResult> {
  console.log(`e2e directed lease run, bugs [${bugs.join(',')}], seed ${seed}`);
  const r = await directedLeaseRun({ bugs, rate: 0.4, rounds: 4, seed });
  const alive = await survivors(r.pids);
  killAll(alive);
  expect(alive).toEqual([]);
  const drifts = r.history.filter((o) => o.process === 'nemesis' && o.type === 'info' && o.f === 'start-clock');
  expect(drifts.length).toBe(4);
  for (const d of drifts) expect((d.value as { rate: number; nodes: number[] }).nodes.length).toBe(1);
  expect(r.history.filter((o) => o.f === 'read' && o.type === 'ok').length).toBeGreaterThan(100);
  return r;
}
