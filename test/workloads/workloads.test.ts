import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import { lookupWorkload, WORKLOAD_NAMES } from '../../workloads/index.js';
import { lookupNemesis, parseNemesisList } from '../../nemesis/index.js';
import { scheduleOf } from '../helpers/nemesis-schedule.js';

describe('workloads', () => {
  it('register: single key r, values 0..4, all three kinds, replayable', () => {
    const w = lookupWorkload('register');
    expect(w.keys({ keys: 9 })).toEqual(['r']);
    const draw = (seed: number) => Array.from({ length: 400 }, ((rng) => () => w.next(rng, { keys: 1 }))(seededRng(seed)));
    const ops = draw(4);
    expect(new Set(ops.map((o) => o.f))).toEqual(new Set(['read', 'write', 'cas']));
    for (const op of ops) {
      expect(op.key).toBe('r');
      const values = op.f === 'read' ? [] : op.f === 'write' ? [op.value] : (op.value as readonly number[]);
      for (const v of values) expect([0, 1, 2, 3, 4]).toContain(v);
    }
    expect(draw(4)).toEqual(ops);
  });

  it('multi-register spreads over --keys keys', () => {
    const w = lookupWorkload('multi-register');
    expect(w.keys({ keys: 3 })).toEqual(['k0', 'k1', 'k2']);
    const rng = seededRng(1);
    const keys = new Set(Array.from({ length: 300 }, () => w.next(rng, { keys: 3 }).key));
    expect(keys).toEqual(new Set(['k0', 'k1', 'k2']));
  });

  it("lin-kv (Maelstrom's) spreads over --keys keys named 0..n-1, read, write and cas", () => {
    const w = lookupWorkload('lin-kv');
    expect(w.model).toBe('cas-register');
    expect(w.keys({ keys: 3 })).toEqual(['0', '1', '2']);
    const rng = seededRng(1);
    const ops = Array.from({ length: 300 }, () => w.next(rng, { keys: 3 }));
    expect(new Set(ops.map((o) => o.key))).toEqual(new Set(['0', '1', '2']));
    expect(new Set(ops.map((o) => o.f))).toEqual(new Set(['read', 'write', 'cas']));
  });

  it('lookup names the accepted workloads', () => {
    expect(WORKLOAD_NAMES).toEqual(['register', 'multi-register', 'lin-kv']);
    expect(() => lookupWorkload('bank')).toThrow(/unknown workload "bank"; accepted: register, multi-register, lin-kv/);
  });
});

describe('nemeses', () => {
  it('partition alternates a random shape and a heal, interval apart', () => {
    const n = lookupNemesis('partition');
    const rng = seededRng(2);
    const steps = scheduleOf(n, rng, { intervalS: 3, nodes: 5 }, 20);
    expect(steps).toHaveLength(20);
    for (const [i, s] of steps.entries()) {
      expect(s?.delayS).toBe(3);
      expect(s?.op.f).toBe(i % 2 === 0 ? 'start-partition' : 'stop-partition');
    }
    expect(new Set(steps.filter((s) => s?.op.f === 'start-partition').map((s) => s?.op.value)).size).toBeGreaterThan(2);
  });

  it('none never acts; lists validate names', () => {
    expect(scheduleOf(lookupNemesis('none'), seededRng(1), { intervalS: 1, nodes: 3 }, 1)).toEqual([]);
    expect(lookupNemesis('none,partition').name).toBe('partition');
    expect(() => parseNemesisList('partition,chaos')).toThrow(/unknown nemesis "chaos"; accepted: none, partition/);
    expect(() => parseNemesisList('partition,partition')).toThrow(/"partition" is listed twice/);
  });
});

describe('combineNemeses', () => {
  it('merges members by their own timelines, each keeping its rhythm', async () => {
    const { combineNemeses } = await import('../../nemesis/index.js');
    const { partitionNemesis } = await import('../../nemesis/partition.js');
    // Two partition-like families with distinct names stand in for partition + crash.
    const a = { ...partitionNemesis(['isolate-one']), name: 'a' };
    const b = { ...partitionNemesis(['bridge']), name: 'b' };
    const both = combineNemeses([a, b]);
    const rng = seededRng(1);
    let t = 0;
    const timeline: string[] = [];
    for (const out of scheduleOf(both, rng, { intervalS: 4, nodes: 5 }, 8)) {
      t += out.delayS;
      timeline.push(`${t}:${out.op.f}:${String(out.op.value)}`);
    }
    // a acts at 4, 8, 12, 16; b (offset by 4/2 = 2) at 6, 10, 14, 18.
    expect(timeline).toEqual([
      '4:start-partition:isolate-one',
      '6:start-partition:bridge',
      '8:stop-partition:null',
      '10:stop-partition:null',
      '12:start-partition:isolate-one',
      '14:start-partition:bridge',
      '16:stop-partition:null',
      '18:stop-partition:null',
    ]);
  });
});
