// The slow-then-cut nemesis move: it follows the leader the view shows, slows that leader's clock,
// cuts it off slowMs later, heals and resets clocks cutMs after that, and starts a round every
// interval; with no leader it does nothing.
import { describe, expect, it } from 'vitest';
import { fixedView, trace } from '../../src/generators/index.js';
import type { ClusterView } from '../../src/generators/index.js';
import { seededRng } from '../../src/util/rng.js';
import { NEMESIS_NAMES } from '../../nemesis/index.js';
import { slowLeaderNemesis } from '../../nemesis/slow-leader.js';

const NODES = [1, 2, 3, 4, 5];

function opsOf(view: ClusterView, untilMs: number, intervalS = 2, options = {}) {
  return trace(slowLeaderNemesis(options).generator({ intervalS, nodes: NODES.length }), seededRng(1), { untilMs, view });
}

describe('slow-leader nemesis', () => {
  it('slows the leader, cuts it off 300 ms later, heals and resets 1000 ms after that, every interval', () => {
    const ops = opsOf(fixedView(NODES, 3), 4_500);
    expect(ops.map((o) => [o.atMs, o.op.f])).toEqual([
      [0, 'start-clock'],
      [300, 'start-partition'],
      [1300, 'stop-partition'],
      [1300, 'stop-clock'],
      [2000, 'start-clock'],
      [2300, 'start-partition'],
      [3300, 'stop-partition'],
      [3300, 'stop-clock'],
      [4000, 'start-clock'],
      [4300, 'start-partition'],
    ]);
    expect(ops[0]?.op.value).toEqual({ kind: 'drift', targets: { nodes: [3] }, rate: 0.75 });
    // The leader alone on one side, the four others together.
    expect(ops[1]?.op.value).toEqual({ grudge: { 1: [3], 2: [3], 3: [1, 2, 4, 5], 4: [3], 5: [3] } });
  });

  it('targets whichever node the view shows as leader', () => {
    for (const leader of [1, 5]) {
      const ops = opsOf(fixedView(NODES, leader), 1_500);
      expect(ops[0]?.op.value).toEqual({ kind: 'drift', targets: { nodes: [leader] }, rate: 0.75 });
      const grudge = (ops[1]?.op.value as { grudge: Record<string, number[]> }).grudge;
      expect(grudge[String(leader)]).toEqual(NODES.filter((n) => n !== leader));
    }
  });

  it('does nothing while no node leads', () => {
    expect(opsOf(fixedView(NODES, null), 20_000)).toEqual([]);
  });

  it('takes its rate and timing, refuses bad ones, and is a package, not a --nemesis family', () => {
    const ops = opsOf(fixedView(NODES, 1), 1_000, 5, { rate: 0.25, slowMs: 100, cutMs: 500 });
    expect(ops.map((o) => [o.atMs, o.op.f])).toEqual([
      [0, 'start-clock'],
      [100, 'start-partition'],
      [600, 'stop-partition'],
      [600, 'stop-clock'],
    ]);
    expect(ops[0]?.op.value).toMatchObject({ rate: 0.25 });
    expect(() => slowLeaderNemesis({ rate: 0 })).toThrow(/rate/);
    expect(() => slowLeaderNemesis({ cutMs: -1 })).toThrow(/cutMs/);
    expect(slowLeaderNemesis().families).toEqual(['clock', 'partition']);
    // A move over two families, not a family: --nemesis names families only (run and sim alike).
    expect(NEMESIS_NAMES).not.toContain('slow-leader');
  });
});
