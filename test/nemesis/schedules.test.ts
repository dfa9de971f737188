// The nemesis schedules as data: seeded and deterministic (same seed -> same ops), alternating
// fault and heal, drawing only from the configured target sets and clock shapes; the registry
// knows every family and combines them with a per-family rhythm.
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/util/rng.js';
import type { FaultOp, Nemesis, TargetSpec } from '../../src/plugins.js';
import { CRASH_TARGETS, crashNemesis } from '../../nemesis/crash.js';
import { PAUSE_TARGETS, pauseNemesis } from '../../nemesis/pause.js';
import { CLOCK_RATES, CLOCK_TARGETS, clockNemesis } from '../../nemesis/clock.js';
import { NEMESES, NEMESIS_NAMES, lookupNemesis, parseNemesisList } from '../../nemesis/index.js';
import { scheduleOf } from '../helpers/nemesis-schedule.js';

const OPTIONS = { intervalS: 2, nodes: 5 };

function schedule(nemesis: Nemesis, seed: number, steps: number): { delayS: number; op: FaultOp }[] {
  return scheduleOf(nemesis, seededRng(seed), OPTIONS, steps);
}

describe.each([
  ['crash', () => crashNemesis(), 'kill', 'restart', CRASH_TARGETS],
  ['pause', () => pauseNemesis(), 'pause', 'resume', PAUSE_TARGETS],
] as const)('%s nemesis', (name, make, faultF, healF, targets) => {
  it('same seed, same ops; another seed, other targets', () => {
    const a = schedule(make(), 7, 40);
    expect(schedule(make(), 7, 40)).toEqual(a);
    const b = schedule(make(), 8, 40);
    expect(b.map((s) => s.op)).not.toEqual(a.map((s) => s.op));
  });

  it('alternates a fault on a drawn target set and a heal of every node it hit, every interval', () => {
    const ops = schedule(make(), 3, 60);
    expect(ops).toHaveLength(60);
    ops.forEach(({ delayS, op }, i) => {
      expect(delayS).toBe(OPTIONS.intervalS);
      if (i % 2 === 0) {
        expect(op.f).toBe(faultF);
        expect(targets).toContain(op.value);
      } else {
        expect(op.f).toBe(healF);
        expect(op.value).toBe(healF === 'restart' ? 'all-dead' : 'all-paused');
      }
    });
    // 30 draws over 6 target sets: each shows up.
    const seen = new Set(ops.filter((_, i) => i % 2 === 0).map((s) => s.op.value));
    expect([...seen].sort()).toEqual([...targets].sort());
  });

  it('a fixed target set is honoured, and an empty one is refused', () => {
    const fixed = name === 'crash' ? crashNemesis({ targets: ['leader'] }) : pauseNemesis({ targets: ['leader'] });
    expect(new Set(schedule(fixed, 5, 20).filter((_, i) => i % 2 === 0).map((s) => s.op.value))).toEqual(new Set(['leader']));
    const empty: readonly TargetSpec[] = [];
    expect(() => (name === 'crash' ? crashNemesis({ targets: empty }) : pauseNemesis({ targets: empty }))).toThrow(/at least one target/);
  });
});

describe('clock nemesis', () => {
  it('same seed, same ops', () => {
    expect(schedule(clockNemesis(), 11, 40)).toEqual(schedule(clockNemesis(), 11, 40));
    expect(schedule(clockNemesis(), 11, 40)).not.toEqual(schedule(clockNemesis(), 12, 40));
  });

  it('alternates start-clock (bump, strobe, drift within bounds) and stop-clock', () => {
    const ops = schedule(clockNemesis(), 4, 120);
    const kinds = new Set<string>();
    ops.forEach(({ op }, i) => {
      if (i % 2 === 1) {
        expect(op).toEqual({ f: 'stop-clock', value: null });
        return;
      }
      if (op.f !== 'start-clock') throw new Error(`step ${i}: expected start-clock, got ${op.f}`);
      const spec = op.value;
      kinds.add(spec.kind);
      expect(CLOCK_TARGETS).toContain(spec.targets);
      switch (spec.kind) {
        case 'bump':
          expect(Math.abs(spec.offsetMs)).toBeGreaterThanOrEqual(100);
          expect(Math.abs(spec.offsetMs)).toBeLessThanOrEqual(3000);
          break;
        case 'strobe':
          expect(Math.abs(spec.offsetMs)).toBeLessThanOrEqual(3000);
          expect([20, 50, 100, 200]).toContain(spec.periodMs);
          // The strobe is over before the stop-clock that closes its window.
          expect(spec.durationMs).toBeLessThan(OPTIONS.intervalS * 1000);
          expect(spec.durationMs).toBeGreaterThanOrEqual(spec.periodMs);
          break;
        case 'drift':
          expect(CLOCK_RATES).toContain(spec.rate);
          break;
      }
    });
    expect([...kinds].sort()).toEqual(['bump', 'drift', 'strobe']);
    // Bumps go both ways.
    const offsets = ops.flatMap(({ op }) => (op.f === 'start-clock' && op.value.kind === 'bump' ? [op.value.offsetMs] : []));
    expect(offsets.some((o) => o > 0) && offsets.some((o) => o < 0)).toBe(true);
  });

  it('options restrict the shapes, and bad ones are refused naming the value', () => {
    const drift = clockNemesis({ kinds: ['drift'], targets: ['leader'], rates: [0.4] });
    for (const { op } of schedule(drift, 1, 10).filter((_, i) => i % 2 === 0)) {
      expect(op).toEqual({ f: 'start-clock', value: { kind: 'drift', targets: 'leader', rate: 0.4 } });
    }
    expect(() => clockNemesis({ kinds: [] })).toThrow(/at least one kind/);
    expect(() => clockNemesis({ rates: [0] })).toThrow(/\[0\]/);
    expect(() => clockNemesis({ maxOffsetMs: 5 })).toThrow(/got 5/);
  });
});

