// The generator combinators in virtual time (trace: a pure interpreter against a fixed view): each
// one's ops and their times, determinism for a seed, and that a generator value is unchanged by
// being asked (the same value traced twice gives the same ops). Random ones print their seed.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import type { Gen, GenOp } from '../../src/generators/index.js';
import { any, defer, delay, done, flipFlop, healAll, mix, once, phases, repeat, sleep, stagger, timeLimit, trace } from '../../src/generators/index.js';

const kill = (n: number): GenOp => ({ f: 'kill', value: { nodes: [n] } });
const STOP: GenOp = { f: 'stop-partition', value: null };

/** "atMs:f" per op, with the node for kills. */
function ops(g: Gen, seed = 1, untilMs = 1_000_000): string[] {
  return trace(g, createRng(seed), { untilMs }).map(({ atMs, op }) => `${atMs}:${op.f === 'kill' && typeof op.value === 'object' ? `kill ${op.value.nodes.join(',')}` : op.f}`);
}

describe('basic generators', () => {
  it('once gives its op at once, then is done; done gives nothing', () => {
    expect(ops(once(STOP))).toEqual(['0:stop-partition']);
    expect(ops(done)).toEqual([]);
    expect(ops(healAll)).toEqual(['0:heal-all']);
  });

  it('once of a function draws when due, and null gives no op', () => {
    expect(ops(phases(sleep(5), once((ctx) => kill(ctx.nowMs))))).toEqual(['5:kill 5']);
    expect(ops(once(() => null))).toEqual([]);
  });

  it('sleep waits, and refuses a negative duration', () => {
    expect(ops(phases(sleep(10), once(STOP), sleep(2.5), once(STOP)))).toEqual(['10:stop-partition', '12.5:stop-partition']);
    expect(() => ops(sleep(-1))).toThrow(/duration >= 0 ms, got -1/);
  });

  it('defer builds its generator from the context when first asked', () => {
    expect(ops(phases(sleep(7), defer((ctx) => once(kill(ctx.view.nodeIds.length)))))).toEqual(['7:kill 5']);
  });
});

describe('combinators', () => {
  it('phases: each to its end, in order', () => {
    expect(ops(phases(once(kill(1)), sleep(3), once(kill(2)), done, once(kill(3))))).toEqual(['0:kill 1', '3:kill 2', '3:kill 3']);
  });

  it('repeat: the body again each time it ends, n times or for ever; an empty body ends it', () => {
    const body = phases(sleep(10), once(kill(1)));
    expect(ops(repeat(body, 3))).toEqual(['10:kill 1', '20:kill 1', '30:kill 1']);
    expect(ops(repeat(body), 1, 45)).toEqual(['10:kill 1', '20:kill 1', '30:kill 1', '40:kill 1']);
    expect(ops(repeat(done))).toEqual([]);
    expect(ops(repeat(body, 0))).toEqual([]);
  });

  it('timeLimit: ops before the limit only; a wait past it is cut short', () => {
    const g = timeLimit(25, repeat(phases(sleep(10), once(kill(2)))));
    expect(ops(g)).toEqual(['10:kill 2', '20:kill 2']);
    // The limit counts from when the time-limited generator starts.
    expect(ops(phases(sleep(100), g))).toEqual(['110:kill 2', '120:kill 2']);
    // An op due exactly at the limit is not given.
    expect(ops(timeLimit(20, repeat(phases(sleep(10), once(kill(2))))))).toEqual(['10:kill 2']);
  });

  it('delay: a fixed pause before each op', () => {
    expect(ops(delay(4, repeat(once(kill(3)), 3)))).toEqual(['4:kill 3', '8:kill 3', '12:kill 3']);
  });

  it('stagger: pauses drawn from [0, 2 x mean), the same for a seed', () => {
    const seed = 42;
    console.log(`stagger seed ${seed}`);
    const g = stagger(10, repeat(once(kill(1)), 200));
    const a = trace(g, createRng(seed), { untilMs: Infinity });
    expect(trace(g, createRng(seed), { untilMs: Infinity })).toEqual(a);
    expect(a).toHaveLength(200);
    const gaps = a.map((o, i) => o.atMs - (i === 0 ? 0 : (a[i - 1]?.atMs ?? 0)));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...gaps)).toBeLessThan(20);
    const mean = gaps.reduce((s, x) => s + x, 0) / gaps.length;
    expect(mean).toBeGreaterThan(8);
    expect(mean).toBeLessThan(12);
  });

  it('flipFlop: one op of each in turn; done when the one whose turn it is ends', () => {
    expect(ops(flipFlop(repeat(once(kill(1))), repeat(once(STOP), 2)), 1, 100)).toEqual(['0:kill 1', '0:stop-partition', '0:kill 1', '0:stop-partition', '0:kill 1']);
    expect(ops(delay(5, flipFlop(repeat(once(kill(1))), repeat(once(STOP)))), 1, 21)).toEqual(['5:kill 1', '10:stop-partition', '15:kill 1', '20:stop-partition']);
  });

  it('mix: each op from a member drawn by the seed; ended members leave; deterministic', () => {
    const seed = 9;
    console.log(`mix seed ${seed}`);
    const g = mix(repeat(once(kill(1)), 50), repeat(once(kill(2)), 50), once(kill(3)));
    const a = ops(g, seed);
    expect(ops(g, seed)).toEqual(a);
    expect(a).toHaveLength(101);
    expect(a.filter((x) => x === '0:kill 1')).toHaveLength(50);
    expect(a.filter((x) => x === '0:kill 3')).toHaveLength(1);
    // The first ten draws are not all from one member.
    expect(new Set(a.slice(0, 10)).size).toBeGreaterThan(1);
    expect(ops(g, seed + 1)).not.toEqual(a);
  });

  it('mix: a drawn member keeps its turn through its waits', () => {
    expect(ops(mix(phases(sleep(10), once(kill(1)))))).toEqual(['10:kill 1']);
  });

  it('any: every member at once, in time order, ties in argument order, each in its own rhythm', () => {
    const a = repeat(phases(sleep(10), once(kill(1))));
    const b = phases(sleep(5), repeat(phases(sleep(10), once(kill(2)))));
    expect(ops(any(a, b), 1, 46)).toEqual(['10:kill 1', '15:kill 2', '20:kill 1', '25:kill 2', '30:kill 1', '35:kill 2', '40:kill 1', '45:kill 2']);
    expect(ops(any(once(kill(1)), once(kill(2))))).toEqual(['0:kill 1', '0:kill 2']);
    expect(ops(any(done, once(kill(4))))).toEqual(['0:kill 4']);
  });

  it('a generator value is not changed by being asked: the same value traced twice gives the same ops', () => {
    const g = phases(sleep(3), any(repeat(phases(sleep(4), once(kill(1))), 3), delay(5, flipFlop(repeat(once(kill(2))), repeat(once(STOP))))), once(STOP));
    expect(ops(g, 1, 50)).toEqual(ops(g, 1, 50));
  });

  it('reactive is declared by what a generator is built from', () => {
    expect(phases(sleep(1), once(STOP)).reactive).toBe(false);
    expect(once(() => STOP, { reactive: true }).reactive).toBe(true);
    expect(any(done, once(() => STOP, { reactive: true })).reactive).toBe(true);
  });
});
