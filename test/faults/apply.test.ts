import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import { applyFault, createFaultState, familyOf } from '../../src/faults/apply.js';
import { grudgeToJson } from '../../src/faults/partition.js';
import type { FaultExecutor, Grudge } from '../../src/plugins.js';

/** A recording executor: the log of calls is what the test checks. */
function fakeExecutor(leader: number | null): FaultExecutor & { calls: string[] } {
  const calls: string[] = [];
  return {
    nodeIds: [1, 2, 3, 4, 5],
    calls,
    leader: () => leader,
    partition: (g: Grudge) => void calls.push(`partition ${JSON.stringify(grudgeToJson(g))}`),
    kill: (nodes) => void calls.push(`kill ${nodes.join(',')}`),
    restart: (nodes) => void calls.push(`restart ${nodes.join(',')}`),
    pause: (nodes) => void calls.push(`pause ${nodes.join(',')}`),
    resume: (nodes) => void calls.push(`resume ${nodes.join(',')}`),
    setClock: (node, offsetMs, rate) => void calls.push(`clock ${node} ${offsetMs} ${rate}`),
  };
}

describe('applyFault', () => {
  it('isolates the leader, then heals', async () => {
    const ex = fakeExecutor(3);
    const state = createFaultState();
    const out = await applyFault({ f: 'start-partition', value: 'isolate-leader' }, ex, seededRng(1), state);
    expect(out).toEqual({ kind: 'partition', grudge: { '1': [3], '2': [3], '3': [1, 2, 4, 5], '4': [3], '5': [3] } });
    expect(state.grudge.size).toBe(5);
    await applyFault({ f: 'stop-partition', value: null }, ex, seededRng(1), state);
    expect(ex.calls[1]).toBe('partition {}');
    expect(state.grudge.size).toBe(0);
  });

  it('restarts exactly the nodes it killed, and does not pause dead nodes', async () => {
    const ex = fakeExecutor(2);
    const state = createFaultState();
    expect(await applyFault({ f: 'kill', value: 'leader' }, ex, seededRng(1), state)).toEqual({ kind: 'nodes', nodes: [2] });
    const paused = await applyFault({ f: 'pause', value: 'all' }, ex, seededRng(1), state);
    expect(paused).toEqual({ kind: 'nodes', nodes: [1, 3, 4, 5] });
    expect(await applyFault({ f: 'restart', value: 'all-dead' }, ex, seededRng(1), state)).toEqual({ kind: 'nodes', nodes: [2] });
    expect(await applyFault({ f: 'resume', value: 'all-paused' }, ex, seededRng(1), state)).toEqual({
      kind: 'nodes',
      nodes: [1, 3, 4, 5],
    });
    expect(ex.calls).toEqual(['kill 2', 'pause 1,3,4,5', 'restart 2', 'resume 1,3,4,5']);
  });

  it('heal-all undoes every kind of fault', async () => {
    const ex = fakeExecutor(1);
    const state = createFaultState();
    await applyFault({ f: 'start-partition', value: 'random-halves' }, ex, seededRng(9), state);
    await applyFault({ f: 'kill', value: 'one' }, ex, seededRng(9), state);
    await applyFault({ f: 'pause', value: 'leader' }, ex, seededRng(9), state);
    await applyFault({ f: 'start-clock', value: { kind: 'drift', targets: 'followers', rate: 1.5 } }, ex, seededRng(9), state);
    ex.calls.length = 0;
    const out = await applyFault({ f: 'heal-all', value: null }, ex, seededRng(9), state);
    expect(out.kind).toBe('healed');
    expect(ex.calls.at(-1)).toBe('partition {}');
    expect(ex.calls.some((c) => c.startsWith('restart '))).toBe(true);
    expect(ex.calls.some((c) => c.startsWith('resume '))).toBe(true);
    expect(ex.calls.filter((c) => c.startsWith('clock ') && c.endsWith(' 0 1')).length).toBeGreaterThan(0);
    expect(state.dead.size + state.paused.size + state.skewed.size + state.grudge.size).toBe(0);
  });

  it('names the family of each op', () => {
    expect(familyOf({ f: 'start-partition', value: 'bridge' })).toBe('partition');
    expect(familyOf({ f: 'restart', value: 'all-dead' })).toBe('crash');
    expect(familyOf({ f: 'heal-all', value: null })).toBe('all');
  });
});