describe('registry', () => {
  it('every family is a valid --nemesis name, with a description for --help', () => {
    for (const name of ['none', 'partition', 'crash', 'pause', 'clock']) {
      expect(NEMESIS_NAMES).toContain(name);
      expect(NEMESES.get(name)?.description.length).toBeGreaterThan(5);
    }
    expect(NEMESES.get('crash')?.families).toEqual(['crash']);
    expect(NEMESES.get('pause')?.families).toEqual(['pause']);
    expect(NEMESES.get('clock')?.families).toEqual(['clock']);
  });

  it('a bad name is refused naming it and the accepted ones', () => {
    expect(() => parseNemesisList('partition,crahs')).toThrow(/"crahs".*crash.*pause.*clock/);
  });

  it('combined: every family on one schedule, each keeping its own fault/heal rhythm, deterministic', () => {
    const ops = schedule(lookupNemesis('partition,crash,pause,clock'), 21, 64);
    expect(schedule(lookupNemesis('partition,crash,pause,clock'), 21, 64)).toEqual(ops);
    expect(lookupNemesis('partition,crash,pause,clock').families).toEqual(['partition', 'crash', 'pause', 'clock']);
    const byFamily = new Map<string, string[]>();
    let timeS = 0;
    const times: number[] = [];
    for (const { delayS, op } of ops) {
      timeS += delayS;
      times.push(timeS);
      const family = op.f.replace(/^(start|stop)-/, '');
      const key = ['kill', 'restart'].includes(family) ? 'crash' : ['pause', 'resume'].includes(family) ? 'pause' : family;
      byFamily.set(key, [...(byFamily.get(key) ?? []), op.f]);
    }
    expect([...byFamily.keys()].sort()).toEqual(['clock', 'crash', 'partition', 'pause']);
    const alternate = (f: string[], open: string, close: string): void =>
      f.forEach((x, i) => expect(x).toBe(i % 2 === 0 ? open : close));
    alternate(byFamily.get('partition') ?? [], 'start-partition', 'stop-partition');
    alternate(byFamily.get('crash') ?? [], 'kill', 'restart');
    alternate(byFamily.get('pause') ?? [], 'pause', 'resume');
    alternate(byFamily.get('clock') ?? [], 'start-clock', 'stop-clock');
    // Families take turns a quarter interval apart: times never go back, and step by intervalS / 4.
    times.forEach((t, i) => expect(t).toBeCloseTo(OPTIONS.intervalS * (1 + i / 4), 6));
  });

  it('--partition-shapes: the partition package picks only the given shapes; the default mix stays the symmetric one', () => {
    const shapesOf = (ops: ReturnType<typeof schedule>): Set<unknown> => new Set(ops.filter(({ op }) => op.f === 'start-partition').map(({ op }) => op.value));
    const oneWay = shapesOf(schedule(lookupNemesis('partition,crash', ['one-way-leader', 'mute-one']), 7, 80));
    expect([...oneWay].sort()).toEqual(['mute-one', 'one-way-leader']);
    const byDefault = shapesOf(schedule(lookupNemesis('partition'), 7, 80));
    expect([...byDefault].sort()).toEqual(['bridge', 'isolate-leader', 'isolate-one', 'majorities-ring', 'random-halves']);
    // The same seed without the option gives the same schedule as before it existed.
    expect(schedule(lookupNemesis('partition', undefined), 7, 20)).toEqual(schedule(lookupNemesis('partition'), 7, 20));
  });
});

