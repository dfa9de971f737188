// Lease reads in real runs. `--read-mode lease` with the correct core under faults (partitions,
// crashes, pauses, no clock skew) is valid; a directed run where the clock nemesis slows the
// leader to 0.4x before it is isolated is valid with the correct lease (it keeps a margin for that
// drift) and caught by the linearizability checker with lease-without-margin.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { directedLeaseRun } from '../nemesis/directed-lease.js';
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

  it.each([
    { bugs: [] as const, expected: true },
    { bugs: ['lease-without-margin'] as const, expected: false },
  ])('leader clock at 0.4x, then isolated, bugs $bugs: linearizable = $expected', async ({ bugs, expected }) => {
    const seed = 302;
    console.log(`e2e directed lease run, bugs [${bugs.join(',')}], seed ${seed}`);
    const r = await directedLeaseRun({ bugs, rate: 0.4, rounds: 4, seed });
    const alive = await survivors(r.pids);
    killAll(alive);
    expect(alive).toEqual([]);
    const drifts = r.history.filter((o) => o.process === 'nemesis' && o.type === 'info' && o.f === 'start-clock');
    expect(drifts.length).toBe(4);
    for (const d of drifts) expect((d.value as { rate: number; nodes: number[] }).nodes.length).toBe(1);
    expect(r.history.filter((o) => o.f === 'read' && o.type === 'ok').length).toBeGreaterThan(100);
    expect(r.linearizability.valid, JSON.stringify(r.linearizability).slice(0, 500)).toBe(expected);
  }, 120_000);
});
