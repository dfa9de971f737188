// Faults timed to elections (nemesis/election-timed.ts): it strikes the leader the view shows,
// within the strike window, once per term, with one of the package's families, holds the fault
// for the interval and undoes it; with no leader it does nothing. `run --nemesis-timing` is validated.
import { describe, expect, it } from 'vitest';
import { fixedView, trace } from '../../src/generators/index.js';
import { seededRng } from '../../src/util/rng.js';
import { lookupNemesis } from '../../nemesis/index.js';
import { electionTimed, ELECTION_TIMED_DEFAULTS, leaderMinority } from '../../nemesis/election-timed.js';
import { RUN_DEFAULTS, validateRunOptions, reproduceArgv } from '../../src/control/runner/run-options.js';

const NODES = [1, 2, 3, 4, 5];

function opsOf(list: string, leader: number | null, seed = 1, untilMs = 20_000, intervalS = 2) {
  return trace(electionTimed(lookupNemesis(list)).generator({ intervalS, nodes: NODES.length }), seededRng(seed), { untilMs, view: fixedView(NODES, leader) });
}

describe('election-timed nemesis', () => {
  it('cuts the new leader off within the strike window, heals after the interval, and strikes a term once', () => {
    const ops = opsOf('partition', 3);
    expect(ops.map((o) => o.op.f)).toEqual(['start-partition', 'stop-partition']);
    expect(ops[0]!.atMs).toBeLessThanOrEqual(ELECTION_TIMED_DEFAULTS.strikeWindowMs);
    expect(ops[1]!.atMs - ops[0]!.atMs).toBe(2_000);
    const grudge = (ops[0]!.op.value as { grudge: Record<number, number[]> }).grudge;
    // The leader is on a minority side: cut off from at least three of the five.
    expect(grudge[3]!.length).toBeGreaterThanOrEqual(3);
  });

  it('cuts the leader off alone or with one follower of five, drawn per strike; always alone of three', () => {
    const shapes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const grudge = (opsOf('partition', 3, seed)[0]!.op.value as { grudge: Record<number, number[]> }).grudge;
      const withLeader = NODES.filter((n) => n !== 3 && !grudge[3]!.includes(n));
      // Both ways: the leader's side and the other side refuse each other.
      for (const n of NODES) if (n !== 3) expect(grudge[n]!.includes(3)).toBe(!withLeader.includes(n));
      shapes.add(withLeader.length === 0 ? 'alone' : `with ${withLeader.length}`);
    }
    expect([...shapes].sort()).toEqual(['alone', 'with 1']);
    const rng = seededRng(7);
    for (let i = 0; i < 20; i++) expect(leaderMinority(2, [1, 2, 3], rng)).toEqual([[2], [1, 3]]);
    for (let i = 0; i < 50; i++) expect(leaderMinority(1, [1, 2, 3, 4, 5, 6, 7], rng)[0].length).toBeLessThanOrEqual(3);
  });

  it('draws its family per strike, each aimed at the leader and undone', () => {
    const seen = new Map<string, string[]>();
    for (let seed = 1; seed <= 40; seed++) {
      const ops = opsOf('partition,crash,pause,clock', 2, seed);
      seen.set(ops[0]!.op.f, ops.map((o) => o.op.f));
    }
    expect(seen.get('pause')).toEqual(['pause', 'resume']);
    expect(seen.get('kill')).toEqual(['kill', 'restart']);
    expect(seen.get('start-partition')).toEqual(['start-partition', 'stop-partition']);
    // With partitions on, a clock strike is slow-then-cut: the leader's clock, then the cut.
    expect(seen.get('start-clock')).toEqual(['start-clock', 'start-partition', 'stop-partition', 'stop-clock']);
    const pause = opsOf('pause', 4);
    expect(pause[0]!.op.value).toEqual({ nodes: [4] });
    const clock = opsOf('clock', 5);
    expect(clock.map((o) => o.op.f)).toEqual(['start-clock', 'stop-clock']);
    expect(clock[0]!.op.value).toEqual({ kind: 'drift', targets: { nodes: [5] }, rate: ELECTION_TIMED_DEFAULTS.slowRate });
  });

  it('does nothing while no node leads', () => {
    expect(opsOf('partition,pause', null)).toEqual([]);
  });

  it('is chosen by run --nemesis-timing elections, validated and kept in the replay command', () => {
    const base = { ...RUN_DEFAULTS, nemesis: 'partition,pause', seed: 1, bugs: [] };
    expect(() => validateRunOptions({ ...base, nemesisTiming: 'elections' })).not.toThrow();
    expect(reproduceArgv({ ...base, nemesisTiming: 'elections' })).toEqual(expect.arrayContaining(['--nemesis-timing', 'elections']));
    expect(reproduceArgv({ ...base })).not.toContain('--nemesis-timing');
    expect(() => validateRunOptions({ ...base, nemesisTiming: 'often' as never })).toThrow(/--nemesis-timing must be one of interval, elections/);
    expect(() => validateRunOptions({ ...base, nemesis: 'none', nemesisTiming: 'elections' })).toThrow(/needs a fault family/);
    expect(() => validateRunOptions({ ...base, nemesis: 'none', scenario: 'rejoining-candidate', nodes: 3, nemesisTiming: 'elections' })).toThrow(/--scenario/);
  });
});
