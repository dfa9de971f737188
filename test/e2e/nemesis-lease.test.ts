// Lease reads in real runs. `--read-mode lease` with the correct core under faults (partitions,
// crashes, pauses, no clock skew) is valid. The directed scenario slow-leader-lease (`run
// --scenario slow-leader-lease --read-mode lease`: the leader's clock at 0.4x, then the leader
// isolated, a few rounds) on the scenario's own timing (lease 10 ticks, election timeout 30) is
// valid with the correct lease (it keeps a margin for that drift); with lease-without-margin the
// checker catches it only in some runs (opt-in test below).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, nemesisActions, realRun } from '../nemesis/real-run.js';
import type { RunOutcome } from '../../src/control/runner/run.js';
import type { RunOptions } from '../../src/control/runner/run-options.js';
import type { OpRecord } from '../../src/history/types.js';
import type { BugName } from '../../src/raft/types.js';

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

  it('run --scenario slow-leader-lease (leader clock at 0.4x, then isolated): the correct lease stays linearizable', async () => {
    const { outcome, out } = await scenarioRun([], 302);
    expect(outcome.results.checkers.linearizability.valid, out).toBe(true);
    expect(outcome.valid, out).toBe(true);
  }, 120_000);

  // NOT RELIABLE, so opt-in (RAFT_CHAOS_REAL_LEASE_CATCH=1). A stale read needs a client read at
  // the deposed leader after the new leader committed a write of a different value (the register's
  // values are 0..4, and unresolved writes at the isolated leader can explain a stale value), inside
  // the gap between the two leases. The simulator's test (test/nemesis/sim.test.ts) is the reliable
  // catch.
  it.runIf(process.env.RAFT_CHAOS_REAL_LEASE_CATCH === '1')('run --scenario slow-leader-lease --bug lease-without-margin: the checker catches a stale lease read', async () => {
    const verdicts: unknown[] = [];
    for (const seed of [303, 304, 305]) {
      const { outcome } = await scenarioRun(['lease-without-margin'], seed, CATCH_LOAD);
      verdicts.push(outcome.results.checkers.linearizability.valid);
      if (outcome.results.checkers.linearizability.valid === false) break;
    }
    expect(verdicts, `linearizability verdicts of the scenario runs: ${JSON.stringify(verdicts)}`).toContain(false);
  }, 300_000);
});

/** The load of the opt-in catch: longer (about nine rounds), more clients, short timeouts so that
 * clients stuck at the isolated leader come back to read sooner. Measured: 1 of 6 seeds (303..308)
 * caught, seed 304; the same seeds without the bug 6 of 6 valid. */
const CATCH_LOAD = { timeLimitS: 24, concurrency: 15, rate: 300, opTimeoutMs: 200 } as const;

/**
 * One real run of the scenario (realRun prints its seed and replay command and checks that no node
 * survives it), with the checks that it played what it says: the scenario's lease timing on every
 * node, at least four rounds each drifting one node to 0.4x and then cutting that same node off
 * from all the others, and plenty of ok reads.
 */
async function scenarioRun(
  bugs: readonly BugName[],
  seed: number,
  load: Pick<RunOptions, 'timeLimitS' | 'concurrency' | 'rate' | 'opTimeoutMs'> = { timeLimitS: 14, concurrency: 10, rate: 200, opTimeoutMs: 500 },
): Promise<{ outcome: RunOutcome; out: string }> {
  const { outcome, out } = await realRun(`lease-scenario-${seed}`, {
    scenario: 'slow-leader-lease',
    nodes: 5,
    readMode: 'lease',
    keys: 1,
    ...load,
    seed,
    bugs,
  });
  const test = JSON.parse(fs.readFileSync(path.join(outcome.run.dir, 'test.json'), 'utf8')) as { nodeSettings: Record<string, unknown> };
  expect(test.nodeSettings, out).toMatchObject({ readMode: 'lease', tickMs: 10, electionTicks: 30, heartbeatTicks: 10, leaseTicks: 10, bugs });
  const rounds = leaseRounds(nemesisActions(outcome.history));
  expect(rounds.length, out).toBeGreaterThanOrEqual(4);
  for (const r of rounds) expect(r.cutFromAll, JSON.stringify(r)).toBe(true);
  expect(outcome.history.filter((o) => o.f === 'read' && o.type === 'ok').length, out).toBeGreaterThan(100);
  return { outcome, out };
}

/** Each start-clock completion (one node at 0.4x) with whether the next partition cut that node off from every other. */
function leaseRounds(actions: readonly OpRecord[]): { node: number | null; cutFromAll: boolean }[] {
  const rounds: { node: number | null; cutFromAll: boolean }[] = [];
  actions.forEach((a, i) => {
    if (a.f !== 'start-clock') return;
    const drift = a.value as { nodes: number[]; rate: number };
    const node = drift.nodes.length === 1 && drift.rate === 0.4 ? drift.nodes[0]! : null;
    const next = actions.slice(i + 1).find((b) => b.f === 'start-partition');
    const grudge = (next?.value as { grudge?: Record<string, number[]> } | undefined)?.grudge ?? {};
    const others = [1, 2, 3, 4, 5].filter((n) => n !== node);
    const cutFromAll = node !== null && others.every((n) => (grudge[String(node)] ?? []).includes(n) && (grudge[String(n)] ?? []).includes(node));
    rounds.push({ node, cutFromAll });
  });
  return rounds;
}
