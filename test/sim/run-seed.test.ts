import { describe, expect, it } from 'vitest';
import { badDayGenerator, parseFamilies } from '../../src/sim/bad-day.js';
import { trace } from '../../src/generators/index.js';
import { parseDurationUs } from '../../src/sim/parse-duration.js';
import { DEFAULT_RUN, runSeed } from '../../src/sim/run-seed.js';
import { createRng } from '../../src/raft/index.js';

describe('runSeed', () => {
  it('replays a seed exactly and prints a replay command with every choice', async () => {
    const a = await runSeed({ ...DEFAULT_RUN, seed: 17, timeUs: 8_000_000 });
    const b = await runSeed({ ...DEFAULT_RUN, seed: 17, timeUs: 8_000_000 });
    expect(a.ok, a.failures.join('\n')).toBe(true);
    expect(JSON.stringify(b.history)).toBe(JSON.stringify(a.history));
    expect(b.stats).toEqual(a.stats);
    expect(a.replay).toBe(`npx raft-chaos sim --seed 17 --time 8s --nodes ${a.badDay.nodes} --nemesis partition,crash,pause,clock`);
    expect(a.stats.ackedWrites).toBeGreaterThan(0);
    expect(a.stats.linearizable).toBe(true);
    expect(a.invariants.checked).toContain('leader-completeness');
  });

  it('draws partitions from the shapes given (one-way ones here), stays valid, and replays with them', async () => {
    for (const seed of [3, 4, 5]) {
      const r = await runSeed({ ...DEFAULT_RUN, seed, timeUs: 15_000_000, families: ['partition'], partitionShapes: ['one-way-one', 'mute-leader'] });
      const shapes = r.history.filter((o) => o.process === 'nemesis' && o.f === 'start-partition' && o.type === 'invoke').map((o) => o.value);
      expect(shapes.length, `seed ${seed}: ${r.replay}`).toBeGreaterThan(0);
      expect(new Set(shapes), `seed ${seed}`).toEqual(new Set(shapes.filter((v) => v === 'one-way-one' || v === 'mute-leader')));
      expect(r.ok, `seed ${seed}: ${r.failures.join('; ')}\n  replay: ${r.replay}`).toBe(true);
      expect(r.replay).toContain('--partition-shapes one-way-one,mute-leader');
    }
  });

  it('catches a core that applies uncommitted entries (--bug apply-beyond-commit)', async () => {
    const r = await runSeed({ ...DEFAULT_RUN, seed: 1, timeUs: 8_000_000, bugs: ['apply-beyond-commit'] });
    expect(r.ok).toBe(false);
    expect(r.failures.join('\n')).toMatch(/apply-committed/);
    expect(r.replay).toContain('--bug apply-beyond-commit');
  });

  it('catches a vote forgotten across a restart (--bug vote-not-persisted)', async () => {
    const r = await runSeed({ ...DEFAULT_RUN, badDay: 'classic', seed: 1, timeUs: 15_000_000, bugs: ['vote-not-persisted'] });
    expect(r.ok).toBe(false);
    expect(r.failures.join('\n')).toMatch(/vote-once/);
  });

  it('catches stale local reads through the linearizability check (within a few seeds)', async () => {
    let caught = null;
    for (let seed = 1; seed <= 10 && caught === null; seed++) {
      const r = await runSeed({ ...DEFAULT_RUN, seed, timeUs: 15_000_000, readMode: 'local' });
      if (r.stats.linearizable === false) caught = r;
    }
    expect(caught, 'local reads never caught in 10 seeds').not.toBeNull();
    expect(caught!.failures.join('\n')).toMatch(/linearizability/);
    expect(caught!.replay).toContain('--read-mode local');
  });

  it('with no faults, every operation completes and converges at once', async () => {
    const r = await runSeed({ ...DEFAULT_RUN, seed: 2, timeUs: 5_000_000, families: [], nodes: 3 });
    expect(r.ok, r.failures.join('\n')).toBe(true);
    expect(r.stats.faults).toBe(0);
    expect(r.stats.clients.info).toBe(0);
  });
});

describe('bad-day helpers', () => {
  it('parses fault families and names a bad one', () => {
    expect(parseFamilies('partition,crash')).toEqual(['partition', 'crash']);
    expect(parseFamilies('none')).toEqual([]);
    expect(() => parseFamilies('partition,flood')).toThrow(/unknown nemesis "flood"; accepted: none, partition, crash, pause, clock/);
  });

  it('schedules only the enabled families, closing windows it opened', () => {
    const ops = trace(badDayGenerator(['crash'], [200_000, 400_000]), createRng(1), { untilMs: Infinity, maxOps: 50 });
    expect(ops).toHaveLength(50);
    expect(new Set(ops.map((o) => o.op.f))).toEqual(new Set(['kill', 'restart']));
    // Never a restart before a kill opened the window; 200..400 ms apart.
    expect(ops[0]?.op.f).toBe('kill');
    ops.slice(1).forEach((o, i) => expect(o.atMs - (ops[i]?.atMs ?? 0)).toBeGreaterThanOrEqual(200));
    expect(trace(badDayGenerator([], [200_000, 400_000]), createRng(1), { untilMs: Infinity })).toEqual([]);
  });

  it('parses durations with units and names bad ones', () => {
    expect(parseDurationUs('60s')).toBe(60_000_000);
    expect(parseDurationUs('500ms')).toBe(500_000);
    expect(parseDurationUs('2m')).toBe(120_000_000);
    expect(parseDurationUs('1.5')).toBe(1_500_000);
    expect(() => parseDurationUs('abc')).toThrow(/--time must be a duration like 60s, 500ms or 2m; got "abc"/);
    expect(() => parseDurationUs('0s')).toThrow(/more than zero/);
  });
});
