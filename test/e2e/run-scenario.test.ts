// A directed bug scenario drives a real run (`run --scenario`): the scenario's generator of fault
// ops, interpreted in wall time against real node processes, with the cluster view from the
// subject's status. rejoining-candidate waits for a leader, isolates one follower for 3 s and heals;
// on the correct core the run is valid with every checker's verdict. Bad --scenario values are
// refused before anything starts (UsageError, exit 254).
import { afterAll, describe, expect, it } from 'vitest';
import { runTest } from '../../src/control/runner/run.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { captureOut, e2eOptions } from './helpers.js';
import { cleanRunDirs, nemesisActions, realRun } from '../nemesis/real-run.js';

afterAll(cleanRunDirs);

describe('run --scenario (real processes)', () => {
  it('rejoining-candidate: a follower isolated about 3 s, healed, then heal-all; valid with checked verdicts', async () => {
    const { outcome, out } = await realRun('scenario', { scenario: 'rejoining-candidate', nodes: 3, timeLimitS: 6, rate: 40, seed: 5 });
    const actions = nemesisActions(outcome.history);
    expect(actions.map((a) => a.f), out).toEqual(['start-partition', 'stop-partition', 'heal-all']);
    const cut = (actions[0]?.value as { grudge: Record<string, number[]> }).grudge;
    const isolated = Object.entries(cut).filter(([, from]) => from.length === 2).map(([node]) => Number(node));
    expect(isolated, JSON.stringify(cut)).toHaveLength(1);
    const heldMs = ((actions[1]?.time ?? 0) - (actions[0]?.time ?? 0)) / 1e6;
    expect(heldMs).toBeGreaterThan(2_900);
    expect(heldMs).toBeLessThan(4_000);
    expect(outcome.results.checkers.linearizability?.valid, out).toBe(true);
    expect(outcome.results.checkers.invariants?.valid, out).toBe(true);
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('refuses an unknown scenario (naming the known ones), another --nodes, and --nemesis beside it', async () => {
    const o = (over: object) => e2eOptions('/tmp/raft-chaos-never-created', over);
    await expect(runTest(o({ scenario: 'figure-9' }), { out: captureOut() })).rejects.toThrow(/unknown scenario "figure-9"; known: figure-8, long-stale-log/);
    await expect(runTest(o({ scenario: 'figure-8', nodes: 3 }), { out: captureOut() })).rejects.toThrow(/written for 5 nodes; use --nodes 5 \(got 3\)/);
    await expect(runTest(o({ scenario: 'figure-8', nemesis: 'partition' }), { out: captureOut() })).rejects.toThrow(UsageError);
  });

  it('refuses a reactive scenario on a subject without status, in one line', async () => {
    const o = e2eOptions('/tmp/raft-chaos-never-created', { scenario: 'figure-8', subject: 'single-register' });
    await expect(runTest(o, { out: captureOut() })).rejects.toThrow(/^subject single-register has no status ability, so it cannot run --scenario figure-8/);
  });
});
