// Strobe and drift clocks are carried out over time by applyFault on an executor with `after`: the
// simulator's clock flips in virtual time; stop-clock (or heal-all) ends a strobe at once.
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import { applyFault, createFaultState } from '../../src/faults/apply.js';
import { SimCluster, clusterOptions } from '../../src/sim/cluster.js';

function cluster(): SimCluster {
  return new SimCluster(clusterOptions({ seed: 3, nodes: 3, recordEvents: false }));
}

/** The node's clock offset sampled every stepMs of virtual time. */
function sampleOffsets(c: SimCluster, node: number, stepMs: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    c.runForMs(stepMs);
    out.push(c.node(node).offsetMs);
  }
  return out;
}

describe('strobe and drift through applyFault', () => {
  it('a strobe flips between its offset and true time every period, for its duration, then stays on true time', async () => {
    const c = cluster();
    const state = createFaultState();
    const out = await applyFault(
      { f: 'start-clock', value: { kind: 'strobe', targets: 'all', offsetMs: 700, periodMs: 100, durationMs: 500 } },
      c,
      seededRng(1),
      state,
    );
    expect(out).toEqual({ kind: 'clock', nodes: [1, 2, 3], offsetMs: 700, rate: 1 });
    expect(c.node(2).offsetMs).toBe(700);
    // Sample mid-period: 50, 150, ... 750 ms.
    c.runForMs(50);
    const samples = [c.node(2).offsetMs, ...sampleOffsets(c, 2, 100, 7)];
    expect(samples).toEqual([700, 0, 700, 0, 700, 0, 0, 0]);
    expect(state.skewed.size).toBe(3);
  });

  it('stop-clock ends a strobe at once (no flip after it), and a strobe skips paused nodes', async () => {
    const c = cluster();
    const state = createFaultState();
    await applyFault({ f: 'pause', value: 'one' }, c, seededRng(4), state);
    const [paused] = [...state.paused];
    const out = await applyFault(
      { f: 'start-clock', value: { kind: 'strobe', targets: 'all', offsetMs: -300, periodMs: 20, durationMs: 10_000 } },
      c,
      seededRng(1),
      state,
    );
    expect(out.kind === 'clock' && out.nodes).not.toContain(paused);
    c.runForMs(50);
    await applyFault({ f: 'stop-clock', value: null }, c, seededRng(1), state);
    const live = c.nodeIds.filter((n) => n !== paused);
    for (const n of live) expect(sampleOffsets(c, n, 7, 30).every((o) => o === 0)).toBe(true);
    expect(c.node(paused as number).offsetMs).toBe(0);
  });

  it('drift sets the rate, which scales the node ticks; stop-clock resets it', async () => {
    const c = cluster();
    const state = createFaultState();
    await applyFault({ f: 'start-clock', value: { kind: 'drift', targets: 'all', rate: 2 } }, c, seededRng(1), state);
    expect(c.nodes.map((n) => n.rate)).toEqual([2, 2, 2]);
    const ticks0 = c.stats.ticks;
    c.runForMs(1000);
    const fast = c.stats.ticks - ticks0;
    await applyFault({ f: 'stop-clock', value: null }, c, seededRng(1), state);
    expect(c.nodes.map((n) => n.rate)).toEqual([1, 1, 1]);
    const ticks1 = c.stats.ticks;
    c.runForMs(1000);
    const normal = c.stats.ticks - ticks1;
    expect(fast / normal).toBeGreaterThan(1.8);
    expect(fast / normal).toBeLessThan(2.2);
  });
});
